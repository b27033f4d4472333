package dev.spacedev.proxy;

import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.runtime.AppKeys;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the dashboard ({@code /__space/}) shows and does, as the running app provides it; the proxy
 * decides who may ask. Methods that block (a restart waits for the old run to end, keys are files,
 * Base and Drive are SQLite) are called off the event loop.
 */
public interface AppConsole {
    /**
     * A micro as the dashboard lists it.
     *
     * @param state starting, ready, restarting, crashed, stopped, or static (files the proxy serves)
     * @param pid its running command's process id; empty when none runs
     * @param port its own port; empty for static files
     * @param since when the state began, in epoch milliseconds (a run's start, a crash); empty when unknown
     * @param restarts how many times its command has exited
     * @param exits its last few exits, newest first
     * @param startProblem while starting: why it will not become ready as it is (it listens on another port than $PORT)
     * @param runtime what runs it on this machine ("Python 3.11.7"), once known; empty for static and custom micros
     */
    record MicroView(String name, String path, String engine, boolean primary, String state, Optional<Long> pid,
            Optional<Integer> port, Optional<Long> since, int restarts, List<Exit> exits, Optional<String> startProblem,
            Optional<String> runtime) {}

    /** A run's end: its exit code, when (epoch milliseconds), and whether it was asked for (a restart) rather than a crash. */
    record Exit(int code, long at, boolean asked) {}

    /** One line of a micro's (or space-dev's) output; {@code seq} orders all lines, {@code at} is epoch milliseconds. */
    record LogLine(long seq, long at, String source, String text) {}

    /** The Base and Drive names the app has, and the project id the browser's data path takes. */
    record DataNames(List<String> bases, List<String> drives) {}

    String appName();

    List<MicroView> micros();

    /** @return false for an unknown micro, static files, or one that is not running and not crashed */
    boolean restart(String micro);

    /** Stops one micro while the others run ({@code space-dev stop}); blocks while it ends. @return false when there is none running */
    boolean stop(String micro);

    /** Starts a micro stopped with {@link #stop} (or a crashed one) again. @return false when it runs already, or there is none */
    boolean start(String micro);

    /** The problems of the Spacefile on disk while it is invalid (the app runs on as it was); empty when it is valid. */
    List<String> spacefileProblems();

    /** Recent output after line {@code after}, oldest first, at most the newest {@code max} lines. */
    List<LogLine> logsAfter(long after, int max);

    /** The latest line's {@code seq}; 0 before any. */
    long lastLog();

    List<ActionScheduler.State> actions();

    /**
     * Changes a scheduled action's schedule (the owner's, as in Space's App settings); empty for an unknown id.
     *
     * @throws IllegalArgumentException for an interval the Spacefile would not take
     */
    Optional<ActionScheduler.State> reschedule(String id, dev.spacedev.runtime.ActionSchedules.Choice choice) throws IOException;

    /** Delivers an action now; empty for an unknown id. */
    Optional<CompletableFuture<ActionScheduler.Run>> runAction(String id);

    /** The App Actions the app's micros declare now ({@code provide_actions}). */
    List<dev.spacedev.runtime.AppActions.Action> appActions();

    /** Asks every micro that provides actions for its declarations again (the owner's Reload); returns once they answered. */
    void reloadAppActions();

    /** The App Actions' last runs, newest first. */
    List<dev.spacedev.runtime.AppActions.Run> appActionRuns();

    /** Runs an App Action with these inputs (a JSON object, or null); its problems (unknown, bad input, micro down) are its result. */
    CompletableFuture<dev.spacedev.runtime.AppActions.Result> runAppAction(String name, com.fasterxml.jackson.databind.JsonNode inputs);

    List<AppKeys.Entry> keys();

    /** @return the new key, shown once; IllegalArgumentException for a name that is taken or not allowed */
    String createKey(String name) throws IOException;

    boolean revokeKey(String name) throws IOException;

    DataNames dataNames() throws IOException;
}
