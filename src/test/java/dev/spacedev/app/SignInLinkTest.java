package dev.spacedev.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.files.SpaceDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 17: the --open page and the link for space-dev login are the owner's alone, and gone with the run. */
class SignInLinkTest {
    @TempDir
    Path dir;

    @Test
    void theOpenerIsAnOwnerOnlyFileThatPostsTheToken() throws Exception {
        SpaceDir space = new SpaceDir(dir).ensure();
        Path page = SignInLink.opener(space, "http://localhost:4200", "one-time-token", "/__space/");
        assertThat(page.toString()).doesNotContain("one-time-token"); // the browser's argv names the file, never the token
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(page))).isEqualTo("rw-------");
        assertThat(Files.readString(page)).contains("<form method=\"post\" action=\"http://localhost:4200/__space/login\">",
                "name=\"token\" value=\"one-time-token\"", "document.forms[0].submit()");

        SignInLink.publish(space, SignInLink.of("http://localhost:4200", "run-token"));
        assertThat(SignInLink.read(space)).contains("http://localhost:4200/__space/login#token=run-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".space/sign-in")))).isEqualTo("rw-------");

        SignInLink.withdraw(space);
        assertThat(page).doesNotExist();
        assertThat(SignInLink.read(space)).isEmpty();
    }
}
