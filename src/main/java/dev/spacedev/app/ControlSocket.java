package dev.spacedev.app;

import dev.spacedev.files.SpaceDevHome;
import dev.spacedev.files.SpaceDir;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a running {@code up} listens for {@code ps}, {@code logs}, {@code stop}, {@code start}, {@code restart},
 * {@code trigger} and {@code down}: a Unix-domain socket, so only this machine can reach it, in {@code .space/}
 * (owner-only), so only its owner can; the server checks the caller's uid as well. A path too long for a
 * socket address (about 107 bytes) moves under {@code ~/.space-dev/run/}, named by a hash of the project's path.
 */
public final class ControlSocket {
    /** sun_path holds 108 bytes with its NUL; a little to spare. */
    static final int MAX_PATH_BYTES = 100;

    private ControlSocket() {}

    public static Path of(SpaceDir space) {
        Path inProject = space.root().toAbsolutePath().normalize().resolve("control.sock");
        if (inProject.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES) {
            return inProject;
        }
        return SpaceDevHome.path().toAbsolutePath().resolve("run").resolve(hash(space.root().toAbsolutePath().normalize()) + ".sock");
    }

    static UnixDomainSocketAddress address(SpaceDir space) {
        return UnixDomainSocketAddress.of(of(space));
    }

    private static String hash(Path project) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(project.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
