package dev.spacedev.cli;

import dev.spacedev.process.LogPrinter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** {@code --open}: the platform's opener (xdg-open on Linux, open on macOS). */
final class Browser {
    private Browser() {}

    /** False when no browser could be opened (no opener, or it failed at once, as xdg-open does without a browser). */
    static boolean open(String target, LogPrinter log) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String opener = os.contains("mac") ? "open" : os.contains("win") ? "explorer" : "xdg-open";
        try {
            Process p = new ProcessBuilder(opener, target).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // an opener that finds no browser says so within moments; one that found it may stay (it is not waited for)
            return !p.waitFor(3, TimeUnit.SECONDS) || p.exitValue() == 0;
        } catch (IOException e) {
            log.info("could not open a browser (" + opener + ": " + e.getMessage() + ")");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
