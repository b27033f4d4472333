package dev.spacedev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.app.ControlClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev action list|run}: the App Actions of the running app, as Space's Teletype (and {@code space dev trigger -x}) ran them. */
@Command(name = "action", mixinStandardHelpOptions = true, subcommands = {ActionCommand.ListActions.class, ActionCommand.RunAction.class,
        ActionCommand.Schedule.class},
        description = "The App Actions (provide_actions) of the space-dev up running in this directory: list them, or run one; and the"
                + " schedules of its scheduled actions.")
public final class ActionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the app's actions: name, micro, view, inputs.")
    static final class ListActions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Option(names = "--json", description = "Print them as GET /__space/actions does.")
        boolean json;

        @Option(names = "--reload", description = "Ask the micros for their declarations again first.")
        boolean reload;

        @Override
        public Integer call() throws Exception {
            Optional<ControlClient> up = RunningUp.find(project, spec.commandLine().getErr());
            if (up.isEmpty()) {
                return ExitCodes.FAILURE;
            }
            JsonNode actions = up.get().call(ControlClient.request("app-actions").put("reload", reload)).path("actions");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(actions.toString());
            } else if (actions.isEmpty()) {
                spec.commandLine().getErr().println("no app actions: no running micro with provide_actions declares any");
            } else {
                for (JsonNode a : actions) {
                    List<String> inputs = new ArrayList<>();
                    a.path("input").forEach(i -> inputs.add(i.path("name").asText() + ":" + i.path("type").asText()
                            + (i.path("optional").asBoolean() ? "?" : "")));
                    out.printf("%-20s %-10s %-14s %s%n", a.path("name").asText(), a.path("micro").asText(), a.path("output").asText(),
                            String.join(" ", inputs));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run an app action with its inputs; show its answer as its view"
            + " would (or --json).", exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the micro answered 2xx", "1:anything else (no up, an unknown action, a bad input, the micro's error)"})
    static final class RunAction implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Parameters(paramLabel = "NAME", description = "The action's name (space-dev action list).")
        String name;

        @Option(names = {"-i", "--input"}, paramLabel = "NAME=VALUE", description = "An input; numbers and true/false as text are read"
                + " as the declaration says.")
        List<String> inputs = new ArrayList<>();

        @Option(names = "--json", description = "Print the answer as Space wrapped it: {\"type\": view, \"data\": …}.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            ObjectNode given = ControlClient.request("app-action-run").put("action", name);
            ObjectNode values = given.putObject("inputs");
            for (String i : inputs) {
                int eq = i.indexOf('=');
                if (eq < 1) {
                    err.println("space-dev: -i takes NAME=VALUE; \"" + i + "\" is not that");
                    return ExitCodes.USAGE;
                }
                values.put(i.substring(0, eq), i.substring(eq + 1));
            }
            Optional<ControlClient> up = RunningUp.find(project, err);
            if (up.isEmpty()) {
                return ExitCodes.FAILURE;
            }
            JsonNode answer = up.get().call(given);
            if (answer.has("error")) {
                err.println("space-dev: " + answer.path("error").asText());
                return ExitCodes.FAILURE;
            }
            int status = answer.path("status").asInt();
            JsonNode result = answer.path("result");
            if (result.has("error")) {
                err.println("space-dev: " + result.path("error").asText() + " (" + status + ")");
                return ExitCodes.FAILURE;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? result.toString() : AppActionView.text(result));
            out.flush();
            if (status / 100 != 2) {
                err.println("space-dev: the micro answered " + status);
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true, description = "Change a scheduled action's schedule, as Space's App"
            + " settings did: kept across runs (and shared with --data-url), until --default.")
    static final class Schedule implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Parameters(paramLabel = "ACTION_ID", description = "The scheduled action's id in the Spacefile.")
        String id;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        static final class Choice {
            @Option(names = "--every", paramLabel = "RATE", description = "A rate, as default_interval takes it: \"5 minutes\", \"2 hours\".")
            String every;

            @Option(names = "--cron", paramLabel = "EXPRESSION", description = "A 5-field cron expression, in UTC: \"0 9 * * 1-5\".")
            String cron;

            @Option(names = "--off", description = "Do not run it on a schedule (trigger still can).")
            boolean off;

            @Option(names = "--default", description = "Back to the Spacefile's default_interval.")
            boolean byDefault;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            Optional<ControlClient> up = RunningUp.find(project, err);
            if (up.isEmpty()) {
                return ExitCodes.FAILURE;
            }
            ObjectNode request = ControlClient.request("schedule").put("action", id);
            if (choice.off) {
                request.put("off", true);
            } else if (choice.every != null || choice.cron != null) {
                request.put("every", choice.every != null ? choice.every : choice.cron);
            }
            JsonNode answer = up.get().call(request);
            if (answer.has("error")) {
                err.println("space-dev: " + answer.path("error").asText());
                return ExitCodes.FAILURE;
            }
            String schedule = answer.path("schedule").asText();
            PrintWriter out = spec.commandLine().getOut();
            out.println(id + ": " + (schedule.equals("off") ? "off (default " + answer.path("defaultInterval").asText() + ")"
                    : answer.path("interval").asText() + (schedule.equals("changed") ? " (default " + answer.path("defaultInterval").asText()
                    + ")" : " (the Spacefile's)")) + (answer.hasNonNull("next") ? "; next run at " + answer.path("next").asText() : ""));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
