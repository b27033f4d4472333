package dev.spacedev.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Every way the proxy answers instead of a micro, with its status, in one place. */
public enum ProxyError {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "The request could not be understood."),
    /** An encoded "/" or "\\", a backslash, NUL or a control character in the path: the micro would see other segments. */
    BAD_PATH(HttpResponseStatus.BAD_REQUEST, "The path holds an encoded slash or backslash, a backslash, or a control character."),
    /** Two Host headers (or a URI naming another host than the Host header). */
    AMBIGUOUS_HOST(HttpResponseStatus.BAD_REQUEST, "The request names more than one host."),
    /** A Host header that is not the app's (DNS rebinding). */
    FOREIGN_HOST(HttpResponseStatus.FORBIDDEN, "This app answers only to its own host names (against DNS rebinding)."),
    URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "The request line is too long."),
    HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request headers are too large."),
    /** --strict: Space refused request bodies over 5.5 MB. */
    PAYLOAD_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "is behind Space's limit of 5.5 MB per request body (--strict)."),
    /** --strict: Space gave a micro 20 s to answer. */
    MICRO_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "did not start its response in time."),
    /** A sign-in form larger than any the page sends. */
    FORM_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "The form is larger than the runtime reads."),
    /** Too many sign-ins in a short time. */
    TOO_MANY_SIGN_INS(HttpResponseStatus.TOO_MANY_REQUESTS, "Too many sign-in attempts; wait a minute and try again."),
    NOT_FOUND(HttpResponseStatus.NOT_FOUND, "No file here."),
    /** A private route without the owner's session or a key. */
    UNAUTHORIZED(HttpResponseStatus.UNAUTHORIZED, "is private."),
    /** A client posting to /__space/v0/actions: only the runtime delivers actions. */
    RUNTIME_ONLY(HttpResponseStatus.FORBIDDEN, "receives actions from the runtime only: run space-dev trigger ACTION_ID."),
    /** Any other path under /__space/ (any letter case) at a micro: the runtime's, never a client's. */
    RUNTIME_PATH(HttpResponseStatus.FORBIDDEN, "is not reached under /__space/: those paths belong to the runtime."),
    FORBIDDEN_ORIGIN(HttpResponseStatus.FORBIDDEN, "Sign-in must come from this app's own origin."),
    /** A write to the browser's Base and Drive path from another site, or without an Origin. */
    CROSS_SITE_WRITE(HttpResponseStatus.FORBIDDEN, "Writes to Base and Drive from the browser must come from this app's own pages"
            + " (an Origin header, or Sec-Fetch-Site: same-origin)."),
    /** A WebSocket or event stream with the owner's cookie from another origin (cross-site WebSocket hijacking). */
    CROSS_SITE_SOCKET(HttpResponseStatus.FORBIDDEN, "takes WebSockets and event streams opened with the owner's session only from this"
            + " app's own pages (an Origin header naming this origin)."),
    /** A form or text/plain body on a JSON endpoint: what a cross-site form could send. */
    NOT_JSON(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "This endpoint takes JSON (Content-Type: application/json)."),
    /** The session could not be saved. */
    SIGN_IN_FAILED(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Signing in failed: the session could not be saved (see space-dev's output)."),
    METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED, "Static files are read with GET or HEAD."),
    RANGE_NOT_SATISFIABLE(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "The requested range is outside the file."),
    /** The micro exited, or has nothing to run. */
    INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR, "space-dev failed to answer (see its output)."),
    MICRO_DOWN(HttpResponseStatus.BAD_GATEWAY, "is not running."),
    /** It crash-looped: space-dev stopped restarting it. */
    MICRO_CRASHED(HttpResponseStatus.BAD_GATEWAY, "crashed: it exited 5 times within a minute, so space-dev stopped restarting it."
            + " It starts again when its files change, or with: space-dev restart"),
    /** Stopped by the owner while the app runs ({@code space-dev stop}, the dashboard). */
    MICRO_STOPPED(HttpResponseStatus.SERVICE_UNAVAILABLE, "was stopped (space-dev stop, or the dashboard). Start it again with:"
            + " space-dev start"),
    /** Its port refused the connection, or it closed before the request was sent: the request did not reach it. */
    MICRO_UNREACHABLE(HttpResponseStatus.BAD_GATEWAY, "did not answer."),
    /** It closed the connection (died, most often) after the request was sent to it: it may have acted on it. */
    MICRO_CLOSED_AFTER_REQUEST(HttpResponseStatus.BAD_GATEWAY, "closed the connection before answering, after the request had"
            + " reached it: it may have been applied."),
    /** Its answer was not HTTP the proxy could read. */
    MICRO_BAD_RESPONSE(HttpResponseStatus.BAD_GATEWAY, "sent an answer that is not valid HTTP."),
    /** Still starting after the wait. */
    MICRO_NOT_READY(HttpResponseStatus.SERVICE_UNAVAILABLE, "is still starting.");

    private final HttpResponseStatus status;
    private final String summary;

    ProxyError(HttpResponseStatus status, String summary) {
        this.status = status;
        this.summary = summary;
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** For micro errors, the sentence completes "Micro NAME …". */
    public String summary() {
        return summary;
    }

    /** The answer to a request the HTTP decoder could not read. */
    public static ProxyError ofDecoderFailure(Throwable cause) {
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
            return HEADERS_TOO_LARGE;
        }
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
            return URI_TOO_LONG;
        }
        return BAD_REQUEST;
    }
}
