package dev.spacedev.cli;

import dev.spacedev.process.LogPrinter;
import java.io.IOException;

/** {@code --open}: the platform's opener (xdg-open on Linux, open on macOS). */
final class Browser {
    private Browser() {}

    static void open(String url, LogPrinter log) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String opener = os.contains("mac") ? "open" : os.contains("win") ? "explorer" : "xdg-open";
        try {
            new ProcessBuilder(opener, url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.info("could not open a browser (" + opener + ": " + e.getMessage() + "); open " + url + " yourself");
        }
    }
}
