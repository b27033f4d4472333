package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The 89 Spacefiles of public Space apps in {@code ../shared/spacefiles}, each checked against
 * the official schema's verdict in {@code EXPECTED.tsv}. The verdicts did not check {@code src},
 * so each file is copied into a temp project where its src directories exist.
 */
public class CorpusConformanceTest {
    static final Path CORPUS = Path.of("..", "shared", "spacefiles");

    record Case(String file, boolean valid, String reason) {
        @Override
        public String toString() {
            return file;
        }
    }

    /** A clone made elsewhere has no corpus beside it: its tests are skipped, saying so, not failed. */
    public static void assumeCorpus() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(CORPUS), () -> CORPUS.toAbsolutePath().normalize()
                + " is missing, so the corpus tests are skipped: put the shared/ folder (spacefiles/ with EXPECTED.tsv) beside this clone"
                + " to run them");
    }

    @org.junit.jupiter.api.Test
    void theCorpusIsThere() {
        assumeCorpus(); // reported as skipped, with the message, where shared/ is missing
        assertThat(CORPUS.resolve("EXPECTED.tsv")).exists();
    }

    static Stream<Case> corpus() throws IOException {
        assumeCorpus();
        List<String> lines = Files.readAllLines(CORPUS.resolve("EXPECTED.tsv"));
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
                .map(cols -> new Case(cols[0], cols[1].equals("valid"), cols.length > 2 ? cols[2] : ""));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void agreesWithTheOfficialSchema(Case c, @TempDir Path project) throws IOException {
        String text = Files.readString(CORPUS.resolve(c.file()));
        createSrcDirs(text, project);
        Path spacefile = project.resolve("Spacefile");
        Files.writeString(spacefile, text);

        LoadResult result = SpacefileLoader.load(spacefile);

        assertThat(result.isValid())
                .as("%s: expected %s (%s), got problems %s", c.file(), c.valid() ? "valid" : "invalid", c.reason(),
                        result.problems())
                .isEqualTo(c.valid());
        if (!c.valid()) {
            assertThat(result.errors()).extracting(Problem::path).as("%s: %s", c.file(), c.reason())
                    .anySatisfy(path -> assertThat(path).startsWith(expectedPath(c.reason())));
        }
    }

    /** "micros/1: 'serve' is a required property" names micros[1].serve; "v: 1 is not …" names v. */
    static String expectedPath(String reason) {
        String location = reason.substring(0, reason.indexOf(':')).replaceAll("/(\\d+)", "[$1]").replace('/', '.');
        java.util.regex.Matcher required = java.util.regex.Pattern.compile("'(\\w+)' is a required property").matcher(reason);
        return required.find() ? location + "." + required.group(1) : location;
    }

    @SuppressWarnings("unchecked")
    private static void createSrcDirs(String text, Path project) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(text);
        if (!(doc instanceof Map<?, ?> root) || !(root.get("micros") instanceof List<?> micros)) {
            return;
        }
        for (Object micro : micros) {
            if (micro instanceof Map<?, ?> m && m.get("src") instanceof String src) {
                Files.createDirectories(project.resolve(src.strip().replaceFirst("^/+", "")));
            }
        }
    }
}
