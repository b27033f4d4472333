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
 * Sits before the HTTP codec, so it sees the first raw byte of each head. Per request it only
 * moves a deadline; one timer per connection checks it, as Netty's IdleStateHandler does, so the
 * hot path schedules nothing.
 */
final class RequestHeadTimeout extends ChannelInboundHandlerAdapter {
    private final long idleNanos;
    private final long headNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean awaitingHead = true;
    private boolean headStarted;
    private long deadline;

    RequestHeadTimeout(Duration idle, Duration head) {
        this.idleNanos = idle.toNanos();
        this.headNanos = head.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = System.nanoTime() + idleNanos;
        arm(Math.min(idleNanos, headNanos));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHead && !headStarted && msg instanceof ByteBuf b && b.isReadable()) {
            headStarted = true;
            deadline = Math.min(deadline, System.nanoTime() + headNanos);
        }
        ctx.fireChannelRead(msg);
    }

    /** The whole head of a request arrived: no limit while it is handled. */
    void headReceived() {
        awaitingHead = false;
    }

    /** The exchange is over: the next head may take its time to start, then must come quickly. */
    void awaitNextHead() {
        awaitingHead = true;
        headStarted = false;
        deadline = System.nanoTime() + idleNanos;
    }

    private void arm(long delayNanos) {
        timer = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (awaitingHead && left <= 0) {
            ctx.close();
        } else {
            // at least every head-timeout, so a head that starts late is still cut off in time
            arm(awaitingHead ? Math.min(left, headNanos) : headNanos);
        }
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
