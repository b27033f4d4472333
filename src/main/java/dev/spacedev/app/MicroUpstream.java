package dev.spacedev.app;

import dev.spacedev.process.MicroProcess;
import dev.spacedev.proxy.Upstream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A supervised micro as the proxy sees it: the process layer knows nothing of the proxy, and the proxy nothing of processes. */
record MicroUpstream(MicroProcess process) implements Upstream {
    @Override
    public String name() {
        return process.name();
    }

    @Override
    public Status status() {
        return switch (process.phase()) {
            case STARTING -> Status.STARTING;
            case READY -> Status.READY;
            case RESTARTING -> Status.DOWN;
            case CRASHED -> Status.CRASHED;
            case STOPPED -> process.paused() ? Status.STOPPED : Status.NOT_RUNNING;
        };
    }

    @Override
    public InetSocketAddress address() {
        return process.address();
    }

    @Override
    public CompletableFuture<InetSocketAddress> whenReady() {
        return process.whenReady();
    }

    @Override
    public List<String> recentOutput() {
        return process.recentOutput();
    }
}
