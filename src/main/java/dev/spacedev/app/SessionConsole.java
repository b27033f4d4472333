package dev.spacedev.app;

import dev.spacedev.process.LogBook;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.proxy.AppConsole;
import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.RuntimeState;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The running app as the dashboard sees it: its micros' processes, logs, actions, keys and data. */
final class SessionConsole implements AppConsole {
    private final LiveApp live;
    private final LogBook logs;
    private final RuntimeState state;
    private final Duration stopGrace;
    private final AppActionRegistry appActions;
    private final ToolVersions versions = new ToolVersions();
    private AppKeys keys; // read when the dashboard first asks: the gate has read the file at start-up already
    private final DataService data;
    private final List<String> only;

    /** @param only the micros this run starts ({@code up MICRO…}; all when empty): the others are "not started", or files */
    SessionConsole(LiveApp live, List<String> only, LogBook logs, RuntimeState state, DataService data, Duration stopGrace,
            AppActionRegistry appActions) {
        this.appActions = appActions;
        this.only = List.copyOf(only);
        this.live = live;
        this.logs = logs;
        this.state = state;
        this.data = data;
        this.stopGrace = stopGrace;
    }

    @Override
    public String appName() {
        Spacefile app = live.app();
        Path dir = app.projectDir().getFileName();
        return app.appName().orElse(dir == null ? "app" : dir.toString());
    }

    @Override
    public List<MicroView> micros() {
        List<MicroView> all = new ArrayList<>();
        for (Micro m : live.app().micros()) {
            Optional<MicroProcess> running = live.process(m.name());
            if (running.isEmpty()) {
                all.add(new MicroView(m.name(), m.path(), m.engine().wireName(), m.primary(), !only.isEmpty() && !only.contains(m.name()) && !Targets.isStatic(m) ? "not started"
                        : "static", Optional.empty(), Optional.empty(), Optional.empty(), 0, List.of(), Optional.empty(), Optional.empty()));
                continue;
            }
            MicroProcess p = running.get();
            MicroProcess.Snapshot now = p.snapshot(); // one moment: an exit is never shown with the phase before it
            all.add(new MicroView(m.name(), m.path(), m.engine().wireName(), m.primary(), now.phase().name().toLowerCase(Locale.ROOT),
                    now.pid(), Optional.of(p.port()), now.since().map(Instant::toEpochMilli), now.exits(),
                    now.recentExits().stream().map(e -> new Exit(e.code(), e.at().toEpochMilli(), e.asked())).toList(), p.startProblem(), versions.of(m)));
        }
        return all;
    }

    @Override
    public boolean restart(String micro) {
        return live.process(micro).map(MicroProcess::restart).orElse(false);
    }

    @Override
    public boolean stop(String micro) {
        return live.process(micro).map(p -> p.pause(stopGrace)).orElse(false);
    }

    @Override
    public boolean start(String micro) {
        return live.process(micro).map(MicroProcess::resume).orElse(false);
    }

    @Override
    public List<String> spacefileProblems() {
        return live.problems();
    }

    @Override
    public List<LogLine> logsAfter(long after, int max) {
        return logs.after(after, max).stream().map(l -> new LogLine(l.seq(), l.at(), l.source(), l.text())).toList();
    }

    @Override
    public long lastLog() {
        return logs.last();
    }

    @Override
    public List<ActionScheduler.State> actions() {
        ActionScheduler actions = live.scheduler();
        return actions == null ? List.of() : actions.actions();
    }

    @Override
    public Optional<ActionScheduler.State> reschedule(String id, dev.spacedev.runtime.ActionSchedules.Choice choice) throws IOException {
        ActionScheduler actions = live.scheduler();
        return actions == null ? Optional.empty() : actions.reschedule(id, choice);
    }

    @Override
    public Optional<CompletableFuture<ActionScheduler.Run>> runAction(String id) {
        ActionScheduler actions = live.scheduler();
        return actions == null ? Optional.empty() : actions.runNow(id);
    }

    @Override
    public List<dev.spacedev.runtime.AppActions.Action> appActions() {
        return appActions.actions();
    }

    @Override
    public void reloadAppActions() {
        appActions.reload();
    }

    @Override
    public List<dev.spacedev.runtime.AppActions.Run> appActionRuns() {
        return appActions.runs();
    }

    @Override
    public CompletableFuture<dev.spacedev.runtime.AppActions.Result> runAppAction(String name, com.fasterxml.jackson.databind.JsonNode inputs) {
        return appActions.run(name, inputs);
    }

    @Override
    public List<AppKeys.Entry> keys() {
        return appKeys().list();
    }

    @Override
    public String createKey(String name) throws IOException {
        return appKeys().create(name);
    }

    @Override
    public boolean revokeKey(String name) throws IOException {
        return appKeys().revoke(name);
    }

    private synchronized AppKeys appKeys() {
        if (keys == null) {
            keys = new AppKeys(state);
        }
        return keys;
    }

    @Override
    public DataNames dataNames() throws IOException {
        return data.names();
    }
}
