package dev.spacedev.data.sqlite;

import dev.spacedev.files.OwnerOnly;
import dev.spacedev.files.SpaceDevHome;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.LibraryLoaderUtil;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;
import org.tukaani.xz.simple.ARM64;
import org.tukaani.xz.simple.SimpleFilter;
import org.tukaani.xz.simple.X86;

/**
 * SQLite's native libraries, one per platform, packed into the jar as a single xz stream: the seven builds
 * share most of their code, so packed together they take 2.9 MB instead of the 4.2 MB the jar's own deflate
 * gives them. The build packs them ({@link #main}); at run time the one for this machine is unpacked once into
 * {@code ~/.space-dev/native/}, checked against its SHA-256, and handed to sqlite-jdbc through its
 * {@code org.sqlite.lib.path}/{@code org.sqlite.lib.name} properties. Without a pack (tests, an IDE) or
 * with those properties set by the user, sqlite-jdbc finds its library itself.
 *
 * <p>Layout: magic, entry count, then per entry its resource path, size and SHA-256 (of the library as
 * it is); then one xz stream holding the entries' bytes in that order, each x86-64 or arm64 build first run
 * through xz's branch filter for its processor (BCJ: relative call targets made absolute, so that calls to
 * one function repeat and pack smaller), undone when it is unpacked: 3.05 MB -> 2.91 MB.
 */
public final class SqliteNatives {
    static final String RESOURCE = "sqlite-natives.pack";
    private static final int MAGIC = 0x53444e32; // "SDN2": builds stored through their processor's branch filter
    private static final int DICTIONARY = 8 << 20; // all seven builds in one window; 8 MB to unpack, once
    private static final Logger log = LoggerFactory.getLogger(SqliteNatives.class);
    private static boolean prepared;

    record Entry(String path, long size, byte[] sha256) {}

    private SqliteNatives() {}

    /** Makes this machine's library available to sqlite-jdbc; called before the first connection. Never fails:
     * when unpacking does not work, sqlite-jdbc's own search runs and reports what it cannot find. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        String wanted = LibraryLoaderUtil.getNativeLibResourcePath().substring(1) + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream pack = SqliteNatives.class.getResourceAsStream(RESOURCE)) {
            if (pack == null) {
                return;
            }
            Path lib = unpack(pack, wanted, SpaceDevHome.path().resolve("native"));
            if (lib != null) {
                System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
                System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            log.debug("SQLite's packed native library not used: {}", e.toString());
        }
    }

    /**
     * Unpacks {@code wanted} under {@code into/<first 16 hex of its SHA-256>/} unless a file with that hash is
     * there already. Written aside and renamed, so two first runs at once both end with a whole file.
     *
     * @return the library, or null when the pack has no build for this platform
     */
    static Path unpack(InputStream packed, String wanted, Path into) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(packed));
        List<Entry> entries = readIndex(in);
        long skip = 0;
        for (Entry e : entries) {
            if (!e.path().equals(wanted)) {
                skip += e.size();
                continue;
            }
            Path dir = into.resolve(HexFormat.of().formatHex(e.sha256(), 0, 8));
            Path lib = dir.resolve(wanted.substring(wanted.lastIndexOf('/') + 1));
            if (Files.isRegularFile(lib) && Arrays.equals(sha256(Files.readAllBytes(lib)), e.sha256())) {
                return lib;
            }
            OwnerOnly.directory(dir);
            XZInputStream xz = new XZInputStream(in);
            xz.skipNBytes(skip);
            byte[] bytes = xz.readNBytes(Math.toIntExact(e.size()));
            branchFilter(e.path(), false).ifPresent(f -> f.code(bytes, 0, bytes.length));
            if (bytes.length != e.size() || !Arrays.equals(sha256(bytes), e.sha256())) {
                throw new IOException("the packed SQLite library for " + wanted + " is damaged");
            }
            Path aside = Files.createTempFile(dir, ".unpacking-", ".tmp");
            try {
                Files.write(aside, bytes);
                Files.move(aside, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(aside);
            }
            return lib;
        }
        return null;
    }

    static List<Entry> readIndex(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a pack of SQLite libraries");
        }
        int count = in.readInt();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = in.readUTF();
            long size = in.readLong();
            byte[] sha = in.readNBytes(32);
            entries.add(new Entry(path, size, sha));
        }
        return entries;
    }

    /** Packs the named resources (read from the class path) into {@code out}, in the order given. */
    static void pack(List<String> paths, ClassLoader from, OutputStream out) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        for (String path : paths) {
            try (InputStream in = from.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IOException("no resource " + path + " on the class path");
                }
                contents.add(in.readAllBytes());
            }
        }
        DataOutputStream index = new DataOutputStream(out);
        index.writeInt(MAGIC);
        index.writeInt(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            index.writeUTF(paths.get(i));
            index.writeLong(contents.get(i).length);
            index.write(sha256(contents.get(i)));
        }
        index.flush();
        LZMA2Options options = new LZMA2Options(LZMA2Options.PRESET_MAX);
        options.setDictSize(DICTIONARY);
        XZOutputStream xz = new XZOutputStream(out, options);
        for (int i = 0; i < paths.size(); i++) {
            byte[] filtered = contents.get(i).clone();
            branchFilter(paths.get(i), true).ifPresent(f -> f.code(filtered, 0, filtered.length));
            xz.write(filtered);
        }
        xz.finish();
        out.flush();
    }

    /** xz's branch filter for the processor a build's path names, encoding or decoding; none for others. */
    private static java.util.Optional<SimpleFilter> branchFilter(String path, boolean encode) {
        if (path.contains("/x86_64/")) {
            return java.util.Optional.of(new X86(encode, 0));
        }
        if (path.contains("/aarch64/")) {
            return java.util.Optional.of(new ARM64(encode, 0));
        }
        return java.util.Optional.empty();
    }

    /** The build's packer: {@code SqliteNatives OUT_FILE RESOURCE_PATH...}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SqliteNatives OUT_FILE RESOURCE_PATH...");
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            pack(List.of(args).subList(1, args.length), SqliteNatives.class.getClassLoader(), o);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
