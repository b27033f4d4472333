package dev.spacedev.proxy;

import dev.spacedev.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;

/** New connections to micros, on the event loop of the client connection that needs them. */
final class BackendConnections {
    static final String HTTP = "http";
    static final String HANDLER = "backend";
    static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private BackendConnections() {}

    static ChannelFuture connect(EventLoop loop, InetSocketAddress address, BackendPool pool) {
        return new Bootstrap()
                .group(loop)
                .channel(Transport.current().clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // one codec per connection: it pairs each response with its request's method (HEAD)
                        // headers from the micro are not re-validated: the client side already is
                        ch.pipeline().addLast(ParkedConnectionGuard.NAME, new ParkedConnectionGuard());
                        ch.pipeline().addLast(HTTP, new HttpClientCodec(new HttpDecoderConfig().setValidateHeaders(false)
                                .setMaxChunkSize(64 * 1024), false, false));
                        ch.pipeline().addLast(HANDLER, new BackendHandler(address, pool));
                    }
                })
                .connect(address);
    }

    /** The guard of a connection made here: always the first in its pipeline. */
    static ParkedConnectionGuard guard(Channel ch) {
        return (ParkedConnectionGuard) ch.pipeline().first();
    }

    /** The handler of a connection made here: always the last in its pipeline (no lookup by name). */
    static BackendHandler handler(Channel ch) {
        return (BackendHandler) ch.pipeline().last();
    }
}
