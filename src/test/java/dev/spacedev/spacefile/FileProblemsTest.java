package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not a Spacefile at all: each gets one clear line, never an exception. */
class FileProblemsTest {
    @TempDir
    Path dir;

    SpacefileFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpacefileFixture(dir);
    }

    private List<String> problemsOf(byte[] content) throws Exception {
        Path file = dir.resolve("Spacefile");
        Files.write(file, content);
        return SpacefileLoader.load(file).problems().stream().map(p -> p.format("Spacefile")).toList();
    }

    @Test
    void emptyFile() {
        assertThat(fx.problems("")).containsExactly(
                "Spacefile: error: the Spacefile is empty; it needs at least \"v: 0\" and a list of \"micros\"");
    }

    @Test
    void onlyComments() {
        assertThat(fx.problems("# nothing yet\n\n")).containsExactly(
                "Spacefile: error: the Spacefile is empty; it needs at least \"v: 0\" and a list of \"micros\"");
    }

    @Test
    void tabsForIndentation() {
        assertThat(fx.problems("v: 0\nmicros:\n\t- name: web\n")).containsExactly(
                "Spacefile:3:1: error: a tab character: YAML indents with spaces only");
    }

    @Test
    void badIndentation() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n     src: web\n")).containsExactly(
                "Spacefile:4:9: error: not valid YAML: a \"key: value\" where none may stand; check this line's indentation,"
                        + " or quote a value that contains \": \"");
    }

    @Test
    void aDirectory() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("Spacefile"));
        assertThat(SpacefileLoader.load(sub).problems()).extracting(p -> p.format("Spacefile"))
                .containsExactly("Spacefile: error: " + sub + " is a directory, not a Spacefile");
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nowhere").resolve("Spacefile");
        assertThat(SpacefileLoader.load(missing).problems()).extracting(p -> p.format("Spacefile")).containsExactly(
                "Spacefile: error: no Spacefile at " + missing + " (run space-dev in the app's directory, or pass --dir)");
    }

    @Test
    void binaryGarbage() throws Exception {
        assertThat(problemsOf(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}))
                .containsExactly("Spacefile: error: the file holds binary data, not YAML text");
    }

    @Test
    void notUtf8() throws Exception {
        assertThat(problemsOf(new byte[] {'v', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'}))
                .containsExactly("Spacefile: error: the file is not UTF-8 text");
    }

    @Test
    void aByteOrderMarkIsFine() throws Exception {
        byte[] text = "\uFEFFv: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(problemsOf(text)).isEmpty();
    }

    @Test
    void utf16IsReadByItsByteOrderMarkAndUtf32IsRefusedAsSpaceRefusedIt() throws Exception {
        String text = "\uFEFFv: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n";
        assertThat(problemsOf(text.getBytes(java.nio.charset.StandardCharsets.UTF_16LE))).isEmpty();
        assertThat(problemsOf(text.getBytes(java.nio.charset.StandardCharsets.UTF_16BE))).isEmpty();
        assertThat(problemsOf(text.getBytes(java.nio.charset.Charset.forName("UTF-32LE")))).containsExactly(
                "Spacefile: error: the file is UTF-32 text, which Space's parser could not read; save it as UTF-8");
    }

    @Test
    void onlyTheFirstDocumentIsReadAsSpaceReadIt() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n---\nv: [not: read\n")).isEmpty();
        assertThat(fx.problems("---\n---\nv: 0\n")).containsExactly(
                "Spacefile: error: the Spacefile is empty; it needs at least \"v: 0\" and a list of \"micros\"");
    }

    @Test
    void rootThatIsNotAMapping() {
        assertThat(fx.problems("- v: 0\n")).containsExactly(
                "Spacefile:1:1: error: a Spacefile is a mapping with \"v\" and \"micros\"; found a list");
    }

    @Test
    void aLongStringIsShownOnlyAsFarAsItTakesToRecogniseIt() {
        String line = "root:x:0:0:root:/root:/bin/bash daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin bin:x:2:2";
        assertThat(fx.problems(line + "\n")).containsExactly("Spacefile:1:1: error: a Spacefile is a mapping with \"v\" and"
                + " \"micros\"; found the string \"" + line.substring(0, 57) + "...\"");
    }

    @Test
    void everyProblemIsReportedInFileOrder() {
        assertThat(fx.problems("v: 2\nmicros:\n  - name: web\n    src: nowhere\n    engine: rust\n")).hasSize(3)
                .extracting(s -> s.substring(0, s.indexOf(": ")))
                .containsExactly("Spacefile:1:4", "Spacefile:4:10", "Spacefile:5:13");
    }
}
