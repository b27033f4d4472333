package dev.spacedev.app;

import dev.spacedev.process.LogPrinter;
import dev.spacedev.spacefile.LoadResult;
import dev.spacedev.spacefile.ProjectFile;
import dev.spacedev.spacefile.SpacefileLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at the Spacefile every second while the app runs, as Tilt looks at its Tiltfile: a saved, valid
 * change is applied ({@link LiveApp#apply}); an invalid one changes nothing, and its problems are printed
 * (with line:col) and shown on the dashboard until the file is fixed. An editor that saves by writing a new
 * file and renaming it is seen too: the file's content is compared, not its inode.
 */
final class SpacefileWatch implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(1);

    private final Path file;
    private final LiveApp live;
    private final LogPrinter log;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "space-dev-spacefile");
        t.setDaemon(true);
        return t;
    });
    // only on the watch's thread, or under checkNow's lock
    private byte[] seen;

    SpacefileWatch(Path file, LiveApp live, LogPrinter log) {
        this.file = file;
        this.live = live;
        this.log = log;
        this.seen = read();
    }

    void start() {
        thread.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Applies the Spacefile on disk now if it changed ({@code restart} always runs the current one).
     *
     * @return the micros the change started anew (added or changed)
     */
    synchronized Set<String> check() {
        byte[] now = read();
        if (now == null || Arrays.equals(now, seen)) {
            return Set.of(); // unchanged, or gone for a moment (an editor's rename): the next look sees the new one
        }
        seen = now;
        LoadResult result = SpacefileLoader.parse(new String(now, java.nio.charset.StandardCharsets.UTF_8), file);
        String label = file.getFileName().toString();
        if (!result.isValid()) {
            live.invalid(result.errors().stream().map(p -> p.format(label)).toList());
            log.info("the Spacefile changed but is not valid, so nothing changed; fix it and save again:");
            result.problems().forEach(p -> log.info(p.format(label)));
            return Set.of();
        }
        result.warnings().forEach(p -> log.info(p.format(label)));
        boolean wasInvalid = !live.problems().isEmpty();
        try {
            Set<String> started = live.apply(result.spacefile().orElseThrow());
            if (started.isEmpty()) {
                log.info(wasInvalid ? "the Spacefile is valid again; no micro changed" : "the Spacefile changed; no micro did");
            }
            return started;
        } catch (IOException | RuntimeException e) {
            log.info("the Spacefile changed but could not be applied: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Set.of();
    }

    private byte[] read() {
        try {
            return ProjectFile.read(file.toAbsolutePath().getParent(), file, 1 << 20);
        } catch (IOException e) {
            return null; // missing for a moment, or unreadable: looked at again next second
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
