package dev.spacedev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacedev.app.ControlClient;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code space-dev __names micros|actions|app-actions}: one name per line, for the completion script. Quiet on
 * purpose: no Spacefile, an invalid one or no running app prints nothing (TAB then offers nothing), exit 0.
 * Only plain names are printed: bash expands {@code compgen -W}'s word list ({@code $(…)} included), and an action id
 * comes from a Spacefile or a micro, which a cloned repository's author wrote.
 */
@Command(name = "__names", hidden = true, description = "Names for shell completion: micros, actions or app-actions.")
public final class NamesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "KIND", description = "micros, actions or app-actions.")
    String kind;

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,99}");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        switch (kind) {
            case "micros", "actions" -> {
                Optional<Spacefile> app = project.load(quiet);
                for (Micro micro : app.map(Spacefile::micros).orElse(java.util.List.of())) {
                    if (kind.equals("micros")) {
                        plain(out, micro.name());
                    } else {
                        micro.actions().forEach(a -> plain(out, a.id()));
                    }
                }
            }
            case "app-actions" -> {
                Optional<ControlClient> up = RunningUp.find(project, quiet);
                if (up.isPresent()) {
                    for (JsonNode a : up.get().call(ControlClient.request("app-actions")).path("actions")) {
                        plain(out, a.path("name").asText());
                    }
                }
            }
            default -> {
                spec.commandLine().getErr().println("space-dev: __names takes micros, actions or app-actions, not " + kind);
                return ExitCodes.USAGE;
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void plain(PrintWriter out, String name) {
        if (PLAIN.matcher(name).matches()) {
            out.println(name);
        }
    }
}
