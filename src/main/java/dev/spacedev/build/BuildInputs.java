package dev.spacedev.build;

import dev.spacedev.process.SourceFiles;
import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A fingerprint of what a micro's build depends on: its files (not installed dependencies, not
 * space-dev's own directory), its build settings, the environment variables a build reads (the
 * micro's presets and the toolchains' own, such as {@code NODE_ENV}), and the versions of the tools
 * it runs (node and npm for a package.json, python3 for requirements.txt). Taken after a
 * successful build, it matches the next time only if nothing was touched since, outputs included.
 */
final class BuildInputs {
    private static final Set<String> SKIPPED = Set.of(".space", ".git", "node_modules", "__pycache__", ".venv", "venv");
    /** Variables the toolchains read during a build; any other is the shell's business, not the build's. */
    static final List<String> TOOLCHAIN_VARIABLES = List.of("NODE_ENV", "NODE_OPTIONS", "NPM_CONFIG_REGISTRY", "PYTHONPATH",
            "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "GOFLAGS", "CGO_ENABLED", "RUSTFLAGS", "CARGO_BUILD_TARGET", DetaSdk.SOURCE_VARIABLE);

    private BuildInputs() {}

    /** @param env the build's environment; @param tools "tool version" lines of the tools the build runs */
    static String fingerprint(Micro micro, java.util.Map<String, String> env, List<String> tools) throws IOException {
        MessageDigest digest = sha256();
        digest.update((micro.engine() + "\n" + micro.commands() + "\n" + micro.include() + "\n" + micro.serve() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>(TOOLCHAIN_VARIABLES);
        micro.presets().env().forEach(p -> names.add(p.name()));
        for (String name : names) {
            digest.update((name + "=" + env.getOrDefault(name, "") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        tools.forEach(t -> digest.update((t + "\n").getBytes(StandardCharsets.UTF_8)));
        Path root = micro.srcDir();
        List<Path> files = new ArrayList<>();
        SourceFiles.forEach(root, SKIPPED, (file, attrs) -> files.add(file));
        files.sort(null);
        byte[] buf = new byte[65536];
        for (Path f : files) {
            digest.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    digest.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The versions of the tools a build of {@code micro} runs, e.g. "node v20.11.0". */
    static List<String> toolVersions(Micro micro, java.util.Map<String, String> env) {
        List<String> tools = new ArrayList<>();
        if (Files.isRegularFile(micro.srcDir().resolve("package.json"))) {
            tools.add(version(env, "node", "--version"));
            tools.add(version(env, "npm", "--version"));
        }
        if (Files.isRegularFile(micro.srcDir().resolve("requirements.txt"))) {
            tools.add(version(env, "python3", "--version"));
        }
        return tools;
    }

    private static String version(java.util.Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return command[0] + " " + (p.waitFor() == 0 ? out : "(exit " + p.exitValue() + ")");
        } catch (IOException e) {
            return command[0] + " (missing)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command[0] + " (interrupted)";
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
