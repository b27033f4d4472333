package dev.spacedev.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.spacefile.Action;
import dev.spacedev.spacefile.Interval;
import dev.spacedev.spacefile.IntervalSyntaxException;
import java.io.IOException;
import java.util.Optional;

/**
 * The schedules the owner set, as Space's App settings → Schedules let them: an action's interval changed
 * (a rate or a cron expression, as the Spacefile takes), or the action turned off. Kept in the app's runtime
 * state ({@code .space/schedules}, or PostgreSQL with {@code --data-url}, so every instance agrees) as
 * {@code {"ID": {"interval": "2 hours"} | {"off": true}}}; an action not named there runs on its
 * {@code default_interval}.
 */
public final class ActionSchedules {
    public static final String FILE = "schedules";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the owner chose for one action: an interval, or off; {@link #DEFAULT} when nothing was chosen. */
    public record Choice(Optional<String> interval, boolean off) {
        public static final Choice DEFAULT = new Choice(Optional.empty(), false);
        public static final Choice OFF = new Choice(Optional.empty(), true);

        public static Choice every(String interval) {
            return new Choice(Optional.of(interval), false);
        }
    }

    private final StateDocument doc;

    public ActionSchedules(StateDocument doc) {
        this.doc = doc;
    }

    /** In memory: tests, and runs that keep no state. */
    public static ActionSchedules inMemory() {
        return new ActionSchedules(StateDocument.inMemory());
    }

    public Choice choice(String actionId) {
        try {
            JsonNode c = parse(doc.read()).path(actionId);
            if (c.path("off").asBoolean(false)) {
                return Choice.OFF;
            }
            return c.hasNonNull("interval") ? Choice.every(c.path("interval").asText()) : Choice.DEFAULT;
        } catch (IOException e) {
            return Choice.DEFAULT; // unreadable: the Spacefile's schedule, as if nothing had been chosen
        }
    }

    /** The interval an action runs on now; empty when the owner turned it off. */
    public Optional<Interval> effective(Action action) {
        Choice c = choice(action.id());
        if (c.off()) {
            return Optional.empty();
        }
        if (c.interval().isPresent()) {
            try {
                return Optional.of(Interval.parse(c.interval().get()));
            } catch (IntervalSyntaxException e) {
                return Optional.of(action.defaultInterval()); // checked when set; a hand-edited file cannot stop the schedule
            }
        }
        return Optional.of(action.defaultInterval());
    }

    /**
     * Sets an action's schedule; {@link Choice#DEFAULT} goes back to the Spacefile's.
     *
     * @throws IllegalArgumentException for an interval the Spacefile would not take, saying why
     */
    public void set(String actionId, Choice choice) throws IOException {
        if (choice.interval().isPresent()) {
            try {
                Interval.parse(choice.interval().get());
            } catch (IntervalSyntaxException e) {
                throw new IllegalArgumentException("\"" + choice.interval().get() + "\" " + e.getMessage());
            }
        }
        doc.update(text -> {
            ObjectNode all = parse(text);
            if (choice.equals(Choice.DEFAULT)) {
                all.remove(actionId);
            } else if (choice.off()) {
                all.putObject(actionId).put("off", true);
            } else {
                all.putObject(actionId).put("interval", choice.interval().get().strip());
            }
            return all.toString();
        });
    }

    private static ObjectNode parse(String text) {
        try {
            JsonNode n = text == null || text.isBlank() ? null : JSON.readTree(text);
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
