package dev.spacedev.net;

/** A single {@code Range: bytes=…} (RFC 9110 §14.2); several ranges are answered with the whole file. */
final class ByteRange {
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRange() {}

    /** {@code {first, last}} inclusive; null to ignore the header; {@link #UNSATISFIABLE} for 416. */
    static long[] parse(String header, long size) {
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first >= size) {
                return UNSATISFIABLE;
            }
            return first <= last ? new long[] {first, last} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
