package dev.spacedev.data;

import dev.spacedev.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The data API (Base and Drive) on loopback, over TLS from the local CA as the SDKs insist on HTTPS. Bodies
 * are JSON documents of at most 16 MB read whole (this is an API endpoint, not the streaming
 * proxy); storage runs on its own executor.
 */
public final class DataServer implements AutoCloseable {
    static final int MAX_BODY = 17 * 1024 * 1024;

    private final EventLoopGroup group;
    private final EventExecutorGroup storage;
    private final Channel channel;

    private DataServer(EventLoopGroup group, EventExecutorGroup storage, Channel channel) {
        this.group = group;
        this.storage = storage;
        this.channel = channel;
    }

    /** For the micros' SDKs. @param ssl null for plain HTTP (tests) */
    public static DataServer start(InetSocketAddress bind, BaseApi base, DriveApi drive, String projectKey, SslContext ssl)
            throws InterruptedException {
        return start(bind, base, drive, projectKey, ssl, false);
    }

    /**
     * @param ssl null for plain HTTP (tests, and the proxy's own browser path)
     * @param browserFacing downloads go to the owner's browser on the app's origin: uploads must not run as its pages
     */
    public static DataServer start(InetSocketAddress bind, BaseApi base, DriveApi drive, String projectKey, SslContext ssl,
            boolean browserFacing) throws InterruptedException {
        EventLoopGroup group = Transport.current().newGroup(1);
        EventExecutorGroup storage = new DefaultEventExecutorGroup(1);
        Channel ch = new ServerBootstrap().group(group).channel(Transport.current().serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        if (ssl != null) {
                            c.pipeline().addLast(ssl.newHandler(c.alloc()));
                        }
                        c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new ChunkedWriteHandler());
                        c.pipeline().addLast(storage, new DataHandler(base, drive, projectKey, browserFacing));
                    }
                })
                .bind(bind).sync().channel();
        return new DataServer(group, storage, ch);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        storage.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
