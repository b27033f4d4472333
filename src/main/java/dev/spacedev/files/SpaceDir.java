package dev.spacedev.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The project's {@code .space/} directory: ports of running micros, recorded process ids, keys.
 * It holds a {@code .gitignore} of {@code *} so none of it is ever committed.
 */
public final class SpaceDir {
    private final Path root;

    public SpaceDir(Path projectDir) {
        this.root = projectDir.resolve(".space");
    }

    public Path root() {
        return root;
    }

    /** A project's {@code .space} that is not a folder of its own: space-dev's state is not written through it. */
    public static final class NotAFolder extends IOException {
        NotAFolder(String message) {
            super(message);
        }
    }

    /**
     * Creates {@code .space/} with its {@code .gitignore} if missing; never touches what is there. A {@code .space}
     * that is a link (a cloned repository's, pointing at a folder of the owner's) or a file is refused: keys, sessions
     * and data would be written there, and the folder made owner-only; so is a link among its entries ({@code data},
     * {@code build}: a build clears folders under it).
     */
    public SpaceDir ensure() throws IOException {
        if (Files.isSymbolicLink(root) || Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
            throw new NotAFolder("the project's .space is " + (Files.isSymbolicLink(root) ? "a link" : "a file") + ", not a folder:"
                    + " space-dev keeps its keys, sessions and data only in a folder of its own there; remove it and run again");
        }
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                Optional<Path> link = entries.filter(Files::isSymbolicLink).findFirst();
                if (link.isPresent()) {
                    throw new NotAFolder("the project's .space holds a link (" + link.get().getFileName() + "): space-dev"
                            + " writes its state only into folders of its own there; remove the link and run again");
                }
            }
        }
        OwnerOnly.directory(root);
        OwnerOnly.directory(root.resolve("micros"));
        Path ignore = root.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            Files.writeString(ignore, "*\n");
        }
        return this;
    }

    /**
     * Adds {@code .space/} to the project's {@code .gitignore} (made if missing) unless a line already names it:
     * the runtime's state is this user's on this machine, never the repository's. Returns whether it wrote.
     */
    public static boolean ignoreInGit(Path projectDir) throws IOException {
        Path ignore = projectDir.resolve(".gitignore");
        if (Files.exists(ignore) && (!Files.isRegularFile(ignore) || !ignore.toRealPath().startsWith(projectDir.toRealPath()))) {
            return false; // a committed link to a file elsewhere (or to a device): never written through
        }
        String text = Files.exists(ignore) ? Files.readString(ignore) : "";
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.equals(".space") || l.equals(".space/") || l.equals("/.space") || l.equals("/.space/")) {
                return false;
            }
        }
        String entry = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "# space-dev's runtime state (keys, sessions, data): this machine's only\n.space/\n";
        Files.writeString(ignore, entry, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return true;
    }

    public Path portFile(String micro) {
        return root.resolve("micros").resolve(micro + ".port");
    }

    public void writePort(String micro, int port) throws IOException {
        writeAtomically(portFile(micro), port + "\n", false);
    }

    public OptionalInt readPort(String micro) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(portFile(micro)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    public void removePort(String micro) {
        try {
            Files.deleteIfExists(portFile(micro));
        } catch (IOException e) {
            // best effort on the way out; a stale port file is harmless, the next up rewrites it
        }
    }

    public Path pidFile() {
        return root.resolve("pids");
    }

    public Path keysFile() {
        return root.resolve("keys");
    }

    public Path runtimeDir() {
        return root.resolve("runtime");
    }

    public Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes through a temp file and a rename, so a reader never sees half a file. */
    public static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (ownerOnly) {
            OwnerOnly.createFile(tmp); // 0600 before the secret is in it
        }
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
