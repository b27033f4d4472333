package dev.spacedev.proxy;

import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Each request is routed, then streamed to its micro over a pooled
 * keep-alive connection (or answered here: static files, errors), and the response streamed
 * back a part at a time, each part flushed. Reading is explicit (AUTO_READ off): the next request
 * is read only once the current exchange is over, body parts only as fast as the micro takes
 * them. An upgrade (WebSocket) turns the connection into a raw byte relay.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrontendHandler.class);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    /** Where the request side of the current exchange stands. */
    private enum RequestState { IDLE, HOLDING, FORWARDING, DISCARDING, RECEIVED }

    private final Dispatcher dispatcher;
    private final ProxyOptions options;
    private final RequestHeadTimeout headTimeout;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private String clientAddress = "unknown";
    private Boolean tls;
    private RequestState state = RequestState.IDLE;
    // the current exchange
    private HttpRequest request;
    private Upstream upstream;
    private HttpVersion clientVersion;
    private boolean clientKeepAlive;
    private String upgrade;
    private boolean responseStarted;
    private boolean interim;
    private boolean responseDone;
    private long bodyBytesSent;
    private boolean retried;
    private ScheduledFuture<?> timer;
    // the micro connection serving it
    private Channel backend;
    private boolean backendReused;
    private boolean backendKeepAlive;
    private final List<Object> rawFromBackend = new ArrayList<>();

    FrontendHandler(Dispatcher dispatcher, ProxyOptions options, RequestHeadTimeout headTimeout) {
        this.dispatcher = dispatcher;
        this.options = options;
        this.headTimeout = headTimeout;
    }

    String currentMicro() {
        return upstream == null ? "-" : upstream.name();
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

    /** Handles queued messages as far as the current state allows, then asks for more if it can take them. */
    private void drain() {
        loop:
        while (!inbound.isEmpty() && ctx.channel().isActive()) {
            switch (state) {
                case IDLE -> {
                    HttpObject next = inbound.poll();
                    if (next instanceof HttpRequest r) {
                        startExchange(r);
                    } else {
                        ReferenceCountUtil.release(next);
                    }
                }
                case FORWARDING -> forwardBodyPart((HttpContent) inbound.poll());
                case DISCARDING -> {
                    HttpObject next = inbound.poll();
                    boolean last = next instanceof LastHttpContent;
                    ReferenceCountUtil.release(next);
                    if (last) {
                        state = RequestState.RECEIVED;
                        finishIfDone();
                    }
                }
                default -> {
                    break loop; // HOLDING or RECEIVED: the rest waits for this exchange
                }
            }
        }
        if (backend != null && (state == RequestState.FORWARDING || state == RequestState.RECEIVED)) {
            backend.flush();
        }
        boolean wantsMore = state == RequestState.IDLE || state == RequestState.DISCARDING
                || state == RequestState.FORWARDING && backend != null && backend.isWritable();
        if (inbound.isEmpty() && wantsMore && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    private void startExchange(HttpRequest r) {
        headTimeout.headReceived();
        request = r;
        upstream = null;
        upgrade = null;
        responseStarted = false;
        interim = false;
        responseDone = false;
        bodyBytesSent = 0;
        retried = false;
        clientVersion = r.protocolVersion();
        clientKeepAlive = HttpUtil.isKeepAlive(r);
        if (r.decoderResult().isFailure()) {
            // the decoder discards everything after a bad message: answer, then close
            respondAndClose(ErrorResponses.build(r, ProxyError.ofDecoderFailure(r.decoderResult().cause())));
            return;
        }
        if (options.maxRequestBody().isPresent() && HttpUtil.getContentLength(r, -1L) > options.maxRequestBody().getAsLong()) {
            respondAndClose(ErrorResponses.build(r, ProxyError.PAYLOAD_TOO_LARGE));
            return;
        }
        Dispatcher.Decision decision = dispatcher.decide(r);
        if (decision instanceof Dispatcher.Answer a) {
            if (a.close()) {
                respondAndClose(a.response());
            } else {
                answer(a.response());
            }
        } else if (decision instanceof Dispatcher.ServeFiles files) {
            state = RequestState.DISCARDING;
            responseStarted = true;
            StaticResponse.serve(ctx, r, files.site(), files.match()).addListener(this::localResponseWritten);
        } else if (decision instanceof Dispatcher.Forward f) {
            upstream = f.upstream();
            upgrade = ForwardedHeaders.rewriteRequest(r, f.uri(), f.prefix(), clientAddress, isTls());
            r.setProtocolVersion(HttpVersion.HTTP_1_1); // keep-alive and chunked towards the micro
            switch (upstream.status()) {
                case READY -> forward();
                case STARTING -> hold();
                default -> microError(ProxyError.MICRO_DOWN, null);
            }
        }
    }

    /** Whether this connection speaks HTTPS (the port takes both; the first bytes decided). */
    private boolean isTls() {
        if (tls == null) {
            tls = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        }
        return tls;
    }

    /** Answered by the proxy itself; the request's body, if any, is read and dropped. */
    private void answer(FullHttpResponse response) {
        if (state != RequestState.RECEIVED) {
            state = RequestState.DISCARDING; // the rest of the body is read and dropped
        }
        responseStarted = true;
        if (!clientKeepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(this::localResponseWritten);
    }

    private void forwardBodyPart(HttpContent part) {
        bodyBytesSent += part.content().readableBytes();
        boolean last = part instanceof LastHttpContent;
        if (options.maxRequestBody().isPresent() && bodyBytesSent > options.maxRequestBody().getAsLong()) {
            part.release();
            closeBackend();
            respondAndClose(ErrorResponses.build(request, ProxyError.PAYLOAD_TOO_LARGE));
            return;
        }
        backend.write(part).addListener(closeOnFailure());
        if (last) {
            state = RequestState.RECEIVED;
        }
    }

    /** The micro is still starting: keep the request (and stop reading) until it is ready, or give up. */
    private void hold() {
        state = RequestState.HOLDING;
        HttpRequest held = request;
        timer = ctx.executor().schedule(() -> {
            if (request == held && state == RequestState.HOLDING) {
                microError(ProxyError.MICRO_NOT_READY, "It did not accept connections within " + options.readyWait().toSeconds() + " s.");
            }
        }, options.readyWait().toMillis(), TimeUnit.MILLISECONDS);
        upstream.whenReady().whenComplete((address, failure) -> ctx.executor().execute(() -> {
            if (request != held || state != RequestState.HOLDING) {
                return;
            }
            cancelTimer();
            if (failure == null) {
                forward();
            } else {
                microError(ProxyError.MICRO_DOWN, null);
            }
        }));
    }

    /** Sends the request over an idle pooled connection if there is one (never for an upgrade), else a new one. */
    private void forward() {
        state = RequestState.HOLDING;
        Channel pooled = upgrade == null ? BackendPool.acquire(upstream.address()) : null;
        if (pooled != null) {
            useBackend(pooled, true);
            sendRequestHead();
        } else {
            connect();
        }
    }

    private void connect() {
        ChannelFuture connect = BackendConnections.connect(ctx.channel().eventLoop(), upstream.address());
        useBackend(connect.channel(), false);
        HttpRequest pending = request;
        connect.addListener((ChannelFutureListener) f -> {
            if (request != pending || !ctx.channel().isActive() || f.channel() != backend) {
                f.channel().close();
            } else if (f.isSuccess()) {
                sendRequestHead();
            } else {
                backend = null;
                microError(ProxyError.MICRO_UNREACHABLE, "Its port " + upstream.address().getPort() + " refused the connection.");
            }
        });
    }

    private void useBackend(Channel ch, boolean reused) {
        backend = ch;
        backendReused = reused;
        BackendConnections.handler(ch).attach(this);
    }

    private void sendRequestHead() {
        backendKeepAlive = true;
        boolean lastAlreadySent = state == RequestState.RECEIVED; // a retry: the request was all sent before
        backend.write(request).addListener(closeOnFailure());
        if (lastAlreadySent) {
            backend.write(LastHttpContent.EMPTY_LAST_CONTENT).addListener(closeOnFailure());
        } else {
            state = RequestState.FORWARDING;
        }
        options.responseHeadersTimeout().ifPresent(limit -> {
            HttpRequest sent = request;
            timer = ctx.executor().schedule(() -> {
                if (request == sent && !responseStarted) {
                    closeBackend();
                    microError(ProxyError.MICRO_TIMEOUT, "Space allowed " + limit.toSeconds() + " s (--strict).");
                }
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
        });
        backend.read();
        drain();
    }

    /** A response part from the micro, passed on to the client as it comes, each part flushed. */
    void fromBackend(Channel from, Object msg) {
        if (from != backend || responseDone) {
            ReferenceCountUtil.release(msg);
            from.close();
            return;
        }
        if (!(msg instanceof HttpObject)) {
            rawFromBackend.add(msg); // bytes after a 101, before the splice takes over
            return;
        }
        if (interim) {
            // the end of an interim response (100 Continue): passed on, the real response follows
            interim = !(msg instanceof LastHttpContent);
            ctx.write(msg, ctx.voidPromise());
            return;
        }
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                interim = true;
                ctx.write(msg, ctx.voidPromise());
                return;
            }
            cancelTimer();
            responseStarted = true;
            backendKeepAlive = HttpUtil.isKeepAlive(response);
            String switchingTo = code == 101 && upgrade != null ? ForwardedHeaders.upgradeOf(response) : null;
            clientKeepAlive = ClientFraming.prepare(response, request, clientVersion, clientKeepAlive);
            if (switchingTo != null) {
                ForwardedHeaders.restoreUpgrade(response, switchingTo);
                upgrade = switchingTo;
            } else {
                upgrade = null;
            }
        }
        boolean last = msg instanceof LastHttpContent;
        if (last && upgrade != null && responseStarted) {
            ctx.writeAndFlush(msg).addListener(f -> spliceAfter101(f.isSuccess()));
        } else if (last) {
            ctx.write(msg, ctx.voidPromise());
            ctx.flush();
            backendResponseDone();
        } else {
            ctx.write(msg, ctx.voidPromise()); // flushed when this read from the micro is complete
        }
    }

    /**
     * The end of one read from the micro: what it gave is flushed to the client now, each chunk of
     * a stream as it comes (SSE), and the micro is read again once the client can take more.
     */
    void backendReadComplete(Channel from) {
        if (from != backend) {
            return;
        }
        ctx.flush();
        if (ctx.channel().isWritable()) {
            from.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && backend != null && responseStarted && !responseDone) {
            backend.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void spliceAfter101(boolean written) {
        Channel b = backend;
        backend = null;
        request = null;
        if (!written || b == null || !b.isActive()) {
            if (b != null) {
                b.close();
            }
            ctx.close();
            return;
        }
        List<Object> early = new ArrayList<>(rawFromBackend);
        rawFromBackend.clear();
        Splice.between(ctx.channel(), b, early);
    }

    private void backendResponseDone() {
        responseDone = true;
        if (backend != null) {
            if (backendKeepAlive && state == RequestState.RECEIVED) {
                BackendConnections.handler(backend).detach();
                BackendPool.release(backend, upstream.address());
                backend = null;
            } else {
                closeBackend(); // not reusable: it said close, or the request body was not all sent
            }
        }
        if (state == RequestState.FORWARDING || state == RequestState.HOLDING) {
            state = RequestState.DISCARDING; // answered early: the rest of the body is dropped
        }
        finishIfDone();
        drain();
    }

    /** The proxy answers for the micro; the rest of the request body, if any, is dropped. */
    private void microError(ProxyError error, String detail) {
        cancelTimer();
        answer(ErrorResponses.build(request, error, upstream.name(), detail, upstream.recentOutput()));
        drain();
    }

    private void respondAndClose(FullHttpResponse response) {
        responseStarted = true;
        state = RequestState.DISCARDING;
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void localResponseWritten(io.netty.util.concurrent.Future<? super Void> f) {
        if (!f.isSuccess()) {
            ctx.close();
            return;
        }
        responseDone = true;
        finishIfDone();
        drain();
    }

    /** Both sides of the exchange are complete: next request, or close. */
    private void finishIfDone() {
        if (!responseDone || state != RequestState.RECEIVED) {
            return;
        }
        request = null;
        state = RequestState.IDLE;
        if (clientKeepAlive) {
            headTimeout.awaitNextHead();
        } else {
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    void backendWritabilityChanged(Channel ch) {
        if (ch == backend && ch.isWritable() && state == RequestState.FORWARDING) {
            ctx.read();
        }
    }

    /**
     * The micro's connection closed. Mid-response: the client's is closed too. Before any
     * response on a reused connection (the micro had timed it out): an idempotent request with
     * no body sent yet is retried once on a new connection. Otherwise: 502.
     */
    void backendClosed(Channel ch) {
        if (ch != backend) {
            return;
        }
        backend = null;
        if (request == null || responseDone) {
            return;
        }
        if (responseStarted) {
            ctx.close();
        } else if (backendReused && !retried && bodyBytesSent == 0 && IDEMPOTENT.contains(request.method())
                && state != RequestState.HOLDING) {
            retried = true;
            RequestState before = state;
            state = before == RequestState.RECEIVED ? RequestState.RECEIVED : RequestState.HOLDING;
            connect();
        } else if (state != RequestState.HOLDING) {
            microError(ProxyError.MICRO_UNREACHABLE, "It closed the connection before answering.");
        }
    }

    private ChannelFutureListener closeOnFailure() {
        return f -> {
            if (!f.isSuccess()) {
                f.channel().close(); // backendClosed decides what the client gets
            }
        };
    }

    private void closeBackend() {
        if (backend != null) {
            Channel b = backend;
            backend = null;
            b.close();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
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
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        rawFromBackend.forEach(m -> {
            if (m instanceof ByteBufHolder || m instanceof io.netty.util.ReferenceCounted) {
                ReferenceCountUtil.release(m);
            }
        });
        rawFromBackend.clear();
        cancelTimer();
        closeBackend();
        request = null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client {} (micro {}): {}", ctx.channel().id(), currentMicro(), cause.toString());
        ctx.close();
    }
}
