package dev.spacedev.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code space-dev} entry point: parses the command line and hands over to one command class. */
@Command(
        name = "space-dev",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs a Deta Space app (its Spacefile and Micros) on this machine as Space ran it.",
        subcommands = {NewCommand.class, ValidateCommand.class, UpCommand.class, TestCommand.class, BuildCommand.class, DataCommand.class, ProxyCommand.class, TriggerCommand.class, RestartCommand.class, KeysCommand.class,
            AutoComplete.GenerateCompletion.class})
public final class SpaceDev implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceDev.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call this and capture its out and err writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SpaceDev());
        cli.setExecutionExceptionHandler(SpaceDev::reportBug);
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return cli;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("space-dev: a command is needed");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    private static int reportBug(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof dev.spacedev.runtime.ProjectLock.Busy busy) {
            err.println("space-dev: " + busy.getMessage()); // a refusal, not a bug
            err.flush();
            return ExitCodes.FAILURE;
        }
        err.println("space-dev: internal error: " + e);
        err.println("This is a bug in space-dev; run again with SPACE_DEV_LOG=debug for details, and report it.");
        err.flush();
        LOG.debug("internal error", e);
        return ExitCodes.INTERNAL;
    }
}
