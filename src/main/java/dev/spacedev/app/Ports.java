package dev.spacedev.app;

import dev.spacedev.process.ListeningSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Free ports, and who holds a taken one (Linux, through /proc), so a conflict can be named up front. */
public final class Ports {
    private Ports() {}

    public static boolean isFree(InetAddress host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free port the system picks. */
    public static int anyFree(InetAddress host) {
        try (ServerSocket s = new ServerSocket(0, 1, host)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    /** Where a micro could be reached on this machine: a port is free for one only when free on all of them. */
    private static final List<InetAddress> EVERY_LOCAL = addresses("127.0.0.1", "::1", "0.0.0.0", "::");
    /** Micros' ports are drawn from here: below Linux's ephemeral range, so no outgoing connection takes one meanwhile. */
    static final int MICRO_PORTS_FROM = 20000;
    static final int MICRO_PORTS_TO = 32767;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * A port for a micro, drawn at random (a page doing DNS rebinding, or another account, cannot guess
     * it), free on 127.0.0.1, ::1 and both wildcard addresses: another account that bound it on one of them
     * first would otherwise receive what is meant for the micro.
     */
    public static int forMicro(Set<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = MICRO_PORTS_FROM + RANDOM.nextInt(MICRO_PORTS_TO - MICRO_PORTS_FROM + 1);
            if (!taken.contains(p) && freeEverywhere(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port for a micro between " + MICRO_PORTS_FROM + " and " + MICRO_PORTS_TO);
    }

    /** Free on every local address this machine has (an address family it lacks cannot hold it). */
    static boolean freeEverywhere(int port) {
        for (InetAddress a : EVERY_LOCAL) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(a, port));
            } catch (java.net.BindException e) {
                if (e.getMessage() != null && e.getMessage().contains("in use")) {
                    return false;
                }
                // "Cannot assign requested address": no IPv6 here, say
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static List<InetAddress> addresses(String... literals) {
        List<InetAddress> all = new java.util.ArrayList<>();
        for (String l : literals) {
            try {
                all.add(InetAddress.getByName(l));
            } catch (java.net.UnknownHostException e) {
                // not on this system
            }
        }
        return List.copyOf(all);
    }

    /** The first free port at or after {@code from} that is not in {@code taken}. */
    public static int firstFree(InetAddress host, int from, Set<Integer> taken) {
        for (int p = from; p < 65536; p++) {
            if (!taken.contains(p) && isFree(host, p) && isFree(InetAddress.getLoopbackAddress(), p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port from " + from);
    }

    /**
     * Base and Drive's port when {@code --data-port} is not given: the proxy's + 1, so firewalls and containers can
     * expect it, else the next free one after it (a second app beside the first); any free port after 65534.
     */
    public static int dataPortFor(int proxyPort) {
        if (proxyPort <= 0 || proxyPort >= 65535) {
            return 0;
        }
        try {
            return firstFree(InetAddress.getLoopbackAddress(), proxyPort + 1, Set.of(proxyPort));
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    /** "pid 1234: node server.js" for the process listening on {@code port}, when it can be found. */
    public static Optional<String> holder(int port) {
        return ListeningSockets.pidListeningOn(port).map(pid -> "pid " + pid + ": " + commandLine(Path.of("/proc", Long.toString(pid))));
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
