package dev.spacedev.data;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;

/**
 * Headers for a Drive file downloaded on the app's own origin (the browser SDK's path): whoever
 * uploaded it chose its bytes and type, so the browser must not sniff it into something else, and
 * a type it would run (HTML, SVG, XML, JavaScript) is a download in a sandbox, never a page able to
 * script the owner's session.
 */
final class UploadedContent {
    static final String NOSNIFF = "x-content-type-options";

    private UploadedContent() {}

    static HttpHeaders headersFor(String contentType) {
        HttpHeaders h = new DefaultHttpHeaders().set(NOSNIFF, "nosniff");
        if (isActive(contentType)) {
            h.set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment").set(HttpHeaderNames.CONTENT_SECURITY_POLICY, "sandbox");
        }
        return h;
    }

    /** A type a browser renders as a document or runs as script. */
    static boolean isActive(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return t.isEmpty() || t.contains("html") || t.contains("xml") || t.contains("javascript") || t.contains("ecmascript")
                || t.equals("image/svg+xml") || t.equals("text/xsl") || t.equals("application/pdf") || t.equals("text/cache-manifest");
    }
}
