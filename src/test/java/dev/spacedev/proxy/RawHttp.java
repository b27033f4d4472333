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

    /**
     * One request to 127.0.0.1:{@code port} with {@code Connection: close}, the given header lines, and
     * an empty body for methods other than GET and HEAD; the raw answer.
     */
    static String send(int port, String method, String path, String... headers) throws IOException {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            req.append("Content-Length: 0\r\n");
        }
        return exchange(port, req.append("\r\n").toString());
    }

    /** This origin's {@code Origin} header, as the app's own pages send it. */
    static String origin(int port) {
        return "Origin: http://127.0.0.1:" + port;
    }

    /** A form POST with {@code body}, Connection: close; the raw answer. */
    static String postForm(int port, String path, String body, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        return exchange(port, req.append("\r\n").append(body).toString());
    }

    /** Signs in as the owner's browser does with the sign-in link (its page posts {@code token}); the Cookie header that session sends. */
    static String signIn(int port, String token) throws IOException {
        String r = postForm(port, "/__space/login", "token=" + token + "&next=/", origin(port));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("set-cookie: (space_dev_session_0=[0-9a-f]{48});").matcher(r);
        if (!m.find()) {
            throw new AssertionError("no session cookie from sign-in:\n" + r);
        }
        return "Cookie: " + m.group(1);
    }
}
