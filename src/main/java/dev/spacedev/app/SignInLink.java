package dev.spacedev.app;

import dev.spacedev.files.OwnerOnly;
import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the owner, and only the owner, finds how to sign in to a running app: the link with the
 * run's token in {@code .space/sign-in} (owner-only, in an owner-only folder) for
 * {@code space-dev login}, and for {@code up --open} a page in {@code .space/runtime/} that posts a
 * one-time token, so the browser is opened on a file's name and no token is ever in another
 * process's command line (which every account on the machine can read).
 */
public final class SignInLink {
    static final String FILE = "sign-in";
    private static final String OPENER_PREFIX = "open-";

    private SignInLink() {}

    /** The link a person clicks: the token in the fragment, which no server or proxy log sees. */
    public static String of(String appUrl, String token) {
        return appUrl + "/__space/login#token=" + token;
    }

    static void publish(SpaceDir space, String link) throws IOException {
        SpaceDir.writeAtomically(space.root().resolve(FILE), link + "\n", true);
    }

    static void withdraw(SpaceDir space) {
        try {
            Files.deleteIfExists(space.root().resolve(FILE));
            try (var files = Files.list(space.runtimeDir())) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith(OPENER_PREFIX)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // best effort on the way out: the tokens die with the run anyway
        }
    }

    /** The running app's sign-in link, as {@code up} published it; empty if none is there. */
    public static Optional<String> read(SpaceDir space) {
        return space.read(space.root().resolve(FILE)).map(String::strip).filter(s -> s.startsWith("http"));
    }

    /**
     * A page that signs the browser in with {@code oneTimeToken} and goes to {@code next}: a form posted
     * by a script as the page loads. Owner-only; removed when the run ends.
     */
    public static Path opener(SpaceDir space, String appUrl, String oneTimeToken, String next) throws IOException {
        OwnerOnly.directory(space.runtimeDir());
        Path page = space.runtimeDir().resolve(OPENER_PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".html");
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Signing in…</title>"
                + "<meta name=\"referrer\" content=\"no-referrer\"></head><body>"
                + "<form method=\"post\" action=\"" + appUrl + "/__space/login\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + oneTimeToken + "\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + next + "\">"
                + "<button type=\"submit\">Sign in to " + appUrl + "</button></form>"
                + "<script>document.forms[0].submit()</script></body></html>\n";
        try (OutputStream out = OwnerOnly.newFile(page)) {
            out.write(html.getBytes(StandardCharsets.UTF_8));
        }
        return page;
    }
}
