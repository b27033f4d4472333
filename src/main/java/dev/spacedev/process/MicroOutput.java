package dev.spacedev.process;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one micro prints, and what space-dev says about it: each line goes to the log and to the last lines a
 * 502 page shows; a line, an exit or a socket that shows a known cause adds its hint, once per run of space-dev.
 */
final class MicroOutput {
    private final String name;
    private final Path src;
    private final LogPrinter log;
    private final OutputTail tail = new OutputTail(40);
    private final Set<String> hintsGiven = ConcurrentHashMap.newKeySet();

    MicroOutput(String name, Path src, LogPrinter log) {
        this.name = name;
        this.src = src;
        this.log = log;
    }

    /** A line the micro printed. */
    void line(String line) {
        tail.add(line);
        log.line(name, line);
        Hints.forOutput(line, src).ifPresent(this::hint);
    }

    /** A known cause, said once: in the log and among the last lines a 502 page shows. */
    void hint(String text) {
        if (hintsGiven.add(text)) {
            tail.add("hint: " + text);
            log.line(name, "hint: " + text);
        }
    }

    void exited(int code, LaunchPlan plan) {
        Hints.forExit(code, plan).ifPresent(this::hint);
    }

    /** Listening on all interfaces: anyone on the network reaches it past the proxy's sign-in, so say that loudly. */
    void wildcard(Optional<InetSocketAddress> listening, int port, Optional<String> command) {
        listening.ifPresent(at -> hint("WARNING: it listens on all interfaces ("
                + (at.getAddress().getAddress().length == 16 ? "[::]" : "0.0.0.0") + ":" + port + "), so anyone on the network"
                + " reaches it without signing in, past space-dev's proxy; bind it to $HOST (space-dev sets HOST=127.0.0.1): "
                + Hints.loopbackBind(command)));
    }

    List<String> recent() {
        return tail.lines();
    }
}
