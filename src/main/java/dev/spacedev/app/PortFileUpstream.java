package dev.spacedev.app;

import dev.spacedev.proxy.Upstream;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.process.ListeningSockets;
import dev.spacedev.process.PidRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A micro started by another {@code up --no-proxy}, found through its port file; read on each
 * request, so a micro restarted on a new port is followed.
 */
public final class PortFileUpstream implements Upstream {
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private final String name;
    private final SpaceDir space;
    private volatile InetSocketAddress verified;
    private volatile long checkedAt;

    public PortFileUpstream(String name, SpaceDir space) {
        this.name = name;
        this.space = space;
    }

    /**
     * Where {@code micro}, as an {@code up} of this project started it, accepts connections: the port its port
     * file names, on a loopback address where a process that {@code up} recorded for it listens. A stale port
     * file, or a port another account took, gives nothing (it would receive the owner's requests, or an
     * action's API key).
     */
    public static Optional<InetSocketAddress> verifiedAddress(SpaceDir space, String micro) {
        OptionalInt port = space.readPort(micro);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        return ListeningSockets.loopbackOwnedBy(port.getAsInt(), PidRegistry.recorded(space, micro));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Status status() {
        return current() != null ? Status.READY : Status.NOT_RUNNING;
    }

    @Override
    public InetSocketAddress address() {
        InetSocketAddress at = current();
        return at != null ? at : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Looked up at most once a second: this is asked for every request, on an event loop. */
    private InetSocketAddress current() {
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS || checkedAt == 0) {
            verified = verifiedAddress(space, name).orElse(null);
            checkedAt = now;
        }
        return verified;
    }

    @Override
    public CompletableFuture<InetSocketAddress> whenReady() {
        return CompletableFuture.completedFuture(address());
    }

    @Override
    public List<String> recentOutput() {
        return status() == Status.READY ? List.of() : List.of("no micro " + name + " started by space-dev up --no-proxy listens here:"
                + " start it with space-dev up --no-proxy");
    }
}
