package dev.spacedev.data.drive;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;

/**
 * Headers for a Drive file downloaded on the app's own origin (the browser SDK's path): whoever
 * uploaded it chose its bytes and type, so the browser must not sniff it into something else, and
 * any type but a few it only shows (images, plain text, media) is a download in a sandbox, never a page
 * able to script the owner's session.
 */
public final class UploadedContent {
    public static final String NOSNIFF = "x-content-type-options";

    private UploadedContent() {}

    public static HttpHeaders headersFor(String contentType) {
        HttpHeaders h = new DefaultHttpHeaders().set(NOSNIFF, "nosniff");
        if (!isPassive(contentType)) {
            h.set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment").set(HttpHeaderNames.CONTENT_SECURITY_POLICY, "sandbox");
        }
        return h;
    }

    /**
     * Types a browser shows inline without running anything: an allow-list, since every type a list of
     * dangerous ones forgot ({@code multipart/x-mixed-replace} with HTML parts, say) would be a page on the
     * app's origin. Everything else is a sandboxed download.
     */
    private static final java.util.Set<String> PASSIVE = java.util.Set.of("text/plain", "text/csv", "text/markdown",
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon",
            "audio/mpeg", "audio/ogg", "audio/wav", "audio/webm", "audio/aac", "audio/flac", "audio/mp4",
            "video/mp4", "video/webm", "video/ogg", "application/json", "application/octet-stream",
            "font/woff", "font/woff2", "font/ttf", "font/otf", "application/zip", "application/gzip");

    static boolean isPassive(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return PASSIVE.contains(t);
    }
}
