package dev.spacedev.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Space's App Actions: what a micro with {@code provide_actions: true} declares at {@code GET /__space/actions}
 * ({@code {"actions": [{"name", "title", "path", "input": [{"name", "type", "optional"}], "output"}]}}), checked
 * as the runtime checked it, the inputs of a run checked against the declaration before the micro sees them, and
 * the micro's answer wrapped as Space wrapped it for its views ({@code {"type": output, "data": …}}).
 */
public final class AppActions {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The view an action's answer is shown in when it names none. */
    public static final String RAW = "@deta/raw";
    /** The views Space's Teletype drew; any other {@code output} is a custom view the app serves. */
    public static final Set<String> VIEWS = Set.of(RAW, "@deta/detail", "@deta/file", "@deta/list");
    /** The input types Space's forms had; anything else is taken as text, with a warning. */
    public static final Set<String> INPUT_TYPES = Set.of("string", "number", "boolean");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** One input of an action; {@code type} is one of {@link #INPUT_TYPES}. */
    public record Input(String name, String type, boolean optional, Optional<String> title) {}

    /** An action as the app declared it, with the micro that runs it. */
    public record Action(String micro, String name, String title, String path, List<Input> input, String output) {}

    /** A run's answer: the status for the caller, and the body (the wrapped answer, or {@code {"error": …}}). */
    public record Result(int status, ObjectNode body) {
        public static Result error(int status, String message) {
            return new Result(status, JSON.createObjectNode().put("error", message));
        }
    }

    /** A run, as the dashboard lists it: when (epoch ms), its status (0 when the micro could not be reached), how long. */
    public record Run(String action, long at, int status, long millis) {}

    /** What a micro's declaration gave: its actions, and a warning for each part that was left out or read otherwise. */
    public record Declarations(List<Action> actions, List<String> warnings) {}

    private AppActions() {}

    /** Reads a micro's {@code GET /__space/actions} answer; never throws: what cannot be read is a warning. */
    public static Declarations parse(String micro, String body) {
        List<String> warnings = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new Declarations(List.of(), List.of("its /__space/actions answer is not JSON"));
        }
        JsonNode list = root == null ? null : root.isArray() ? root : root.path("actions");
        if (list == null || !list.isArray()) {
            return new Declarations(List.of(), List.of("its /__space/actions answer has no \"actions\" list"));
        }
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode a : list) {
            String name = a.path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                warnings.add("an action named \"" + name + "\" was left out: a name is 1 to 64 letters, digits, _ or -");
                continue;
            }
            if (!seen.add(name)) {
                warnings.add("action " + name + " is declared twice; the first is kept");
                continue;
            }
            String path = a.path("path").asText("");
            if (!isMicroPath(path)) {
                warnings.add("action " + name + " was left out: its path \"" + path + "\" is not a path of the micro (it starts with /)");
                continue;
            }
            String output = a.hasNonNull("output") && !a.path("output").asText().isBlank() ? a.path("output").asText() : RAW;
            if (!VIEWS.contains(output) && !isMicroPath(output)) {
                warnings.add("action " + name + ": its output \"" + output + "\" is neither one of Space's views nor a path of the app"
                        + " (its own view); shown as " + RAW);
                output = RAW;
            }
            actions.add(new Action(micro, name, a.path("title").asText(name), path, inputs(name, a, warnings), output));
        }
        return new Declarations(List.copyOf(actions), List.copyOf(warnings));
    }

    /** A path on the micro's own server: "/…", no "//" (another host), no "..", and a valid URI path. */
    static boolean isMicroPath(String path) {
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("..")) {
            return false;
        }
        try {
            return java.net.URI.create("http://micro" + path).getRawAuthority().equals("micro");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code input} (Space) or {@code inputs} (an earlier CLI's name). */
    private static List<Input> inputs(String action, JsonNode a, List<String> warnings) {
        JsonNode given = a.has("input") ? a.path("input") : a.path("inputs");
        List<Input> inputs = new ArrayList<>();
        if (!given.isArray()) {
            return inputs;
        }
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode i : given) {
            String name = i.path("name").asText("");
            if (name.isEmpty() || !names.add(name)) {
                warnings.add("action " + action + ": an input " + (name.isEmpty() ? "without a name" : "named " + name + " twice")
                        + " was left out");
                continue;
            }
            String type = i.path("type").asText("string");
            if (!INPUT_TYPES.contains(type)) {
                warnings.add("action " + action + ": input " + name + " has type \"" + type + "\", which Space's forms did not have;"
                        + " it is taken as a string");
                type = "string";
            }
            inputs.add(new Input(name, type, i.path("optional").asBoolean(false),
                    i.hasNonNull("title") ? Optional.of(i.path("title").asText()) : Optional.empty()));
        }
        return inputs;
    }

    /**
     * The payload a run sends the micro, from what the caller gave: every required input present, each of its
     * declared type (a form's "3" or "true" is read as the number or boolean it says), nothing undeclared.
     *
     * @throws IllegalArgumentException naming the input that is missing or wrong
     */
    public static ObjectNode payload(Action action, JsonNode given) {
        if (given != null && !given.isNull() && !given.isObject()) {
            throw new IllegalArgumentException("the inputs are a JSON object of name: value");
        }
        ObjectNode out = JSON.createObjectNode();
        Map<String, Input> declared = new LinkedHashMap<>();
        action.input().forEach(i -> declared.put(i.name(), i));
        if (given != null && given.isObject()) {
            for (var it = given.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!declared.containsKey(name)) {
                    throw new IllegalArgumentException("input " + name + " is not one action " + action.name() + " declares"
                            + (declared.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", declared.keySet()) + ")"));
                }
            }
        }
        for (Input i : declared.values()) {
            JsonNode v = given == null ? null : given.get(i.name());
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty() && !i.type().equals("string"))) {
                if (!i.optional()) {
                    throw new IllegalArgumentException("input " + i.name() + " is required");
                }
                continue;
            }
            out.set(i.name(), typed(i, v));
        }
        return out;
    }

    private static JsonNode typed(Input i, JsonNode v) {
        switch (i.type()) {
            case "number" -> {
                if (v.isNumber()) {
                    return v;
                }
                try {
                    return JSON.getNodeFactory().numberNode(new java.math.BigDecimal(v.asText().strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("input " + i.name() + " is a number; \"" + v.asText() + "\" is not one");
                }
            }
            case "boolean" -> {
                if (v.isBoolean()) {
                    return v;
                }
                String t = v.asText().strip();
                if (t.equals("true") || t.equals("false")) {
                    return JSON.getNodeFactory().booleanNode(t.equals("true"));
                }
                throw new IllegalArgumentException("input " + i.name() + " is true or false; \"" + v.asText() + "\" is neither");
            }
            default -> {
                if (v.isContainerNode()) {
                    throw new IllegalArgumentException("input " + i.name() + " is a string");
                }
                return JSON.getNodeFactory().textNode(v.asText());
            }
        }
    }

    /** The micro's answer as Space handed it to a view: its JSON (or its text, when it is not JSON) under {@code data}. */
    public static ObjectNode wrap(Action action, String body) {
        ObjectNode out = JSON.createObjectNode().put("type", action.output());
        try {
            JsonNode data = body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            out.set("data", data == null ? JSON.nullNode() : data);
        } catch (IOException e) {
            out.put("data", body);
        }
        return out;
    }

    /** An action as {@code GET /__space/actions} lists it (the fields Space's runtime gave for a local app). */
    public static ObjectNode describe(Action a, String appName) {
        ObjectNode o = JSON.createObjectNode().put("name", a.name()).put("title", a.title()).put("micro", a.micro())
                .put("app_name", appName).put("instance_alias", "local").put("channel", "local").put("version", "dev")
                .put("output", a.output());
        var inputs = o.putArray("input");
        for (Input i : a.input()) {
            ObjectNode in = inputs.addObject().put("name", i.name()).put("type", i.type()).put("optional", i.optional());
            i.title().ifPresent(t -> in.put("title", t));
        }
        return o;
    }
}
