package dev.spacedev.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which process listens on which TCP address, read from Linux's {@code /proc} (listening sockets in
 * {@code /proc/net/tcp*}, each process's sockets in {@code /proc/<pid>/fd}). Elsewhere nothing is
 * found ({@link #available()} is false), and callers say less.
 */
public final class ListeningSockets {
    /** One listening socket: its inode, local address and port. */
    record Listener(String inode, InetAddress address, int port) {
        boolean wildcard() {
            return address.isAnyLocalAddress();
        }
    }

    /** The loopback addresses a micro may listen on ("localhost" may be either), IPv4 first. */
    public static final List<InetAddress> LOOPBACKS = List.of(InetAddress.getLoopbackAddress(), ipv6Loopback());

    private ListeningSockets() {}

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a 16-byte address is always valid
        }
    }

    /** Whether this system shows its sockets in /proc (Linux). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Every listening TCP socket. */
    static List<Listener> listening() {
        List<Listener> all = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A")) {
                        String local = f[1];
                        int colon = local.lastIndexOf(':');
                        all.add(new Listener(f[9], address(local.substring(0, colon)), Integer.parseInt(local.substring(colon + 1), 16)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or not readable
            }
        }
        return all;
    }

    /** The kernel's hex form: IPv4 as one little-endian word, IPv6 as four. */
    private static InetAddress address(String hex) throws UnknownHostException {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        return InetAddress.getByAddress(b);
    }

    /** The ports the process {@code root} and its descendants listen on. */
    public static Set<Integer> portsOf(ProcessHandle root) {
        Set<String> inodes = socketsOfTree(root);
        Set<Integer> ports = new TreeSet<>();
        listening().stream().filter(l -> inodes.contains(l.inode())).forEach(l -> ports.add(l.port()));
        return ports;
    }

    /**
     * Whether a socket of {@code root}'s tree listens where a connection to {@code at} arrives: on that
     * address or on its family's wildcard. Where /proc cannot tell (not Linux), true.
     */
    public static boolean ownedBy(InetSocketAddress at, ProcessHandle root) {
        return !available() || accepting(at, socketsOfTree(root), listening());
    }

    /** Where on loopback a socket of one of {@code roots}' trees accepts connections to {@code port}, if anywhere. */
    public static Optional<InetSocketAddress> loopbackOwnedBy(int port, List<ProcessHandle> roots) {
        Set<String> inodes = new HashSet<>();
        roots.forEach(root -> inodes.addAll(socketsOfTree(root)));
        List<Listener> listening = listening();
        return LOOPBACKS.stream().map(host -> new InetSocketAddress(host, port))
                .filter(at -> !available() ? !roots.isEmpty() : accepting(at, inodes, listening)).findFirst();
    }

    private static boolean accepting(InetSocketAddress at, Set<String> inodes, List<Listener> listening) {
        return listening.stream().anyMatch(l -> l.port() == at.getPort() && inodes.contains(l.inode()) && accepts(l, at.getAddress()));
    }

    /** Whether a socket of {@code root}'s tree listens on {@code port} on all interfaces (reachable from the network). */
    public static Optional<InetSocketAddress> wildcardOf(int port, ProcessHandle root) {
        Set<String> inodes = socketsOfTree(root);
        return listening().stream().filter(l -> l.port() == port && l.wildcard() && inodes.contains(l.inode()))
                .map(l -> new InetSocketAddress(l.address(), port)).findFirst();
    }

    /** The pid of a process outside {@code root}'s tree listening on {@code port} on a loopback or wildcard address. */
    public static Optional<Long> foreignListener(int port, ProcessHandle root) {
        Set<String> inodes = socketsOfTree(root);
        boolean foreign = listening().stream().anyMatch(l -> l.port() == port && !inodes.contains(l.inode())
                && (l.address().isLoopbackAddress() || l.wildcard()));
        return foreign ? pidListeningOn(port).filter(pid -> pid != root.pid()) : Optional.empty();
    }

    private static boolean accepts(Listener l, InetAddress to) {
        // a dual-stack "::" socket takes IPv4 connections as well
        return l.address().equals(to) || l.wildcard() && (l.address().getAddress().length == 16 || to.getAddress().length == 4);
    }

    /** The pid of the process listening on {@code port}, when it can be found. */
    public static Optional<Long> pidListeningOn(int port) {
        Set<String> inodes = new HashSet<>();
        listening().stream().filter(l -> l.port() == port).forEach(l -> inodes.add(l.inode()));
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).map(Long::parseLong)
                    .filter(pid -> sockets(pid).stream().anyMatch(inodes::contains)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Set<String> socketsOfTree(ProcessHandle root) {
        Set<String> inodes = new HashSet<>();
        Stream.concat(Stream.of(root), root.descendants()).forEach(p -> inodes.addAll(sockets(p.pid())));
        return inodes;
    }

    private static List<String> sockets(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(fd -> {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    return link.startsWith("socket:[") ? link.substring(8, link.length() - 1) : null;
                } catch (IOException e) {
                    return null;
                }
            }).filter(java.util.Objects::nonNull).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
