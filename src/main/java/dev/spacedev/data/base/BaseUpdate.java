package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A Base update ({@code PATCH /items/{key}}): {@code set}, {@code increment}, {@code append},
 * {@code prepend} and {@code delete}, each on dotted paths, applied to a copy of the item. Refused
 * (400) when it would change {@code key}, when {@code set} and {@code delete} touch the same
 * field, when a nested {@code set} has no parent object, or a value is of the wrong kind.
 */
public final class BaseUpdate {
    private final JsonNode set;
    private final JsonNode increment;
    private final JsonNode append;
    private final JsonNode prepend;
    private final JsonNode delete;

    private BaseUpdate(JsonNode body) {
        this.set = body.path("set");
        this.increment = body.path("increment");
        this.append = body.path("append");
        this.prepend = body.path("prepend");
        this.delete = body.path("delete");
    }

    public static BaseUpdate parse(JsonNode body) throws BaseRequestException {
        if (body == null || !body.isObject()) {
            throw new BaseRequestException(400, "the update must be an object of set, increment, append, prepend and delete");
        }
        BaseUpdate u = new BaseUpdate(body);
        for (JsonNode part : new JsonNode[] {u.set, u.increment, u.append, u.prepend}) {
            if (!part.isMissingNode() && !part.isNull() && !part.isObject()) {
                throw new BaseRequestException(400, "set, increment, append and prepend must be objects");
            }
        }
        if (!u.delete.isMissingNode() && !u.delete.isNull() && !u.delete.isArray()) {
            throw new BaseRequestException(400, "delete must be a list of field names");
        }
        if (u.set.isEmpty() && u.increment.isEmpty() && u.append.isEmpty() && u.prepend.isEmpty() && u.delete.isEmpty()) {
            // MissingNode and NullNode are empty too: an update of nothing, as the cloud refused it
            throw new BaseRequestException(400, "no updates: set, increment, append, prepend and delete are all empty");
        }
        for (JsonNode part : new JsonNode[] {u.set, u.increment, u.append, u.prepend}) {
            for (Iterator<String> it = part.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (f.equals("key") || f.startsWith("key.")) {
                    throw new BaseRequestException(400, "the key cannot be updated");
                }
            }
        }
        for (JsonNode d : u.delete) {
            if (d.asText().equals("key")) {
                throw new BaseRequestException(400, "the key cannot be updated");
            }
            if (u.set.has(d.asText())) {
                throw new BaseRequestException(400, "\"" + d.asText() + "\" is both set and deleted");
            }
        }
        return u;
    }

    /** The item after the update; the original is not changed. */
    public ObjectNode applyTo(ObjectNode item) throws BaseRequestException {
        ObjectNode out = item.deepCopy();
        for (Map.Entry<String, JsonNode> e : set.properties()) {
            FieldPath path = FieldPath.of(e.getKey());
            ObjectNode parent = path.parent(out).orElseThrow(() -> new BaseRequestException(400,
                    "cannot set \"" + e.getKey() + "\": its parent is not an object"));
            parent.set(path.last(), e.getValue().deepCopy()); // a copy: a later "a.b" must not write into the request's "a"
        }
        for (Map.Entry<String, JsonNode> e : increment.properties()) {
            FieldPath path = FieldPath.of(e.getKey());
            if (!e.getValue().isNumber()) {
                throw new BaseRequestException(400, "increment \"" + e.getKey() + "\" by a number");
            }
            ObjectNode parent = parentFor(out, path);
            JsonNode current = parent.get(path.last());
            if (current != null && !current.isNumber()) {
                throw new BaseRequestException(400, "cannot increment \"" + e.getKey() + "\": it is not a number");
            }
            parent.put(path.last(), (current == null ? java.math.BigDecimal.ZERO : current.decimalValue())
                    .add(e.getValue().decimalValue()).stripTrailingZeros());
            normaliseNumber(parent, path.last());
        }
        addToLists(out, append, false);
        addToLists(out, prepend, true);
        for (JsonNode d : delete) {
            FieldPath path = FieldPath.of(d.asText());
            path.parent(out).ifPresent(parent -> parent.remove(path.last()));
        }
        return out;
    }

    private static void addToLists(ObjectNode item, JsonNode part, boolean front) throws BaseRequestException {
        for (Map.Entry<String, JsonNode> e : part.properties()) {
            FieldPath path = FieldPath.of(e.getKey());
            ObjectNode parent = parentFor(item, path);
            JsonNode current = parent.get(path.last());
            if (current != null && !current.isArray()) {
                throw new BaseRequestException(400, "cannot " + (front ? "prepend" : "append") + " to \"" + e.getKey() + "\": it is not a list");
            }
            ArrayNode list = current == null ? JsonNodeFactory.instance.arrayNode() : (ArrayNode) current;
            ArrayNode added = e.getValue().isArray() ? ((ArrayNode) e.getValue()).deepCopy()
                    : JsonNodeFactory.instance.arrayNode().add(e.getValue().deepCopy());
            if (front) {
                ArrayNode joined = JsonNodeFactory.instance.arrayNode().addAll(added).addAll(list);
                parent.set(path.last(), joined);
            } else {
                parent.set(path.last(), list.addAll(added));
            }
        }
    }

    private static ObjectNode parentFor(ObjectNode item, FieldPath path) throws BaseRequestException {
        return path.parent(item).orElseThrow(() -> new BaseRequestException(400, "\"" + path + "\": its parent is not an object"));
    }

    /** Whole results stay integers in JSON (3, not 3.0). */
    private static void normaliseNumber(ObjectNode parent, String field) {
        java.math.BigDecimal v = parent.get(field).decimalValue();
        if (v.scale() <= 0) {
            try {
                parent.put(field, v.longValueExact());
            } catch (ArithmeticException e) {
                parent.put(field, v);
            }
        }
    }

    /** The update as {@code space_dev_base_update} takes it: the parts that hold something, in the order they were sent. */
    public ObjectNode operations() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        keepIfAny(out, "set", set);
        keepIfAny(out, "increment", increment);
        keepIfAny(out, "append", append);
        keepIfAny(out, "prepend", prepend);
        keepIfAny(out, "delete", delete);
        return out;
    }

    private static void keepIfAny(ObjectNode out, String part, JsonNode node) {
        if ((node.isObject() || node.isArray()) && !node.isEmpty()) {
            out.set(part, node);
        }
    }

    /** What the API echoes back: the key and the set and delete parts as sent. */
    public ObjectNode echo(String key) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("key", key);
        out.set("set", set.isObject() ? set : JsonNodeFactory.instance.objectNode());
        out.set("delete", delete.isArray() ? delete : JsonNodeFactory.instance.arrayNode());
        return out;
    }
}
