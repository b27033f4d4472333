package dev.spacedev.spacefile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the top level of a composed Spacefile and hands the micros to {@link MicroReader} and {@link AppRules}. */
final class SpacefileReader {
    static final Set<String> KEYS = MicroReader.orderedSet("v", "icon", "app_name", "auto_pwa", "micros");
    static final int MAX_APP_NAME = 12;

    private final Path file;
    private final Problems problems;

    SpacefileReader(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    Optional<Spacefile> read(YamlMap root) {
        root.require("v");
        root.require("micros");
        int version = root.integer("v").map(v -> {
            if (v != 0) {
                problems.error(root.valuePosition("v"), "v", "\"v\" must be 0, the only Spacefile version; found " + v);
            }
            return v.intValue();
        }).orElse(0);
        Optional<String> icon = root.string("icon");
        icon.ifPresent(i -> new IconCheck(problems).check(i, projectDir().resolve(i).normalize(), root.valuePosition("icon")));
        Optional<String> appName = root.string("app_name");
        appName.filter(n -> MicroReader.length(n) > MAX_APP_NAME).ifPresent(n -> problems.error(root.valuePosition("app_name"),
                "app_name", "\"app_name\" may be at most " + MAX_APP_NAME + " characters; \"" + n + "\" has " + MicroReader.length(n)));
        boolean autoPwa = root.bool("auto_pwa").orElse(true);

        MicroReader microReader = new MicroReader(projectDir(), problems);
        List<MicroDraft> drafts = root.list("micros", 1)
                .map(items -> {
                    if (items.size() > Spacefile.MAX_MICROS) {
                        problems.error(root.valuePosition("micros"), "micros", "an app may have at most "
                                + Spacefile.MAX_MICROS + " micros; this one has " + items.size());
                    }
                    return root.mappings(items, "a micro", MicroReader.KEYS, microReader::read);
                })
                .orElse(List.of());
        List<Micro> micros = new AppRules(problems).apply(root, drafts);
        if (problems.hasErrors() || micros.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Spacefile(file, version, icon, appName, autoPwa, micros));
    }

    private Path projectDir() {
        return file.toAbsolutePath().getParent();
    }
}
