package dev.spacedev.detect;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.EngineProfile;
import dev.spacedev.spacefile.ProjectFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One detector per stack, tried in Space's order (python, node, then go, static) with the stacks
 * the old CLI missed added before static: Rust and Deno. Each looks at one directory only.
 */
final class Stacks {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA).build();
    private static final TomlMapper TOML = new TomlMapper();
    private static final Pattern SETTINGS_MODULE = Pattern.compile("DJANGO_SETTINGS_MODULE['\"]\\s*,\\s*['\"]([A-Za-z_][\\w.]*)\\.settings");

    /** In order; the first that recognises a directory wins. */
    static final List<Stack> ALL = List.of(
            new Stack("python", "requirements.txt, Pipfile, setup.py, main.py or pyproject.toml", Stacks::python),
            new Stack("node", "package.json", Stacks::node),
            new Stack("go", "go.mod", Stacks::go),
            new Stack("rust", "Cargo.toml", Stacks::rust),
            new Stack("deno", "deno.json or deno.jsonc", Stacks::deno),
            new Stack("static", "index.html", Stacks::staticSite));

    record Stack(String name, String lookedFor, Function<Path, Optional<Detection>> detector) {}

    private Stacks() {}

    static Optional<Detection> python(Path dir) {
        List<String> markers = List.of("requirements.txt", "Pipfile", "setup.py", "main.py", "pyproject.toml", "manage.py");
        Optional<String> marker = markers.stream().filter(m -> Files.isRegularFile(dir.resolve(m))).findFirst();
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        String deps = (read(dir.resolve("requirements.txt")) + read(dir.resolve("Pipfile")) + read(dir.resolve("pyproject.toml"))
                + read(dir.resolve("setup.py"))).toLowerCase(Locale.ROOT);
        String module = Files.isRegularFile(dir.resolve("main.py")) || !Files.isRegularFile(dir.resolve("app.py")) ? "main" : "app";
        Detection d = Detection.of(Engine.PYTHON39, marker.get());
        Optional<String> django = djangoProject(dir);
        if (django.isPresent()) {
            // Space ran a Django micro through its run command; gunicorn takes $PORT itself (GUNICORN_CMD_ARGS binds it to loopback)
            return Optional.of(Detection.of(Engine.PYTHON39, "manage.py of Django project " + django.get())
                    .withRun("gunicorn " + django.get() + ".wsgi").withDev("python3 manage.py runserver $PORT"));
        }
        if (deps.contains("fastapi") || deps.contains("starlette")) {
            return Optional.of(d.withDev("uvicorn " + module + ":app --reload --port $PORT"));
        }
        if (deps.contains("flask")) {
            return Optional.of(d.withDev("flask --app " + module + " run --debug --port $PORT"));
        }
        return Optional.of(d.withDev("python3 " + module + ".py"));
    }

    /** The project package django-admin startproject wrote beside manage.py (the one holding wsgi.py). */
    private static Optional<String> djangoProject(Path dir) {
        Matcher settings = SETTINGS_MODULE.matcher(read(dir.resolve("manage.py")));
        return settings.find() && Files.isRegularFile(dir.resolve(settings.group(1).replace('.', '/')).resolve("wsgi.py"))
                ? Optional.of(settings.group(1)) : Optional.empty();
    }

    static Optional<Detection> node(Path dir) {
        Path manifest = dir.resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        JsonNode pkg;
        try {
            pkg = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            return Optional.of(Detection.of(Engine.NODEJS16, "package.json (unreadable: " + e.getMessage() + ")").withRun("npm start"));
        }
        // first match wins, in this order: react-scripts apps often also list svelte or vue tooling
        for (Engine e : List.of(Engine.REACT, Engine.SVELTE_KIT, Engine.SVELTE, Engine.VUE, Engine.NEXT, Engine.NUXT)) {
            EngineProfile profile = e.profile();
            if (profile.detects(dep -> has(pkg, dep))) {
                Detection d = Detection.of(e, "package.json with " + String.join(" and ", profile.detectedBy().stream()
                        .filter(all -> all.stream().allMatch(dep -> has(pkg, dep))).findFirst().orElseThrow()));
                if (profile.output().isEmpty()) {
                    return Optional.of(d);
                }
                // a Vite app builds to dist/, Create React App to build/
                String output = has(pkg, "vite") ? "dist" : profile.output().get();
                Detection built = d.withBuild(List.of(profile.build().orElseThrow()), List.of()).withServe(output);
                return Optional.of(script(pkg, "dev").map(x -> built.withDev("npm run dev -- --port $PORT")).orElse(built));
            }
        }
        Optional<Detection> frontend = otherFrontend(dir, pkg);
        if (frontend.isPresent()) {
            return frontend;
        }
        Detection d = Detection.of(Engine.NODEJS16, "package.json");
        String main = pkg.path("main").asText("index.js").isEmpty() ? "index.js" : pkg.path("main").asText("index.js");
        // in dev mode a Node micro restarts on its own when its code changes: its dev script, else node --watch (Node 18.11+)
        // a start script that only runs node on a file (express-generator's "node ./bin/www") reloads with --watch
        Optional<String> started = script(pkg, "start").filter(c -> c.matches("node [^\\s&|;]+")).map(c -> c.substring("node ".length()))
                .filter(file -> Files.isRegularFile(dir.resolve(file)));
        Optional<String> dev = pkg.path("scripts").hasNonNull("dev") ? Optional.of("npm run dev")
                : started.isPresent() ? Optional.of("node --watch " + started.get())
                : Files.isRegularFile(dir.resolve(main)) ? Optional.of("node --watch " + main) : Optional.empty();
        Detection run = pkg.path("scripts").hasNonNull("start") ? d.withRun("npm start") : d.withRun("node " + main);
        return Optional.of(dev.map(run::withDev).orElse(run));
    }


    /**
     * Frontends Space had no engine for, built to files it served as a static micro: any other Vite app (Preact,
     * Solid, Lit, vanilla), Astro and Angular. Each builds with its own build script; its dev server takes $PORT.
     */
    private static Optional<Detection> otherFrontend(Path dir, JsonNode pkg) {
        if (script(pkg, "build").isEmpty()) {
            return Optional.empty();
        }
        String evidence;
        String output;
        String devScript;
        if (has(pkg, "@angular/core")) {
            evidence = "package.json with @angular/core";
            output = "dist/" + pkg.path("name").asText("app") + "/browser";
            devScript = "start";
        } else if (has(pkg, "astro")) {
            evidence = "package.json with astro";
            output = "dist";
            devScript = "dev";
        } else if (has(pkg, "vite") && Files.isRegularFile(dir.resolve("index.html"))) {
            evidence = "package.json with vite, and index.html";
            output = "dist";
            devScript = "dev";
        } else {
            return Optional.empty();
        }
        Detection d = Detection.of(Engine.STATIC, evidence).withBuild(List.of("npm run build"), List.of()).withServe(output);
        return Optional.of(script(pkg, devScript).map(x -> d.withDev("npm run " + devScript + " -- --port $PORT")).orElse(d));
    }

    private static Optional<String> script(JsonNode pkg, String name) {
        return pkg.path("scripts").hasNonNull(name) ? Optional.of(pkg.path("scripts").path(name).asText()) : Optional.empty();
    }

    private static boolean has(JsonNode pkg, String dependency) {
        return pkg.path("dependencies").has(dependency) || pkg.path("devDependencies").has(dependency);
    }

    static Optional<Detection> go(Path dir) {
        if (!Files.isRegularFile(dir.resolve("go.mod"))) {
            return Optional.empty();
        }
        return Optional.of(Detection.of(Engine.CUSTOM, "go.mod")
                .withBuild(List.of("go build -o server"), List.of("server")).withRun("./server").withDev("go run ."));
    }

    static Optional<Detection> rust(Path dir) {
        Path manifest = dir.resolve("Cargo.toml");
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        String binary = dir.getFileName().toString();
        try {
            JsonNode cargo = TOML.readTree(manifest.toFile());
            JsonNode bins = cargo.path("bin");
            binary = bins.isArray() && bins.size() > 0 && bins.get(0).hasNonNull("name") ? bins.get(0).get("name").asText()
                    : cargo.path("package").path("name").asText(binary);
        } catch (IOException e) {
            // keep the directory's name
        }
        return Optional.of(Detection.of(Engine.CUSTOM, "Cargo.toml")
                .withBuild(List.of("cargo build --release", "cp target/release/" + binary + " ./" + binary), List.of(binary))
                .withRun("./" + binary).withDev("cargo run"));
    }

    static Optional<Detection> deno(Path dir) {
        Optional<Path> config = List.of("deno.json", "deno.jsonc").stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
        if (config.isEmpty()) {
            return Optional.empty();
        }
        String entry = List.of("main.ts", "mod.ts", "server.ts", "main.js").stream().filter(f -> Files.isRegularFile(dir.resolve(f)))
                .findFirst().orElse("main.ts");
        boolean devTask = false;
        try {
            devTask = JSON.readTree(config.get().toFile()).path("tasks").has("dev");
        } catch (IOException e) {
            // no tasks to use
        }
        return Optional.of(Detection.of(Engine.CUSTOM, config.get().getFileName().toString())
                .withBuild(List.of("deno compile --allow-all --output server " + entry), List.of("server"))
                .withRun("./server").withDev(devTask ? "deno task dev" : "deno run --allow-all --watch " + entry));
    }

    static Optional<Detection> staticSite(Path dir) {
        if (!Files.isRegularFile(dir.resolve("index.html"))) {
            return Optional.empty();
        }
        return Optional.of(Detection.of(Engine.STATIC, "index.html").withServe("./"));
    }

    private static String read(Path file) {
        try {
            return ProjectFile.readString(file.toAbsolutePath().getParent(), file);
        } catch (IOException e) {
            return "";
        }
    }
}
