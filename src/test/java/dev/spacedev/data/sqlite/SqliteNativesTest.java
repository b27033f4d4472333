package dev.spacedev.data.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativesTest {
    @TempDir Path tmp;
    private byte[] linux;
    private byte[] mac;
    private byte[] packed;

    @BeforeEach
    void pack() throws IOException {
        Random random = new Random(7);
        linux = new byte[300_000];
        random.nextBytes(linux);
        mac = linux.clone();
        mac[1234] ^= 1; // near-identical builds, as the real ones are
        Path classes = tmp.resolve("classes");
        write(classes.resolve("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so"), linux);
        write(classes.resolve("org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib"), mac);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            SqliteNatives.pack(List.of("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
                    "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib"), loader, out);
        }
        packed = out.toByteArray();
    }

    @Test
    void unpacksTheWantedBuildAndNotTheOthers() throws IOException {
        Path lib = SqliteNatives.unpack(new ByteArrayInputStream(packed), "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib",
                tmp.resolve("native"));

        assertThat(lib.getFileName()).hasToString("libsqlitejdbc.dylib");
        assertThat(Files.readAllBytes(lib)).isEqualTo(mac);
        try (var files = Files.walk(tmp.resolve("native"))) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(lib);
        }
    }

    @Test
    void packedTogetherTheBuildsTakeLittleMoreThanOne() {
        assertThat(packed.length).isLessThan(linux.length + 20_000);
    }

    @Test
    void aLibraryUnpackedBeforeIsKeptAndADamagedOneReplaced() throws IOException {
        String wanted = "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so";
        Path lib = SqliteNatives.unpack(new ByteArrayInputStream(packed), wanted, tmp.resolve("native"));
        long written = Files.getLastModifiedTime(lib).toMillis();

        assertThat(SqliteNatives.unpack(new ByteArrayInputStream(packed), wanted, tmp.resolve("native"))).isEqualTo(lib);
        assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(written);

        Files.write(lib, new byte[] {1, 2, 3});
        assertThat(SqliteNatives.unpack(new ByteArrayInputStream(packed), wanted, tmp.resolve("native"))).isEqualTo(lib);
        assertThat(Files.readAllBytes(lib)).isEqualTo(linux);
    }

    @Test
    void aPlatformWithoutABuildGetsNothing() throws IOException {
        assertThat(SqliteNatives.unpack(new ByteArrayInputStream(packed), "org/sqlite/native/FreeBSD/x86_64/libsqlitejdbc.so",
                tmp.resolve("native"))).isNull();
    }

    @Test
    void aDamagedPackIsRefused() {
        byte[] damaged = packed.clone();
        damaged[damaged.length / 2] ^= 0x55;
        assertThatThrownBy(() -> SqliteNatives.unpack(new ByteArrayInputStream(damaged),
                "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib", tmp.resolve("native")))
                .isInstanceOf(IOException.class);
        byte[] notAPack = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> SqliteNatives.unpack(new ByteArrayInputStream(notAPack), "x", tmp.resolve("native")))
                .isInstanceOf(IOException.class).hasMessageContaining("not a pack");
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
