package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deta Base's HTTP API, as the SDKs use it (BASE-DRIVE.md), over a {@link BaseStore}: the
 * request's method, its path after {@code /v1/<project>/<base>}, and its JSON body in; a status
 * and a JSON body out. Free of any HTTP library, so every rule is tested directly.
 */
public final class BaseApi {
    /** What the API answers. */
    /** @param detail what exactly was wrong, beside an error Deta's cloud worded more vaguely ("Bad query"); sent as a header */
    public record Reply(int status, JsonNode body, java.util.Optional<String> detail) {
        public Reply(int status, JsonNode body) {
            this(status, body, java.util.Optional.empty());
        }
    }

    static final int MAX_ITEM_BYTES = 400 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BaseApi.class);
    private final BaseStore store;

    public BaseApi(BaseStore store) {
        this.store = store;
    }

    public Reply handle(String method, String base, String rest, JsonNode body) {
        try {
            return route(method, base, rest, body);
        } catch (BaseRequestException e) {
            return errors(e);
        } catch (SQLException e) {
            LOG.warn("base {}: {} {} failed: {}", base, method, rest, e.toString()); // the detail is for the log only
            return errors(500, List.of("storage failed"));
        }
    }

    private Reply route(String method, String base, String rest, JsonNode body) throws BaseRequestException, SQLException {
        if (rest.equals("/items") && method.equals("PUT")) {
            return put(base, body);
        }
        if (rest.equals("/items") && method.equals("POST")) {
            return insert(base, body);
        }
        if (rest.equals("/query") && method.equals("POST")) {
            return query(base, body);
        }
        if (rest.startsWith("/items/") && rest.length() > "/items/".length()) {
            String key = URLDecoder.decode(rest.substring("/items/".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> {
                    return store.get(base, key).map(item -> new Reply(200, ordered(item)))
                            .orElseGet(() -> new Reply(404, NODES.objectNode().put("key", key)));
                }
                case "DELETE" -> {
                    store.delete(base, key);
                    return new Reply(200, NODES.objectNode().put("key", key));
                }
                case "PATCH" -> {
                    BaseUpdate update = BaseUpdate.parse(body);
                    return store.update(base, key, update).map(item -> new Reply(200, update.echo(key)))
                            .orElseGet(() -> errors(404, List.of("Key not found")));
                }
                default -> {
                    return errors(405, List.of("method " + method + " is not allowed on " + rest));
                }
            }
        }
        return errors(404, List.of("no such endpoint: " + method + " " + rest));
    }

    private Reply put(String base, JsonNode body) throws BaseRequestException, SQLException {
        JsonNode items = body == null ? null : body.get("items");
        if (items == null || !items.isArray()) {
            throw new BaseRequestException(400, "the body must be {\"items\": [...]}");
        }
        if (items.size() > BaseStore.MAX_ITEMS_PER_PUT) {
            throw new BaseRequestException(400, "at most " + BaseStore.MAX_ITEMS_PER_PUT + " items per request");
        }
        List<ObjectNode> ok = new ArrayList<>();
        ArrayNode failed = NODES.arrayNode();
        Set<String> keys = new HashSet<>();
        for (JsonNode item : items) {
            ObjectNode object = item.isObject() ? ((ObjectNode) item).deepCopy() : NODES.objectNode().set("value", item);
            checkKey(object);
            if (object.hasNonNull("key") && !keys.add(object.get("key").asText())) {
                throw new BaseRequestException(400, "duplicate key \"" + object.get("key").asText() + "\" in one request");
            }
            if (object.toString().getBytes(StandardCharsets.UTF_8).length > MAX_ITEM_BYTES) {
                failed.add(object);
            } else {
                ok.add(object);
            }
        }
        ArrayNode processed = NODES.arrayNode();
        store.put(base, ok).forEach(item -> processed.add(ordered(item)));
        ObjectNode reply = NODES.objectNode();
        reply.putObject("processed").set("items", processed);
        reply.putObject("failed").set("items", failed);
        return new Reply(207, reply);
    }

    private Reply insert(String base, JsonNode body) throws BaseRequestException, SQLException {
        JsonNode item = body == null ? null : body.get("item");
        if (item == null || item.isNull()) {
            throw new BaseRequestException(400, "the body must be {\"item\": {...}}");
        }
        ObjectNode object = item.isObject() ? ((ObjectNode) item).deepCopy() : NODES.objectNode().set("value", item);
        checkKey(object);
        if (!store.insert(base, object)) {
            return errors(409, List.of("Key already exists"));
        }
        return new Reply(201, ordered(object));
    }

    private Reply query(String base, JsonNode body) throws BaseRequestException, SQLException {
        JsonNode b = body == null ? NODES.objectNode() : body;
        BaseQuery query = BaseQuery.parse(b.get("query"));
        JsonNode limitNode = b.get("limit");
        int limit = BaseStore.DEFAULT_LIMIT;
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.canConvertToInt() || !limitNode.isIntegralNumber() || limitNode.asInt() < 1) {
                throw new BaseRequestException(400, "limit must be a number of at least 1");
            }
            limit = Math.min(limitNode.asInt(), BaseStore.DEFAULT_LIMIT);
        }
        Optional<String> last = Optional.ofNullable(b.get("last")).filter(JsonNode::isTextual).map(JsonNode::asText).filter(s -> !s.isEmpty());
        boolean descending = "desc".equalsIgnoreCase(b.path("sort").asText(""));
        BaseStore.Page page = store.query(base, query, limit, last, descending);
        ObjectNode reply = NODES.objectNode();
        ObjectNode paging = reply.putObject("paging").put("size", page.items().size());
        page.last().ifPresent(k -> paging.put("last", k));
        ArrayNode items = reply.putArray("items");
        page.items().forEach(item -> items.add(ordered(item)));
        return new Reply(200, reply);
    }

    /**
     * An item as the API answers it: fields in name order (by UTF-16 code unit), nested objects too,
     * as a Go map is written. One order for every backend: PostgreSQL's JSONB keeps its own order,
     * not the order fields were sent in, so an answer could not otherwise be the same from both.
     */
    public static JsonNode ordered(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            java.util.List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            java.util.Collections.sort(names);
            for (String name : names) {
                out.set(name, ordered(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(element -> out.add(ordered(element)));
            return out;
        }
        return node;
    }

    private static void checkKey(ObjectNode item) throws BaseRequestException {
        JsonNode key = item.get("key");
        if (key != null && !key.isNull() && !key.isTextual()) {
            throw new BaseRequestException(400, "key must be a string");
        }
        if (key != null && key.isTextual() && key.asText().isEmpty()) {
            item.remove("key"); // an empty key gets a generated one, as Deta did
        }
    }

    /** The errors as Deta answered them (the body the SDKs read, unchanged), and the detail, if any, beside them. */
    public static Reply errors(BaseRequestException e) {
        return new Reply(e.status(), errors(e.status(), e.errors()).body(), e.detail());
    }

    public static Reply errors(int status, List<String> messages) {
        ObjectNode body = NODES.objectNode();
        ArrayNode list = body.putArray("errors");
        messages.forEach(list::add);
        return new Reply(status, body);
    }

    /** Parses a request body; an empty one is null. */
    public static JsonNode parseBody(byte[] bytes) throws BaseRequestException {
        if (bytes.length == 0) {
            return null;
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new BaseRequestException(400, "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        requireFinite(body);
        return body;
    }

    /**
     * A number beyond a 64-bit float ({@code 1e400}) is refused, as Deta's Go service refused it: read as a
     * double it would be stored as "Infinity", and arithmetic on it fails.
     */
    private static void requireFinite(JsonNode node) throws BaseRequestException {
        if (node.isNumber() && (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())
                || node.isBigInteger() && node.bigIntegerValue().bitLength() > 1023)) {
            throw new BaseRequestException(400, "the number " + node.asText() + " is out of range (JSON numbers are 64-bit floats)");
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                requireFinite(child);
            }
        }
    }
}
