package dev.spacedev.proxy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A micro the proxy forwards to, as the proxy sees it: where it listens and whether it is up. */
public interface Upstream {
    enum Status {
        /** Started, its port not accepting yet: requests wait for it. */
        STARTING,
        READY,
        /** Exited and waiting to be restarted: requests get 502. */
        DOWN,
        /** Crash-looping, not restarted until its files change or the user asks: requests get 502 saying so. */
        CRASHED,
        /** Nothing to run (a custom micro without dev or run), or stopped: requests get 502. */
        NOT_RUNNING,
        /** Stopped by the owner ({@code space-dev stop}, the dashboard) while the others run: requests get 503 saying so. */
        STOPPED
    }

    String name();

    Status status();

    /** The address it accepts connections on; meaningful once READY. */
    InetSocketAddress address();

    /** Completes with the address when it next becomes ready. */
    CompletableFuture<InetSocketAddress> whenReady();

    /** Its last lines of output, for error pages. */
    List<String> recentOutput();
}
