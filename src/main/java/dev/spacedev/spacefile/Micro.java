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

    /**
     * By name, which is unique in a Spacefile (equal micros have equal names, so this agrees with
     * the record's equals). Micros key the app's maps, and the record's own hash walks every
     * component through bootstrapped method handles: ~15 ms of a cold start.
     */
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The same micro with its source somewhere else: a build's copy of it. */
    public Micro withSrcDir(Path dir) {
        return new Micro(name, src, dir, engine, primary, path, serve, commands, include, run, dev, presets, isPublic, publicRoutes,
                provideActions, actions);
    }

    /** Space's {@code DETA_SPACE_APP_MICRO_TYPE}. */
    public String type() {
        return primary ? "primary" : "normal";
    }
}
