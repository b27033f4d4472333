package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The app's API keys, sent as {@code X-Space-App-Key} to micros with {@code presets.api_keys}.
 * Kept in {@code .space/app-keys} (owner-only), or with {@code --data-url} in the database every
 * instance shares ({@link RuntimeState}), as SHA-256 hashes, so nothing stored is a key;
 * a key is shown once, when it is made. A running {@code up} sees changes within a second.
 */
public final class AppKeys {
    public record Entry(String name, String hash, Instant created) {}

    public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    public static final String NAME_RULE = "must be letters, digits, . _ or -, at most 64, starting with a letter or digit";

    static final String FILE = "app-keys";

    private final StateDocument document;
    private volatile List<Entry> entries = List.of();
    private volatile Object loadedAt;

    public AppKeys(SpaceDir space) {
        this(RuntimeState.files(space));
    }

    /** The keys kept where {@code state} keeps them (the project's files, or a database several instances share). */
    public AppKeys(RuntimeState state) {
        this.document = state.appKeys();
        reload();
    }

    public List<Entry> list() {
        reloadIfChanged();
        return entries;
    }

    /** Makes a key named {@code name}; the key itself is returned, and nowhere kept. */
    public synchronized String create(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name \"" + name + "\" " + NAME_RULE);
        }
        String key = "sdk_" + Secrets.random(24);
        boolean[] taken = new boolean[1];
        change(all -> {
            taken[0] = all.stream().anyMatch(e -> e.name().equals(name));
            if (!taken[0]) {
                all.add(new Entry(name, hash(key), Instant.now()));
            }
        });
        if (taken[0]) {
            throw new IllegalArgumentException("a key named \"" + name + "\" exists already; revoke it first or pick another name");
        }
        return key;
    }

    /** @return whether a key of that name existed */
    public synchronized boolean revoke(String name) throws IOException {
        boolean[] found = new boolean[1];
        change(all -> found[0] = all.removeIf(e -> e.name().equals(name)));
        return found[0];
    }

    /** Whether {@code key} is a live key, compared in constant time against every stored hash. */
    public boolean isLive(String key) {
        reloadIfChanged();
        if (matches(key)) {
            return true;
        }
        if (!java.util.Objects.equals(document.freshStamp(), loadedAt)) {
            reload(); // made a moment ago, perhaps by another instance
            return matches(key);
        }
        return false;
    }

    private boolean matches(String key) {
        byte[] candidate = hash(key).getBytes(StandardCharsets.US_ASCII);
        boolean live = false;
        for (Entry e : entries) {
            live |= MessageDigest.isEqual(candidate, e.hash().getBytes(StandardCharsets.US_ASCII));
        }
        return live;
    }

    /** Cheap enough per request: one stat of the file (or a version looked up about once a second), a read only when it changed. */
    public void reloadIfChanged() {
        if (!java.util.Objects.equals(document.stamp(), loadedAt)) {
            reload();
        }
    }

    private synchronized void reload() {
        Object stamp = document.stamp();
        try {
            entries = List.copyOf(parse(document.read()));
            loadedAt = stamp;
        } catch (IOException | RuntimeException e) {
            // keep the keys we had rather than lock everyone out on a bad read
        }
    }

    private void change(java.util.function.Consumer<List<Entry>> edit) throws IOException {
        String text = document.update(current -> {
            List<Entry> all = new ArrayList<>(parse(current));
            edit.accept(all);
            return format(all);
        });
        entries = List.copyOf(parse(text));
        loadedAt = document.stamp();
    }

    private static List<Entry> parse(String text) {
        List<Entry> read = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 3 && !line.startsWith("#")) {
                read.add(new Entry(f[0], f[1], Instant.parse(f[2])));
            }
        }
        return read;
    }

    private static String format(List<Entry> all) {
        StringBuilder b = new StringBuilder("# name\tsha256 of the key\tcreated (made by space-dev keys)\n");
        all.forEach(e -> b.append(e.name()).append('\t').append(e.hash()).append('\t').append(e.created()).append('\n'));
        return b.toString();
    }

    static String hash(String key) {
        return Secrets.sha256(key);
    }
}
