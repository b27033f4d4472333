package dev.spacedev.cli;

import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.proxy.Target;
import dev.spacedev.proxy.Upstream;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one table printed once the app is up: each micro, its path, port, state and command. */
final class Summary {
    private final LogPrinter log;

    Summary(LogPrinter log) {
        this.log = log;
    }

    /** Where a static micro's files are, as the user wrote it: "the app's folder" rather than an empty path. */
    static String filesOf(Spacefile app, Target.StaticSite site) {
        String dir = app.projectDir().relativize(site.files().root()).toString();
        return dir.isEmpty() ? "files of the app's folder" : "files of " + dir + "/";
    }

    void print(Spacefile app, Map<Micro, Target> targets, List<MicroProcess> processes, String url, boolean allReady, Duration took) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MICRO", "PATH", "PORT", "STATE", "COMMAND"});
        for (Map.Entry<Micro, Target> e : targets.entrySet()) {
            Micro m = e.getKey();
            if (e.getValue() instanceof Target.StaticSite site) {
                rows.add(new String[] {m.name(), m.path(), "-", "static", filesOf(app, site)});
            } else {
                Upstream u = ((Target.Service) e.getValue()).upstream();
                MicroProcess p = processes.stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
                String portText = p != null ? Integer.toString(p.port()) : "-";
                String command = p != null ? p.plan().command().orElse("(" + p.plan().origin() + ")") : "-";
                rows.add(new String[] {m.name(), m.path(), portText, u.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), command});
            }
        }
        String headline = (allReady ? "app is up" : "app started, but not every micro is ready")
                + String.format(" after %.2f s", took.toMillis() / 1000.0)
                + (url == null ? " (no proxy: start one with space-dev proxy)" : ": " + url);
        log.info(headline);
        int[] widths = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            log.raw(line.toString());
        }
    }
}
