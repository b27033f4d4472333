package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.files.SpaceDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 5: state a repository's author committed into .space/ grants them nothing. */
class ClonedStateTest {
    @TempDir
    Path dir;

    @Test
    void committedSessionsKeysAndAppKeysGrantNothing() throws Exception {
        Path space = Files.createDirectories(dir.resolve(".space"));
        String authorsSession = "c0ffee".repeat(8);
        Files.writeString(space.resolve("sessions"), Secrets.sha256(authorsSession) + "\t9999999999\n"); // 0644, as git checks out
        Files.writeString(space.resolve("keys"), "DETA_API_KEY=the-authors-key\nDETA_PROJECT_KEY=abcd_authors\n");
        Files.writeString(space.resolve("app-keys"), "author\t" + Secrets.sha256("sdk_author") + "\t2024-01-01T00:00:00Z\n");

        OwnerSessions sessions = OwnerSessions.forProject(new SpaceDir(dir), 4200);
        assertThat(sessions.isValid(authorsSession)).isFalse();
        assertThat(ProjectKeys.loadOrCreate(new SpaceDir(dir)).apiKey()).isNotEqualTo("the-authors-key");
        assertThat(new AppKeys(new SpaceDir(dir)).isLive("sdk_author")).isFalse();
        assertThat(space.resolve("sessions.untrusted")).exists();
    }

    @Test
    void whatThisUserMadeHereSurvivesARestart() throws Exception {
        OwnerSessions first = OwnerSessions.forProject(new SpaceDir(dir), 4200);
        String id = first.create();
        ProjectKeys keys = ProjectKeys.loadOrCreate(new SpaceDir(dir));
        assertThat(OwnerSessions.forProject(new SpaceDir(dir), 4200).isValid(id)).isTrue();
        assertThat(ProjectKeys.loadOrCreate(new SpaceDir(dir))).isEqualTo(keys);
    }
}
