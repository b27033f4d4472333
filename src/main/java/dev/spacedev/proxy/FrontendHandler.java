package dev.spacedev.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: requests are read one at a time (AUTO_READ off), each decided by the
 * {@link Dispatcher} and carried out by an {@link Exchange}; the next request is read only once
 * the current exchange is over, body parts only as fast as the micro takes them. An upgrade
 * (WebSocket) turns the connection into a raw byte relay.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrontendHandler.class);

    private final Dispatcher dispatcher;
    private final ProxyOptions options;
    private final BackendPool pool;
    private final RequestHeadTimeout headTimeout;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private String clientAddress = "unknown";
    private Boolean tls;
    /** The request being served; null between requests. */
    private Exchange current;
    /** The dashboard's events, once this connection carries them; it then takes no more requests. */
    private EventStream events;

    FrontendHandler(Dispatcher dispatcher, ProxyOptions options, BackendPool pool, RequestHeadTimeout headTimeout) {
        this.dispatcher = dispatcher;
        this.options = options;
        this.pool = pool;
        this.headTimeout = headTimeout;
    }

    Exchange current() {
        return current;
    }

    String currentMicro() {
        return current == null ? "-" : current.micro();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clientAddress = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject http) {
            inbound.add(http);
            drain();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Handles queued messages as far as the current exchange allows, then asks for more if it can take them. */
    void drain() {
        loop:
        while (!inbound.isEmpty() && ctx.channel().isActive()) {
            if (events != null) {
                // an event stream's connection takes no further request (one pipelined behind it included)
                inbound.forEach(ReferenceCountUtil::release);
                inbound.clear();
                break;
            }
            if (current == null) {
                HttpObject next = inbound.poll();
                if (next instanceof HttpRequest r) {
                    start(r);
                } else {
                    ReferenceCountUtil.release(next);
                }
                continue;
            }
            switch (current.requestSide()) {
                case FORWARDING -> {
                    if (!forward((HttpContent) inbound.poll())) {
                        return;
                    }
                }
                case COLLECTING -> current.collectPart((HttpContent) inbound.poll());
                case DISCARDING -> {
                    HttpObject next = inbound.poll();
                    boolean last = next instanceof LastHttpContent;
                    ReferenceCountUtil.release(next);
                    if (last) {
                        current.bodyDropped();
                        finishIfDone();
                    }
                }
                default -> {
                    break loop; // HOLDING or RECEIVED: the rest waits for this exchange
                }
            }
        }
        if (current != null) {
            current.flushBackend();
        }
        boolean wantsMore = current == null || current.requestSide() == Exchange.RequestSide.DISCARDING
                || current.requestSide() == Exchange.RequestSide.COLLECTING
                || current.requestSide() == Exchange.RequestSide.FORWARDING && current.backendWritable();
        if (inbound.isEmpty() && wantsMore && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    /** A body part on to the micro; false when it could not be read, and the connection is being closed. */
    private boolean forward(HttpContent part) {
        if (part.decoderResult().isFailure()) {
            current.requestBodyFailed(part);
            releaseQueued();
            return false;
        }
        current.forwardBodyPart(part);
        return true;
    }

    private void start(HttpRequest r) {
        headTimeout.headReceived();
        Exchange x = new Exchange(this, ctx, options, pool, r);
        current = x;
        if (r.decoderResult().isFailure()) {
            // the decoder discards everything after a bad message: answer, then close
            x.answerAndClose(ErrorResponses.build(r, ProxyError.ofDecoderFailure(r.decoderResult().cause())));
            return;
        }
        if (options.maxRequestBody().isPresent() && HttpUtil.getContentLength(r, -1L) > options.maxRequestBody().getAsLong()) {
            x.answerAndClose(ErrorResponses.build(r, ProxyError.PAYLOAD_TOO_LARGE));
            return;
        }
        Dispatcher.Decision decision = dispatcher.decide(r);
        if (decision instanceof Dispatcher.Answer a) {
            if (a.close()) {
                x.answerAndClose(a.response());
            } else {
                x.answer(a.response());
            }
        } else if (decision instanceof Dispatcher.Collect form) {
            x.collect(form.limit(), form.then());
        } else if (decision instanceof Dispatcher.Later later) {
            x.answerLater(later.response());
        } else if (decision instanceof Dispatcher.Stream s) {
            current = null;
            events = new EventStream(ctx, s.console(), s.logsSeen(), s.stillAllowed());
            events.start();
        } else if (decision instanceof Dispatcher.ServeFiles files) {
            x.serve(files.site().files(), files.match());
        } else if (decision instanceof Dispatcher.Forward f) {
            x.forward(f.upstream(), f.uri(), f.prefix(), f.showsOutput(), clientAddress, isTls());
        }
    }

    /** Whether this connection speaks HTTPS (the port takes both; the first bytes decided). */
    private boolean isTls() {
        if (tls == null) {
            tls = ctx.pipeline().get(SslHandler.class) != null;
        }
        return tls;
    }

    /** Both sides of the current exchange are complete: next request, or close. */
    void finishIfDone() {
        if (current == null || !current.complete()) {
            return;
        }
        boolean keepAlive = current.clientKeepAlive();
        current = null;
        if (keepAlive) {
            headTimeout.awaitNextHead();
        } else {
            Exchange.closeAfterFlush(ctx);
        }
    }

    /** The connection now relays raw bytes: no exchange is current any more. */
    void upgraded(Exchange x) {
        if (current == x) {
            current = null;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && current != null) {
            current.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (events != null) {
            events.stop();
        }
        releaseQueued();
        if (current != null) {
            current.release();
            current = null;
        }
    }

    private void releaseQueued() {
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client {} (micro {}): {}", ctx.channel().id(), currentMicro(), cause.toString());
        ctx.close();
    }
}
