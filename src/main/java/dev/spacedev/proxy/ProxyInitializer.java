package dev.spacedev.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The pipeline of each client connection: head timeout, HTTP/1.1 codec, the routing proxy handler. */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {
    static final String HEAD_TIMEOUT = "head-timeout";
    static final String HTTP = "http";
    static final String PROXY = "proxy";
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16 * 1024;
    static final int MAX_CHUNK = 64 * 1024;

    private final Dispatcher dispatcher;
    private final ProxyOptions options;
    private final BackendPool pool;
    private final Supplier<CompletableFuture<SslContext>> tls;

    ProxyInitializer(Dispatcher dispatcher, ProxyOptions options, BackendPool pool, Supplier<CompletableFuture<SslContext>> tls) {
        this.dispatcher = dispatcher;
        this.options = options;
        this.pool = pool;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        RequestHeadTimeout headTimeout = new RequestHeadTimeout(options.idleTimeout(), options.requestHeadTimeout());
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setMaxChunkSize(MAX_CHUNK)
                // RFC 9112: Content-Length with Transfer-Encoding is refused (request smuggling), not repaired
                .setUseRfc9112TransferEncoding(true);
        if (tls != null) {
            ch.pipeline().addLast(new TlsOrPlain(tls));
        }
        ch.pipeline()
                .addLast(HEAD_TIMEOUT, headTimeout)
                .addLast(HTTP, new HttpServerCodec(decoder))
                .addLast(PROXY, new FrontendHandler(dispatcher, options, pool, headTimeout));
    }
}
