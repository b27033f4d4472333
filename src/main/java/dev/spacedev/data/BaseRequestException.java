package dev.spacedev.data;

import java.util.List;

/** A Base request the API refuses, with the status and the {@code {"errors":[...]}} messages the SDKs expect. */
public final class BaseRequestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public BaseRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return List.of(getMessage());
    }
}
