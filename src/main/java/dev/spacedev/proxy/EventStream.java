package dev.spacedev.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's live view (server-sent events): on the connection's own event loop, every 250 ms,
 * whatever changed since the last look (micros, actions, new log lines) is written as events. Nothing
 * runs while no dashboard is open. A reader that stops reading is not buffered for: while the connection
 * is not writable nothing is written, and the log lines it missed are read from the book later (up to
 * its bound). A comment every 15 s keeps idle proxies and browsers from dropping the stream. The
 * session is checked on every tick: once the owner signs out (or the session ends), the stream closes.
 */
final class EventStream {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventStream.class);
    static final long TICK_MS = 250;
    static final long KEEP_ALIVE_MS = 15_000;
    static final int LOG_LINES_PER_TICK = 500;

    private final ChannelHandlerContext ctx;
    private final AppConsole console;
    private final java.util.function.BooleanSupplier stillAllowed;
    private long logsSeen;
    private String microsSent = "";
    private String problemsSent = "[]";
    private String actionsSent = "";
    private long lastWrite;
    private ScheduledFuture<?> next;

    /** @param logsSeen the last log line the page has (from its snapshot) */
    EventStream(ChannelHandlerContext ctx, AppConsole console, long logsSeen, java.util.function.BooleanSupplier stillAllowed) {
        this.ctx = ctx;
        this.console = console;
        this.stillAllowed = stillAllowed;
        this.logsSeen = logsSeen;
    }

    void start() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set("x-content-type-options", "nosniff");
        ctx.write(head);
        lastWrite = System.currentTimeMillis();
        tick();
    }

    void stop() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void tick() {
        if (!ctx.channel().isActive()) {
            stop();
            return;
        }
        try {
            if (!stillAllowed.getAsBoolean()) {
                stop();
                ctx.close();
                return;
            }
            if (ctx.channel().isWritable()) {
                write();
            }
        } catch (RuntimeException e) {
            // a tick that failed would otherwise be the last, leaving the page connected but never told anything
            // again; closed, the page reconnects and starts from a fresh picture
            LOG.debug("the dashboard's event stream ends: {}", e.toString());
            stop();
            ctx.close();
            return;
        }
        next = ctx.executor().schedule(this::tick, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void write() {
        String events = changes();
        long now = System.currentTimeMillis();
        if (events.isEmpty() && now - lastWrite >= KEEP_ALIVE_MS) {
            events = ": still here\n\n";
        }
        if (!events.isEmpty()) {
            lastWrite = now;
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(events, StandardCharsets.UTF_8)))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            ctx.flush(); // the head, on the first tick
        }
    }

    /** The events since the last tick, as SSE text; empty when nothing changed. */
    String changes() {
        StringBuilder out = new StringBuilder();
        String micros = DashboardJson.text(DashboardJson.micros(console.micros()));
        if (!micros.equals(microsSent)) {
            microsSent = micros;
            event(out, "micros", micros);
        }
        String actions = DashboardJson.text(DashboardJson.actions(console.actions()));
        if (!actions.equals(actionsSent)) {
            actionsSent = actions;
            event(out, "actions", actions);
        }
        String problems = DashboardJson.text(DashboardJson.strings(console.spacefileProblems()));
        if (!problems.equals(problemsSent)) {
            problemsSent = problems;
            event(out, "problems", problems);
        }
        var lines = console.logsAfter(logsSeen, LOG_LINES_PER_TICK);
        if (!lines.isEmpty()) {
            logsSeen = lines.get(lines.size() - 1).seq();
            event(out, "logs", DashboardJson.text(DashboardJson.logs(lines)));
        }
        return out.toString();
    }

    /** JSON has no raw newline, so one data line per event. */
    private static void event(StringBuilder out, String name, String json) {
        out.append("event: ").append(name).append('\n').append("data: ").append(json).append("\n\n");
    }
}
