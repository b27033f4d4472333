package dev.spacedev.proxy;

/** {@code size} zero bytes, generated as read: the test itself holds no large buffer. */
public final class ZeroBytes extends java.io.InputStream {
    private long left;

    public ZeroBytes(long size) {
        this.left = size;
    }

    @Override
    public int read() {
        return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
    }
}
