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
        List<String> why = new ArrayList<>();
        rows.add(new String[] {"MICRO", "PATH", "PORT", "STATE", "COMMAND"});
        for (Map.Entry<Micro, Target> e : targets.entrySet()) {
            Micro m = e.getKey();
            if (!java.nio.file.Files.isDirectory(m.srcDir())) {
                why.add(m.name() + ": its src folder " + m.src() + " does not exist");
            }
            if (e.getValue() instanceof Target.StaticSite site) {
                boolean there = java.nio.file.Files.isDirectory(site.files().root());
                if (!there) {
                    why.add(m.name() + ": " + filesOf(app, site).replace("files of ", "") + " does not exist yet, so every path"
                            + " answers 404 (build the frontend, or run up --prod to build it as Space did)");
                }
                rows.add(new String[] {m.name(), m.path(), "-", there ? "static" : "not ready", filesOf(app, site)});
            } else {
                Upstream u = ((Target.Service) e.getValue()).upstream();
                MicroProcess p = processes.stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
                String portText = p != null ? Integer.toString(p.port()) : "-";
                String command = p != null ? p.plan().command().orElse("(" + p.plan().origin() + ")") : "-";
                String state = u.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                if (p != null && u.status() != Upstream.Status.READY) {
                    why.add(m.name() + ": " + (p.exits() > 0 ? "exited with code " + p.lastExitCode() + " (its output is above)"
                            : p.plan().runsProcess() ? "its port " + p.port() + " is not accepting connections yet"
                            : "nothing to run: " + p.plan().origin()));
                }
                rows.add(new String[] {m.name(), m.path(), portText, state, command});
            }
        }
        String headline = (allReady && why.isEmpty() ? "app is up" : "app started, but not every micro is ready")
                + String.format(" %.2f s after space-dev started", took.toMillis() / 1000.0)
                + (url == null ? " (no proxy: start one with space-dev proxy)" : ": " + url);
        log.info(headline);
        why.forEach(w -> log.info("  not ready: " + w));
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
