package dev.spacedev.data;

import dev.spacedev.data.base.BaseApi;
import dev.spacedev.data.drive.DriveApi;
import dev.spacedev.net.Transport;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The data API (Base and Drive) on loopback. The SDKs insist on HTTPS, so it speaks TLS from the
 * local CA, and plain HTTP on the same port for the proxy's browser path (the first bytes tell
 * which): a plain connection is the owner's browser through the proxy, whose Drive downloads get
 * the headers that keep an upload from running as the app's page. Bodies are JSON documents of at
 * most 16 MB read whole (this is an API endpoint, not the streaming proxy); storage runs on its
 * own executor. The port is bound at once, before the databases are open and TLS is ready, so its
 * address can go to micros that start meanwhile: a connection that comes earlier is not read until
 * the set-up is done, so it waits rather than fails.
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

    /** What serves requests once it is ready; {@code tls} null for plain HTTP only (tests). */
    public record Setup(BaseApi base, DriveApi drive, SslContext tls) {}

    /** @param ssl TLS for the SDKs, plain HTTP too on the same port; null for plain HTTP only (tests) */
    public static DataServer start(InetSocketAddress bind, BaseApi base, DriveApi drive, String projectKey, SslContext ssl)
            throws InterruptedException {
        EventLoopGroup group = Transport.current().newGroup(1);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(Transport.current().serverChannel());
        return start(group, bootstrap, projectKey, CompletableFuture.completedFuture(new Setup(base, drive, ssl)), () -> { },
                b -> b.bind(bind), 1);
    }

    /**
     * Serves on a socket the caller bound earlier (so that its port could be handed out before
     * Netty started), over NIO, the transport that can adopt a JDK channel; once {@code setup}
     * completes (a failed set-up closes each connection). A connection that comes before calls
     * {@code demand}, which is to start the set-up if nothing has yet. Storage runs on {@code threads}
     * threads: one for SQLite (one writer anyway), more for a database that serves many at once.
     */
    public static DataServer start(java.nio.channels.ServerSocketChannel bound, String projectKey, CompletableFuture<Setup> setup,
            Runnable demand, int threads) throws InterruptedException {
        EventLoopGroup group = Transport.NIO.newGroup(1);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channelFactory(() -> new NioServerSocketChannel(bound));
        return start(group, bootstrap, projectKey, setup, demand, AbstractBootstrap::register, threads);
    }

    private static DataServer start(EventLoopGroup group, ServerBootstrap bootstrap, String projectKey, CompletableFuture<Setup> setup,
            Runnable demand, Function<ServerBootstrap, ChannelFuture> open, int threads) throws InterruptedException {
        EventExecutorGroup storage = new DefaultEventExecutorGroup(threads);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
                connections.add(c);
                if (setup.isDone()) {
                    serve(c, setup.join(), storage, projectKey);
                    return;
                }
                c.config().setAutoRead(false);
                demand.run();
                setup.whenComplete((ready, failure) -> c.eventLoop().execute(() -> {
                    if (failure != null) {
                        c.close();
                        return;
                    }
                    serve(c, ready, storage, projectKey);
                    c.config().setAutoRead(true);
                }));
            }
        });
        try {
            return new DataServer(group, storage, open.apply(bootstrap).sync().channel(), connections);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            storage.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static void serve(SocketChannel c, Setup setup, EventExecutorGroup storage, String projectKey) {
        if (setup.tls() != null) {
            c.pipeline().addLast(new OptionalSslHandler(setup.tls()));
        }
        c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY));
        // a download is read (from a file, or a database) where storage runs, not on the event loop
        c.pipeline().addLast(storage, new ChunkedWriteHandler(), new DataHandler(setup.base(), setup.drive(), projectKey));
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
