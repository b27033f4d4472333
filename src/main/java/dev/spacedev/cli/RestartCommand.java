package dev.spacedev.cli;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code space-dev restart MICRO}: asks the {@code up} running in this directory, from another
 * terminal, to restart a micro now: one it stopped restarting after a crash loop, or one that runs.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart micros of the space-dev up running in this directory (a crashed micro included).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:up took the request", "1:no up is running, or it did not answer",
                "2:usage error"})
public final class RestartCommand implements Callable<Integer> {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "MICRO", arity = "1..*", description = "The micros to restart.")
    List<String> micros = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        if (!project.knowsMicros(app, micros, err)) {
            return ExitCodes.USAGE;
        }
        SpaceDir space = new SpaceDir(app.projectDir());
        if (!ProjectLock.heldElsewhere(space)) { // a request left here would reach no app
            err.println("space-dev: no space-dev up is running in this directory: start it with space-dev up");
            return ExitCodes.FAILURE;
        }
        List<Path> requests = new ArrayList<>();
        for (String name : micros) {
            Path request = space.restartRequest(name);
            Files.writeString(request, "restart\n");
            requests.add(request);
        }
        long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
        while (requests.stream().anyMatch(Files::exists) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> unanswered = micros.stream().filter(m -> Files.exists(space.restartRequest(m))).toList();
        if (!unanswered.isEmpty()) {
            unanswered.forEach(m -> space.restartRequest(m).toFile().delete());
            err.println("space-dev: up did not take the request for " + String.join(", ", unanswered) + " within "
                    + ANSWER_WITHIN.toSeconds() + " s (is it a micro up runs, rather than static files?)");
            return ExitCodes.FAILURE;
        }
        err.println("space-dev up is restarting " + String.join(", ", micros));
        return ExitCodes.OK;
    }
}
