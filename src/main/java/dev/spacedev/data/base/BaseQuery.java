package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A Base query: a list of objects, OR between them, AND within one. A key is a dotted field path
 * with an optional operator suffix: {@code ?ne ?lt ?gt ?lte ?gte ?pfx ?r ?contains ?not_contains}
 * (also {@code ?!contains}, and {@code ?< ?> ?<= ?>=} for the comparisons). A field that is missing
 * never matches an operator. As on Deta's cloud, a query it would not run is refused with the one
 * message the SDKs pass on, {@code "Bad query"} (the detail goes to space-dev's log): an empty or
 * unknown operator, {@code ?pfx} without a string, {@code ?r} without two values, and conditions on
 * {@code key} that are not strings, use contains, appear twice in one object, or differ between
 * the objects of the list (all or none must have the same one).
 */
public final class BaseQuery implements Predicate<JsonNode> {
    public static final BaseQuery ALL = new BaseQuery(List.of());
    public static final String BAD_QUERY = "Bad query";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BaseQuery.class);
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("", ""), Map.entry("ne", "ne"),
            Map.entry("lt", "lt"), Map.entry("<", "lt"), Map.entry("gt", "gt"), Map.entry(">", "gt"), Map.entry("lte", "lte"),
            Map.entry("<=", "lte"), Map.entry("gte", "gte"), Map.entry(">=", "gte"), Map.entry("pfx", "pfx"), Map.entry("r", "r"),
            Map.entry("contains", "contains"), Map.entry("not_contains", "not_contains"), Map.entry("!contains", "not_contains"));

    /** One field's condition; {@code operator} is the canonical name ("" for equality, "lt", "pfx", …). */
    record Condition(FieldPath path, String operator, JsonNode value) {}

    private final List<List<Condition>> alternatives;

    private BaseQuery(List<List<Condition>> alternatives) {
        this.alternatives = alternatives;
    }

    /** OR between the lists, AND within one; no list at all matches every item. */
    List<List<Condition>> alternatives() {
        return alternatives;
    }

    /** @param query the request's {@code query}: null or empty for everything */
    public static BaseQuery parse(JsonNode query) throws BaseRequestException {
        if (query == null || query.isNull() || query.isArray() && query.isEmpty()) {
            return ALL;
        }
        if (!query.isArray()) {
            throw bad("query must be a list of objects");
        }
        List<List<Condition>> alternatives = new ArrayList<>();
        List<Condition> keyConditions = new ArrayList<>(); // each object's condition on key, or null
        for (JsonNode part : query) {
            if (!part.isObject()) {
                throw bad("query must be a list of objects");
            }
            List<Condition> all = new ArrayList<>();
            Condition onKey = null;
            for (Map.Entry<String, JsonNode> e : part.properties()) {
                Condition c = condition(e.getKey(), e.getValue());
                if (c.path().toString().equals("key")) {
                    if (onKey != null) {
                        throw bad("more than one condition on key in one query object");
                    }
                    onKey = c;
                }
                all.add(c);
            }
            alternatives.add(all);
            keyConditions.add(onKey);
        }
        Condition first = keyConditions.get(0);
        for (Condition c : keyConditions) {
            boolean same = first == null ? c == null : c != null && c.operator().equals(first.operator()) && c.value().equals(first.value());
            if (!same) {
                throw bad("the query objects must all have the same condition on key, or none");
            }
        }
        return new BaseQuery(alternatives);
    }

    private static Condition condition(String key, JsonNode value) throws BaseRequestException {
        int q = key.indexOf('?');
        String field = q < 0 ? key : key.substring(0, q);
        String written = q < 0 ? null : key.substring(q + 1);
        String op = written == null ? "" : OPERATORS.get(written);
        if (op == null || written != null && written.isEmpty()) {
            throw bad("no operator \"?" + written + "\" in \"" + key + "\"");
        }
        if (field.isEmpty()) {
            throw bad("no field name in \"" + key + "\"");
        }
        if (op.equals("pfx") && !value.isTextual()) {
            throw bad("\"" + key + "\" takes a string");
        }
        if (op.equals("r") && !(value.isArray() && value.size() == 2)) {
            throw bad("\"" + key + "\" takes a list of two values [lower, upper]");
        }
        if (field.equals("key")) {
            if (op.equals("contains") || op.equals("not_contains")) {
                throw bad("contains operators are not allowed on key");
            }
            boolean strings = op.equals("r") ? value.get(0).isTextual() && value.get(1).isTextual() : value.isTextual();
            if (!strings) {
                throw bad("queries on key take string values");
            }
        }
        return new Condition(FieldPath.of(field), op, value);
    }

    /**
     * What Deta's cloud answered: the SDKs show the app "Bad query"; the detail goes to the log, and to the
     * {@code X-Space-Dev-Detail} header (the body stays Deta's) for the dashboard to show.
     */
    private static BaseRequestException bad(String detail) {
        LOG.warn("Base query refused (\"Bad query\"): {}", detail);
        return new BaseRequestException(400, BAD_QUERY, detail);
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
