package dev.spacedev.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, from the head's arrival until both are complete or the
 * connection is upgraded. The request side says what happens to body parts still coming from the
 * client; the response side where the answer stands. Each timeout has its own timer. Runs on the
 * client connection's event loop only.
 *
 * <p>Longer than most classes here on purpose: the request and response sides of one exchange
 * share its state (a retry, an early answer, a 101 each touch both), and split across classes
 * that state would have to be passed back and forth on every read.
 */
final class Exchange {
    /** On a 502 for a micro that did not answer: whether the request had been sent to it ("yes": it may have been applied). */
    static final String REQUEST_SENT = "X-Space-Dev-Request-Sent";
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    /** Body parts from the client: held back, sent on to the micro, read and dropped, or all in. */
    enum RequestSide { HOLDING, FORWARDING, DISCARDING, COLLECTING, RECEIVED }

    /** The answer: none yet, a 1xx on its way, streaming, complete, or the connection switched protocols. */
    enum ResponseSide { AWAITING_HEAD, INTERIM, STREAMING, DONE, UPGRADED }

    private final FrontendHandler frontend;
    private final ChannelHandlerContext ctx;
    private final ProxyOptions options;
    private final BackendPool pool;
    final HttpRequest request;
    private final HttpVersion clientVersion;
    private boolean clientKeepAlive;
    private RequestSide requestSide = RequestSide.HOLDING;
    private ResponseSide responseSide = ResponseSide.AWAITING_HEAD;
    private Upstream upstream;
    private String upgrade;
    private boolean showsOutput;
    // a small body the proxy itself reads (the sign-in form), and what answers it once all in
    private io.netty.buffer.ByteBuf collected;
    private int collectLimit;
    private java.util.function.Function<String, java.util.concurrent.CompletableFuture<FullHttpResponse>> collectedThen;
    private long bodyBytesSent;
    private boolean retried;
    /** The request's head was written to the current backend connection (so the micro may have acted on it). */
    private boolean headSent;
    private ScheduledFuture<?> readyTimer;
    private ScheduledFuture<?> headersTimer;
    // the micro connection serving it
    private Channel backend;
    private boolean backendReused;
    private boolean backendKeepAlive;
    private final List<Object> rawFromBackend = new ArrayList<>();

    Exchange(FrontendHandler frontend, ChannelHandlerContext ctx, ProxyOptions options, BackendPool pool, HttpRequest request) {
        this.frontend = frontend;
        this.ctx = ctx;
        this.options = options;
        this.pool = pool;
        this.request = request;
        this.clientVersion = request.protocolVersion();
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    }

    RequestSide requestSide() {
        return requestSide;
    }

    ResponseSide responseSide() {
        return responseSide;
    }

    boolean clientKeepAlive() {
        return clientKeepAlive;
    }

    String micro() {
        return upstream == null ? "-" : upstream.name();
    }

    /** Both sides complete: the connection may take the next request (or close). */
    boolean complete() {
        return responseSide == ResponseSide.DONE && requestSide == RequestSide.RECEIVED;
    }

    /** The last body part came in while the rest was being dropped. */
    void bodyDropped() {
        requestSide = RequestSide.RECEIVED;
    }

    boolean backendWritable() {
        return backend != null && backend.isWritable();
    }

    void flushBackend() {
        if (backend != null && (requestSide == RequestSide.FORWARDING || requestSide == RequestSide.RECEIVED)) {
            backend.flush();
        }
    }

    /** Answered by the proxy itself; the request's body, if any, is read and dropped. */
    void answer(FullHttpResponse response) {
        if (requestSide != RequestSide.RECEIVED) {
            requestSide = RequestSide.DISCARDING;
        }
        responseSide = ResponseSide.STREAMING;
        if (!clientKeepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(this::localResponseWritten);
    }

    /** Answers once {@code later} completes; the request's body is dropped meanwhile. */
    void answerLater(java.util.concurrent.CompletableFuture<FullHttpResponse> later) {
        if (requestSide != RequestSide.RECEIVED) {
            requestSide = RequestSide.DISCARDING;
        }
        later.whenComplete((response, failure) -> ctx.executor().execute(() -> {
            FullHttpResponse r = failure == null ? response : ErrorResponses.build(request, ProxyError.INTERNAL);
            if (frontend.current() != this || !ctx.channel().isActive()) {
                r.release(); // the client left meanwhile
                return;
            }
            answer(r);
        }));
    }

    /** Reads the request's body (at most {@code limit} bytes, else 413), then answers with what {@code then} makes of it. */
    void collect(int limit, java.util.function.Function<String, java.util.concurrent.CompletableFuture<FullHttpResponse>> then) {
        requestSide = RequestSide.COLLECTING;
        collectLimit = limit;
        collectedThen = then;
        collected = ctx.alloc().buffer(Math.min(limit, 512));
    }

    void collectPart(HttpContent part) {
        try {
            if (part.decoderResult().isFailure() || collected.readableBytes() + part.content().readableBytes() > collectLimit) {
                releaseCollected();
                answerAndClose(ErrorResponses.build(request, part.decoderResult().isFailure() ? ProxyError.BAD_REQUEST
                        : ProxyError.FORM_TOO_LARGE));
                return;
            }
            collected.writeBytes(part.content());
        } finally {
            part.release();
        }
        if (part instanceof LastHttpContent) {
            String body = collected.toString(java.nio.charset.StandardCharsets.UTF_8);
            releaseCollected();
            requestSide = RequestSide.RECEIVED;
            answerLater(collectedThen.apply(body));
        }
    }

    private void releaseCollected() {
        if (collected != null) {
            collected.release();
            collected = null;
        }
    }

    /** The request cannot be trusted to be framed right: answer, then close. */
    void answerAndClose(FullHttpResponse response) {
        responseSide = ResponseSide.STREAMING;
        requestSide = RequestSide.DISCARDING;
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** A static micro's file (or its 404), written by {@link StaticFiles}. */
    void serve(StaticFiles files, Router.Match<?> match) {
        requestSide = RequestSide.DISCARDING;
        responseSide = ResponseSide.STREAMING;
        files.serve(ctx, request, match).addListener(this::localResponseWritten);
    }

    /** To a micro (or the data service), at once if it is ready, once it is if it is starting. */
    void forward(Upstream to, String uri, String prefix, boolean showsOutput, String clientAddress, boolean tls) {
        upstream = to;
        this.showsOutput = showsOutput;
        upgrade = ForwardedHeaders.rewriteRequest(request, uri, prefix, clientAddress, tls);
        request.setProtocolVersion(HttpVersion.HTTP_1_1); // keep-alive and chunked towards the micro
        switch (upstream.status()) {
            case READY -> send();
            case STARTING -> hold();
            case CRASHED -> microError(ProxyError.MICRO_CRASHED, upstream.name() + ".");
            case STOPPED -> microError(ProxyError.MICRO_STOPPED, upstream.name() + ".");
            default -> microError(ProxyError.MICRO_DOWN, null);
        }
    }

    void forwardBodyPart(HttpContent part) {
        bodyBytesSent += part.content().readableBytes();
        boolean last = part instanceof LastHttpContent;
        if (options.maxRequestBody().isPresent() && bodyBytesSent > options.maxRequestBody().getAsLong()) {
            part.release();
            closeBackend();
            answerAndClose(ErrorResponses.build(request, ProxyError.PAYLOAD_TOO_LARGE));
            return;
        }
        backend.write(part).addListener(closeOnFailure());
        if (last) {
            requestSide = RequestSide.RECEIVED;
        }
    }

    /** The micro is still starting: keep the request (and stop reading) until it is ready, or give up. */
    private void hold() {
        requestSide = RequestSide.HOLDING;
        Duration wait = options.readyWait();
        readyTimer = ctx.executor().schedule(() -> {
            readyTimer = null;
            if (requestSide == RequestSide.HOLDING && backend == null) {
                microError(ProxyError.MICRO_NOT_READY, "It did not accept connections within "
                        + (wait.toMillis() < 1000 ? wait.toMillis() + " ms." : wait.toSeconds() + " s."));
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        upstream.whenReady().whenComplete((address, failure) -> ctx.executor().execute(() -> {
            if (readyTimer == null || frontend.current() != this) {
                return; // answered meanwhile
            }
            cancel(readyTimer);
            readyTimer = null;
            if (failure == null) {
                send();
            } else {
                microError(ProxyError.MICRO_DOWN, null);
            }
        }));
    }

    /** Sends the request over an idle pooled connection if there is one (never for an upgrade), else a new one. */
    private void send() {
        requestSide = requestSide == RequestSide.RECEIVED ? RequestSide.RECEIVED : RequestSide.HOLDING;
        Channel pooled = upgrade == null ? pool.acquire(upstream.address()) : null;
        if (pooled != null) {
            useBackend(pooled, true);
            sendRequestHead();
        } else {
            connect();
        }
    }

    private void connect() {
        ChannelFuture connect = BackendConnections.connect(ctx.channel().eventLoop(), upstream.address(), pool);
        useBackend(connect.channel(), false);
        connect.addListener((ChannelFutureListener) f -> {
            if (frontend.current() != this || !ctx.channel().isActive() || f.channel() != backend) {
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
        boolean lastAlreadySent = requestSide == RequestSide.RECEIVED; // a retry: the request was all sent before
        Channel sentOn = backend;
        backend.write(request).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close(); // backendClosed decides what the client gets
            } else if (sentOn == backend) {
                headSent = true; // in the micro's socket: from here on a 502 cannot say it was not applied
            }
        });
        if (lastAlreadySent) {
            backend.write(LastHttpContent.EMPTY_LAST_CONTENT).addListener(closeOnFailure());
        } else {
            requestSide = RequestSide.FORWARDING;
        }
        options.responseHeadersTimeout().ifPresent(limit -> headersTimer = ctx.executor().schedule(() -> {
            headersTimer = null;
            if (responseSide == ResponseSide.AWAITING_HEAD && frontend.current() == this) {
                closeBackend();
                microError(ProxyError.MICRO_TIMEOUT, "Space allowed " + limit.toSeconds() + " s (--strict).");
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS));
        backend.read();
        frontend.drain();
    }

    /** A response part from the micro, passed on to the client as it comes, each part flushed. */
    void fromBackend(Channel from, Object msg) {
        if (from != backend || responseSide == ResponseSide.DONE) {
            ReferenceCountUtil.release(msg);
            from.close();
            return;
        }
        if (responseSide == ResponseSide.UPGRADED) {
            holdAfter101(msg);
            return;
        }
        if (!(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg); // raw bytes come only after a 101
            from.close();
            return;
        }
        if (http.decoderResult().isFailure()) {
            unreadableFromBackend(http);
            return;
        }
        if (responseSide == ResponseSide.INTERIM) {
            // the end of an interim response (100 Continue): passed on, the real response follows
            if (msg instanceof LastHttpContent) {
                responseSide = ResponseSide.AWAITING_HEAD;
            }
            ctx.write(msg, ctx.voidPromise());
            return;
        }
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                responseSide = ResponseSide.INTERIM;
                ctx.write(msg, ctx.voidPromise());
                return;
            }
            cancel(headersTimer);
            headersTimer = null;
            responseSide = ResponseSide.STREAMING;
            backendKeepAlive = HttpUtil.isKeepAlive(response) && !bodyMayFollow(response);
            String switchingTo = code == 101 && upgrade != null ? ForwardedHeaders.upgradeOf(response) : null;
            clientKeepAlive = ClientFraming.prepare(response, request, clientVersion, clientKeepAlive);
            if (switchingTo != null) {
                // the head is all of the 101: whatever follows, in this read or later, is the new protocol's
                ForwardedHeaders.restoreUpgrade(response, switchingTo);
                upgrade = switchingTo;
                responseSide = ResponseSide.UPGRADED;
                ctx.write(response, ctx.voidPromise());
                // spliced once this read from the micro is over: the codec may still be handing out what it holds
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                        .addListener(f -> ctx.channel().eventLoop().execute(() -> spliceAfter101(f.isSuccess())));
                return;
            }
            upgrade = null;
        }
        boolean last = msg instanceof LastHttpContent;
        if (last) {
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

    /** The client can take more: read the micro's response again. */
    void clientWritable() {
        if (backend != null && responseSide == ResponseSide.STREAMING) {
            backend.read();
        }
    }

    void backendWritabilityChanged(Channel ch) {
        if (ch == backend && ch.isWritable() && requestSide == RequestSide.FORWARDING) {
            ctx.read();
        }
    }

    /**
     * Bytes from the micro after its 101, before the splice takes over: raw, or content the HTTP
     * codec made of them (it may read a server's first message as the 101's body). Relayed as they
     * came, in order.
     */
    private void holdAfter101(Object msg) {
        if (msg instanceof HttpContent part) {
            if (part.content().isReadable()) {
                rawFromBackend.add(part.content().retain());
            }
            part.release();
        } else if (msg instanceof HttpObject) {
            ReferenceCountUtil.release(msg);
        } else {
            rawFromBackend.add(msg);
        }
    }

    private void spliceAfter101(boolean written) {
        Channel b = backend;
        backend = null;
        frontend.upgraded(this);
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
        responseSide = ResponseSide.DONE;
        if (backend != null) {
            if (backendKeepAlive && requestSide == RequestSide.RECEIVED) {
                BackendConnections.handler(backend).detach();
                pool.release(backend, upstream.address());
                backend = null;
            } else {
                closeBackend(); // not reusable: it said close, or the request body was not all sent
            }
        }
        if (requestSide == RequestSide.FORWARDING || requestSide == RequestSide.HOLDING) {
            requestSide = RequestSide.DISCARDING; // answered early: the rest of the body is dropped
        }
        frontend.finishIfDone();
        frontend.drain();
    }

    /** The proxy answers for the micro; the rest of the request body, if any, is dropped. */
    private void microError(ProxyError error, String detail) {
        cancelTimers();
        FullHttpResponse response = ErrorResponses.build(request, error, upstream.name(), detail, showsOutput ? upstream.recentOutput() : List.of());
        if (error == ProxyError.MICRO_UNREACHABLE || error == ProxyError.MICRO_CLOSED_AFTER_REQUEST) {
            // for clients deciding whether to send it again: "no" is safe to retry, "yes" may repeat what was done
            response.headers().set(REQUEST_SENT, error == ProxyError.MICRO_CLOSED_AFTER_REQUEST ? "yes" : "no");
        }
        answer(response);
        frontend.drain();
    }

    private void localResponseWritten(io.netty.util.concurrent.Future<? super Void> f) {
        if (!f.isSuccess()) {
            ctx.close();
            return;
        }
        responseSide = ResponseSide.DONE;
        frontend.finishIfDone();
        frontend.drain();
    }

    /** Not HTTP the codec can read (a status line of garbage, a bad chunk): a 502, never relayed as "999 Unknown". */
    private void unreadableFromBackend(HttpObject msg) {
        ReferenceCountUtil.release(msg);
        closeBackend();
        if (responseSide == ResponseSide.AWAITING_HEAD || responseSide == ResponseSide.INTERIM) {
            microError(ProxyError.MICRO_BAD_RESPONSE, null);
        } else {
            ctx.close(); // mid-body: the client cannot be told otherwise
        }
    }

    /**
     * A response that must have no body (to HEAD; 1xx, 204, 304) but whose head declares one: the codec
     * ends it at the head, and a micro that sends the body anyway (a {@code do_HEAD = do_GET}) would leave
     * those bytes on the connection for the next request to read as its answer. Such a connection is closed,
     * never pooled.
     */
    private boolean bodyMayFollow(HttpResponse response) {
        int code = response.status().code();
        boolean noBody = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304 || code < 200;
        return noBody && (HttpUtil.getContentLength(response, 0L) != 0 || HttpUtil.isTransferEncodingChunked(response));
    }

    /**
     * The client's body could not be read (a bad chunk size): nothing of it may reach the micro as if it had
     * ended there. Answered 400 if the micro has not answered yet; the connection is closed either way.
     */
    void requestBodyFailed(HttpContent part) {
        part.release();
        closeBackend();
        cancelTimers();
        if (responseSide == ResponseSide.AWAITING_HEAD) {
            answerAndClose(ErrorResponses.build(request, ProxyError.BAD_REQUEST));
        } else {
            ctx.close();
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
        if (responseSide == ResponseSide.DONE || frontend.current() != this) {
            return;
        }
        if (responseSide != ResponseSide.AWAITING_HEAD) {
            ctx.close();
        } else if (backendReused && !retried && bodyBytesSent == 0 && IDEMPOTENT.contains(request.method())
                && requestSide != RequestSide.HOLDING) {
            retried = true;
            headSent = false;
            requestSide = requestSide == RequestSide.RECEIVED ? RequestSide.RECEIVED : RequestSide.HOLDING;
            connect();
        } else if (requestSide != RequestSide.HOLDING) {
            if (headSent) {
                microError(ProxyError.MICRO_CLOSED_AFTER_REQUEST, null);
            } else {
                microError(ProxyError.MICRO_UNREACHABLE, "It closed the connection before the request reached it: it was not applied.");
            }
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

    private void cancelTimers() {
        cancel(readyTimer);
        cancel(headersTimer);
        readyTimer = null;
        headersTimer = null;
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** The client connection is gone (or the handler removed): let go of everything this exchange holds. */
    void release() {
        releaseCollected();
        rawFromBackend.forEach(ReferenceCountUtil::release);
        rawFromBackend.clear();
        cancelTimers();
        closeBackend();
    }

    /** An empty write that closes the connection once what is queued before it is out. */
    static void closeAfterFlush(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
