package dev.spacedev.process;

import dev.spacedev.spacefile.ProjectFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command, package or module a micro needed and did not find, read from what the shell, Node or Python
 * printed, and the exact command that installs it, given what the micro's folder holds (a package.json without
 * node_modules, a lockfile of yarn or pnpm, a requirements.txt).
 */
final class MissingTools {
    /** dash's "sh: 1: vite: not found", bash's "sh: vite: command not found". */
    private static final Pattern SHELL = Pattern.compile("(?:^|: )([A-Za-z0-9_.@+-]+): (?:command )?not found\\s*$");
    /** Node's "Cannot find module 'express'" and "Cannot find package 'express' imported from …". */
    private static final Pattern NODE_MODULE = Pattern.compile("Cannot find (?:module|package) '([^']+)'");
    private static final Set<String> NODE_TOOLS = Set.of("node", "npm", "npx");
    private static final Set<String> PACKAGE_MANAGERS = Set.of("yarn", "pnpm");
    private static final Set<String> PYTHON_TOOLS = Set.of("uvicorn", "flask", "gunicorn", "hypercorn", "streamlit", "fastapi", "django-admin",
            "pip", "pip3");

    private MissingTools() {}

    static Optional<String> forLine(String line, Path src) {
        Matcher shell = SHELL.matcher(line);
        if (shell.find()) {
            return forCommand(shell.group(1), src);
        }
        Matcher module = NODE_MODULE.matcher(line);
        if (module.find() && (line.contains("ERR_MODULE_NOT_FOUND") || line.contains("Error:"))) {
            String name = module.group(1);
            if (name.startsWith(".") || name.startsWith("/")) {
                return Optional.of("a file it imports (" + name + ") does not exist: check the path, and that a build step made it");
            }
            return Optional.of("the Node package " + packageName(name) + " is not installed: " + nodeInstall(src)
                    + (dependsOn(src, packageName(name)) ? "" : "; it is not in package.json either: npm install " + packageName(name)));
        }
        return Optional.empty();
    }

    static Optional<String> forCommand(String tool, Path src) {
        if (NODE_TOOLS.contains(tool)) {
            return Optional.of(tool + " is not on PATH: install Node.js (Space ran Node 16; any later one works for most apps)");
        }
        if (PACKAGE_MANAGERS.contains(tool)) {
            return Optional.of(tool + " is not installed" + (Files.exists(src.resolve(tool.equals("yarn") ? "yarn.lock" : "pnpm-lock.yaml"))
                    ? " (this micro's lockfile is " + tool + "'s)" : "") + ": corepack enable (it comes with Node), or npm install -g " + tool);
        }
        if (tool.equals("python")) {
            return Optional.of("there is no \"python\" on PATH, only python3 here: write python3 in the micro's command");
        }
        if (PYTHON_TOOLS.contains(tool) || (Files.exists(src.resolve("requirements.txt")) && !Files.exists(src.resolve("package.json")))) {
            return Optional.of(tool + " is not installed for this micro: " + pythonInstall(src));
        }
        if (Files.isExecutable(src.resolve("node_modules/.bin").resolve(tool))) {
            return Optional.of(tool + " is installed in node_modules/.bin, which is not on PATH: run it as npx " + tool
                    + " or through a package.json script (npm run dev)");
        }
        if (Files.exists(src.resolve("package.json"))) {
            return Optional.of(tool + " is not installed: " + (Files.isDirectory(src.resolve("node_modules"))
                    ? "it is not among the micro's dependencies: npm install --save-dev " + tool + " in " + shown(src)
                    : nodeInstall(src)));
        }
        return Optional.empty();
    }

    /** How the micro's Node dependencies are installed, by its lockfile. */
    static String nodeInstall(Path src) {
        String install = Files.exists(src.resolve("yarn.lock")) ? "yarn install" : Files.exists(src.resolve("pnpm-lock.yaml")) ? "pnpm install"
                : "npm install";
        return "run " + install + " in " + shown(src) + " (or start with space-dev up --install)";
    }

    static String pythonInstall(Path src) {
        return Files.exists(src.resolve("requirements.txt"))
                ? "python3 -m venv " + shown(src.resolve(".venv")) + " && " + shown(src.resolve(".venv/bin/pip"))
                        + " install -r requirements.txt (space-dev puts .venv/bin first on PATH; or start with space-dev up --install)"
                : "pip install it in a virtualenv at " + shown(src.resolve(".venv")) + " (space-dev puts its bin/ first on PATH)";
    }

    /** "@scope/pkg/sub" → "@scope/pkg"; "pkg/sub" → "pkg". */
    private static String packageName(String specifier) {
        String[] parts = specifier.split("/");
        return specifier.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
    }

    private static boolean dependsOn(Path src, String name) {
        try {
            return ProjectFile.readString(src, src.resolve("package.json")).contains("\"" + name + "\"");
        } catch (java.io.IOException e) {
            return true; // no package.json to name it in: say nothing about it
        }
    }

    /** The folder as the user knows it: relative to where space-dev runs when it is below it. */
    private static String shown(Path p) {
        Path here = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(here) && !abs.equals(here) ? "./" + here.relativize(abs) : abs.toString();
    }
}
