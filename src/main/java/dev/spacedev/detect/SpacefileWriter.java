package dev.spacedev.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The Spacefile for detected micros, as the old CLI wrote it: its header comment, two-space
 * YAML. One frontend-like micro is primary (static, then react, vue, svelte, next, nuxt,
 * svelte-kit); without one, the first. The others are served at {@code /<name>}.
 */
public final class SpacefileWriter {
    /**
     * Deta's docs (go.deta.dev) went with its cloud: the header names what still explains and checks the file, and gives
     * editors that read yaml-language-server's modeline (VS Code's YAML, IntelliJ, Neovim) Deta's schema, so they
     * complete keys and show the errors Space would have.
     */
    public static final String HEADER = "# yaml-language-server: $schema=" + dev.spacedev.spacefile.SpacefileSchema.OFFICIAL_URL + "\n"
            + "# Spacefile: a Deta Space app (its format: the Spacefile reference in space-dev's docs/spacefile.md; check it"
            + " with: space-dev validate)\n";

    private SpacefileWriter() {}

    public static String write(List<Detector.Found> micros) {
        Detector.Found primary = primary(micros);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Detector.Found f : micros) {
            Detection d = f.detection();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("src", f.src());
            m.put("engine", d.engine().wireName());
            if (f == primary) {
                m.put("primary", true);
            } else {
                m.put("path", f.name());
            }
            d.serve().ifPresent(s -> m.put("serve", s));
            if (!d.commands().isEmpty()) {
                m.put("commands", d.commands());
            }
            if (!d.include().isEmpty()) {
                m.put("include", d.include());
            }
            d.run().ifPresent(r -> m.put("run", r));
            d.dev().ifPresent(r -> m.put("dev", r));
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("v", 0);
        root.put("micros", list);
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(120)
                .build();
        return HEADER + new Dump(settings).dumpToString(root);
    }

    static Detector.Found primary(List<Detector.Found> micros) {
        return micros.stream()
                .filter(f -> Detection.FRONTEND_PREFERENCE.contains(f.detection().engine()))
                .min(Comparator.comparingInt((Detector.Found f) -> Detection.FRONTEND_PREFERENCE.indexOf(f.detection().engine())))
                .orElse(micros.get(0));
    }
}
