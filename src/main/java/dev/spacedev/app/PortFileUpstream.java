package dev.spacedev.app;

import dev.spacedev.proxy.Upstream;
import dev.spacedev.files.SpaceDir;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A micro started by another {@code up --no-proxy}, found through its port file; read on each
 * request, so a micro restarted on a new port is followed.
 */
public final class PortFileUpstream implements Upstream {
    private final String name;
    private final SpaceDir space;

    public PortFileUpstream(String name, SpaceDir space) {
        this.name = name;
        this.space = space;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Status status() {
        return space.readPort(name).isPresent() ? Status.READY : Status.NOT_RUNNING;
    }

    @Override
    public InetSocketAddress address() {
        OptionalInt port = space.readPort(name);
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port.orElse(0));
    }

    @Override
    public CompletableFuture<InetSocketAddress> whenReady() {
        return CompletableFuture.completedFuture(address());
    }

    @Override
    public List<String> recentOutput() {
        return status() == Status.READY ? List.of() : List.of("no " + space.portFile(name) + ": start it with space-dev up --no-proxy");
    }
}
