package dev.spacedev.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every second, for one micro: a request file from {@code space-dev restart} restarts it, and while it is
 * crashed, a change to its files starts it again. Ends once the micro is stopped for good.
 */
final class RestartWatch {
    private final MicroProcess micro;
    private final Path request;
    private final Path workDir;
    private final Timer timer;

    RestartWatch(MicroProcess micro, Path request, Path workDir, Timer timer) {
        this.micro = micro;
        this.request = request;
        this.workDir = workDir;
        this.timer = timer;
    }

    void start() {
        timer.schedule(this::check, MicroProcess.WATCH_EVERY);
    }

    private void check() {
        boolean asked = Files.exists(request);
        Optional<String> crashedWith = micro.filesWhenCrashed();
        if (micro.stoppedForGood()) {
            return;
        }
        if (asked) {
            try {
                Files.deleteIfExists(request);
            } catch (IOException e) {
                // asked again next second; harmless
            }
            micro.restart(": restarting, as asked");
        } else if (crashedWith.isPresent() && !crashedWith.get().equals(SourceStamp.of(workDir))) {
            micro.restart(": its files changed; starting it again");
        }
        timer.schedule(this::check, MicroProcess.WATCH_EVERY);
    }
}
