package dev.spacedev.data.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.data.DataDir;
import dev.spacedev.data.base.BaseRequestException;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import dev.spacedev.net.MimeTypes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Brings a Space export zip ({@code bases/<base>.json}, {@code drives/<drive>/<file>}) into an
 * app's data, treating the zip as hostile: every entry's name is checked before anything is
 * written (no absolute path, no "..", no link, nothing outside the layout), sizes are bounded
 * (in total, and by compression ratio, counted as the bytes really come out, so a bomb is stopped
 * whatever its headers claim), and memory stays bounded (items are read one at a time, files
 * streamed). The import runs on a staged copy of the data that replaces it only once everything
 * went in: a refused or failed import leaves the data exactly as it was.
 */
public final class DataImport {
    /** Total bytes an import may expand to. */
    public static final long MAX_TOTAL = 4L << 30;
    /** Deflate can reach ~1000:1 on repeated bytes; real exports (JSON, media) stay far below this. */
    public static final int MAX_RATIO = 100;
    /** Entries smaller than this may compress as well as they like. */
    static final long RATIO_FLOOR = 1 << 20;
    /** Base's own limit per item is 400 KB; a little more for formatting. */
    static final int MAX_ITEM_BYTES = 512 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder(
            com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_ITEM_BYTES).maxNestingDepth(64).build()).build()).build();

    /** The zip is not an export this import accepts; nothing was changed. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** What an import moved, and the entries outside the layout that it left alone. */
    public record Result(DataArchive.Counts counts, List<String> ignored) {}

    private DataImport() {}

    /** Imports {@code zip} into the data folder {@code dataDir} (which may not exist yet). */
    public static Result run(Path zip, Path dataDir) throws IOException, SQLException, Refused {
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            List<ZipArchiveEntry> entries = Collections.list(archive.getEntries());
            List<String> ignored = check(entries);
            Path staging = DataDir.stage(dataDir);
            try {
                DataArchive.Counts counts = apply(archive, entries, staging);
                DataDir.swapIn(staging, dataDir);
                return new Result(counts, ignored);
            } catch (IOException | SQLException | Refused | RuntimeException e) {
                DataDir.discard(staging);
                throw e;
            }
        } catch (java.util.zip.ZipException | org.apache.commons.compress.archivers.ArchiveException e) {
            throw new Refused("not a readable zip (" + e.getMessage() + ")");
        }
    }

    /** Every entry's name and declared size, before anything is written; the entries outside the layout. */
    static List<String> check(List<ZipArchiveEntry> entries) throws Refused {
        long declared = 0;
        List<String> ignored = new ArrayList<>();
        for (ZipArchiveEntry e : entries) {
            String name = e.getName();
            if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0 || name.matches("^[A-Za-z]:.*")
                    || List.of(name.split("/")).contains("..")) {
                throw new Refused("entry \"" + printable(name) + "\" points outside the export (absolute, \"..\" or a drive letter)");
            }
            if (e.isUnixSymlink()) {
                throw new Refused("entry \"" + printable(name) + "\" is a link; an export holds only files");
            }
            if (e.isDirectory()) {
                continue;
            }
            if (name.startsWith("bases/")) {
                String base = name.substring(6);
                if (!base.endsWith(".json") || !validName(base.substring(0, base.length() - 5))) {
                    throw new Refused("entry \"" + printable(name) + "\" is not bases/<base>.json with a valid base name");
                }
            } else if (name.startsWith("drives/")) {
                int slash = name.indexOf('/', 7);
                if (slash < 0 || !validName(name.substring(7, slash))) {
                    throw new Refused("entry \"" + printable(name) + "\" is not drives/<drive>/<file> with a valid drive name");
                }
                try {
                    DriveStore.checkName(name.substring(slash + 1));
                } catch (BaseRequestException bad) {
                    throw new Refused("entry \"" + printable(name) + "\": " + bad.getMessage());
                }
            } else {
                ignored.add(printable(name));
                continue;
            }
            if (e.getSize() > 0) {
                declared += e.getSize();
                checkRatio(name, e.getSize(), e.getCompressedSize());
            }
            if (declared > MAX_TOTAL) {
                throw new Refused("the export expands to more than " + (MAX_TOTAL >> 30) + " GiB");
            }
        }
        return ignored;
    }

    private static DataArchive.Counts apply(ZipFile archive, List<ZipArchiveEntry> entries, Path staging)
            throws IOException, SQLException, Refused {
        Set<String> bases = new LinkedHashSet<>();
        Set<String> drives = new LinkedHashSet<>();
        int items = 0;
        int files = 0;
        Budget budget = new Budget();
        try (BaseStore base = new SqliteBaseStore(staging.resolve("base.db"), Clock.systemUTC()); DriveStore drive = new FileDriveStore(staging)) {
            for (ZipArchiveEntry e : entries) {
                String name = e.getName();
                if (e.isDirectory() || !(name.startsWith("bases/") || name.startsWith("drives/"))) {
                    continue;
                }
                try (Bounded in = new Bounded(archive.getInputStream(e), name, e.getCompressedSize(), budget)) {
                    if (name.startsWith("bases/")) {
                        String baseName = name.substring(6, name.length() - 5);
                        items += readItems(in, name, baseName, base);
                        bases.add(baseName);
                    } else {
                        int slash = name.indexOf('/', 7);
                        String file = name.substring(slash + 1);
                        drive.put(name.substring(7, slash), file, in, MimeTypes.of(file));
                        drives.add(name.substring(7, slash));
                        files++;
                    }
                } catch (Bounded.Exceeded x) {
                    throw new Refused(x.getMessage());
                }
            }
        }
        return new DataArchive.Counts(bases.size(), items, drives.size(), files);
    }

    /** A JSON list of items, read one item at a time. */
    private static int readItems(Bounded in, String entry, String baseName, BaseStore base) throws IOException, SQLException, Refused {
        JsonParser parser = JSON.createParser(in);
        try (parser) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new Refused(entry + " is not a list of items");
            }
            int count = 0;
            List<ObjectNode> batch = new ArrayList<>();
            while (true) {
                in.startItem();
                if (parser.nextToken() == JsonToken.END_ARRAY) {
                    break;
                }
                JsonNode item = parser.readValueAsTree();
                batch.add(item.isObject() ? (ObjectNode) item : JSON.createObjectNode().set("value", item));
                count++;
                if (batch.size() == BaseStore.MAX_ITEMS_PER_PUT) {
                    base.put(baseName, batch);
                    batch = new ArrayList<>();
                }
            }
            base.put(baseName, batch);
            return count;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new Refused(entry + " is not a JSON list of items (" + e.getOriginalMessage() + ")");
        }
    }

    static void checkRatio(String name, long size, long compressed) throws Refused {
        if (tooCompressed(size, compressed)) {
            throw new Refused("entry \"" + printable(name) + "\" expands " + size / Math.max(1, compressed) + " times (more than "
                    + MAX_RATIO + "): a zip bomb, not an export");
        }
    }

    /** Bytes that came out of far fewer: beyond the floor, more than {@link #MAX_RATIO} times (unknown compressed size: not judged). */
    static boolean tooCompressed(long size, long compressed) {
        return size > RATIO_FLOOR && compressed >= 0 && size > (long) MAX_RATIO * Math.max(1, compressed);
    }

    private static boolean validName(String n) {
        return NAME.matcher(n).matches() && !n.equals(".") && !n.equals("..");
    }

    private static String printable(String s) {
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }

    /** Bytes left for the whole import. */
    private static final class Budget {
        long total;
    }

    /** An entry's bytes as they really come out, stopped at the first byte beyond a limit. */
    private static final class Bounded extends FilterInputStream {
        static final class Exceeded extends IOException {
            Exceeded(String message) {
                super(message);
            }
        }

        private final String name;
        private final long compressed;
        private final Budget budget;
        private long read;
        private long itemStart;

        Bounded(InputStream in, String name, long compressed, Budget budget) {
            super(in);
            this.name = name;
            this.compressed = compressed;
            this.budget = budget;
        }

        /** A new Base item starts: it may take at most {@link #MAX_ITEM_BYTES} (plus what the parser read ahead). */
        void startItem() {
            itemStart = read;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
                budget.total += n;
                if (budget.total > MAX_TOTAL) {
                    throw new Exceeded("the export expands to more than " + (MAX_TOTAL >> 30) + " GiB");
                }
                if (tooCompressed(read, compressed)) {
                    throw new Exceeded("entry \"" + printable(name) + "\" expands more than " + MAX_RATIO
                            + " times: a zip bomb, not an export");
                }
                if (name.startsWith("bases/") && read - itemStart > MAX_ITEM_BYTES + 64 * 1024) {
                    throw new Exceeded("an item in " + printable(name) + " is larger than Base allows (400 KB)");
                }
            }
            return n;
        }
    }
}
