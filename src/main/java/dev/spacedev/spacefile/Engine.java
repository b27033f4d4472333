package dev.spacedev.spacefile;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A Micro's runtime engine, by the wire name the Spacefile uses. */
public enum Engine {
    STATIC("static", true),
    REACT("react", true),
    SVELTE("svelte", true),
    VUE("vue", true),
    NEXT("next", true),
    NUXT("nuxt", true),
    SVELTE_KIT("svelte-kit", true),
    PYTHON39("python3.9", true),
    PYTHON38("python3.8", true),
    NODEJS16("nodejs16", true),
    CUSTOM("custom", true),
    // Prepared in Deta's unreleased work but never offered by Space.
    PYTHON310("python3.10", false),
    PYTHON311("python3.11", false),
    NODEJS18("nodejs18", false),
    NODEJS20("nodejs20", false);

    private final String wireName;
    private final boolean shippedBySpace;

    Engine(String wireName, boolean shippedBySpace) {
        this.wireName = wireName;
        this.shippedBySpace = shippedBySpace;
    }

    public String wireName() {
        return wireName;
    }

    /** False for engines Space never offered; space-dev runs them but warns. */
    public boolean shippedBySpace() {
        return shippedBySpace;
    }

    /** Engines whose build output is a directory of files: they take {@code serve}, never {@code include}. */
    public boolean isStaticLike() {
        return this == STATIC || this == REACT || this == VUE || this == SVELTE;
    }

    public boolean isPython() {
        return wireName.startsWith("python");
    }

    /** Its defaults and build conventions. */
    public EngineProfile profile() {
        return EngineProfile.of(this);
    }

    public static Optional<Engine> fromWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
    }

    public static List<String> shippedWireNames() {
        return Arrays.stream(values()).filter(Engine::shippedBySpace).map(Engine::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
