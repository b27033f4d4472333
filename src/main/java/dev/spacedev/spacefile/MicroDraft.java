package dev.spacedev.spacefile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A micro as read, before the app-level rules decide which one is primary and where each is
 * served. Fields that failed their own check are empty, so later rules skip them instead of
 * repeating the error.
 */
record MicroDraft(
        YamlMap node,
        Optional<String> name,
        Optional<String> src,
        Optional<Path> srcDir,
        Optional<Engine> engine,
        Optional<Boolean> primary,
        Optional<String> path,
        Optional<String> serve,
        List<String> commands,
        List<String> include,
        Optional<String> run,
        Optional<String> dev,
        Presets presets,
        boolean isPublic,
        List<String> publicRoutes,
        boolean provideActions,
        List<ActionDraft> actions) {

    /** An action as read: id and name for the app-wide uniqueness rules, the action itself if it is whole. */
    record ActionDraft(YamlMap node, Optional<String> id, Optional<String> name, Optional<Action> action) {}

    /** The micro once primary and path are decided; only called when the draft had no errors. */
    Micro toMicro(boolean isPrimary, String resolvedPath) {
        return new Micro(name.orElseThrow(), src.orElseThrow(), srcDir.orElseThrow(), engine.orElseThrow(), isPrimary,
                resolvedPath, serve, commands, include, run, dev, presets, isPublic, publicRoutes, provideActions,
                actions.stream().flatMap(a -> a.action().stream()).toList()); // an action space-dev cannot schedule was warned about
    }
}
