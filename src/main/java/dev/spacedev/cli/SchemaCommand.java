package dev.spacedev.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacedev.spacefile.SpacefileSchema;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code space-dev schema}: the Spacefile's JSON Schema on stdout, for editors (docs/spacefile.md shows how). */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the Spacefile's JSON Schema: Deta's official one with space-dev's additions (the experimental"
                + " engines, descriptions of its warnings). Editors use it for completion and errors:",
                "  space-dev schema > spacefile.schema.json"})
public final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--official", description = "Deta's schema exactly as its CLI embedded it, without space-dev's additions.")
    boolean official;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                official ? SpacefileSchema.official() : SpacefileSchema.extended()));
        out.flush();
        return ExitCodes.OK;
    }
}
