package dev.spacedev.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which process listens on which TCP port, read from Linux's {@code /proc} (listening sockets in
 * {@code /proc/net/tcp*}, each process's sockets in {@code /proc/<pid>/fd}). Elsewhere nothing is
 * found, and callers say less.
 */
public final class ListeningSockets {
    private ListeningSockets() {}

    /** Socket inode -> port, for every listening TCP socket. */
    static Map<String, Integer> listening() {
        Map<String, Integer> byInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A")) {
                        String local = f[1];
                        byInode.put(f[9], Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or not readable
            }
        }
        return byInode;
    }

    /** The ports the process {@code root} and its descendants listen on. */
    public static Set<Integer> portsOf(ProcessHandle root) {
        Map<String, Integer> listening = listening();
        Set<Integer> ports = new TreeSet<>();
        Stream.concat(Stream.of(root), root.descendants()).forEach(p -> sockets(p.pid()).forEach(inode -> {
            Integer port = listening.get(inode);
            if (port != null) {
                ports.add(port);
            }
        }));
        return ports;
    }

    /** The pid of the process listening on {@code port}, when it can be found. */
    public static Optional<Long> pidListeningOn(int port) {
        Set<String> inodes = new java.util.HashSet<>();
        listening().forEach((inode, p) -> {
            if (p == port) {
                inodes.add(inode);
            }
        });
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
