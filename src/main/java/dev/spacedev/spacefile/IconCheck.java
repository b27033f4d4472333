package dev.spacedev.spacefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The icon as the final Space CLI checked it (deta/space-cli, {@code ValidateIcon}): a file Go's image package decodes
 * (PNG, JPEG, GIF; not WebP, whose decoder it never loaded), of type PNG (or WebP, unreachable), 512 pixels on at
 * least one side. {@code space validate} refused anything else, but {@code space push} went on (sending no icon when it
 * could not read one), so the app was still accepted: each is a warning saying what Space did.
 */
final class IconCheck {
    static final int SIZE = 512;
    private final Problems problems;

    IconCheck(Problems problems) {
        this.problems = problems;
    }

    void check(String declared, Path icon, Position at) {
        if (declared.isEmpty()) {
            return; // Space: "No app icon specified", and it drew one
        }
        String subject = "icon \"" + declared + "\" ";
        if (!Files.isRegularFile(icon)) {
            warn(at, subject + "does not exist: space validate refused that, and space push sent no icon (Space drew one"
                    + " from the app's name)");
            return;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(icon)) {
            head = in.readNBytes(32);
        } catch (IOException e) {
            warn(at, subject + "cannot be read: space validate refused that, and space push sent no icon");
            return;
        }
        int[] size = pngSize(head);
        if (size != null) {
            if (size[0] != SIZE && size[1] != SIZE) {
                warn(at, subject + "is " + size[0] + "x" + size[1] + ": space validate refused an icon without 512 pixels on"
                        + " either side (Space wanted 512x512); space push still sent it");
            }
            return;
        }
        String kind = webp(head) ? "a WebP image, which Space's CLI could not decode" : jpegOrGif(head)
                .map(k -> "a " + k + " image; Space wanted PNG").orElse("not an image Space's CLI could read");
        String pushed = jpegOrGif(head).isPresent() ? "space push still sent it" : "space push sent no icon";
        warn(at, subject + "is " + kind + ": space validate refused it, and " + pushed + " (use a 512x512 PNG)");
    }

    private void warn(Position at, String message) {
        problems.warning(at, "icon", message);
    }

    private static boolean webp(byte[] h) {
        return h.length >= 12 && new String(h, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")
                && new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WEBP");
    }

    private static java.util.Optional<String> jpegOrGif(byte[] h) {
        if (h.length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
            return java.util.Optional.of("JPEG");
        }
        if (h.length >= 6 && new String(h, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("GIF8")) {
            return java.util.Optional.of("GIF");
        }
        return java.util.Optional.empty();
    }

    private static int[] pngSize(byte[] h) {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (h.length < 24 || !java.util.Arrays.equals(h, 0, 8, magic, 0, 8)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.BIG_ENDIAN);
        return new int[] {b.getInt(16), b.getInt(20)};
    }
}
