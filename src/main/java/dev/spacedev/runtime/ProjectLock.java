package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One space-dev at a time runs an app (or rewrites its data): a second {@code up} in the same
 * directory would otherwise end the first one's micros as leftovers, and an import would swap
 * the data under a running app. An OS file lock on {@code .space/lock}, so it is released when
 * the process ends, however it ends (SIGKILL included); the file names the holder's pid.
 */
public final class ProjectLock implements AutoCloseable {
    /** Another process holds the lock: the message says which, and what to do. */
    public static final class Busy extends IOException {
        Busy(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @param what what this process is about to do, for the other's message ("up", "data import") */
    public static ProjectLock acquire(SpaceDir space, String what) throws IOException {
        space.ensure();
        Path file = space.root().resolve("lock");
        OwnerOnly.createFile(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already (tests run several apps in one process)
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            ch.close();
            throw new Busy("this app is already running: space-dev " + (holder.isEmpty() ? "(pid unknown)" : holder)
                    + " holds " + space.root().getParent().getFileName() + "/.space/lock; stop it first (Ctrl-C there, or kill "
                    + pidOf(holder) + ")");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((what + " (pid " + ProcessHandle.current().pid() + ")\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new ProjectLock(ch, lock);
    }

    /** Whether another process (a running {@code up}) holds the lock now; taking it to find out releases it at once. */
    public static boolean heldElsewhere(SpaceDir space) throws IOException {
        try {
            acquire(space, "a check").close();
            return false;
        } catch (Busy running) {
            return true;
        }
    }

    private static String pidOf(String holder) {
        int at = holder.indexOf("pid ");
        return at < 0 ? "its process" : holder.substring(at + 4).replace(")", "").strip();
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
