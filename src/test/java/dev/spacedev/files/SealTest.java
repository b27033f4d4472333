package dev.spacedev.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file of .space/ grants something only if space-dev sealed it for this user on this machine. */
class SealTest {
    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    private Seal seal(String home) {
        return Seal.of(dir.resolve(home));
    }

    private Path write(String name, String text, String mode) throws Exception {
        Path f = Files.createDirectories(dir.resolve("project/.space")).resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void whatItSealedOpensAndNothingElseDoes() throws Exception {
        Seal mine = seal("home");
        Path f = write("sessions", mine.seal("sessions", "abc\t123\n"), "rw-------");
        assertThat(mine.open(f, "sessions", warnings::add)).isEqualTo(new Seal.Opened(Seal.Verdict.SEALED, "abc\t123\n"));
        assertThat(mine.open(dir.resolve("missing"), "sessions", warnings::add).verdict()).isEqualTo(Seal.Verdict.MISSING);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFileFromARepositoryGrantsNothingAndIsSetAside() throws Exception {
        // what `git add -f .space/sessions` gives whoever clones: the author's session, 0644
        Path f = write("sessions", "# sha256 of a session id\tmade by space-dev\n" + "ab".repeat(32) + "\t9999999999\n", "rw-r--r--");
        Seal.Opened opened = seal("home").open(f, "sessions", warnings::add);
        assertThat(opened.trusted()).isFalse();
        assertThat(opened.content()).isEmpty();
        assertThat(f).doesNotExist();
        assertThat(f.resolveSibling("sessions.untrusted")).exists();
        assertThat(warnings).singleElement().asString().contains("grants nothing");
    }

    @Test
    void anotherMachinesSealOrAnEditedFileIsNotTrusted() throws Exception {
        Path copied = write("keys", seal("other-home").seal("keys", "DETA_API_KEY=theirs\n"), "rw-------");
        assertThat(seal("home").open(copied, "keys", warnings::add).trusted()).isFalse();
        Seal mine = seal("home");
        Path edited = write("app-keys", mine.seal("app-keys", "a\n").replace("a\n", "b\n"), "rw-------");
        assertThat(mine.open(edited, "app-keys", warnings::add).trusted()).isFalse();
        Path renamed = write("sessions", mine.seal("app-keys", "a\n"), "rw-------");
        assertThat(mine.open(renamed, "sessions", warnings::add).trusted()).as("sealed for another role").isFalse();
    }

    @Test
    void anEarlierVersionsOwnerOnlyFileIsAdoptedAndSealed() throws Exception {
        Seal mine = seal("home");
        Path f = write("app-keys", "made by an earlier space-dev\n", "rw-------");
        assertThat(mine.open(f, "app-keys", warnings::add)).isEqualTo(new Seal.Opened(Seal.Verdict.ADOPTED, "made by an earlier space-dev\n"));
        assertThat(mine.open(f, "app-keys", warnings::add).verdict()).isEqualTo(Seal.Verdict.SEALED);
    }

    @Test
    void aSealedFileOthersCouldReadIsMadeOwnerOnly() throws Exception {
        Seal mine = seal("home");
        Path f = write("keys", mine.seal("keys", "k\n"), "rw-r--r--");
        assertThat(mine.open(f, "keys", warnings::add).trusted()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(warnings).singleElement().asString().contains("owner-only now");
    }

    @Test
    void theKeyIsMadeOnceOwnerOnly() throws Exception {
        Seal.of(dir.resolve("fresh"));
        Path key = dir.resolve("fresh/state-key");
        assertThat(Files.readString(key).strip()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
}
