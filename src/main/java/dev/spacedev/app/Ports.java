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

    /** The first free port at or after {@code from} that is not in {@code taken}. */
    public static int firstFree(InetAddress host, int from, Set<Integer> taken) {
        for (int p = from; p < 65536; p++) {
            if (!taken.contains(p) && isFree(host, p) && isFree(InetAddress.getLoopbackAddress(), p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port from " + from);
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
