package dev.spacedev.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deta's Python SDK for micros whose requirements name {@code deta}. Apps written for Space list
 * it bare or pinned to 1.x, but the name {@code deta} on PyPI now belongs to an unrelated project,
 * so pip would install that (or nothing) and the app fails with
 * {@code ImportError: cannot import name 'Base' from 'deta'}. The build installs the real SDK 1.2.0
 * instead, from {@code SPACE_DEV_DETA_PYTHON} (a wheel, a folder or anything pip installs) or by
 * default from Deta's repository at tag v1.2.0, and the rest of the requirements as written.
 */
final class DetaSdk {
    static final String SOURCE_VARIABLE = "SPACE_DEV_DETA_PYTHON";
    static final String DEFAULT_SOURCE = "git+https://github.com/deta/deta-python@v1.2.0";
    private static final Pattern REQUIREMENT = Pattern.compile("\\s*deta(\\[[^\\]]*])?\\s*([<>=!~][^;#]*)?(;[^#]*)?(#.*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLAUSE = Pattern.compile("(===|==|~=|!=|<=|>=|<|>)(\\d+)(\\.[0-9A-Za-z*]+)*");

    private DetaSdk() {}

    /** Whether a requirements line asks for Deta's SDK: {@code deta} bare, or with versions of 1.x or below 2. */
    static boolean isDetaSdk(String line) {
        Matcher m = REQUIREMENT.matcher(line);
        if (!m.matches()) {
            return false;
        }
        String spec = m.group(2) == null ? "" : m.group(2).replace(" ", "");
        if (spec.isEmpty()) {
            return true;
        }
        boolean sdk = false;
        for (String clause : spec.split(",")) {
            Matcher c = CLAUSE.matcher(clause);
            if (!c.matches()) {
                return false;
            }
            int major = Integer.parseInt(c.group(2));
            boolean upperBound = c.group(1).startsWith("<");
            if (major == 1 || upperBound && major == 2) {
                sdk = true;
            } else if (!upperBound) {
                return false; // 0.x or 2+: the project that has the name now
            }
        }
        return sdk;
    }

    /**
     * The steps that install the requirements with Deta's SDK in place of the name {@code deta};
     * empty when the requirements do not name it.
     *
     * @param buildDir where the requirements without {@code deta} are written
     */
    static Optional<List<BuildStep>> steps(Path src, Path buildDir, Map<String, String> env) throws IOException {
        if (!isRequested(src)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(src.resolve("requirements.txt"));
        Path rest = buildDir.resolve("requirements-without-deta.txt");
        Files.write(rest, lines.stream().filter(l -> !isDetaSdk(l)).toList());
        String source = Optional.ofNullable(env.get(SOURCE_VARIABLE)).filter(s -> !s.isBlank()).orElse(DEFAULT_SOURCE);
        String fix = "Deta's Python SDK 1.2.0 could not be installed from " + source + " (the name deta on PyPI is another project"
                + " now): set " + SOURCE_VARIABLE + " to a wheel, a folder or a pip URL of deta 1.2.0, e.g. "
                + SOURCE_VARIABLE + "=/path/to/deta-1.2.0-py3-none-any.whl";
        return Optional.of(List.of(
                new BuildStep("pip install --disable-pip-version-check -r '" + rest + "'", src),
                new BuildStep("pip install --disable-pip-version-check '" + source.replace("'", "") + "'", src, Optional.of(fix))));
    }

    /** Whether the micro's requirements.txt names Deta's SDK. */
    static boolean isRequested(Path src) throws IOException {
        Path requirements = src.resolve("requirements.txt");
        return Files.isRegularFile(requirements) && Files.readAllLines(requirements).stream().anyMatch(DetaSdk::isDetaSdk);
    }

    /** The one line a build says about it. */
    static String announce(Map<String, String> env) {
        String source = Optional.ofNullable(env.get(SOURCE_VARIABLE)).filter(s -> !s.isBlank()).orElse(DEFAULT_SOURCE);
        return "requirements.txt names deta: installing Deta's SDK 1.2.0 from "
                + (source.equals(DEFAULT_SOURCE) ? "its repository (tag v1.2.0)" : source)
                + " instead of the unrelated PyPI project that has the name now";
    }
}
