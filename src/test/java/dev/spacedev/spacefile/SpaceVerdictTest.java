package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance table ({@code conformance/spacefile-cases.txt}): corner cases built from the official schema, each
 * with the final Space CLI's verdict (computed by scripts/space-oracle) and why. {@code validate}'s verdict must be
 * Space's, except the differences below, which docs/spacefile.md lists with their reasons.
 */
class SpaceVerdictTest {
    /** Where space-dev's verdict is not Space's, on purpose. Each must still differ (so this list stays true). */
    static final Map<String, String> DIFFERENCES = Map.of(
            "engine-nodejs18", "Deta's experimental runner: space-dev runs it, with a warning",
            "engine-python3.11", "Deta's experimental runner: space-dev runs it, with a warning",
            "src-parent-folder", "a cloned repository's Spacefile may not make space-dev run or serve folders outside the project",
            "serve-outside-project", "a cloned repository's Spacefile may not make space-dev serve files outside the project",
            "src-is-a-file", "a micro runs in its src folder; space-dev cannot start one in a file",
            "non-string-key", "the CLI skipped the whole schema check by accident; space-dev checks every key");

    record Case(String id, boolean valid, String why, String encoding, String text) {
        @Override
        public String toString() {
            return id + " (" + (valid ? "valid" : "invalid") + ": " + why + ")";
        }
    }

    @TempDir
    static Path parent;
    static Path project;

    @BeforeAll
    static void folders() throws IOException {
        project = Files.createDirectories(parent.resolve("app")); // so that src: .. is a folder outside it
        for (String dir : List.of("web", "api", "svc")) {
            Files.createDirectories(project.resolve(dir));
        }
        Files.writeString(project.resolve("main.py"), "app = None\n");
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        String id = null;
        boolean valid = false;
        String why = null;
        String encoding = "UTF-8";
        StringBuilder text = new StringBuilder();
        try (InputStream in = SpaceVerdictTest.class.getResourceAsStream("/conformance/spacefile-cases.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.startsWith("### ")) {
                    if (id != null) {
                        cases.add(new Case(id, valid, why, encoding, text.toString()));
                    }
                    String[] header = line.substring(4).split(" \\| ", 3);
                    id = header[0];
                    valid = header[1].equals("valid");
                    why = header.length > 2 ? header[2] : "";
                    encoding = "UTF-8";
                    text.setLength(0);
                } else if (id != null && line.startsWith("#! encoding: ")) {
                    encoding = line.substring("#! encoding: ".length());
                } else if (id != null) {
                    text.append(text.length() == 0 && line.isEmpty() && cases.isEmpty() ? "" : line).append('\n');
                }
            }
        }
        if (id != null) {
            cases.add(new Case(id, valid, why, encoding, text.toString()));
        }
        return cases.stream().map(c -> new Case(c.id(), c.valid(), c.why(), c.encoding(), withoutLastNewline(c.text())));
    }

    /** Cases are joined with "\n" as the oracle joins them: the line break before the next ### is not part of the file. */
    private static String withoutLastNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void validateGivesSpacesVerdict(Case c) throws IOException {
        Path spacefile = project.resolve("Spacefile");
        byte[] bytes = c.encoding().equals("UTF-8") ? c.text().getBytes(StandardCharsets.UTF_8)
                : ("\uFEFF" + c.text()).getBytes(Charset.forName(c.encoding()));
        Files.write(spacefile, bytes);
        LoadResult result = SpacefileLoader.load(spacefile);
        boolean expected = DIFFERENCES.containsKey(c.id()) != c.valid();
        assertThat(result.isValid()).as("%s; space-dev said %s", c, result.problems()).isEqualTo(expected);
    }

    @Test
    void theTableCoversEveryKeyOfTheSchema() throws IOException {
        String all = String.join("\n", cases().map(Case::text).toList());
        for (String key : List.of("v:", "icon:", "app_name:", "auto_pwa:", "micros:", "name:", "src:", "engine:", "primary:", "path:",
                "serve:", "commands:", "include:", "run:", "dev:", "presets:", "env:", "api_keys:", "description:", "default:",
                "public_routes:", "public:", "provide_actions:", "actions:", "id:", "trigger:", "default_interval:")) {
            assertThat(all).as("a case uses %s", key).contains(key);
        }
        assertThat(cases().map(Case::id)).containsAll(DIFFERENCES.keySet());
    }
}
