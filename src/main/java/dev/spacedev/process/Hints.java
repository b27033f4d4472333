package dev.spacedev.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Known causes of a micro failing, each recognised from what it printed, how it exited, or where
 * it listens, and turned into one line saying what to do. Each hint is given once per run.
 */
public final class Hints {
    /** A cause recognised in a line of output. */
    private record FromOutput(Predicate<String> line, String hint) {}

    private static final List<FromOutput> OUTPUT = List.of(
            new FromOutput(l -> l.contains("ERR_OSSL_EVP_UNSUPPORTED") || l.contains("error:0308010C"), "Space ran Node 16, and this"
                    + " tool chain (webpack 4, an old react-scripts) needs its older OpenSSL: set NODE_OPTIONS=--openssl-legacy-provider"
                    + " (in the micro's dev/run, or your shell), or run it with Node 16"),
            new FromOutput(l -> l.contains("EBADENGINE") || l.contains("is incompatible with this module"), "its package.json asks"
                    + " for another Node version (\"engines\") than the one on PATH (node --version): use that version (nvm, fnm), or"
                    + " install with --engine-strict=false if it works anyway"),
            new FromOutput(l -> l.contains("cannot import name 'Base' from 'deta'") || l.contains("cannot import name 'Deta' from 'deta'")
                    || (l.contains("deta") && (l.contains("No matching distribution") || l.contains("Could not find a version"))),
                    "PyPI's \"deta\" is now an unrelated project, and Deta's SDK 1.x is gone from it: set SPACE_DEV_DETA_PYTHON to"
                    + " Deta's SDK (a wheel, a folder or a pip URL; docs/up.md says where to find one), then use --prod, which installs"
                    + " it as Space did, or pip install that into the micro's .venv"),
            new FromOutput(l -> l.contains("EADDRINUSE") || l.contains("Address already in use"), "its port is taken by another"
                    + " process: make the micro listen on $PORT (space-dev gives each micro a free one), and stop what holds it"));

    /** A command that runs a Node server (its package manager, or a framework's CLI). */
    private static final Pattern NODE = Pattern.compile("\\s(node|npm|npx|yarn|pnpm|bun|next|nuxt|vite)\\s");

    private Hints() {}

    /** A hint for a line of the micro's output, if it shows a known cause. */
    public static Optional<String> forOutput(String line, Path src) {
        if (line.contains("ModuleNotFoundError") || line.contains("No module named")) {
            Optional<Path> venv = virtualenv(src);
            return Optional.of(venv.isPresent() ? "the micro has a virtualenv (" + src.relativize(venv.get()) + ") that is not"
                    + " active: space-dev puts its bin/ first on PATH in dev mode; if the module is still missing, pip install it"
                    + " there (or add it to requirements.txt and use --prod)"
                    : "a Python module is missing: pip install -r requirements.txt (or use --prod, which installs it as Space did)");
        }
        Optional<String> known = OUTPUT.stream().filter(c -> c.line().test(line)).map(FromOutput::hint).findFirst();
        return known.isPresent() ? known : MissingTools.forLine(line, src);
    }

    /** What installs a missing command for a micro with this folder, if the folder says (a package.json, a requirements.txt). */
    public static Optional<String> forCommand(String tool, Path src) {
        return MissingTools.forCommand(tool, src);
    }

    /** The command that installs a Node micro's dependencies, by its lockfile. */
    public static String nodeInstall(Path src) {
        return MissingTools.nodeInstall(src);
    }

    /** The commands that install a Python micro's requirements in its own virtualenv. */
    public static String pythonInstall(Path src) {
        return MissingTools.pythonInstall(src);
    }

    /** A hint for how the micro's command exited, if the exit says why. */
    public static Optional<String> forExit(int code, LaunchPlan plan) {
        if (code == 127 && plan.origin().equals("run")) {
            return Optional.of("its command was not found: \"" + plan.command().orElse("")
                    + "\" runs what a build makes (Space built it first): add `dev:` for dev mode, or use --prod");
        }
        if (code == 127) {
            return Optional.of("its command was not found (the line above names it): install it, or fix the micro's dev command");
        }
        return Optional.empty();
    }

    /** A hint for a micro that does not accept connections on its port while it listens on others. */
    public static Optional<String> forPorts(int expected, Set<Integer> listening) {
        if (listening.isEmpty() || listening.contains(expected)) {
            return Optional.empty();
        }
        return Optional.of("it listens on " + (listening.size() == 1 ? "port " + listening.iterator().next() : "ports " + listening)
                + ", not on $PORT (" + expected + "): make it read the PORT variable, as Space required");
    }

    /** How to bind the server a command starts to $HOST, in its own terms (a Node example when the command does not say). */
    public static String loopbackBind(Optional<String> command) {
        String c = " " + command.orElse("") + " ";
        if (c.contains("uvicorn")) {
            return "uvicorn reads UVICORN_HOST, which space-dev sets, unless its command line names --host: drop that, or make"
                    + " it --host $HOST";
        }
        if (c.contains("gunicorn")) {
            return "space-dev's GUNICORN_CMD_ARGS binds gunicorn to loopback unless a --bind names another address: drop that,"
                    + " or make it --bind $HOST:$PORT";
        }
        if (c.contains("http.server")) {
            return "e.g. python3 -m http.server --bind $HOST $PORT";
        }
        if (c.contains("flask") || c.contains("streamlit") || c.contains(" python")) {
            return "e.g. app.run(host=os.environ[\"HOST\"], port=int(os.environ[\"PORT\"]))";
        }
        if (c.contains("deno")) {
            return "e.g. Deno.serve({ hostname: Deno.env.get(\"HOST\"), port: Number(Deno.env.get(\"PORT\")) }, handler)";
        }
        if (!NODE.matcher(c).find() && (c.contains(" go ") || c.contains(" ./"))) {
            return "e.g. in Go: http.ListenAndServe(os.Getenv(\"HOST\")+\":\"+os.Getenv(\"PORT\"), handler)";
        }
        return "e.g. app.listen(process.env.PORT, process.env.HOST)";
    }

    /** A virtualenv in the micro's folder, as people make them: .venv or venv. */
    public static Optional<Path> virtualenv(Path src) {
        return Set.of(".venv", "venv").stream().map(src::resolve).filter(v -> Files.isRegularFile(v.resolve("bin/python"))
                || Files.isRegularFile(v.resolve("bin/python3"))).sorted().findFirst();
    }
}
