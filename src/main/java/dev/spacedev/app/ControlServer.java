package dev.spacedev.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.files.OwnerOnly;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.proxy.AppConsole;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running app's control channel ({@link ControlSocket}): one JSON request per connection, answered with
 * one JSON line, or, for {@code logs}, a line per log line (kept open with {@code follow}). It does what the
 * dashboard does, through the same {@link AppConsole}, so both show and do the same things.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_REQUEST = 64 * 1024;
    /** More than any user runs at once; a runaway script cannot pile up threads past it. */
    static final int MAX_CONNECTIONS = 32;
    static final Duration FOLLOW_EVERY = Duration.ofMillis(200);

    private final ServerSocketChannel server;
    private final Path socket;
    private final UserPrincipal owner;
    private final AppConsole console;
    private final String url;
    private final int dataPort;
    private final java.util.function.Supplier<java.util.Set<String>> beforeRestart;
    private final Runnable down;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final ControlActions actions;
    private volatile boolean closed;

    private ControlServer(ServerSocketChannel server, Path socket, UserPrincipal owner, AppConsole console, String url, int dataPort,
            java.util.function.Supplier<java.util.Set<String>> beforeRestart, Runnable down) {
        this.server = server;
        this.socket = socket;
        this.owner = owner;
        this.console = console;
        this.url = url;
        this.dataPort = dataPort;
        this.beforeRestart = beforeRestart;
        this.down = down;
        this.actions = new ControlActions(console);
    }

    /**
     * Listens on the project's control socket (an earlier run's stale one is replaced: the caller holds the
     * project's lock, so no other {@code up} owns it).
     *
     * @param url the app's URL, null without a proxy
     * @param dataPort where Base and Drive answer the micros (on 127.0.0.1)
     * @param beforeRestart applies the Spacefile on disk before a restart; the micros it started anew need no restart of their own
     * @param down stops the whole app, as Ctrl-C does
     */
    static ControlServer open(SpaceDir space, AppConsole console, String url, int dataPort,
            java.util.function.Supplier<java.util.Set<String>> beforeRestart, Runnable down) throws IOException {
        Path socket = ControlSocket.of(space);
        OwnerOnly.directory(socket.getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(ControlSocket.address(space));
            OwnerOnly.file(socket);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        ControlServer control = new ControlServer(server, socket, Files.getOwner(socket), console, url, dataPort, beforeRestart, down);
        Thread t = new Thread(control::acceptLoop, "space-dev-control");
        t.setDaemon(true);
        t.start();
        return control;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("control socket: {}", e.getMessage());
                }
                return;
            }
            if (!connections.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            Thread t = new Thread(() -> {
                try (client) {
                    serve(client);
                } catch (IOException e) {
                    LOG.debug("control connection: {}", e.getMessage()); // the caller went away
                } finally {
                    connections.release();
                }
            }, "space-dev-control-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel client) throws IOException {
        if (!fromOwner(client)) {
            write(client, error("this app belongs to another user"));
            return;
        }
        JsonNode request;
        try {
            request = JSON.readTree(readLine(client));
        } catch (IOException e) {
            write(client, error("the request is not JSON"));
            return;
        }
        if (request == null || !request.isObject()) {
            write(client, error("the request is not a JSON object"));
            return;
        }
        String op = request.path("op").asText("");
        switch (op) {
            case "ps" -> write(client, ps());
            case "logs" -> logs(client, request);
            case "stop", "start", "restart" -> write(client, control(op, names(request)));
            case "trigger" -> write(client, actions.trigger(request.path("action").asText("")));
            case "app-actions" -> write(client, actions.appActions(request.path("reload").asBoolean(false)));
            case "schedule" -> write(client, actions.schedule(request));
            case "app-action-run" -> write(client, actions.runAppAction(request.path("action").asText(""), request.get("inputs")));
            case "down" -> {
                write(client, JSON.createObjectNode().put("stopping", true));
                down.run();
            }
            default -> write(client, error("unknown request \"" + op + "\""));
        }
    }

    /** The caller's uid must be the socket's owner's (the directory's permissions say so too; this says it again). */
    private boolean fromOwner(SocketChannel client) {
        try {
            return client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().equals(owner);
        } catch (UnsupportedOperationException | IOException e) {
            return true; // no peer credentials on this system: the owner-only directory and socket decide
        }
    }

    private ObjectNode ps() {
        ObjectNode o = JSON.createObjectNode().put("app", console.appName());
        if (url == null) {
            o.putNull("url");
        } else {
            o.put("url", url);
        }
        o.put("dataPort", dataPort);
        ArrayNode micros = o.putArray("micros");
        boolean ready = true;
        ArrayNode failed = JSON.createArrayNode();
        for (AppConsole.MicroView m : console.micros()) {
            ObjectNode row = micros.addObject().put("name", m.name()).put("path", m.path()).put("engine", m.engine())
                    .put("state", m.state()).put("restarts", m.restarts());
            m.pid().ifPresentOrElse(p -> row.put("pid", p), () -> row.putNull("pid"));
            m.port().ifPresentOrElse(p -> row.put("port", p), () -> row.putNull("port"));
            m.since().ifPresentOrElse(s -> row.put("since", s), () -> row.putNull("since"));
            m.startProblem().ifPresent(p -> row.put("problem", p));
            if (m.exits().isEmpty()) {
                row.putNull("lastExit");
            } else {
                row.put("lastExit", m.exits().get(0).code());
            }
            boolean gaveUp = m.state().equals("crashed") || (m.state().equals("restarting") && m.restarts() >= 2)
                    || m.startProblem().isPresent();
            if (gaveUp) {
                failed.add(m.name());
            }
            ready &= m.state().equals("ready") || m.state().equals("static") || m.state().equals("not started");
        }
        o.put("ready", ready);
        o.set("failed", failed);
        ArrayNode problems = o.putArray("problems");
        console.spacefileProblems().forEach(problems::add);
        return o;
    }

    /** The log lines the dashboard keeps: {@code tail} last of them, from {@code since} (epoch ms), then new ones with {@code follow}. */
    private void logs(SocketChannel client, JsonNode request) throws IOException {
        List<String> micros = names(request);
        long since = request.path("since").asLong(0);
        int tail = request.path("tail").asInt(-1);
        Predicate<AppConsole.LogLine> wanted = l -> (micros.isEmpty() || micros.contains(l.source())) && l.at() >= since;
        long seen = console.lastLog();
        List<AppConsole.LogLine> kept = console.logsAfter(0, Integer.MAX_VALUE).stream().filter(wanted).toList();
        if (!kept.isEmpty()) {
            seen = Math.max(seen, kept.get(kept.size() - 1).seq());
        }
        List<AppConsole.LogLine> first = tail >= 0 && kept.size() > tail ? kept.subList(kept.size() - tail, kept.size()) : kept;
        for (AppConsole.LogLine l : first) {
            write(client, line(l));
        }
        write(client, JSON.createObjectNode().put("width", width()));
        if (!request.path("follow").asBoolean(false)) {
            return;
        }
        while (!closed && client.isOpen()) {
            try {
                Thread.sleep(FOLLOW_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            for (AppConsole.LogLine l : console.logsAfter(seen, Integer.MAX_VALUE)) {
                seen = l.seq();
                if (wanted.test(l)) {
                    write(client, line(l)); // fails once the reader is gone, which ends this loop
                }
            }
        }
    }

    /** The width {@code up} pads names to, so {@code logs} lines up the same way. */
    private int width() {
        return Math.max(LogPrinter.SELF.length(), console.micros().stream().mapToInt(m -> m.name().length()).max().orElse(0));
    }

    private static ObjectNode line(AppConsole.LogLine l) {
        return JSON.createObjectNode().put("seq", l.seq()).put("at", l.at()).put("source", l.source()).put("text", l.text());
    }

    private ObjectNode control(String op, List<String> micros) {
        java.util.Set<String> startedAnew = op.equals("restart") ? beforeRestart.get() : java.util.Set.of();
        ObjectNode o = JSON.createObjectNode();
        ArrayNode results = o.putArray("results");
        for (String name : micros) {
            Optional<AppConsole.MicroView> view = console.micros().stream().filter(m -> m.name().equals(name)).findFirst();
            ObjectNode r = results.addObject().put("micro", name);
            if (view.isEmpty()) {
                r.put("ok", false).put("message", "no micro named " + name + " in the running app");
            } else if (view.get().port().isEmpty()) {
                r.put("ok", false).put("message", name + " is " + (view.get().state().equals("static") ? "static files the proxy serves"
                        : "not started by this run") + ": there is no process to " + op);
            } else {
                boolean done = switch (op) {
                    case "restart" -> startedAnew.contains(name) || console.restart(name);
                    case "stop" -> console.stop(name);
                    default -> console.start(name);
                };
                r.put("ok", done).put("message", done ? verb(op) + " " + name : name + " is " + view.get().state()
                        + (op.equals("stop") ? " already" : op.equals("start") ? ": nothing to start" : ": it starts on its own"));
            }
        }
        return o;
    }

    private static String verb(String op) {
        return switch (op) {
            case "stop" -> "stopped";
            case "start" -> "starting";
            default -> "restarting";
        };
    }

    private static List<String> names(JsonNode request) {
        List<String> names = new java.util.ArrayList<>();
        request.path("micros").forEach(n -> names.add(n.asText()));
        return names;
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (buf.hasRemaining()) {
            int before = buf.position();
            if (client.read(buf) < 0) {
                break;
            }
            for (int i = before; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException("no complete request");
    }

    static void write(SocketChannel client, JsonNode message) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            client.write(buf);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to tell a caller we turned away
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("control socket close: {}", e.getMessage());
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the next up replaces it
        }
    }
}
