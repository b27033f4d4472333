package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** A dotted path into an item ({@code profile.address.city}), as Base queries and updates use them. */
record FieldPath(List<String> segments) {
    static FieldPath of(String dotted) {
        return new FieldPath(List.of(dotted.split("\\.", -1)));
    }

    String first() {
        return segments.get(0);
    }

    /** The value at this path; empty when any step is missing or not an object. */
    Optional<JsonNode> get(JsonNode item) {
        JsonNode node = item;
        for (String s : segments) {
            if (node == null || !node.isObject() || !node.has(s)) {
                return Optional.empty();
            }
            node = node.get(s);
        }
        return Optional.ofNullable(node);
    }

    /** The object holding the last segment; empty when the parent is missing or not an object. */
    Optional<ObjectNode> parent(ObjectNode item) {
        JsonNode node = item;
        for (String s : segments.subList(0, segments.size() - 1)) {
            node = node.get(s);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
        }
        return Optional.of((ObjectNode) node);
    }

    String last() {
        return segments.get(segments.size() - 1);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
