package dev.spacedev.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw bytes from one channel to its peer, after an upgrade (WebSocket: Vite's vite-hmr, Next's
 * HMR). Reads one side only as fast as the other side takes the writes. Bytes that arrive while
 * the HTTP codecs are being taken out are held until {@link #start()}.
 */
final class Splice extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Splice.class);
    private final Channel peer;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean started;

    Splice(Channel peer) {
        this.peer = peer;
    }

    /** Puts both channels in raw relay: HTTP handlers out, a splice each way, then reading starts. */
    static void between(Channel client, Channel backend, List<Object> fromBackendAlready) {
        Splice toBackend = new Splice(backend);
        Splice toClient = new Splice(client);
        fromBackendAlready.forEach(toClient.held::add);
        client.pipeline().addLast(toBackend);
        backend.pipeline().addLast(toClient);
        // the HTTP handlers behind each codec go first: a codec removed hands the bytes it still holds to
        // the next handler, which must then be the splice (a micro's first message may be among them)
        for (String name : List.of(ProxyInitializer.HEAD_TIMEOUT, ProxyInitializer.PROXY, ProxyInitializer.HTTP)) {
            if (client.pipeline().get(name) != null) {
                client.pipeline().remove(name);
            }
        }
        backend.pipeline().remove(BackendConnections.HANDLER);
        backend.pipeline().remove(BackendConnections.HTTP);
        toBackend.start();
        toClient.start();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void start() {
        started = true;
        Object msg;
        while ((msg = held.poll()) != null) {
            peer.write(msg);
        }
        peer.flush();
        ctx.channel().read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!started) {
            held.add(msg);
            return;
        }
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        held.forEach(io.netty.util.ReferenceCountUtil::release);
        held.clear();
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("upgraded connection {}: {}", ctx.channel().id(), cause.toString());
        ctx.close();
    }
}
