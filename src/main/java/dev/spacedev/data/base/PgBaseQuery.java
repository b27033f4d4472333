package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BaseQuery} as a PostgreSQL condition on {@code base_items}, with the embedded store's
 * meaning exactly (a missing field never matches; comparisons only number with number and string
 * with string; strings by bytes). Equality also asks {@code value @> {...}}, which the GIN index
 * answers; conditions on {@code key} go to the key column and its primary-key index. Values are
 * always bound as parameters, never written into the SQL.
 */
final class PgBaseQuery {
    /**
     * The SQL and its parameters in order (a String, or a String[] for a text[] path); {@code byKeyOrder} when
     * the rows are best read in key order, stopping at the limit, rather than found through the index and sorted.
     */
    record Sql(String text, List<Object> parameters, boolean byKeyOrder) {}

    private final List<Object> parameters = new ArrayList<>();

    private PgBaseQuery() {}

    static Sql where(BaseQuery query) {
        PgBaseQuery q = new PgBaseQuery();
        if (query.alternatives().isEmpty()) {
            return new Sql("TRUE", List.of(), false); // key order already: nothing else to go by
        }
        List<String> any = new ArrayList<>();
        for (List<BaseQuery.Condition> all : query.alternatives()) {
            List<String> each = new ArrayList<>();
            for (BaseQuery.Condition c : all) {
                each.add(q.condition(c));
            }
            any.add(each.isEmpty() ? "TRUE" : "(" + String.join(" AND ", each) + ")");
        }
        return new Sql("(" + String.join(" OR ", any) + ")", q.parameters, !everyAlternativeHasEquality(query));
    }

    /**
     * PostgreSQL cannot estimate how many items a condition inside JSONB matches, and guesses very few: left to
     * itself it reads the whole base and sorts what matched. With an equality in every alternative the GIN index
     * finds the few indeed; without one, most items may match, and walking the key order until the page is full
     * is the fast way (the caller turns sorting off for that query).
     */
    private static boolean everyAlternativeHasEquality(BaseQuery query) {
        return query.alternatives().stream().allMatch(all -> all.stream().anyMatch(c -> c.operator().isEmpty()));
    }

    private String condition(BaseQuery.Condition c) {
        if (c.path().toString().equals("key")) {
            return onKey(c);
        }
        JsonNode v = c.value();
        return switch (c.operator()) {
            case "" -> contains(c.path(), v) + " AND " + present(c.path()) + " AND " + field(c.path()) + " = " + json(v);
            case "ne" -> present(c.path()) + " AND " + field(c.path()) + " <> " + json(v);
            case "lt" -> compare(c.path(), "<", v);
            case "gt" -> compare(c.path(), ">", v);
            case "lte" -> compare(c.path(), "<=", v);
            case "gte" -> compare(c.path(), ">=", v);
            case "pfx" -> present(c.path()) + " AND jsonb_typeof(" + field(c.path()) + ") = 'string' AND starts_with("
                    + field(c.path()) + " #>> '{}', " + text(v.asText()) + ")";
            case "r" -> "(" + compare(c.path(), ">=", v.get(0)) + ") AND (" + compare(c.path(), "<=", v.get(1)) + ")";
            case "contains" -> present(c.path()) + " AND " + holds(c.path(), v);
            case "not_contains" -> present(c.path()) + " AND jsonb_typeof(" + field(c.path()) + ") IN ('string', 'array') AND NOT ("
                    + holds(c.path(), v) + ")";
            default -> throw new IllegalArgumentException("operator " + c.operator());
        };
    }

    private String onKey(BaseQuery.Condition c) {
        JsonNode v = c.value();
        return switch (c.operator()) {
            case "" -> "key = " + text(v.asText());
            case "ne" -> "key <> " + text(v.asText());
            case "lt" -> "key < " + text(v.asText());
            case "gt" -> "key > " + text(v.asText());
            case "lte" -> "key <= " + text(v.asText());
            case "gte" -> "key >= " + text(v.asText());
            case "pfx" -> "key LIKE " + text(v.asText().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            case "r" -> "key >= " + text(v.get(0).asText()) + " AND key <= " + text(v.get(1).asText());
            default -> throw new IllegalArgumentException("operator " + c.operator() + " on key");
        };
    }

    /** The field's value (SQL NULL when missing); reached through objects only, as {@link FieldPath#get} does. */
    private String field(FieldPath path) {
        return "(value #> " + path(path) + ")";
    }

    /** The field exists, and every step before it is an object (never an array index). */
    private String present(FieldPath path) {
        StringBuilder b = new StringBuilder(field(path) + " IS NOT NULL");
        for (int i = 1; i < path.segments().size(); i++) {
            b.append(" AND jsonb_typeof(value #> ").append(path(new FieldPath(path.segments().subList(0, i)))).append(") = 'object'");
        }
        return b.toString();
    }

    /** Only a number compares with a number and a string with a string; anything else never matches. */
    private String compare(FieldPath path, String op, JsonNode v) {
        if (v.isNumber()) {
            // in a CASE, since AND does not promise to test the type before the cast is tried
            return present(path) + " AND CASE WHEN jsonb_typeof(" + field(path) + ") = 'number' THEN " + field(path)
                    + "::numeric END " + op + " " + text(v.decimalValue().toPlainString()) + "::numeric";
        }
        if (v.isTextual()) {
            return present(path) + " AND jsonb_typeof(" + field(path) + ") = 'string' AND (" + field(path) + " #>> '{}') COLLATE \"C\" "
                    + op + " " + text(v.asText());
        }
        return "FALSE";
    }

    /** A string holds a substring; a list holds an element equal to v. */
    private String holds(FieldPath path, JsonNode v) {
        String inString = v.isTextual() ? "(jsonb_typeof(" + field(path) + ") = 'string' AND strpos(" + field(path) + " #>> '{}', "
                + text(v.asText()) + ") > 0)" : "FALSE";
        return inString + " OR (jsonb_typeof(" + field(path) + ") = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements("
                + field(path) + ") e WHERE e = " + json(v) + "))";
    }

    /** {@code value @> {"a": {"b": v}}}: what the GIN index answers, true of every item whose field equals v (and a few more). */
    private String contains(FieldPath path, JsonNode v) {
        JsonNode doc = v;
        List<String> s = path.segments();
        for (int i = s.size() - 1; i >= 0; i--) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.set(s.get(i), doc);
            doc = o;
        }
        return "value @> " + json(doc);
    }

    private String path(FieldPath path) {
        parameters.add(path.segments().toArray(new String[0]));
        return "?::text[]";
    }

    private String json(JsonNode v) {
        parameters.add(v.toString());
        return "?::jsonb";
    }

    private String text(String s) {
        parameters.add(s);
        return "?";
    }
}
