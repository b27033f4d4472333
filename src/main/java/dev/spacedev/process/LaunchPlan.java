package dev.spacedev.process;

import dev.spacedev.spacefile.Micro;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What runs for a micro in dev mode: its {@code dev}, else its {@code run}, else its engine's
 * default. Static micros run nothing: the proxy serves their files.
 */
public record LaunchPlan(Optional<String> command, String origin, Optional<Path> workDir, Optional<Path> binDir) {
    public static final LaunchPlan STATIC = new LaunchPlan(Optional.empty(), "static files served by space-dev");

    public LaunchPlan(Optional<String> command, String origin) {
        this(command, origin, Optional.empty(), Optional.empty());
    }

    /** The same command, run in {@code dir} (a staged build), with {@code bin} (a virtualenv's) first on PATH. */
    public LaunchPlan in(Path dir, Optional<Path> bin) {
        return new LaunchPlan(command, origin, Optional.of(dir), bin);
    }

    /** A static micro with no command of its own: space-dev serves its {@code serve} directory. */
    public static boolean servesStatically(Micro micro) {
        return micro.dev().isEmpty() && micro.run().isEmpty() && micro.serve().isPresent()
                && micro.engine() == dev.spacedev.spacefile.Engine.STATIC;
    }

    public boolean runsProcess() {
        return command.isPresent();
    }

    /**
     * @param legacyPython the bundled script serving {@code main.py}'s {@code app}, for python
     *     micros with neither {@code dev} nor {@code run} (Space's legacy mode)
     */
    public static LaunchPlan forDev(Micro micro, Path legacyPython) {
        if (micro.dev().isPresent()) {
            return new LaunchPlan(micro.dev(), "dev");
        }
        if (micro.run().isPresent()) {
            return new LaunchPlan(micro.run(), "run");
        }
        return switch (micro.engine()) {
            case STATIC -> STATIC;
            case REACT -> new LaunchPlan(Optional.of("npm run start -- --port $PORT"), "engine default");
            case VUE, SVELTE, NEXT, NUXT, SVELTE_KIT -> new LaunchPlan(Optional.of("npm run dev -- --port $PORT"), "engine default");
            case CUSTOM -> new LaunchPlan(Optional.empty(), "none: a custom micro needs \"dev\" or \"run\"");
            default -> forProd(micro, legacyPython, micro.srcDir()).orElseThrow(); // node and python: as Space ran them
        };
    }

    /**
     * What Space ran after a build: {@code run}, else the engine's server. Empty for engines whose
     * build output is files (the proxy serves them) and for a custom micro without {@code run}.
     *
     * @param dir where the built micro is (its src, or its staged copy)
     */
    public static Optional<LaunchPlan> forProd(Micro micro, Path legacyPython, Path dir) {
        if (micro.run().isPresent()) {
            return Optional.of(new LaunchPlan(micro.run(), "run"));
        }
        String command = switch (micro.engine()) {
            case NODEJS16, NODEJS18, NODEJS20 -> "node index.js";
            case PYTHON38, PYTHON39, PYTHON310, PYTHON311 -> "exec python3 '" + legacyPython + "'";
            case NEXT -> java.nio.file.Files.isRegularFile(dir.resolve(".next/standalone/server.js"))
                    ? "node .next/standalone/server.js" : "npx next start -p $PORT";
            case NUXT -> "node .output/server/index.mjs";
            case SVELTE_KIT -> java.nio.file.Files.isRegularFile(dir.resolve("build/index.js"))
                    ? "node build/index.js" : "npm run preview -- --port $PORT";
            default -> null;
        };
        if (command == null) {
            return Optional.empty();
        }
        String origin = micro.engine().isPython() ? "main.py's app (Space's legacy mode)" : "engine default";
        return Optional.of(new LaunchPlan(Optional.of(command), origin));
    }
}
