package dev.spacedev.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An upstream whose state the test sets, pointing at a real port. */
final class FakeUpstream implements Upstream {
    private final String name;
    volatile Status status;
    volatile int port;
    volatile CompletableFuture<InetSocketAddress> ready = new CompletableFuture<>();
    volatile List<String> output = List.of();
    /** How many requests have asked to wait for it: a test releases a hold only once it really happened. */
    final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    FakeUpstream(String name, Status status, int port) {
        this.name = name;
        this.status = status;
        this.port = port;
    }

    void becomeReady() {
        status = Status.READY;
        ready.complete(address());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public CompletableFuture<InetSocketAddress> whenReady() {
        waiting.incrementAndGet();
        return ready;
    }

    @Override
    public List<String> recentOutput() {
        return output;
    }
}
