package dev.spacedev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An app action's answer as text, drawn as its view would draw it (Space's Teletype's views, in a terminal). */
final class AppActionView {
    private AppActionView() {}

    static String text(JsonNode wrapped) {
        JsonNode data = wrapped.path("data");
        return switch (wrapped.path("type").asText("@deta/raw")) {
            case "@deta/detail" -> lines(field(data, "title"), field(data, "text"), field(data, "url"), field(data, "image_url"));
            case "@deta/file" -> lines(field(data, "name").isEmpty() ? "(a file)" : field(data, "name"),
                    field(data, "type").isEmpty() ? "" : "type: " + field(data, "type"), field(data, "url"));
            case "@deta/list" -> list(data);
            case "@deta/raw" -> data.isTextual() ? data.asText() : data.toPrettyString();
            default -> "(a view of the app's own, " + wrapped.path("type").asText() + ")\n" + data.toPrettyString();
        };
    }

    private static String list(JsonNode data) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : data.path("items")) {
            String description = field(item, "description");
            String url = field(item, "url");
            out.add("- " + field(item, "title") + (description.isEmpty() ? "" : ": " + description) + (url.isEmpty() ? "" : " (" + url + ")"));
        }
        return out.isEmpty() ? "(an empty list)" : String.join("\n", out);
    }

    private static String field(JsonNode o, String name) {
        JsonNode v = o.path(name);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    private static String lines(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (!p.isEmpty()) {
                kept.add(p);
            }
        }
        return String.join("\n", kept);
    }
}
