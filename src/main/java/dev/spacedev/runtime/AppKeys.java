package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The app's API keys, sent as {@code X-Space-App-Key} to micros with {@code presets.api_keys}.
 * Kept in {@code .space/app-keys} (owner-only) as SHA-256 hashes, so the file never holds a key;
 * a key is shown once, when it is made. A running {@code up} sees changes within a second.
 */
public final class AppKeys {
    public record Entry(String name, String hash, Instant created) {}

    public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    public static final String NAME_RULE = "must be letters, digits, . _ or -, at most 64, starting with a letter or digit";

    private final Path file;
    private volatile List<Entry> entries = List.of();
    private volatile FileStamp loadedAt;

    public AppKeys(SpaceDir space) {
        this.file = space.root().resolve("app-keys");
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
        reload();
        if (entries.stream().anyMatch(e -> e.name().equals(name))) {
            throw new IllegalArgumentException("a key named \"" + name + "\" exists already; revoke it first or pick another name");
        }
        String key = "sdk_" + Secrets.random(24);
        List<Entry> next = new ArrayList<>(entries);
        next.add(new Entry(name, hash(key), Instant.now()));
        save(next);
        return key;
    }

    /** @return whether a key of that name existed */
    public synchronized boolean revoke(String name) throws IOException {
        reload();
        List<Entry> next = entries.stream().filter(e -> !e.name().equals(name)).toList();
        if (next.size() == entries.size()) {
            return false;
        }
        save(next);
        return true;
    }

    /** Whether {@code key} is a live key, compared in constant time against every stored hash. */
    public boolean isLive(String key) {
        reloadIfChanged();
        byte[] candidate = hash(key).getBytes(StandardCharsets.US_ASCII);
        boolean live = false;
        for (Entry e : entries) {
            live |= MessageDigest.isEqual(candidate, e.hash().getBytes(StandardCharsets.US_ASCII));
        }
        return live;
    }

    /** Cheap enough per request: one stat of the file, a read only when it changed. */
    public void reloadIfChanged() {
        if (!java.util.Objects.equals(FileStamp.of(file).orElse(null), loadedAt)) {
            reload();
        }
    }

    private synchronized void reload() {
        loadedAt = FileStamp.of(file).orElse(null);
        List<Entry> read = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t");
                if (f.length == 3 && !line.startsWith("#")) {
                    read.add(new Entry(f[0], f[1], Instant.parse(f[2])));
                }
            }
        } catch (NoSuchFileException e) {
            // no keys yet
        } catch (IOException | RuntimeException e) {
            return; // keep the keys we had rather than lock everyone out on a bad read
        }
        entries = List.copyOf(read);
    }

    private void save(List<Entry> next) throws IOException {
        StringBuilder b = new StringBuilder("# name\tsha256 of the key\tcreated (made by space-dev keys)\n");
        next.forEach(e -> b.append(e.name()).append('\t').append(e.hash()).append('\t').append(e.created()).append('\n'));
        SpaceDir.writeAtomically(file, b.toString(), true);
        entries = List.copyOf(next);
        loadedAt = FileStamp.of(file).orElse(null);
    }

    static String hash(String key) {
        return Secrets.sha256(key);
    }
}
