package dev.spacedev.process;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Every second, for one micro: while it is crashed, a change to its files starts it again; with {@code up --watch}, a change to its files restarts it
 * once they have stayed the same for a second (an editor saving several files, a formatter after a save).
 * Ends once the micro is stopped for good.
 */
final class RestartWatch {
    private final MicroProcess micro;
    private final Path workDir;
    private final Timer timer;
    private final boolean onChange;
    // only on the timer's thread
    private String seen;
    private String changedTo;

    /** @param onChange restart the running micro when its files change ({@code up --watch}) */
    RestartWatch(MicroProcess micro, Path workDir, Timer timer, boolean onChange) {
        this.micro = micro;
        this.workDir = workDir;
        this.timer = timer;
        this.onChange = onChange;
    }

    void start() {
        timer.schedule(this::check, MicroProcess.WATCH_EVERY);
    }

    private void check() {
        Optional<String> crashedWith = micro.filesWhenCrashed();
        if (micro.stoppedForGood()) {
            return;
        }
        if (crashedWith.isPresent() && !crashedWith.get().equals(SourceStamp.of(workDir))) {
            micro.restart(": its files changed; starting it again");
            seen = onChange ? SourceStamp.of(workDir) : null;
        } else if (onChange && micro.running()) {
            restartOnChange();
        }
        timer.schedule(this::check, MicroProcess.WATCH_EVERY);
    }

    /** Debounced: the files must have changed, then stayed as they are for one more look. */
    private void restartOnChange() {
        String now = SourceStamp.of(workDir);
        if (seen == null) {
            seen = now; // the first look (not on the start's path): what the run began with
        } else if (now.equals(seen)) {
            changedTo = null;
        } else if (now.equals(changedTo)) {
            seen = now;
            changedTo = null;
            micro.restart(": its files changed; restarting (--watch)");
        } else {
            changedTo = now;
        }
    }
}
