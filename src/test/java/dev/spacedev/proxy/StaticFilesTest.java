package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing outside the serve directory, ever. */
class StaticFilesTest {
    @TempDir
    Path dir;

    Path site;
    StaticFiles files;

    @BeforeEach
    void setUp() throws Exception {
        site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "home");
        Files.createDirectories(site.resolve("docs"));
        Files.writeString(site.resolve("docs/index.html"), "docs");
        Files.writeString(site.resolve("a b+c.txt"), "spaced");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(site.resolve("out.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(site.resolve("outdir"), dir);
        Files.createSymbolicLink(site.resolve("in.txt"), site.resolve("index.html"));
        files = new StaticFiles(site);
    }

    private static HttpRequest get(String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    private StaticFiles.Lookup lookup(String path) {
        return files.lookup(get(path), path, "");
    }

    @Test
    void servesFilesAndDirectoryIndexes() throws Exception {
        assertThat(lookup("/")).isEqualTo(new StaticFiles.Found(site.resolve("index.html").toRealPath()));
        assertThat(lookup("/docs/")).isEqualTo(new StaticFiles.Found(site.resolve("docs/index.html").toRealPath()));
        assertThat(lookup("/a%20b+c.txt")).isEqualTo(new StaticFiles.Found(site.resolve("a b+c.txt").toRealPath()));
        assertThat(lookup("/in.txt")).isEqualTo(new StaticFiles.Found(site.resolve("index.html").toRealPath()));
    }

    @Test
    void directoryWithoutSlashRedirectsUnderThePrefix() {
        assertThat(files.lookup(get("/docs?x=1"), "/docs?x=1", "/site")).isEqualTo(new StaticFiles.Redirect("/site/docs/?x=1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
        "/docs%2f..%2f..%2fsecret.txt", "/..\\secret.txt", "/..%5csecret.txt", "/out.txt", "/outdir/secret.txt",
        "/missing.html", "/index.html%00.txt", "/%zz", "/docs/../../secret.txt"})
    void neverOutsideTheDirectory(String path) {
        assertThat(lookup(path)).isEqualTo(new StaticFiles.Missing());
    }

    @Test
    void dotfilesAreServedOnlyWhenListedAndSpaceDirNever() throws Exception {
        Files.writeString(site.resolve(".nojekyll"), "");
        Files.createDirectories(site.resolve("assets/.hidden"));
        Files.writeString(site.resolve("assets/.hidden/x.css"), "x");
        Files.createDirectories(site.resolve(".space"));
        Files.writeString(site.resolve(".space/keys"), "DETA_API_KEY=k");
        Files.createSymbolicLink(site.resolve("keys.txt"), site.resolve(".space/keys"));
        assertThat(lookup("/.nojekyll")).isEqualTo(new StaticFiles.Missing());
        assertThat(lookup("/assets/.hidden/x.css")).isEqualTo(new StaticFiles.Missing());
        StaticFiles listed = new StaticFiles(site, List.of(".nojekyll", "/assets/.hidden/", ".space"));
        assertThat(listed.lookup(get("/.nojekyll"), "/.nojekyll", "")).isInstanceOf(StaticFiles.Found.class);
        assertThat(listed.lookup(get("/assets/.hidden/x.css"), "/assets/.hidden/x.css", "")).isInstanceOf(StaticFiles.Found.class);
        assertThat(listed.lookup(get("/.space/keys"), "/.space/keys", "")).as("never").isEqualTo(new StaticFiles.Missing());
        assertThat(listed.lookup(get("/keys.txt"), "/keys.txt", "")).as("nor through a link").isEqualTo(new StaticFiles.Missing());
        assertThat(StaticFiles.problemWith(".space")).get().asString().contains("never serves it");
        assertThat(StaticFiles.problemWith("a/../../etc")).isPresent();
        assertThat(StaticFiles.problemWith(".well-known")).isEmpty();
    }

    @Test
    void onlyGetAndHead() {
        assertThat(files.lookup(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"), "/", ""))
                .isEqualTo(new StaticFiles.BadMethod());
    }

    @Test
    void aMissingServeDirectoryIsJustEmpty() {
        assertThat(new StaticFiles(dir.resolve("dist")).lookup(get("/"), "/", "")).isEqualTo(new StaticFiles.Missing());
    }
}
