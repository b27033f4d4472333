package dev.spacedev.proxy;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to micros, one pool per event loop (as Zuul keeps them), so a
 * connection never crosses threads and needs no locking. Connections go back only after a
 * complete keep-alive exchange, are taken newest first, and are closed after the idle timeout
 * ({@link ProxyOptions#backendIdleTimeout}: 4 s, before Node's own 5 s keep-alive timeout can
 * close them under us). One pool per proxy server.
 */
final class BackendPool {
    static final int MAX_IDLE_PER_MICRO = 256;
    private static final AttributeKey<Long> IDLE_SINCE = AttributeKey.valueOf("spacedev.idleSince");
    private static final long SWEEP_MILLIS = 500;
    private final long idleNanos;
    private final FastThreadLocal<Map<InetSocketAddress, ArrayDeque<Channel>>> idleByLoop = new FastThreadLocal<>() {
        @Override
        protected Map<InetSocketAddress, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };
    /** One sweeper per event loop closes what has idled too long; nothing is scheduled per request. */
    private final FastThreadLocal<Boolean> sweeping = new FastThreadLocal<>();

    BackendPool(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
    }

    /** An idle connection to {@code address} on this event loop, or null. Call on the event loop. */
    Channel acquire(InetSocketAddress address) {
        ArrayDeque<Channel> idle = idleByLoop.get().get(address);
        if (idle == null) {
            return null;
        }
        long now = System.nanoTime();
        Channel ch;
        while ((ch = idle.pollLast()) != null) {
            Long since = ch.attr(IDLE_SINCE).getAndSet(null);
            if (ch.isActive() && since != null && now - since < idleNanos) {
                BackendConnections.guard(ch).unpark();
                return ch;
            }
            ch.close();
        }
        return null;
    }

    /** Parks a connection after a complete exchange; it keeps a read pending so a close by the micro is noticed. */
    void release(Channel ch, InetSocketAddress address) {
        ArrayDeque<Channel> idle = idleByLoop.get().computeIfAbsent(address, a -> new ArrayDeque<>());
        if (!ch.isActive() || idle.size() >= MAX_IDLE_PER_MICRO) {
            ch.close();
            return;
        }
        ch.attr(IDLE_SINCE).set(System.nanoTime());
        BackendConnections.guard(ch).park();
        idle.addLast(ch);
        ch.read();
        if (sweeping.get() == null) {
            sweeping.set(Boolean.TRUE);
            ch.eventLoop().scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes this event loop's connections idle for longer than the timeout (oldest are first in each deque). */
    private void sweep() {
        long now = System.nanoTime();
        for (ArrayDeque<Channel> idle : idleByLoop.get().values()) {
            Channel oldest;
            while ((oldest = idle.peekFirst()) != null) {
                Long since = oldest.attr(IDLE_SINCE).get();
                if (since != null && now - since < idleNanos) {
                    break;
                }
                idle.pollFirst();
                oldest.attr(IDLE_SINCE).set(null);
                oldest.close();
            }
        }
    }

    /** A parked connection closed or spoke out of turn: forget it. */
    void discard(Channel ch, InetSocketAddress address) {
        ch.attr(IDLE_SINCE).set(null);
        ArrayDeque<Channel> idle = idleByLoop.get().get(address);
        if (idle != null) {
            idle.remove(ch);
        }
        ch.close();
    }
}
