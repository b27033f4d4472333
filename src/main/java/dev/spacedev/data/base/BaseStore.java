package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Base's items: embedded in SQLite ({@link SqliteBaseStore}) or in PostgreSQL ({@link PgBaseStore}).
 * Both keep the same rules, which {@code DataApiConformanceTest} holds them to: items in key order
 * (by bytes), {@code __expires} in epoch seconds (an expired item is gone), all of a put or none.
 */
public interface BaseStore extends AutoCloseable {
    int MAX_ITEMS_PER_PUT = 25;
    int DEFAULT_LIMIT = 1000;
    String EXPIRES = "__expires";

    /** A page of query results; {@code last} is the key to continue after, when more may follow. */
    record Page(List<ObjectNode> items, Optional<String> last) {}

    /** Stores all items or none; items without a key get a random one. Returns the items as stored. */
    List<ObjectNode> put(String base, List<ObjectNode> items) throws SQLException;

    /** @return false when the key exists already (and has not expired) */
    boolean insert(String base, ObjectNode item) throws SQLException;

    Optional<ObjectNode> get(String base, String key) throws SQLException;

    void delete(String base, String key) throws SQLException;

    /** The item after {@code update}, or empty when there is no such item. */
    Optional<ObjectNode> update(String base, String key, BaseUpdate update) throws SQLException, BaseRequestException;

    /** Items in key order (descending if asked) after {@code last}, those matching {@code query}, up to {@code limit}. */
    Page query(String base, BaseQuery query, int limit, Optional<String> last, boolean descending) throws SQLException;

    /** The names of the bases that hold items. */
    List<String> bases() throws SQLException;

    @Override
    void close() throws SQLException;

    /** A key for an item put without one: 12 lowercase letters and digits, as Deta made them. */
    static String randomKey() {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = Keys.RANDOM;
        StringBuilder b = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    /** The expiry an item asks for, in epoch seconds; null when it has none. */
    static Long expiresOf(ObjectNode item) {
        return item.hasNonNull(EXPIRES) && item.get(EXPIRES).isNumber() ? item.get(EXPIRES).asLong() : null;
    }

    /** An item as a store keeps it (JSON text); a row that is not a JSON object is a storage failure. */
    static ObjectNode parseItem(String json) throws SQLException {
        try {
            return (ObjectNode) Keys.JSON.readTree(json);
        } catch (java.io.IOException | ClassCastException e) {
            throw new SQLException("a stored item is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** Holder: an interface's fields are constants; a SecureRandom and a mapper are made once. */
    final class Keys {
        static final SecureRandom RANDOM = new SecureRandom();
        static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        private Keys() {}
    }
}
