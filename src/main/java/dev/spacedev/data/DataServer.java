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
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The data API (Base and Drive) on loopback. The SDKs insist on HTTPS, so it speaks TLS from the
 * local CA, and plain HTTP on the same port for the proxy's browser path (the first bytes tell
 * which): a plain connection is the owner's browser through the proxy, whose Drive downloads get
 * the headers that keep an upload from running as the app's page. Bodies are JSON documents of at
 * most 16 MB read whole (this is an API endpoint, not the streaming proxy); storage runs on its
 * own executor.
 */
public final class DataServer implements AutoCloseable {
    static final int MAX_BODY = 17 * 1024 * 1024;

    private final EventLoopGroup group;
    private final EventExecutorGroup storage;
    private final Channel channel;
    private final ChannelGroup connections;

    private DataServer(EventLoopGroup group, EventExecutorGroup storage, Channel channel, ChannelGroup connections) {
        this.group = group;
        this.storage = storage;
        this.channel = channel;
        this.connections = connections;
    }

    /** @param ssl TLS for the SDKs, plain HTTP too on the same port; null for plain HTTP only (tests) */
    public static DataServer start(InetSocketAddress bind, BaseApi base, DriveApi drive, String projectKey, SslContext ssl)
            throws InterruptedException {
        EventLoopGroup group = Transport.current().newGroup(1);
        EventExecutorGroup storage = new DefaultEventExecutorGroup(1);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Channel ch = new ServerBootstrap().group(group).channel(Transport.current().serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        connections.add(c);
                        if (ssl != null) {
                            c.pipeline().addLast(new OptionalSslHandler(ssl));
                        }
                        c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new ChunkedWriteHandler());
                        c.pipeline().addLast(storage, new DataHandler(base, drive, projectKey));
                    }
                })
                .bind(bind).sync().channel();
        return new DataServer(group, storage, ch, connections);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        // a closed connection's pipeline is torn down by tasks that hop between its event loop and the
        // storage executor: let each run what the other handed it, twice, before either stops
        for (int hop = 0; hop < 2; hop++) {
            group.next().submit(() -> { }).awaitUninterruptibly();
            storage.next().submit(() -> { }).awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        storage.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
