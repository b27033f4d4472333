package dev.spacedev.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection that sits idle between requests too long, or that has begun a
 * request head and not finished it in time (slowloris: bytes trickling in to hold a connection).
 * Sits before the HTTP codec, so it sees the first raw byte of each head.
 */
final class RequestHeadTimeout extends ChannelInboundHandlerAdapter {
    private final Duration idle;
    private final Duration head;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean awaitingHead = true;
    private boolean headStarted;

    RequestHeadTimeout(Duration idle, Duration head) {
        this.idle = idle;
        this.head = head;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        schedule(idle);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHead && !headStarted && msg instanceof ByteBuf b && b.isReadable()) {
            headStarted = true;
            schedule(head);
        }
        ctx.fireChannelRead(msg);
    }

    /** The whole head of a request arrived: no limit while it is handled. */
    void headReceived() {
        awaitingHead = false;
        cancel();
    }

    /** The exchange is over: the next head may take its time to start, then must come quickly. */
    void awaitNextHead() {
        awaitingHead = true;
        headStarted = false;
        schedule(idle);
    }

    private void schedule(Duration d) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            if (awaitingHead) {
                ctx.close();
            }
        }, d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }
}
