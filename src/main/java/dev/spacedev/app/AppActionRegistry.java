package dev.spacedev.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.runtime.AppActions;
import dev.spacedev.runtime.Gatekeeper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The App Actions of the running app: each micro with {@code provide_actions} is asked for its declarations once
 * it is ready, and again after each restart (a new process); a run is checked against its declaration, sent to
 * the micro's path with the app's API key, answered as Space wrapped it, and recorded.
 */
final class AppActionRegistry implements AutoCloseable {
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    static final int RUNS_KEPT = 50;
    /** Far beyond any declaration or view's data; what a micro sends past it is not read. */
    static final int MAX_ANSWER = 8 * 1024 * 1024;

    private final LiveApp live;
    private final String apiKey;
    private final LogPrinter log;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "space-dev-app-actions");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .build();
    /** For each micro: the pid whose declarations are loaded, and those declarations. */
    private final Map<String, Long> loadedFrom = new ConcurrentHashMap<>();
    private final Map<String, List<AppActions.Action>> byMicro = new ConcurrentHashMap<>();
    // guarded by itself
    private final ArrayDeque<AppActions.Run> runs = new ArrayDeque<>();

    AppActionRegistry(LiveApp live, String apiKey, LogPrinter log, Clock clock) {
        this.live = live;
        this.apiKey = apiKey;
        this.log = log;
        this.clock = clock;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::look, 0, LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks every ready micro that provides actions again, now (the owner asked). */
    void reload() {
        loadedFrom.clear();
        try {
            thread.submit(this::look).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.info("app actions: reloading their declarations failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks each ready micro that provides actions, and has not been asked since it (re)started. */
    void look() {
        List<MicroProcess> providers = live.processes().stream().filter(p -> p.micro().provideActions()).toList();
        byMicro.keySet().removeIf(name -> providers.stream().noneMatch(p -> p.name().equals(name)));
        for (MicroProcess p : providers) {
            long pid = p.pid();
            if (p.phase() == MicroProcess.Phase.READY && pid > 0 && !Long.valueOf(pid).equals(loadedFrom.get(p.name()))) {
                loadedFrom.put(p.name(), pid);
                load(p);
            }
        }
    }

    private void load(MicroProcess p) {
        try {
            HttpResponse<String> r = http.send(request(p.address(), "/__space/actions").GET().build(), BoundedBody.upTo(MAX_ANSWER));
            if (r.statusCode() != 200) {
                log.line(p.name(), "app actions: GET /__space/actions answered " + r.statusCode() + "; it provides none until it answers 200");
                byMicro.remove(p.name());
                return;
            }
            AppActions.Declarations d = AppActions.parse(p.name(), r.body());
            d.warnings().forEach(w -> log.line(p.name(), "app actions: " + w));
            byMicro.put(p.name(), d.actions());
            for (AppActions.Action a : d.actions()) {
                byMicro.forEach((other, theirs) -> {
                    if (!other.equals(p.name()) && theirs.stream().anyMatch(t -> t.name().equals(a.name()))) {
                        log.line(p.name(), "app actions: " + a.name() + " is declared by micro " + other + " too; the first micro in the"
                                + " Spacefile keeps the name");
                    }
                });
            }
            log.line(p.name(), "app actions: " + (d.actions().isEmpty() ? "none declared"
                    : String.join(", ", d.actions().stream().map(AppActions.Action::name).toList())));
        } catch (java.io.IOException e) {
            log.line(p.name(), "app actions: could not ask it for its actions (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every action, in the Spacefile's order of micros; a name two micros declare is the first one's. */
    List<AppActions.Action> actions() {
        Map<String, AppActions.Action> all = new LinkedHashMap<>();
        for (var m : live.app().micros()) {
            byMicro.getOrDefault(m.name(), List.of()).forEach(a -> all.putIfAbsent(a.name(), a)); // a clash was said when loaded
        }
        return List.copyOf(all.values());
    }

    Optional<AppActions.Action> action(String name) {
        return actions().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    List<AppActions.Run> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    /** Runs an action with the caller's inputs (a JSON object, or null for none); never fails: a problem is its result. */
    CompletableFuture<AppActions.Result> run(String name, JsonNode inputs) {
        Optional<AppActions.Action> found = action(name);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(AppActions.Result.error(404, "no app action " + name));
        }
        AppActions.Action action = found.get();
        String payload;
        try {
            payload = AppActions.payload(action, inputs).toString();
        } catch (IllegalArgumentException bad) {
            return CompletableFuture.completedFuture(AppActions.Result.error(400, bad.getMessage()));
        }
        Optional<MicroProcess> micro = live.process(action.micro()).filter(p -> p.phase() == MicroProcess.Phase.READY);
        if (micro.isEmpty()) {
            return CompletableFuture.completedFuture(AppActions.Result.error(503, "micro " + action.micro() + " is not running"));
        }
        long started = System.nanoTime();
        log.info("app action " + name + " (" + action.micro() + "): run");
        HttpRequest request = request(micro.get().address(), action.path()).timeout(RUN_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        return http.sendAsync(request, BoundedBody.upTo(MAX_ANSWER)).handle((r, failure) -> {
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            AppActions.Result result = failure != null ? AppActions.Result.error(502, "micro " + action.micro() + " did not answer"
                    + " (or its answer was larger than " + MAX_ANSWER / (1024 * 1024) + " MB)")
                    : new AppActions.Result(r.statusCode(), AppActions.wrap(action, r.body()));
            record(new AppActions.Run(name, clock.millis(), failure != null ? 0 : r.statusCode(), millis));
            log.info("app action " + name + " (" + action.micro() + ") ran: " + (failure != null ? "no answer" : r.statusCode())
                    + " in " + millis + " ms");
            return result;
        });
    }

    private void record(AppActions.Run run) {
        synchronized (runs) {
            runs.addFirst(run);
            while (runs.size() > RUNS_KEPT) {
                runs.removeLast();
            }
        }
    }

    /** To the micro itself, as the runtime called it: with the app's API key, as scheduled actions are delivered. */
    private HttpRequest.Builder request(InetSocketAddress at, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + hostOf(at) + ":" + at.getPort() + path)).timeout(Duration.ofSeconds(10))
                .header(Gatekeeper.API_KEY_HEADER, apiKey);
    }

    private static String hostOf(InetSocketAddress at) {
        String host = at.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
