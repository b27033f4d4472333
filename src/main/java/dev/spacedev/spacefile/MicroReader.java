package dev.spacedev.spacefile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one item of {@code micros}: its keys, their types, and the rules that involve only this micro. */
final class MicroReader {
    static final Set<String> KEYS = orderedSet("name", "src", "engine", "primary", "path", "serve", "commands", "include",
            "run", "dev", "presets", "public_routes", "public", "provide_actions", "actions");
    private static final Set<String> PRESET_KEYS = orderedSet("env", "api_keys");
    private static final Set<String> ENV_KEYS = orderedSet("name", "description", "default");
    private static final Set<String> ACTION_KEYS = orderedSet("id", "name", "description", "trigger", "default_interval", "path");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_DESCRIPTION = 142;
    /** Old CLI spellings its own schema rejected; worth a pointed hint. */
    private static final java.util.Map<String, String> ENGINE_ALIASES =
            java.util.Map.of("nodejs16.x", "nodejs16", "nodejs14", "nodejs16", "node", "nodejs16", "python", "python3.9",
                    "python3", "python3.9", "sveltekit", "svelte-kit");

    private final Path projectDir;
    private final Problems problems;

    MicroReader(Path projectDir, Problems problems) {
        this.projectDir = projectDir;
        this.problems = problems;
    }

    static Set<String> orderedSet(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }

    MicroDraft read(YamlMap m) {
        m.require("name");
        m.require("src");
        m.require("engine");
        Optional<String> name = m.string("name").filter(n -> checkName(m, n));
        Optional<Boolean> primary = m.bool("primary");
        Optional<String> src = m.string("src");
        Optional<Path> srcDir = src.flatMap(s -> resolveSrc(m, s, primary.orElse(false)));
        Optional<Engine> engine = m.string("engine").flatMap(e -> engine(m, e));
        Optional<String> path = m.string("path");
        Optional<String> serve = m.string("serve");
        if (serve.isPresent() && srcDir.isPresent() && (Path.of(serve.get()).isAbsolute()
                || !ProjectPaths.inside(projectDir, srcDir.get().resolve(serve.get()).normalize()))) {
            problems.error(m.valuePosition("serve"), m.childPath("serve"), "serve \"" + serve.get()
                    + "\" points outside the project directory (it is relative to src, and must stay inside the project)");
        }
        List<String> commands = m.stringList("commands", false, false).orElse(List.of());
        List<String> include = m.stringList("include", true, false).orElse(List.of());
        Optional<String> run = m.string("run");
        Optional<String> dev = m.string("dev");
        Presets presets = m.map("presets", "presets", PRESET_KEYS).map(this::presets).orElse(Presets.NONE);
        boolean isPublic = m.bool("public").orElse(false);
        List<String> publicRoutes = m.stringList("public_routes", true, true).orElse(List.of());
        boolean provideActions = m.bool("provide_actions").orElse(false);
        List<MicroDraft.ActionDraft> actions =
                m.list("actions", 1).map(items -> m.mappings(items, "an action", ACTION_KEYS, this::action)).orElse(List.of());

        engine.ifPresent(e -> checkEngineKeys(m, e));
        if (m.has("public") && m.has("public_routes")) {
            problems.error(m.keyPosition("public_routes"), m.childPath("public_routes"),
                    "\"public\" and \"public_routes\" cannot both be set; \"public: true\" already makes every route public");
        }
        return new MicroDraft(m, name, src, srcDir, engine, primary, path, serve, commands, include, run, dev, presets,
                isPublic, publicRoutes, provideActions, actions);
    }

    private boolean checkName(YamlMap m, String name) {
        if (NAME.matcher(name).matches()) {
            return true;
        }
        problems.error(m.valuePosition("name"), m.childPath("name"), "micro name \"" + name
                + "\" must start with a letter or digit and hold only letters, digits, \"_\" and \"-\"");
        return false;
    }

    /**
     * Space resolved {@code src} inside the project; a leading "/" meant the project root. Its CLI checked that the
     * folder exists for every micro but one marked {@code primary: true}.
     */
    private Optional<Path> resolveSrc(YamlMap m, String src, boolean markedPrimary) {
        String relative = src.strip().replaceFirst("^/+", "");
        Path dir = projectDir.resolve(relative.isEmpty() ? "." : relative).normalize();
        if (!ProjectPaths.inside(projectDir, dir)) {
            problems.error(m.valuePosition("src"), m.childPath("src"), "src \"" + src + "\" points outside the project directory");
            return Optional.empty();
        }
        if (!Files.exists(dir) && markedPrimary) {
            problems.warning(m.valuePosition("src"), m.childPath("src"), "src \"" + src + "\" does not exist (looked for "
                    + projectDir.relativize(dir) + "); Space's CLI did not check a primary micro's src, but space-dev cannot"
                    + " start this micro until the folder is there");
            return Optional.of(dir);
        }
        if (!Files.exists(dir)) {
            problems.error(m.valuePosition("src"), m.childPath("src"), "src \"" + src + "\" does not exist (looked for "
                    + projectDir.relativize(dir) + ")");
            return Optional.empty();
        }
        if (!Files.isDirectory(dir)) {
            problems.error(m.valuePosition("src"), m.childPath("src"), "src \"" + src + "\" is a file; it must be the micro's directory");
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    private Optional<Engine> engine(YamlMap m, String wireName) {
        Optional<Engine> engine = Engine.fromWireName(wireName);
        if (engine.isEmpty()) {
            String hint = Optional.ofNullable(ENGINE_ALIASES.get(wireName))
                    .or(() -> Suggestions.closest(wireName, Engine.shippedWireNames()))
                    .map(s -> "; did you mean \"" + s + "\"?")
                    .orElse("");
            problems.error(m.valuePosition("engine"), m.childPath("engine"), "unknown engine \"" + wireName + "\"" + hint
                    + " Engines: " + String.join(", ", Engine.shippedWireNames()));
        } else if (!engine.get().shippedBySpace()) {
            problems.warning(m.valuePosition("engine"), m.childPath("engine"), "engine \"" + wireName
                    + "\" was Deta's experimental runner, not in Space's schema (space validate and push refused it); space-dev runs it");
        }
        return engine;
    }

    private void checkEngineKeys(YamlMap m, Engine engine) {
        if (engine == Engine.STATIC && !m.has("serve")) {
            problems.error(m.position(), m.childPath("serve"),
                    "a static micro needs \"serve\": the directory, relative to src, whose files it serves");
        }
        if (engine.isStaticLike() && m.has("include")) {
            problems.error(m.keyPosition("include"), m.childPath("include"), "\"include\" is not allowed for engine \""
                    + engine + "\": its build output is served from \"serve\"");
        }
        if (!engine.isStaticLike() && m.has("serve")) {
            problems.error(m.keyPosition("serve"), m.childPath("serve"), "\"serve\" is only for static, react, vue and svelte"
                    + " micros; engine \"" + engine + "\" keeps its files with \"include\"");
        }
    }

    private Presets presets(YamlMap p) {
        Set<String> seen = new java.util.HashSet<>();
        List<EnvPreset> env = p.list("env", 1).map(items -> p.mappings(items, "an env preset", ENV_KEYS, e -> envPreset(e, seen)))
                .orElse(List.of()).stream().flatMap(Optional::stream).toList();
        return new Presets(env, p.bool("api_keys").orElse(false));
    }

    private Optional<EnvPreset> envPreset(YamlMap e, Set<String> seenNames) {
        e.require("name");
        Optional<String> name = e.string("name");
        Optional<String> description = e.string("description");
        Optional<String> defaultValue = e.string("default");
        name.ifPresent(n -> {
            if (!ENV_NAME.matcher(n).matches()) {
                problems.warning(e.valuePosition("name"), e.childPath("name"), "\"" + n + "\" is not a usable environment"
                        + " variable name (letters, digits and _, not starting with a digit)");
            } else if (!seenNames.add(n)) {
                problems.warning(e.valuePosition("name"), e.childPath("name"), "env preset \"" + n + "\" is declared twice");
            }
        });
        return name.map(n -> new EnvPreset(n, description, defaultValue));
    }

    /**
     * Space's CLI took any string here; its scheduler is gone, and what it made of unusual forms is not known. A form
     * space-dev can read another way ("15 minute") runs with a warning; one it cannot read is not scheduled.
     */
    private Optional<Interval> interval(YamlMap a, String text) {
        try {
            return Optional.of(Interval.parse(text));
        } catch (IntervalSyntaxException e) {
            Optional<Rate> lenient = Rate.lenient(text);
            String message = "default_interval " + e.getMessage() + "; Space's CLI did not check intervals, ";
            problems.warning(a.valuePosition("default_interval"), a.childPath("default_interval"), message + lenient
                    .map(r -> "and space-dev runs it as \"" + r.canonical() + "\"")
                    .orElse("but space-dev cannot schedule this one: the action will not run, on a schedule or with space-dev trigger"));
            return lenient.map(Interval.class::cast);
        }
    }

    /** Lengths as the schema's maxLength counted them: characters (code points), not UTF-16 units. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private MicroDraft.ActionDraft action(YamlMap a) {
        for (String key : List.of("id", "name", "trigger", "default_interval")) {
            a.require(key);
        }
        Optional<String> id = a.string("id");
        Optional<String> name = a.string("name");
        Optional<String> description = a.string("description");
        description.filter(d -> length(d) > MAX_DESCRIPTION).ifPresent(d -> problems.error(a.valuePosition("description"),
                a.childPath("description"), "action description may be at most " + MAX_DESCRIPTION + " characters; it has " + length(d)));
        Optional<String> trigger = a.string("trigger");
        trigger.filter(t -> !t.equals(Action.SCHEDULE)).ifPresent(t -> problems.error(a.valuePosition("trigger"),
                a.childPath("trigger"), "unknown trigger \"" + t + "\"; the only trigger is \"schedule\""));
        Optional<Interval> interval = a.string("default_interval").flatMap(text -> interval(a, text));
        Optional<String> path = a.string("path");
        Optional<Action> action = Optional.empty();
        if (id.isPresent() && name.isPresent() && trigger.filter(Action.SCHEDULE::equals).isPresent() && interval.isPresent()
                && description.filter(d -> length(d) > MAX_DESCRIPTION).isEmpty()) {
            action = Optional.of(new Action(id.get(), name.get(), description, trigger.get(), interval.get(), path));
        }
        return new MicroDraft.ActionDraft(a, id, name, action);
    }
}
