package dev.spacedev.spacefile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything engine-specific, in one place: what runs in dev mode when a micro says nothing (the
 * old {@code space dev}'s defaults), what Space ran after a build, how a frontend builds and where
 * its files land, the variables that carry the port, and how {@code new} recognises the engine.
 * Launch, build, the micro's environment and detection all read it. To add an engine: a constant
 * in {@link Engine} and its profile in {@link #of}.
 *
 * @param dev the dev command when the micro has neither {@code dev} nor {@code run}; empty: none
 * @param prod what Space ran when the micro has no {@code run}: the first whose file exists
 * @param build the command a frontend builds with, for {@code new} to write into {@code commands}
 * @param output where a frontend's build puts its files (the default {@code serve})
 * @param portVariables variables that get the micro's port besides {@code PORT}
 * @param detectedBy package.json dependencies that mark the engine: any one of these sets, all of it
 */
public record EngineProfile(Optional<String> dev, List<Launch> prod, Optional<String> build, Optional<String> output,
        List<String> portVariables, List<List<String>> detectedBy) {

    /** A prod command, used when {@code whenFile} (relative to the built micro) exists, or always. */
    public record Launch(Optional<String> whenFile, String command) {
        static Launch always(String command) {
            return new Launch(Optional.empty(), command);
        }

        static Launch when(String file, String command) {
            return new Launch(Optional.of(file), command);
        }
    }

    /** Stands for the bundled script that serves a Python micro's {@code main.py} app (Space's legacy mode). */
    public static final String LEGACY_PYTHON = "{legacy-python}";

    private static final Optional<String> NPM_BUILD = Optional.of("npm run build");
    private static final com.fasterxml.jackson.databind.ObjectMapper PACKAGE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public static EngineProfile of(Engine engine) {
        return switch (engine) {
            case STATIC -> new EngineProfile(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());
            case REACT -> frontend("npm run start -- --port $PORT", "build", List.of(List.of("react-scripts"), List.of("react", "vite")));
            case VUE -> frontend("npm run dev -- --port $PORT", "dist", List.of(List.of("@vue/cli-service"), List.of("vue", "vite")));
            case SVELTE -> frontend("npm run dev -- --port $PORT", "dist", List.of(List.of("svelte", "@sveltejs/vite-plugin-svelte")));
            case NEXT -> server(List.of(Launch.when(".next/standalone/server.js", "node .next/standalone/server.js"),
                    Launch.always("npx next start -p $PORT")), List.of(List.of("next")));
            case NUXT -> server(List.of(Launch.always("node .output/server/index.mjs")), List.of(List.of("nuxt")));
            case SVELTE_KIT -> server(List.of(Launch.when("build/index.js", "node build/index.js"),
                    Launch.always("npm run preview -- --port $PORT")), List.of(List.of("@sveltejs/kit")));
            case NODEJS16, NODEJS18, NODEJS20 -> runtime(List.of(Launch.always("node index.js")), List.of());
            case PYTHON38, PYTHON39, PYTHON310, PYTHON311 -> runtime(List.of(Launch.always("exec python3 " + LEGACY_PYTHON)),
                    List.of("UVICORN_PORT"));
            case CUSTOM -> new EngineProfile(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());
        };
    }

    /**
     * The dev command for a micro in {@code src} that has none of its own: the engine's default, but following the
     * project's own scripts (a Vite React app has {@code dev}, not Create React App's {@code start}).
     */
    public Optional<String> devIn(Path src) {
        if (dev.isEmpty() || !dev.get().startsWith("npm run ")) {
            return dev;
        }
        String script = dev.get().substring("npm run ".length()).split(" ")[0];
        String other = script.equals("start") ? "dev" : "start";
        try {
            com.fasterxml.jackson.databind.JsonNode scripts = PACKAGE_JSON.readTree(src.resolve("package.json").toFile()).path("scripts");
            return !scripts.has(script) && scripts.has(other) ? Optional.of(dev.get().replace("npm run " + script, "npm run " + other)) : dev;
        } catch (java.io.IOException e) {
            return dev; // no package.json, or unreadable: npm will say so
        }
    }

    /** The prod command for a micro built into {@code dir}, if the engine has one. */
    public Optional<String> prodCommand(Path dir) {
        return prod.stream().filter(l -> l.whenFile().map(f -> Files.isRegularFile(dir.resolve(f))).orElse(true))
                .map(Launch::command).findFirst();
    }

    /** Whether a package.json with these dependencies is this engine's. */
    public boolean detects(java.util.function.Predicate<String> hasDependency) {
        return detectedBy.stream().anyMatch(all -> all.stream().allMatch(hasDependency));
    }

    private static EngineProfile frontend(String dev, String output, List<List<String>> detectedBy) {
        return new EngineProfile(Optional.of(dev), List.of(), NPM_BUILD, Optional.of(output), List.of(), detectedBy);
    }

    private static EngineProfile server(List<Launch> prod, List<List<String>> detectedBy) {
        return new EngineProfile(Optional.of("npm run dev -- --port $PORT"), prod, NPM_BUILD, Optional.empty(), List.of(), detectedBy);
    }

    /** Node and Python: in dev mode they run as Space ran them. */
    private static EngineProfile runtime(List<Launch> prod, List<String> portVariables) {
        return new EngineProfile(Optional.empty(), prod, Optional.empty(), Optional.empty(), portVariables, List.of());
    }
}
