package dev.spacedev.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits before the HTTP codec of a micro connection: while the connection is parked in the pool no
 * exchange is under way, so any byte the micro sends then (a body after a HEAD answer, more than its
 * Content-Length said) belongs to no request. Passed on, the codec would keep it and hand it to the
 * next request on this connection, any client's, as that request's answer; instead the connection is
 * closed at the first such byte, before the codec sees it.
 */
final class ParkedConnectionGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "parked-guard";
    private boolean parked;

    void park() {
        parked = true;
    }

    void unpark() {
        parked = false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (parked) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
