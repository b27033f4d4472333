package dev.spacedev.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A micro for the proxy's fidelity tests, on real sockets: /echo, /events (SSE, held open until
 * {@link #releaseEvents()}), /ws (WebSocket echo, subprotocol vite-hmr), /trailer, /partial
 * (dies mid-body), /slow (never answers), /flaky (drops the second request on a connection,
 * unanswered, as a micro whose keep-alive timer fires does). Counts the connections it accepts.
 */
final class NettyBackend implements AutoCloseable {
    private static final AttributeKey<Integer> REQUESTS = AttributeKey.valueOf("requests");
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    volatile CompletableFuture<Void> events = new CompletableFuture<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel server;

    NettyBackend() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.closeFuture().addListener(f -> closed.incrementAndGet());
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerExpectContinueHandler(),
                                new HttpObjectAggregator(16 * 1024 * 1024),
                                new WebSocketServerProtocolHandler("/ws", "vite-hmr"), new Handler());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    void releaseEvents() {
        events.complete(null);
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame frame) {
                ctx.writeAndFlush(new TextWebSocketFrame("echo: " + frame.text()));
            } else if (msg instanceof FullHttpRequest req) {
                requests.incrementAndGet();
                int onThisConnection = ctx.channel().attr(REQUESTS).get() == null ? 1 : ctx.channel().attr(REQUESTS).get() + 1;
                ctx.channel().attr(REQUESTS).set(onThisConnection);
                respond(ctx, req, onThisConnection);
            }
        }

        private void respond(ChannelHandlerContext ctx, FullHttpRequest req, int onThisConnection) {
            String path = req.uri();
            if (path.startsWith("/events")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.write(head);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("data: one\n\n", StandardCharsets.UTF_8)));
                events.thenRun(() -> ctx.executor().execute(() -> {
                    ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("data: two\n\n", StandardCharsets.UTF_8)));
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                }));
            } else if (path.startsWith("/trailer")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.write(head);
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("body", StandardCharsets.UTF_8)));
                LastHttpContent last = new DefaultLastHttpContent();
                last.trailingHeaders().set("x-checksum", "abc123");
                ctx.writeAndFlush(last);
            } else if (path.startsWith("/partial")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setContentLength(head, 100);
                ctx.write(head);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("only ten b", StandardCharsets.UTF_8)))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (path.startsWith("/slow")) {
                return; // never answers
            } else if (path.startsWith("/flaky") && onThisConnection > 1) {
                ctx.close();
            } else {
                String body = req.method() + " " + req.uri() + " " + req.content().readableBytes() + " bytes\n"
                        + req.headers().names().stream().map(String::toLowerCase).sorted().toList()
                        + "\nforwarded: " + req.headers().get("x-forwarded-for") + " " + req.headers().get("x-forwarded-host")
                        + " " + req.headers().get("x-forwarded-prefix")
                        + "\nproto: " + req.headers().get("x-forwarded-proto") + "\nreal-ip: " + req.headers().get("x-real-ip")
                        + "\nrfc7239: " + req.headers().get("forwarded") + "\ncookie: " + req.headers().get("cookie")
                        + "\napi-key: " + req.headers().get("x-api-key");
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                if (path.startsWith("/chunked")) {
                    HttpUtil.setTransferEncodingChunked(res, true);
                } else {
                    HttpUtil.setContentLength(res, res.content().readableBytes());
                }
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                HttpUtil.setKeepAlive(res, keepAlive);
                ctx.writeAndFlush(res).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
