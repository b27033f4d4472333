package dev.spacedev.cli;

import dev.spacedev.app.ControlClient;
import dev.spacedev.files.SpaceDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code space-dev up} running in a project, as {@code ps}, {@code logs}, {@code stop}, {@code start}, {@code restart} and {@code down} reach it. */
final class RunningUp {
    private RunningUp() {}

    /** The running up's control channel; empty, with one line saying so, when none runs there. */
    static Optional<ControlClient> find(ProjectDirOption project, PrintWriter err) {
        Optional<ControlClient> found = ControlClient.find(space(project));
        if (found.isEmpty()) {
            err.println("space-dev: no space-dev up is running in " + shown(project.dir()) + "; start one with: space-dev up (or up -d)");
            err.flush();
        }
        return found;
    }

    /** {@code stop}, {@code start} or {@code restart} for each micro named: one line each; exit 0 only when all were done. */
    static int control(String op, java.util.List<String> micros, ProjectDirOption project, PrintWriter err) throws java.io.IOException {
        Optional<ControlClient> up = find(project, err);
        if (up.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        com.fasterxml.jackson.databind.JsonNode answer = up.get().call(ControlClient.request(op, micros));
        if (answer.has("error")) {
            err.println("space-dev: " + answer.path("error").asText());
            err.flush();
            return ExitCodes.FAILURE;
        }
        boolean all = true;
        for (com.fasterxml.jackson.databind.JsonNode r : answer.path("results")) {
            boolean ok = r.path("ok").asBoolean();
            all &= ok;
            err.println((ok ? "" : "space-dev: ") + r.path("message").asText());
        }
        err.flush();
        return all ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    static SpaceDir space(ProjectDirOption project) {
        return new SpaceDir(project.dir().toAbsolutePath().normalize());
    }

    private static String shown(Path dir) {
        return dir.normalize().toString().isEmpty() ? "." : dir.normalize().toString();
    }
}
