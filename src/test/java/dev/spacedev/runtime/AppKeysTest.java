package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppKeysTest {
    @TempDir
    Path dir;

    @Test
    void createCheckRevoke() throws Exception {
        SpaceDir space = new SpaceDir(dir).ensure();
        AppKeys keys = new AppKeys(space);
        String key = keys.create("ci");
        assertThat(key).startsWith("sdk_").hasSize(52);
        assertThat(keys.isLive(key)).isTrue();
        assertThat(keys.isLive(key + "x")).isFalse();
        assertThat(keys.list()).extracting(AppKeys.Entry::name).containsExactly("ci");
        Path file = dir.resolve(".space/app-keys");
        assertThat(Files.readString(file)).doesNotContain(key).contains(AppKeys.hash(key));
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThatThrownBy(() -> keys.create("ci")).hasMessageContaining("exists already");
        assertThat(keys.revoke("ci")).isTrue();
        assertThat(keys.revoke("ci")).isFalse();
        assertThat(keys.isLive(key)).isFalse();
    }

    @Test
    void anotherProcessesChangesAreSeen() throws Exception {
        SpaceDir space = new SpaceDir(dir).ensure();
        AppKeys running = new AppKeys(space);
        AppKeys cli = new AppKeys(space);
        String key = cli.create("phone");
        assertThat(running.isLive(key)).as("made by another instance, seen on the next check").isTrue();
        cli.revoke("phone");
        assertThat(running.isLive(key)).isFalse();
    }
}
