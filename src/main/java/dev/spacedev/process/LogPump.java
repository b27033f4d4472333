package dev.spacedev.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Drains one output stream of a child line by line, on its own thread, so a full pipe never
 * blocks the child. A bare {@code \r} ends a line too (progress bars redraw with it).
 */
public final class LogPump implements Runnable {
    private static final int MAX_LINE = 16 * 1024;
    private final InputStream in;
    private final Consumer<String> sink;

    LogPump(InputStream in, Consumer<String> sink) {
        this.in = in;
        this.sink = sink;
    }

    /** Drains {@code in} on the calling thread until it ends. */
    public static void drain(InputStream in, Consumer<String> sink) {
        new LogPump(in, sink).run();
    }

    static Thread start(String name, InputStream in, Consumer<String> sink) {
        Thread t = new Thread(new LogPump(in, sink), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean lastWasCr = false;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n' && lastWasCr) {
                        lastWasCr = false;
                        continue; // the \n of a \r\n
                    }
                    lastWasCr = b == '\r';
                    if (b == '\n' || b == '\r') {
                        emit(line);
                    } else {
                        line.write(b);
                        if (line.size() >= MAX_LINE) {
                            emit(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the child closed its end; nothing more to read
        }
        if (line.size() > 0) {
            emit(line);
        }
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!text.isBlank()) {
            sink.accept(text);
        }
    }
}
