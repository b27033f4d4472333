package dev.spacedev.process;

import dev.spacedev.spacefile.Micro;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What runs for a micro in dev mode: its {@code dev}, else its {@code run}, else its engine's
 * default. Static micros run nothing: the proxy serves their files.
 */
public record LaunchPlan(Optional<String> command, String origin) {
    public static final LaunchPlan STATIC = new LaunchPlan(Optional.empty(), "static files served by space-dev");

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
            case NODEJS16, NODEJS18, NODEJS20 -> new LaunchPlan(Optional.of("node index.js"), "engine default");
            case PYTHON38, PYTHON39, PYTHON310, PYTHON311 -> new LaunchPlan(
                    Optional.of("exec python3 '" + legacyPython + "'"), "main.py's app (Space's legacy mode)");
            case CUSTOM -> new LaunchPlan(Optional.empty(), "none: a custom micro needs \"dev\" or \"run\"");
        };
    }
}
