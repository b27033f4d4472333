package dev.spacedev.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A Base query: a list of objects, OR between them, AND within one. A key is a dotted field path
 * with an optional operator suffix: {@code ?ne ?lt ?gt ?lte ?gte ?pfx ?r ?contains ?not_contains}
 * (also {@code ?!contains}). A field that is missing never matches an operator. Queries on
 * {@code key} take strings and no contains operators.
 */
public final class BaseQuery implements Predicate<JsonNode> {
    public static final BaseQuery ALL = new BaseQuery(List.of());

    private record Condition(FieldPath path, String operator, JsonNode value) {}

    private final List<List<Condition>> alternatives;

    private BaseQuery(List<List<Condition>> alternatives) {
        this.alternatives = alternatives;
    }

    /** @param query the request's {@code query}: null or empty for everything */
    public static BaseQuery parse(JsonNode query) throws BaseRequestException {
        if (query == null || query.isNull() || query.isArray() && query.isEmpty()) {
            return ALL;
        }
        if (!query.isArray()) {
            throw new BaseRequestException(400, "query must be a list of objects");
        }
        List<List<Condition>> alternatives = new ArrayList<>();
        for (JsonNode part : query) {
            if (!part.isObject()) {
                throw new BaseRequestException(400, "query must be a list of objects");
            }
            List<Condition> all = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : part.properties()) {
                all.add(condition(e.getKey(), e.getValue()));
            }
            alternatives.add(all);
        }
        return new BaseQuery(alternatives);
    }

    private static Condition condition(String key, JsonNode value) throws BaseRequestException {
        int q = key.lastIndexOf('?');
        String field = q < 0 ? key : key.substring(0, q);
        String op = q < 0 ? "" : key.substring(q + 1);
        if (op.equals("!contains")) {
            op = "not_contains";
        }
        if (!List.of("", "ne", "lt", "gt", "lte", "gte", "pfx", "r", "contains", "not_contains").contains(op)) {
            throw new BaseRequestException(400, "invalid query operator \"?" + op + "\" in \"" + key + "\"");
        }
        if (field.isEmpty()) {
            throw new BaseRequestException(400, "empty field name in query key \"" + key + "\"");
        }
        if (op.equals("r") && !(value.isArray() && value.size() == 2)) {
            throw new BaseRequestException(400, "\"" + key + "\" takes a list of two values [lower, upper]");
        }
        if (field.equals("key")) {
            if (op.equals("contains") || op.equals("not_contains")) {
                throw new BaseRequestException(400, "contains operators are not allowed on key");
            }
            boolean strings = op.equals("r") ? value.get(0).isTextual() && value.get(1).isTextual() : value.isTextual();
            if (!strings) {
                throw new BaseRequestException(400, "queries on key take string values");
            }
        }
        return new Condition(FieldPath.of(field), op, value);
    }

    @Override
    public boolean test(JsonNode item) {
        if (alternatives.isEmpty()) {
            return true;
        }
        for (List<Condition> all : alternatives) {
            if (all.stream().allMatch(c -> matches(c, item))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Condition c, JsonNode item) {
        JsonNode actual = c.path().get(item).orElse(null);
        if (actual == null) {
            return false;
        }
        JsonNode v = c.value();
        return switch (c.operator()) {
            case "" -> same(actual, v);
            case "ne" -> !same(actual, v);
            case "lt" -> compare(actual, v) < 0 && comparable(actual, v);
            case "gt" -> compare(actual, v) > 0 && comparable(actual, v);
            case "lte" -> comparable(actual, v) && compare(actual, v) <= 0;
            case "gte" -> comparable(actual, v) && compare(actual, v) >= 0;
            case "pfx" -> actual.isTextual() && v.isTextual() && actual.asText().startsWith(v.asText());
            case "r" -> comparable(actual, v.get(0)) && comparable(actual, v.get(1))
                    && compare(actual, v.get(0)) >= 0 && compare(actual, v.get(1)) <= 0;
            case "contains" -> contains(actual, v);
            case "not_contains" -> (actual.isTextual() || actual.isArray()) && !contains(actual, v);
            default -> false;
        };
    }

    /** JSON equality, numbers by value (1 equals 1.0). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean comparable(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() || a.isTextual() && b.isTextual();
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = a.decimalValue();
            return x.compareTo(b.decimalValue());
        }
        if (a.isTextual() && b.isTextual()) {
            return a.asText().compareTo(b.asText());
        }
        return 0;
    }

    private static boolean contains(JsonNode actual, JsonNode v) {
        if (actual.isTextual()) {
            return v.isTextual() && actual.asText().contains(v.asText());
        }
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (same(element, v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
