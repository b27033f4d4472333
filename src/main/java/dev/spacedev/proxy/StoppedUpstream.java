package dev.spacedev.proxy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A micro this run does not start (not named on {@code up}'s command line): its routes get 502 saying so. */
public record StoppedUpstream(String name, String reason) implements Upstream {
    @Override
    public Status status() {
        return Status.NOT_RUNNING;
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(0);
    }

    @Override
    public CompletableFuture<InetSocketAddress> whenReady() {
        return new CompletableFuture<>();
    }

    @Override
    public List<String> recentOutput() {
        return List.of(reason);
    }
}
