package dev.spacedev.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.proxy.AppConsole;
import dev.spacedev.runtime.ActionScheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The control channel's requests about actions: {@code trigger}, the owner's schedules, and App Actions. */
final class ControlActions {
    static final Duration ACTION_WAIT = Duration.ofSeconds(60);

    private final AppConsole console;

    ControlActions(AppConsole console) {
        this.console = console;
    }

    ObjectNode trigger(String id) {
        Optional<java.util.concurrent.CompletableFuture<ActionScheduler.Run>> run = console.runAction(id);
        if (run.isEmpty()) {
            return ControlServer.error("no action \"" + id + "\" among the running micros' actions");
        }
        try {
            ActionScheduler.Run done = run.get().get(ACTION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            ObjectNode o = ControlServer.JSON.createObjectNode().put("outcome", done.outcome()).put("millis", done.millis())
                    .put("succeeded", done.succeeded());
            done.status().ifPresentOrElse(s -> o.put("status", s), () -> o.putNull("status"));
            return o;
        } catch (ExecutionException | TimeoutException e) {
            return ControlServer.error("the action did not finish: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlServer.error("interrupted");
        }
    }

    /** {@code {"action", "every" | "off" | "default"}}: the action's state after the change, as the dashboard shows it. */
    ObjectNode schedule(JsonNode request) {
        String id = request.path("action").asText("");
        dev.spacedev.runtime.ActionSchedules.Choice choice = request.path("off").asBoolean(false) ? dev.spacedev.runtime.ActionSchedules.Choice.OFF
                : request.hasNonNull("every") ? dev.spacedev.runtime.ActionSchedules.Choice.every(request.path("every").asText())
                : dev.spacedev.runtime.ActionSchedules.Choice.DEFAULT;
        try {
            return console.reschedule(id, choice).map(s -> {
                ObjectNode o = ControlServer.JSON.createObjectNode().put("id", s.id()).put("micro", s.micro()).put("interval", s.interval())
                        .put("schedule", s.schedule()).put("defaultInterval", s.defaultInterval());
                s.next().ifPresentOrElse(n -> o.put("next", n.toString()), () -> o.putNull("next"));
                return o;
            }).orElseGet(() -> ControlServer.error("no scheduled action \"" + id + "\" among the running micros'"));
        } catch (IllegalArgumentException e) {
            return ControlServer.error(e.getMessage());
        } catch (java.io.IOException e) {
            return ControlServer.error("the schedule could not be saved: " + e.getMessage());
        }
    }

    ObjectNode appActions(boolean reload) {
        if (reload) {
            console.reloadAppActions();
        }
        ObjectNode o = ControlServer.JSON.createObjectNode();
        ArrayNode all = o.putArray("actions");
        console.appActions().forEach(a -> all.add(dev.spacedev.runtime.AppActions.describe(a, console.appName())));
        return o;
    }

    /** {@code {"status": …, "result": …}}: the result as {@code POST /__space/actions/NAME} answers it. */
    ObjectNode runAppAction(String name, JsonNode inputs) {
        try {
            dev.spacedev.runtime.AppActions.Result r = console.runAppAction(name, inputs).get(ACTION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            ObjectNode o = ControlServer.JSON.createObjectNode().put("status", r.status());
            o.set("result", r.body());
            return o;
        } catch (ExecutionException | TimeoutException e) {
            return ControlServer.error("the app action did not finish: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlServer.error("interrupted");
        }
    }
}
