package dev.spacedev.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an app's data lives when it is not embedded: {@code postgresql://USER:PASS@HOST:PORT/DB}
 * (also {@code postgres://}, as libpq spells it), with libpq's {@code sslmode} among its
 * parameters. The password never appears in anything shown: {@link #toString} is redacted.
 */
public record DataUrl(String user, String password, String host, int port, String database, Map<String, String> parameters) {
    public static final String ENVIRONMENT = "SPACE_DEV_DATA_URL";
    private static final int DEFAULT_PORT = 5432;

    /** A URL that is not one: its message names what is wrong, never the password. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    public DataUrl {
        parameters = Map.copyOf(parameters);
    }

    public static boolean looksLikeUrl(String text) {
        return text.startsWith("postgresql://") || text.startsWith("postgres://");
    }

    public static DataUrl parse(String text) throws Invalid {
        if (!looksLikeUrl(text)) {
            throw new Invalid("a data URL starts with postgresql:// (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new Invalid("the data URL is not a URL (" + e.getReason() + "); a password with @, / or : is written %40, %2F, %3A");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Invalid("the data URL names no host: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw new Invalid("the data URL names no database: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        String user = "";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        if (user.isEmpty()) {
            throw new Invalid("the data URL names no user: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost() : uri.getHost();
        return new DataUrl(user, password, host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database, params);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The JDBC URL, without the credentials (they go to the driver as properties). */
    String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(java.net.URLEncoder.encode(database, StandardCharsets.UTF_8));
        String sep = "?";
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            b.append(sep).append(java.net.URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return b.toString();
    }

    /**
     * A short name for this database that every instance sharing it computes alike (the owner's
     * session cookie carries it, so that instances on different ports behind one origin share it).
     */
    public String sharedName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((host + ":" + port + "/" + database).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "postgresql://" + user + (password.isEmpty() ? "" : ":***") + "@" + host + ":" + port + "/" + database;
    }
}
