package dev.spacedev.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A cheap summary of a micro's own files (how many, their total size, the newest change), to
 * notice an edit while the micro is crashed without reading a byte. Installed dependencies and
 * tool folders are left out: they change without the user editing anything.
 */
final class SourceStamp {
    private static final Set<String> SKIPPED = Set.of(".space", ".git", "node_modules", "__pycache__", ".venv", "venv", ".next",
            ".svelte-kit", ".nuxt", ".output", "target", "dist", "build");

    private SourceStamp() {}

    static String of(Path root) {
        long[] stamp = new long[3];
        try {
            SourceFiles.forEach(root, SKIPPED, (file, attrs) -> {
                stamp[0]++;
                stamp[1] += attrs.size();
                stamp[2] = Math.max(stamp[2], attrs.lastModifiedTime().toMillis());
            });
        } catch (IOException e) {
            return "unreadable";
        }
        return stamp[0] + "/" + stamp[1] + "/" + stamp[2];
    }
}
