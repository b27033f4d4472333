package dev.spacedev.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Each request is routed, then streamed to its micro (or answered here:
 * static files, errors) and the response streamed back, a chunk at a time, without aggregating.
 * Reading is explicit (AUTO_READ off): the next request is read only once the current exchange
 * is over, and body chunks only as fast as the micro takes them.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrontendHandler.class);

    /** Where the request side of the current exchange stands. */
    private enum RequestState { IDLE, HOLDING, FORWARDING, DISCARDING, RECEIVED }

    private final Router<Target> router;
    private final Duration readyWait;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private RequestState state = RequestState.IDLE;
    private HttpRequest request;
    private Target target;
    private boolean clientKeepAlive;
    private HttpVersion clientVersion;
    private boolean responseStarted;
    private boolean responseDone;
    private ScheduledFuture<?> holdTimeout;

    private Channel backend;
    private Upstream backendUpstream;
    private boolean backendKeepAlive;

    FrontendHandler(Router<Target> router, Duration readyWait) {
        this.router = router;
        this.readyWait = readyWait;
    }

    String currentMicro() {
        return target == null ? "-" : target.micro();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.read();
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
                case FORWARDING -> {
                    HttpContent chunk = (HttpContent) inbound.poll();
                    boolean last = chunk instanceof LastHttpContent;
                    backend.write(chunk).addListener(failureClosesBoth());
                    if (last) {
                        state = RequestState.RECEIVED;
                    }
                }
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
        if (state == RequestState.FORWARDING || state == RequestState.RECEIVED && backend != null) {
            backend.flush();
        }
        boolean wantsMore = state == RequestState.IDLE || state == RequestState.DISCARDING
                || state == RequestState.FORWARDING && backend.isWritable();
        if (inbound.isEmpty() && wantsMore) {
            ctx.read();
        }
    }

    private void startExchange(HttpRequest r) {
        request = r;
        responseStarted = false;
        responseDone = false;
        clientKeepAlive = HttpUtil.isKeepAlive(r);
        clientVersion = r.protocolVersion();
        if (r.decoderResult().isFailure()) {
            // the decoder discards everything after a bad message: answer, then close
            target = null;
            state = RequestState.DISCARDING;
            FullHttpResponse bad = ErrorResponses.build(r, ProxyError.BAD_REQUEST, null, null, List.of());
            bad.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Router.Match<Target> match = router.match(r.uri());
        target = match.target();
        if (target instanceof Target.StaticSite site) {
            state = RequestState.DISCARDING;
            serveStatic(site, match);
        } else {
            Upstream upstream = ((Target.Service) target).upstream();
            ForwardedHeaders.rewriteRequest(r, match.path(), match.prefix(), remoteAddress());
            r.setProtocolVersion(HttpVersion.HTTP_1_1); // keep-alive and chunked towards the micro
            switch (upstream.status()) {
                case READY -> forward(upstream);
                case STARTING -> hold(upstream);
                default -> microDown(upstream);
            }
        }
    }

    private void serveStatic(Target.StaticSite site, Router.Match<Target> match) {
        StaticFiles.Lookup lookup = site.files().lookup(request, match.path(), match.prefix());
        try {
            if (lookup instanceof StaticFiles.Found found) {
                responseStarted = true;
                StaticFileResponder.respond(ctx, request, found.file()).addListener(this::localResponseWritten);
            } else if (lookup instanceof StaticFiles.Redirect redirect) {
                FullHttpResponse r = ErrorResponses.redirect(redirect.location());
                respondLocally(r);
            } else if (lookup instanceof StaticFiles.BadMethod) {
                FullHttpResponse r = ErrorResponses.build(request, ProxyError.METHOD_NOT_ALLOWED, null, null, List.of());
                r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                respondLocally(r);
            } else {
                respondLocally(ErrorResponses.build(request, ProxyError.NOT_FOUND, null, null, List.of()));
            }
        } catch (IOException e) {
            respondLocally(ErrorResponses.build(request, ProxyError.NOT_FOUND, null, null, List.of()));
        }
        drain();
    }

    /** The micro is still starting: keep the request (and stop reading) until it is ready, or give up. */
    private void hold(Upstream upstream) {
        state = RequestState.HOLDING;
        HttpRequest held = request;
        holdTimeout = ctx.executor().schedule(() -> {
            if (request == held && state == RequestState.HOLDING) {
                state = RequestState.DISCARDING;
                respondLocally(ErrorResponses.build(held, ProxyError.MICRO_NOT_READY, upstream.name(),
                        "It did not accept connections within " + readyWait.toSeconds() + " s.", upstream.recentOutput()));
                drain();
            }
        }, readyWait.toMillis(), TimeUnit.MILLISECONDS);
        upstream.whenReady().whenComplete((address, failure) -> ctx.executor().execute(() -> {
            if (request != held || state != RequestState.HOLDING) {
                return;
            }
            holdTimeout.cancel(false);
            if (failure == null) {
                forward(upstream);
            } else {
                microDown(upstream);
            }
        }));
    }

    private void microDown(Upstream upstream) {
        state = RequestState.DISCARDING;
        respondLocally(ErrorResponses.build(request, ProxyError.MICRO_DOWN, upstream.name(), null, upstream.recentOutput()));
        drain();
    }

    private void forward(Upstream upstream) {
        state = RequestState.HOLDING;
        if (backend != null && backend.isActive() && backendUpstream == upstream && backendKeepAlive) {
            sendRequestHead();
            return;
        }
        closeBackend();
        backendUpstream = upstream;
        ChannelFuture connect = new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(Transport.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new BackendHandler(FrontendHandler.this));
                    }
                })
                .connect(upstream.address());
        backend = connect.channel();
        HttpRequest pending = request;
        connect.addListener((ChannelFutureListener) f -> {
            if (request != pending || !ctx.channel().isActive()) {
                f.channel().close();
                return;
            }
            if (f.isSuccess()) {
                sendRequestHead();
            } else {
                backend = null;
                state = RequestState.DISCARDING;
                respondLocally(ErrorResponses.build(request, ProxyError.MICRO_UNREACHABLE, upstream.name(),
                        "Its port " + upstream.address().getPort() + " refused the connection.", upstream.recentOutput()));
                drain();
            }
        });
    }

    private void sendRequestHead() {
        backendKeepAlive = true;
        backend.write(request).addListener(failureClosesBoth());
        state = RequestState.FORWARDING;
        backend.read();
        drain();
    }

    /** A response part from the micro, passed on to the client as it comes, each part flushed. */
    void fromBackend(Channel from, HttpObject msg) {
        if (from != backend || responseDone || request == null) {
            ReferenceCountUtil.release(msg);
            from.close(); // nothing was asked of it: an idle connection talking is not to be trusted
            return;
        }
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                // interim (100 Continue): passed on, the real response follows
                ctx.writeAndFlush(msg).addListener(readMoreFrom(from));
                return;
            }
            responseStarted = true;
            backendKeepAlive = HttpUtil.isKeepAlive(response);
            prepareForClient(response);
        }
        boolean last = msg instanceof LastHttpContent;
        ChannelFuture written = ctx.writeAndFlush(msg);
        if (last) {
            written.addListener(f -> {
                if (f.isSuccess()) {
                    backendResponseDone();
                } else {
                    ctx.close();
                }
            });
        } else {
            written.addListener(readMoreFrom(from));
        }
    }

    private ChannelFutureListener readMoreFrom(Channel from) {
        return f -> {
            if (f.isSuccess()) {
                from.read();
            } else {
                from.close();
                ctx.close();
            }
        };
    }

    /** Hop-by-hop headers go; the framing is made right for this client. */
    private void prepareForClient(HttpResponse response) {
        boolean hadLength = HttpUtil.isContentLengthSet(response);
        ForwardedHeaders.stripHopByHop(response);
        boolean http10 = clientVersion.equals(HttpVersion.HTTP_1_0);
        if (http10) {
            HttpUtil.setTransferEncodingChunked(response, false); // 1.0 has no chunks: the body ends at close
            if (!hadLength) {
                clientKeepAlive = false;
            }
        } else if (!hadLength && !HttpUtil.isTransferEncodingChunked(response) && mayHaveBody(response)) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        if (!clientKeepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private boolean mayHaveBody(HttpResponse response) {
        int code = response.status().code();
        return code != 204 && code != 304 && !request.method().name().equals("HEAD");
    }

    private void backendResponseDone() {
        responseDone = true;
        if (!backendKeepAlive || state != RequestState.RECEIVED) {
            closeBackend(); // not reusable: it said close, or the request body was not all sent
        } else if (backend != null) {
            backend.read(); // idle: notice if the micro closes it
        }
        if (state == RequestState.FORWARDING || state == RequestState.HOLDING) {
            state = RequestState.DISCARDING; // answered early: the rest of the body is dropped
        }
        finishIfDone();
        drain();
    }

    private void respondLocally(FullHttpResponse response) {
        responseStarted = true;
        if (!clientKeepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(this::localResponseWritten);
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
        if (!clientKeepAlive) {
            ctx.close();
        }
    }

    void backendWritabilityChanged(Channel ch) {
        if (ch == backend && ch.isWritable() && state == RequestState.FORWARDING) {
            ctx.read();
        }
    }

    void backendClosed(Channel ch) {
        if (ch != backend) {
            return;
        }
        backend = null;
        if (request == null || responseDone) {
            return;
        }
        if (responseStarted) {
            ctx.close(); // cut off mid-response: the client must see it was incomplete
        } else if (state == RequestState.FORWARDING || state == RequestState.RECEIVED) {
            if (state == RequestState.FORWARDING) {
                state = RequestState.DISCARDING;
            }
            Upstream u = backendUpstream;
            respondLocally(ErrorResponses.build(request, ProxyError.MICRO_UNREACHABLE, u.name(),
                    "It closed the connection before answering.", u.recentOutput()));
        }
    }

    private ChannelFutureListener failureClosesBoth() {
        return f -> {
            if (!f.isSuccess()) {
                f.channel().close();
                ctx.close();
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

    private InetSocketAddress remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        if (holdTimeout != null) {
            holdTimeout.cancel(false);
        }
        closeBackend();
        request = null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client {} (micro {}): {}", ctx.channel().id(), currentMicro(), cause.toString());
        ctx.close();
    }
}
