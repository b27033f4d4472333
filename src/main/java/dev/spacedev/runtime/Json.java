package dev.spacedev.runtime;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * JSON string literals for the small reports commands print. Jackson's encoder does the escaping;
 * a whole ObjectMapper would cost {@code validate} its start-up budget for a few strings.
 */
public final class Json {
    private Json() {}

    public static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
