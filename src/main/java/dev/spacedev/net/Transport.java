package dev.spacedev.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The one place that picks the I/O transport, and with it the event loops and channel classes
 * that belong together: native epoll on Linux (x86_64, aarch64), NIO anywhere else or when
 * {@code -Dspacedev.transport=nio} asks for it.
 */
public enum Transport {
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class),
    NIO(NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class);

    private static final Transport CHOSEN = choose();

    private final java.util.function.Supplier<IoHandlerFactory> factory;
    private final Class<? extends ServerSocketChannel> serverChannel;
    private final Class<? extends SocketChannel> clientChannel;

    Transport(java.util.function.Supplier<IoHandlerFactory> factory, Class<? extends ServerSocketChannel> serverChannel,
            Class<? extends SocketChannel> clientChannel) {
        this.factory = factory;
        this.serverChannel = serverChannel;
        this.clientChannel = clientChannel;
    }

    private static Transport choose() {
        if ("nio".equalsIgnoreCase(System.getProperty("spacedev.transport"))) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public static Transport current() {
        return CHOSEN;
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, factory.get());
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> clientChannel() {
        return clientChannel;
    }
}
