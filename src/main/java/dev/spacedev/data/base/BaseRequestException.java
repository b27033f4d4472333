package dev.spacedev.data.base;

import java.util.List;

/** A Base request the API refuses, with the status and the {@code {"errors":[...]}} messages the SDKs expect. */
public final class BaseRequestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String detail;

    public BaseRequestException(int status, String message) {
        this(status, message, null);
    }

    /** @param detail what exactly was wrong, beside the message Deta's cloud gave (which the SDKs show); null for none */
    public BaseRequestException(int status, String message, String detail) {
        super(message);
        this.status = status;
        this.detail = detail;
    }

    /** What exactly was wrong, when the message Deta's cloud gave says less ("Bad query"). */
    public java.util.Optional<String> detail() {
        return java.util.Optional.ofNullable(detail);
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return List.of(getMessage());
    }
}
