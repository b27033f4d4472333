package dev.spacedev.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

/**
 * {@code space-dev generate-completion}: picocli's bash/zsh completion script, with the names of the app in the
 * current folder completed where a command takes them (micros for {@code logs}, {@code stop}…; Spacefile action ids
 * for {@code trigger}; App Actions for {@code action run}). The names are asked of {@code space-dev __names} when
 * TAB is pressed, so they follow the Spacefile and the running app rather than the day the script was made.
 */
@Command(name = "generate-completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script for space-dev (with your app's micro and action names):"
                + "%n  source <(space-dev generate-completion)")
public final class CompletionCommand implements Callable<Integer> {
    /** Which names complete a positional parameter, by its label (and, for NAME, the command it belongs to). */
    private static final Map<String, String> NAMES_BY_LABEL = Map.of("MICRO", "micros", "ACTION_ID", "actions");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine().getParent();
        String script = AutoComplete.bash(root.getCommandName(), root);
        PrintWriter out = spec.commandLine().getOut();
        out.print(withNames(script, root));
        out.flush();
        return ExitCodes.OK;
    }

    /** The script with each name-taking command's empty list of positionals replaced by a call for the names. */
    static String withNames(String script, CommandLine root) {
        String result = script;
        for (Map.Entry<String, CommandLine> sub : allCommands(root).entrySet()) {
            String kind = namesFor(sub.getValue().getCommandSpec());
            if (kind == null) {
                continue;
            }
            String function = "function _picocli_" + root.getCommandName() + sub.getKey() + "() {";
            int at = result.indexOf(function);
            int positionals = at < 0 ? -1 : result.indexOf("local positionals=\"\"", at);
            int next = at < 0 ? -1 : result.indexOf("\nfunction ", at + function.length());
            if (positionals < 0 || (next >= 0 && positionals > next)) {
                continue;
            }
            result = result.substring(0, positionals) + "local positionals=$(" + root.getCommandName() + " __names " + kind
                    + " 2>/dev/null)" + result.substring(positionals + "local positionals=\"\"".length());
        }
        return result;
    }

    private static String namesFor(CommandSpec command) {
        for (PositionalParamSpec p : command.positionalParameters()) {
            String kind = NAMES_BY_LABEL.get(p.paramLabel());
            if (kind != null) {
                return kind;
            }
            if ("NAME".equals(p.paramLabel()) && "run".equals(command.name()) && command.parent() != null
                    && "action".equals(command.parent().name())) {
                return "app-actions";
            }
        }
        return null;
    }

    /** Every subcommand by the suffix picocli gives its function: {@code _stop}, {@code _action_run}. */
    private static Map<String, CommandLine> allCommands(CommandLine root) {
        Map<String, CommandLine> found = new java.util.LinkedHashMap<>();
        collect(root, "", found);
        return found;
    }

    private static void collect(CommandLine command, String prefix, Map<String, CommandLine> found) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (!sub.getKey().equals(sub.getValue().getCommandName())) {
                continue; // an alias
            }
            String name = prefix + "_" + sub.getKey();
            found.put(name, sub.getValue());
            collect(sub.getValue(), name, found);
        }
    }
}
