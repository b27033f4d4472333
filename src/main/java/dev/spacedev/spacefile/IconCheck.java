package dev.spacedev.spacefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Space wanted a 512x512 PNG or WebP icon and rejected others at push. The schema does not check
 * the file, so space-dev warns rather than fails: the app still runs.
 */
final class IconCheck {
    static final int SIZE = 512;
    private final Problems problems;

    IconCheck(Problems problems) {
        this.problems = problems;
    }

    void check(String declared, Path icon, Position at) {
        if (!Files.isRegularFile(icon)) {
            warn(at, "icon \"" + declared + "\" does not exist; Space would reject the app at push");
            return;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(icon)) {
            head = in.readNBytes(32);
        } catch (IOException e) {
            warn(at, "icon \"" + declared + "\" cannot be read: " + e.getMessage());
            return;
        }
        int[] size = pngSize(head);
        if (size == null) {
            size = webpSize(head);
        }
        if (size == null) {
            warn(at, "icon \"" + declared + "\" is neither PNG nor WebP; Space wanted a 512x512 PNG or WebP");
        } else if (size[0] != SIZE || size[1] != SIZE) {
            warn(at, "icon \"" + declared + "\" is " + size[0] + "x" + size[1] + "; Space wanted 512x512");
        }
    }

    private void warn(Position at, String message) {
        problems.warning(at, "icon", message);
    }

    private static int[] pngSize(byte[] h) {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (h.length < 24 || !java.util.Arrays.equals(h, 0, 8, magic, 0, 8)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.BIG_ENDIAN);
        return new int[] {b.getInt(16), b.getInt(20)};
    }

    private static int[] webpSize(byte[] h) {
        if (h.length < 30 || !new String(h, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")
                || !new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WEBP")) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        String chunk = new String(h, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8X" -> new int[] {1 + (b.getInt(24) & 0xFFFFFF), 1 + (b.getInt(27) & 0xFFFFFF)};
            case "VP8 " -> new int[] {b.getShort(26) & 0x3FFF, b.getShort(28) & 0x3FFF};
            case "VP8L" -> {
                int bits = b.getInt(21);
                yield new int[] {1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)};
            }
            default -> new int[] {0, 0};
        };
    }
}
