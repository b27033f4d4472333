package dev.spacedev.detect;

import dev.spacedev.spacefile.Engine;
import java.util.List;
import java.util.Optional;

/** What one directory looks like to the detector: the micro it would be, and why. */
public record Detection(
        Engine engine,
        List<String> commands,
        List<String> include,
        Optional<String> serve,
        Optional<String> run,
        Optional<String> dev,
        String evidence) {

    public Detection {
        commands = List.copyOf(commands);
        include = List.copyOf(include);
    }

    static Detection of(Engine engine, String evidence) {
        return new Detection(engine, List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), evidence);
    }

    Detection withDev(String command) {
        return new Detection(engine, commands, include, serve, run, Optional.of(command), evidence);
    }

    Detection withRun(String command) {
        return new Detection(engine, commands, include, serve, Optional.of(command), dev, evidence);
    }

    Detection withBuild(List<String> buildCommands, List<String> includes) {
        return new Detection(engine, buildCommands, includes, serve, run, dev, evidence);
    }

    Detection withServe(String dir) {
        return new Detection(engine, commands, include, Optional.of(dir), run, dev, evidence);
    }

    /** Static and static-like frontends: the primary's preferred engines, best first. */
    static final List<Engine> FRONTEND_PREFERENCE = List.of(Engine.STATIC, Engine.REACT, Engine.VUE, Engine.SVELTE,
            Engine.NEXT, Engine.NUXT, Engine.SVELTE_KIT);
}
