package dev.spacedev.cli;

import dev.spacedev.app.AppSession;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code space-dev} entry point: parses the command line and hands over to one command class. */
@Command(
        name = "space-dev",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs a Deta Space app (its Spacefile and Micros) on this machine as Space ran it.")
public final class SpaceDev implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Set<String> RUNS_AN_APP = Set.of("up", "test", "proxy");

    /** The subcommands, in the order help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("new", NewCommand::new);
        all.put("validate", ValidateCommand::new);
        all.put("schema", SchemaCommand::new);
        all.put("up", UpCommand::new);
        all.put("test", TestCommand::new);
        all.put("build", BuildCommand::new);
        all.put("data", DataCommand::new);
        all.put("proxy", ProxyCommand::new);
        all.put("trigger", TriggerCommand::new);
        all.put("action", ActionCommand::new);
        all.put("ps", PsCommand::new);
        all.put("logs", LogsCommand::new);
        all.put("stop", StopCommand::new);
        all.put("start", StartCommand::new);
        all.put("restart", RestartCommand::new);
        all.put("down", DownCommand::new);
        all.put("login", LoginCommand::new);
        all.put("keys", KeysCommand::new);
        all.put("__names", NamesCommand::new);
        return all;
    }

    public static void main(String[] args) {
        // Netty's buffer events for Flight Recorder: setting them up starts JFR's metadata, ~80 ms on the event
        // loop in front of the first request; -Dio.netty.jfr.enabled=true brings them back for those profiling
        defaultProperty("io.netty.jfr.enabled", "false");
        // Netty's sampling leak detector records a stack trace for one buffer in 128: ~1% of the proxy's CPU for
        // a check meant for Netty's own tests (ours run at paranoid); -Dio.netty.leakDetection.level brings it back
        defaultProperty("io.netty.leakDetection.level", "disabled");
        // Netty puts the TLS key into an in-memory PKCS#12 store, under a random password, to hand it to the JDK: the
        // JDK's 10,000 PBKDF2 rounds for that password (and for Netty's own start-up check) took about a second of
        // CPU at each start, while the micros start. space-dev writes no PKCS#12 file; its keys are owner-only PEM.
        defaultProperty("keystore.pkcs12.keyPbeIterationCount", "1");
        defaultProperty("keystore.pkcs12.macIterationCount", "1");
        if (args.length > 0 && RUNS_AN_APP.contains(args[0])) {
            AppSession.prepareMachine(); // alongside picocli and the Spacefile, not after them
        }
        System.exit(commandLine(args).execute(args));
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** The configured command line with every subcommand; tests call this and capture its out and err writers. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for these arguments: when they start with a subcommand's name, that one alone
     * (picocli reads each command's annotations when it is added, about 10 ms apiece on a cold JVM,
     * and {@code up} is timed from launch); anything else (help, --version, a typo to correct) gets
     * them all.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new SpaceDev());
        Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(named.get());
        } else {
            COMMANDS.values().forEach(command -> cli.addSubcommand(command.get()));
            cli.addSubcommand(new CompletionCommand());
            cli.addSubcommand(new picocli.CommandLine.HelpCommand()); // space-dev help up
        }
        cli.setExecutionExceptionHandler(SpaceDev::reportBug);
        cli.setParameterExceptionHandler(new Misspellings());
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
        if (e instanceof dev.spacedev.runtime.ProjectLock.Busy || e instanceof dev.spacedev.database.Database.Unavailable
                || e instanceof dev.spacedev.spacefile.ProjectFile.Refused || e instanceof dev.spacedev.files.SpaceDir.NotAFolder) {
            err.println("space-dev: " + e.getMessage()); // a refusal or a database away, not a bug
            err.flush();
            return ExitCodes.FAILURE;
        }
        err.println("space-dev: internal error: " + e);
        err.println("This is a bug in space-dev; run again with SPACE_DEV_LOG=debug for details, and report it.");
        err.flush();
        LoggerFactory.getLogger(SpaceDev.class).debug("internal error", e); // logging starts only when needed
        return ExitCodes.INTERNAL;
    }
}
