package dev.spacedev.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The sign-in and sign-out pages. The sign-in form posts the token; its one script takes a token
 * from the link's fragment ({@code #token=…}, which no server or proxy log ever sees; also when the
 * link is opened on this very page, which only changes the hash) or from a {@code ?token=} link,
 * removes it from the address bar and history, and posts it. The pages allow
 * that script alone, by its hash.
 */
final class SignInPages {
    private static final String SCRIPT = "function signIn(){var f=document.forms[0],m=/[#&]token=([^&]*)/.exec(location.hash);"
            + "if(m){f.token.value=decodeURIComponent(m[1]);}"
            + "if(location.hash||/[?&]token=/.test(location.search)){history.replaceState(null,'',location.pathname"
            + "+'?next='+encodeURIComponent(f.next.value));}"
            + "if(f.token.value&&(m||!f.hasAttribute('data-failed'))){f.submit();}}"
            // a link that differs from this page only in its fragment does not load the page again: it changes the hash
            + "signIn();addEventListener('hashchange',signIn);";
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src '" + sha256(SCRIPT)
            + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String STYLE = "<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh}"
            + "button,input{font:inherit;padding:.6rem 1.2rem}code{background:#f4f4f4;padding:.1rem .3rem}</style>";

    private SignInPages() {}

    /**
     * @param token a token to post at once (from a {@code ?token=} link), or ""
     * @param wrong the token just posted was not good
     */
    static String token(String next, String token, boolean wrong) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in</title>" + STYLE + "</head><body>"
                + "<form method=\"post\" action=\"" + RuntimeEndpoints.LOGIN + "\"" + (wrong ? " data-failed" : "") + ">"
                + "<h1>This app is private</h1><p>As on Deta Space, only the app's owner may open it.</p>"
                + (wrong ? "<p role=\"alert\">That token is not this app's.</p>" : "")
                + "<p><label>Token <input name=\"token\" type=\"password\" autocomplete=\"off\" required value=\""
                + ErrorResponses.escape(token) + "\"></label></p>"
                + "<input type=\"hidden\" name=\"next\" value=\"" + ErrorResponses.escape(next) + "\">"
                + "<button type=\"submit\">Sign in as the owner</button>"
                + "<p><small>The token is in the sign-in link <code>space-dev up</code> printed (<code>sign in: http://…/__space/login#token=…</code>).<br>"
                + "Lost it? Run <code>space-dev login</code> in the app's folder, as the user who started it.</small></p>"
                + "</form><script>" + SCRIPT + "</script></body></html>\n";
    }

    static String signOut() {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign out</title>" + STYLE + "</head><body>"
                + "<form method=\"post\" action=\"" + RuntimeEndpoints.LOGOUT + "\"><h1>Sign out of this app?</h1>"
                + "<button type=\"submit\">Sign out</button></form></body></html>\n";
    }

    private static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
