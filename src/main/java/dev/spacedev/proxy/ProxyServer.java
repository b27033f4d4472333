package dev.spacedev.proxy;

import dev.spacedev.net.Transport;
import dev.spacedev.runtime.Gatekeeper;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/** The app's single origin: one listening socket, routing every request to its micro. */
public final class ProxyServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private ProxyServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    public static ProxyServer start(InetSocketAddress bind, Router<Target> router, ProxyOptions options, Gatekeeper gate)
            throws InterruptedException {
        return start(bind, router, options, gate, null, null);
    }

    /**
     * @param data where the browser's Base and Drive calls go; null for none
     * @param tls a certificate to also speak HTTPS on the same port, asked for at the first TLS hello; null for HTTP only
     */
    public static ProxyServer start(InetSocketAddress bind, Router<Target> router, ProxyOptions options, Gatekeeper gate,
            DataRoute data, Supplier<CompletableFuture<SslContext>> tls) throws InterruptedException {
        return start(bind, router, options, gate, data, tls, null);
    }

    public static ProxyServer start(InetSocketAddress bind, Router<Target> router, ProxyOptions options, Gatekeeper gate,
            DataRoute data, Supplier<CompletableFuture<SslContext>> tls, AppConsole console) throws InterruptedException {
        return start(bind, new Routes(router), options, gate, data, tls, console);
    }

    /**
     * @param routes the routes, which the running app may replace (a changed Spacefile)
     * @param console what the dashboard at {@code /__space/} shows and does; null for no dashboard
     */
    public static ProxyServer start(InetSocketAddress bind, Routes routes, ProxyOptions options, Gatekeeper gate,
            DataRoute data, Supplier<CompletableFuture<SslContext>> tls, AppConsole console) throws InterruptedException {
        EventLoopGroup boss = Transport.current().newGroup(1);
        EventLoopGroup workers = Transport.current().newGroup(options.eventLoops());
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(Transport.current().serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ProxyInitializer(new Dispatcher(options.allowedHosts(), routes, gate, data, console), options,
                            new BackendPool(options.backendIdleTimeout()), tls))
                    .bind(bind).sync().channel();
            return new ProxyServer(boss, workers, ch);
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
