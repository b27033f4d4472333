package dev.spacedev.process;

import dev.spacedev.spacefile.EngineProfile;
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
        // as the user's shell would after activating it: the micro's own virtualenv first on PATH
        Optional<Path> venvBin = Hints.virtualenv(micro.srcDir()).map(v -> v.resolve("bin"));
        if (micro.dev().isPresent()) {
            return new LaunchPlan(micro.dev(), "dev", Optional.empty(), venvBin);
        }
        if (micro.run().isPresent()) {
            return new LaunchPlan(micro.run(), "run", Optional.empty(), venvBin);
        }
        if (micro.engine() == dev.spacedev.spacefile.Engine.STATIC) {
            return STATIC;
        }
        Optional<String> dev = micro.engine().profile().devIn(micro.srcDir());
        if (dev.isPresent()) {
            return new LaunchPlan(dev, "engine default");
        }
        return forProd(micro, legacyPython, micro.srcDir()) // node and python: as Space ran them
                .map(plan -> new LaunchPlan(plan.command(), plan.origin(), Optional.empty(), venvBin))
                .orElse(new LaunchPlan(Optional.empty(), "none: a custom micro needs \"dev\" or \"run\""));
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
        String origin = micro.engine().isPython() ? "main.py's app (Space's legacy mode)" : "engine default";
        return micro.engine().profile().prodCommand(dir)
                .map(c -> new LaunchPlan(Optional.of(c.replace(EngineProfile.LEGACY_PYTHON, "'" + legacyPython + "'")), origin));
    }
}
