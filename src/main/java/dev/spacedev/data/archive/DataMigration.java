package dev.spacedev.data.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.data.base.BaseApi;
import dev.spacedev.data.base.BaseQuery;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.drive.DriveStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Copies an app's Base and Drive from one backend to another ({@code space-dev data migrate}), then
 * checks the copy: per base its item count and a SHA-256 over its items in key order (each as the
 * API answers it), per drive its file count and a SHA-256 over names, types and contents. The
 * source is only read. Safe to run again after an interruption: items are put again (a put
 * replaces), files whose name, type, size and content the target has already are skipped.
 */
public final class DataMigration {
    /** A backend's Base and Drive. */
    public record Stores(BaseStore base, DriveStore drive) {}

    /** What a base or drive holds: its name, how many items or files, and their checksum. */
    public record Summary(String kind, String name, long count, String sha256) {}

    /** What was copied, and what both sides hold afterwards; {@code verified} when every summary matches. */
    public record Result(long items, long files, long skippedFiles, List<Summary> source, List<Summary> target, boolean verified) {}

    private static final int PAGE = BaseStore.DEFAULT_LIMIT;

    private DataMigration() {}

    public static Result run(Stores from, Stores to, Consumer<String> progress) throws IOException, SQLException {
        long items = 0;
        for (String base : from.base().bases()) {
            long copied = copyBase(from.base(), to.base(), base);
            progress.accept("base " + base + ": " + copied + " items");
            items += copied;
        }
        long files = 0;
        long skipped = 0;
        for (String drive : from.drive().drives()) {
            long[] counts = copyDrive(from.drive(), to.drive(), drive);
            progress.accept("drive " + drive + ": " + counts[0] + " files copied, " + counts[1] + " there already");
            files += counts[0];
            skipped += counts[1];
        }
        List<Summary> source = summarise(from);
        List<Summary> target = summarise(to);
        Map<String, Summary> byName = new LinkedHashMap<>();
        target.forEach(s -> byName.put(s.kind() + "/" + s.name(), s));
        boolean verified = source.stream().allMatch(s -> s.equals(byName.get(s.kind() + "/" + s.name())));
        return new Result(items, files, skipped, source, target, verified);
    }

    private static long copyBase(BaseStore from, BaseStore to, String base) throws SQLException {
        long copied = 0;
        Optional<String> last = Optional.empty();
        while (true) {
            BaseStore.Page page = from.query(base, BaseQuery.ALL, PAGE, last, false);
            for (int i = 0; i < page.items().size(); i += BaseStore.MAX_ITEMS_PER_PUT) {
                List<ObjectNode> batch = new ArrayList<>();
                page.items().subList(i, Math.min(page.items().size(), i + BaseStore.MAX_ITEMS_PER_PUT)).forEach(it -> batch.add(it.deepCopy()));
                to.put(base, batch);
            }
            copied += page.items().size();
            if (page.last().isEmpty()) {
                return copied;
            }
            last = page.last();
        }
    }

    /** @return files copied, files the target had already */
    private static long[] copyDrive(DriveStore from, DriveStore to, String drive) throws IOException, SQLException {
        long copied = 0;
        long there = 0;
        for (String name : names(from, drive)) {
            Optional<DriveStore.StoredFile> source = from.get(drive, name);
            if (source.isEmpty()) {
                continue; // deleted meanwhile
            }
            Optional<DriveStore.StoredFile> existing = to.get(drive, name);
            if (existing.isPresent() && existing.get().contentType().equals(source.get().contentType())
                    && existing.get().content().size() == source.get().content().size()
                    && sha256(existing.get()).equals(sha256(source.get()))) {
                there++;
                continue;
            }
            try (InputStream in = source.get().content().open(0)) {
                to.put(drive, name, in, source.get().contentType());
            }
            copied++;
        }
        return new long[] {copied, there};
    }

    private static List<String> names(DriveStore store, String drive) throws SQLException {
        List<String> all = new ArrayList<>();
        Optional<String> last = Optional.empty();
        while (true) {
            DriveStore.Listing page = store.list(drive, "", PAGE, last, true);
            all.addAll(page.names());
            if (page.last().isEmpty()) {
                return all;
            }
            last = page.last();
        }
    }

    /** Every base and drive of a backend, with its count and checksum, in name order. */
    public static List<Summary> summarise(Stores stores) throws IOException, SQLException {
        List<Summary> out = new ArrayList<>();
        for (String base : stores.base().bases()) {
            MessageDigest digest = newDigest();
            long count = 0;
            Optional<String> last = Optional.empty();
            do {
                BaseStore.Page page = stores.base().query(base, BaseQuery.ALL, PAGE, last, false);
                for (ObjectNode item : page.items()) {
                    digest.update((BaseApi.ordered(item).toString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    count++;
                }
                last = page.last();
            } while (last.isPresent());
            out.add(new Summary("base", base, count, HexFormat.of().formatHex(digest.digest())));
        }
        for (String drive : stores.drive().drives()) {
            MessageDigest digest = newDigest();
            long count = 0;
            for (String name : names(stores.drive(), drive)) {
                Optional<DriveStore.StoredFile> file = stores.drive().get(drive, name);
                if (file.isPresent()) {
                    digest.update((name + "\t" + file.get().contentType() + "\t" + file.get().content().size() + "\t" + sha256(file.get())
                            + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    count++;
                }
            }
            out.add(new Summary("drive", drive, count, HexFormat.of().formatHex(digest.digest())));
        }
        return out;
    }

    private static String sha256(DriveStore.StoredFile file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = file.content().open(0)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
