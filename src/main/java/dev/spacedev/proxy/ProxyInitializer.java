package dev.spacedev.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;

/** The pipeline of each client connection: HTTP/1.1 codec, then the routing proxy handler. */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16 * 1024;
    static final int MAX_CHUNK = 16 * 1024;

    private final Router<Target> router;
    private final Duration readyWait;

    ProxyInitializer(Router<Target> router, Duration readyWait) {
        this.router = router;
        this.readyWait = readyWait;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK),
                new FrontendHandler(router, readyWait));
    }
}
