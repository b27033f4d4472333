package dev.spacedev.spacefile;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Micro of an app, as validated. {@code path} is already normalised: {@code /} for the primary,
 * {@code /<segments>} without a trailing slash for the others. {@code srcDir} is absolute.
 */
public record Micro(
        String name,
        String src,
        Path srcDir,
        Engine engine,
        boolean primary,
        String path,
        Optional<String> serve,
        List<String> commands,
        List<String> include,
        Optional<String> run,
        Optional<String> dev,
        Presets presets,
        boolean isPublic,
        List<String> publicRoutes,
        boolean provideActions,
        List<Action> actions) {

    public Micro {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(srcDir, "srcDir");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(serve, "serve");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(presets, "presets");
        commands = List.copyOf(commands);
        include = List.copyOf(include);
        publicRoutes = List.copyOf(publicRoutes);
        actions = List.copyOf(actions);
    }

    /** The routes that bypass auth: {@code public: true} means every route. */
    public List<String> effectivePublicRoutes() {
        return isPublic ? List.of("/*") : publicRoutes;
    }

    /** Space's {@code DETA_SPACE_APP_MICRO_TYPE}. */
    public String type() {
        return primary ? "primary" : "normal";
    }
}
