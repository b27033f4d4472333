package dev.spacedev.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Exact bytes on a socket, for what an HTTP client library would tidy up. */
final class RawHttp {
    private RawHttp() {}

    /** Sends {@code request} and reads until the server closes, or 2 s of silence. */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
                out.write("\n[closed]".getBytes(StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException e) {
                // still open
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
