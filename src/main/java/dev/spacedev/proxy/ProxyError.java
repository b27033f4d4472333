package dev.spacedev.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Every way the proxy answers instead of a micro, with its status, in one place. */
public enum ProxyError {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "The request could not be understood."),
    NOT_FOUND(HttpResponseStatus.NOT_FOUND, "No file here."),
    METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED, "Static files are read with GET or HEAD."),
    RANGE_NOT_SATISFIABLE(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "The requested range is outside the file."),
    /** The micro exited, or has nothing to run. */
    MICRO_DOWN(HttpResponseStatus.BAD_GATEWAY, "is not running."),
    /** Its port refused the connection, or it closed before answering. */
    MICRO_UNREACHABLE(HttpResponseStatus.BAD_GATEWAY, "did not answer."),
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
}
