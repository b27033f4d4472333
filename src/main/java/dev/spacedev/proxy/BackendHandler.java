package dev.spacedev.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro's side of a proxied connection: hands everything to the client connection that owns
 * it for the current exchange. While parked in the pool it has no owner, and a connection that
 * then speaks or closes is dropped from the pool.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(BackendHandler.class);
    private final InetSocketAddress address;
    private final BackendPool pool;
    private Exchange owner;

    BackendHandler(InetSocketAddress address, BackendPool pool) {
        this.address = address;
        this.pool = pool;
    }

    void attach(Exchange exchange) {
        this.owner = exchange;
    }

    void detach() {
        this.owner = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (owner != null) {
            owner.fromBackend(ctx.channel(), msg);
        } else {
            ReferenceCountUtil.release(msg);
            pool.discard(ctx.channel(), address);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (owner != null) {
            owner.backendReadComplete(ctx.channel());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (owner != null) {
            owner.backendWritabilityChanged(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (owner != null) {
            owner.backendClosed(ctx.channel());
        } else {
            pool.discard(ctx.channel(), address);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("backend {} at {}: {}", ctx.channel().id(), address, cause.toString());
        ctx.close();
    }
}
