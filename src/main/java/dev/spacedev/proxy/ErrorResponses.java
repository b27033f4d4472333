package dev.spacedev.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Short error pages: HTML for browsers, plain text for everything else. */
public final class ErrorResponses {
    private ErrorResponses() {}

    /** The proxy's own error, as its summary says. */
    public static FullHttpResponse build(HttpRequest request, ProxyError error) {
        return build(request, error, null, null, List.of());
    }

    /** An error concerning one micro. */
    public static FullHttpResponse build(HttpRequest request, ProxyError error, String micro) {
        return build(request, error, micro, null, List.of());
    }

    /** An error with a detail sentence after the summary; {@code micro} may be null. */
    public static FullHttpResponse build(HttpRequest request, ProxyError error, String micro, String detail) {
        return build(request, error, micro, detail, List.of());
    }

    /**
     * @param micro the micro concerned, or null for the proxy's own errors
     * @param output the micro's last lines of output, shown under the message
     */
    public static FullHttpResponse build(HttpRequest request, ProxyError error, String micro, String detail, List<String> output) {
        String headline = micro == null ? error.summary() : "Micro \"" + micro + "\" " + error.summary();
        if (detail != null && !detail.isEmpty()) {
            headline += " " + detail;
        }
        boolean html = wantsHtml(request);
        String body = html ? html(error, headline, output) : text(error, headline, output);
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** 301 to the same path with a trailing slash, as nginx answers for a directory. */
    public static FullHttpResponse redirect(String location) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpResponseStatus.MOVED_PERMANENTLY);
        response.headers().set(HttpHeaderNames.LOCATION, location).set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    /** A browser navigation: its Accept names text/html. */
    public static boolean wantsHtml(HttpRequest request) {
        String accept = request == null ? null : request.headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private static String text(ProxyError error, String headline, List<String> output) {
        StringBuilder b = new StringBuilder().append(error.status().code()).append(' ').append(headline).append('\n');
        if (!output.isEmpty()) {
            b.append("\nLast output:\n");
            output.forEach(line -> b.append("  ").append(line).append('\n'));
        }
        return b.toString();
    }

    private static String html(ProxyError error, String headline, List<String> output) {
        StringBuilder b = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(error.status().code()).append(' ').append(escape(error.status().reasonPhrase()))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:48rem;padding:0 1rem}"
                        + "pre{background:#f4f4f4;padding:1rem;overflow:auto}</style></head><body><h1>")
                .append(error.status().code()).append(' ').append(escape(error.status().reasonPhrase())).append("</h1><p>")
                .append(escape(headline)).append("</p>");
        if (!output.isEmpty()) {
            b.append("<p>Last output:</p><pre>");
            output.forEach(line -> b.append(escape(line)).append('\n'));
            b.append("</pre>");
        }
        return b.append("<p><small>space-dev</small></p></body></html>\n").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
