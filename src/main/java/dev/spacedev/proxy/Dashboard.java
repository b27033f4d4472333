package dev.spacedev.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The owner's dashboard at {@code /__space/}: one page and its script and style (in the jar, no build
 * step, nothing from a CDN), and the API the page calls under {@code /__space/api/}. Who may ask was
 * decided before ({@link Dispatcher}: the owner, writes from this origin only); this class only
 * answers. Calls that block run on the dashboard's own threads, never on an event loop.
 */
final class Dashboard {
    static final String ROOT = "/__space";
    static final String HOME = ROOT + "/";
    static final String API = ROOT + "/api/";
    static final String ASSETS = ROOT + "/assets/";
    private static final Map<String, String> ASSET_TYPES = Map.of("dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");
    /** A micro's restart, stop or start, as {@code space-dev restart/stop/start} ask for it. */
    private static final Pattern MICRO_CONTROL = Pattern.compile("/__space/api/micros/([^/]+)/(restart|stop|start)");
    private static final Pattern ACTION_RUN = Pattern.compile("/__space/api/actions/([^/]+)/run");
    private static final Pattern ACTION_SCHEDULE = Pattern.compile("/__space/api/actions/([^/]+)/schedule");
    private static final Pattern KEY = Pattern.compile("/__space/api/keys/([^/]+)");
    /** The page's rules for the browser: its own files only, never framed (its buttons restart and delete). */
    private static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'self'";

    private final AppConsole console;
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "space-dev-dashboard");
        t.setDaemon(true);
        return t;
    });

    Dashboard(AppConsole console) {
        this.console = console;
    }

    static boolean owns(String path) {
        return path.equals(ROOT) || path.equals(HOME) || path.startsWith(API) || path.startsWith(ASSETS);
    }

    /** Whether a browser asking for this path should be sent to sign in (the page), rather than get a 401 (the API). */
    static boolean isPage(String path) {
        return path.equals(ROOT) || path.equals(HOME);
    }

    /** @param stillAllowed whether the one who asked may still see the app: checked while an event stream lasts */
    Dispatcher.Decision decide(HttpRequest r, RequestPath path, java.util.function.BooleanSupplier stillAllowed) {
        String p = path.path();
        HttpMethod m = r.method();
        boolean read = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD);
        if (p.equals(ROOT)) {
            return answer(ErrorResponses.redirect(HOME));
        }
        if (p.equals(HOME) || p.startsWith(ASSETS)) {
            return read ? answer(file(p.equals(HOME) ? "index.html" : p.substring(ASSETS.length())))
                    : answer(DashboardJson.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "the dashboard's files are read with GET"));
        }
        String rest = p.substring(API.length());
        if (read) {
            return switch (rest) {
                case "state" -> answer(DashboardJson.response(HttpResponseStatus.OK, state()));
                case "events" -> new Dispatcher.Stream(console, lastSeen(path), stillAllowed);
                case "keys" -> later(() -> DashboardJson.response(HttpResponseStatus.OK, DashboardJson.keys(console.keys())));
                case "app-actions/runs" -> answer(DashboardJson.response(HttpResponseStatus.OK, DashboardJson.appActionRuns(console.appActionRuns())));
                case "data" -> later(() -> {
                    try {
                        return DashboardJson.response(HttpResponseStatus.OK, DashboardJson.data(console.dataNames()));
                    } catch (IOException e) {
                        // the reason may name files on this machine: it is in space-dev's output, not in an answer
                        return DashboardJson.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "Base and Drive are not available"
                                + " (see space-dev's output)");
                    }
                });
                default -> answer(DashboardJson.error(HttpResponseStatus.NOT_FOUND, "no such dashboard call"));
            };
        }
        return write(m, p, path);
    }

    private Dispatcher.Decision write(HttpMethod m, String p, RequestPath path) {
        Matcher control = MICRO_CONTROL.matcher(p);
        if (m.equals(HttpMethod.POST) && control.matches()) {
            String micro = RequestPath.decoded(control.group(1));
            return later(() -> switch (control.group(2)) {
                case "restart" -> console.restart(micro) ? DashboardJson.response(HttpResponseStatus.ACCEPTED, DashboardJson.object()
                        .put("restarting", micro)) : DashboardJson.error(HttpResponseStatus.CONFLICT, "micro " + micro
                        + " cannot be restarted now: it is not one space-dev runs, or it is already about to start");
                case "stop" -> console.stop(micro) ? DashboardJson.response(HttpResponseStatus.OK, DashboardJson.object()
                        .put("stopped", micro)) : DashboardJson.error(HttpResponseStatus.CONFLICT, "micro " + micro
                        + " cannot be stopped: it is not one space-dev runs, or it is stopped already");
                default -> console.start(micro) ? DashboardJson.response(HttpResponseStatus.ACCEPTED, DashboardJson.object()
                        .put("starting", micro)) : DashboardJson.error(HttpResponseStatus.CONFLICT, "micro " + micro
                        + " cannot be started: it is not one space-dev runs, or it runs already");
            });
        }
        Matcher run = ACTION_RUN.matcher(p);
        if (m.equals(HttpMethod.POST) && run.matches()) {
            String id = RequestPath.decoded(run.group(1));
            return console.runAction(id).<Dispatcher.Decision>map(f -> new Dispatcher.Later(f.thenApply(
                    done -> DashboardJson.response(HttpResponseStatus.OK, DashboardJson.run(done)))))
                    .orElseGet(() -> answer(DashboardJson.error(HttpResponseStatus.NOT_FOUND, "no action " + id)));
        }
        if (m.equals(HttpMethod.POST) && p.equals(API + "app-actions/reload")) {
            return later(() -> {
                console.reloadAppActions();
                return DashboardJson.response(HttpResponseStatus.OK, DashboardJson.object().put("actions", console.appActions().size()));
            });
        }
        Matcher schedule = ACTION_SCHEDULE.matcher(p);
        if (m.equals(HttpMethod.POST) && schedule.matches()) {
            String id = RequestPath.decoded(schedule.group(1));
            java.util.Map<String, List<String>> q = new QueryStringDecoder(path.query(), true).parameters();
            dev.spacedev.runtime.ActionSchedules.Choice choice = q.containsKey("off") ? dev.spacedev.runtime.ActionSchedules.Choice.OFF
                    : q.containsKey("every") ? dev.spacedev.runtime.ActionSchedules.Choice.every(q.get("every").get(0))
                    : dev.spacedev.runtime.ActionSchedules.Choice.DEFAULT;
            return later(() -> {
                try {
                    return console.reschedule(id, choice).map(s -> DashboardJson.response(HttpResponseStatus.OK,
                            DashboardJson.actions(List.of(s)).get(0))).orElseGet(() -> DashboardJson.error(HttpResponseStatus.NOT_FOUND,
                            "no scheduled action " + id));
                } catch (IllegalArgumentException e) {
                    return DashboardJson.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
                } catch (IOException e) {
                    return DashboardJson.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the schedule could not be saved");
                }
            });
        }
        if (m.equals(HttpMethod.POST) && p.equals(API + "keys")) {
            String name = new QueryStringDecoder(path.query(), true).parameters().getOrDefault("name", List.of("")).get(0);
            return later(() -> {
                try {
                    return DashboardJson.response(HttpResponseStatus.CREATED, DashboardJson.object().put("name", name)
                            .put("key", console.createKey(name)));
                } catch (IllegalArgumentException e) {
                    return DashboardJson.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
                } catch (IOException e) {
                    return DashboardJson.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the key could not be saved");
                }
            });
        }
        Matcher key = KEY.matcher(p);
        if (m.equals(HttpMethod.DELETE) && key.matches()) {
            String name = RequestPath.decoded(key.group(1));
            return later(() -> {
                try {
                    return console.revokeKey(name) ? DashboardJson.response(HttpResponseStatus.OK, DashboardJson.object().put("revoked", name))
                            : DashboardJson.error(HttpResponseStatus.NOT_FOUND, "no key named " + name);
                } catch (IOException e) {
                    return DashboardJson.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the key could not be revoked");
                }
            });
        }
        return answer(DashboardJson.error(HttpResponseStatus.NOT_FOUND, "no such dashboard call"));
    }

    /** What the page draws first; the event stream then sends what changes. */
    private com.fasterxml.jackson.databind.node.ObjectNode state() {
        var o = DashboardJson.object().put("app", console.appName());
        o.set("micros", DashboardJson.micros(console.micros()));
        o.set("actions", DashboardJson.actions(console.actions()));
        o.set("problems", DashboardJson.strings(console.spacefileProblems()));
        long last = console.lastLog(); // first: a line added meanwhile is then sent again rather than lost
        var lines = console.logsAfter(0, EventStream.LOG_LINES_PER_TICK * 4);
        o.set("logs", DashboardJson.logs(lines));
        o.put("logsSeen", lines.isEmpty() ? last : lines.get(lines.size() - 1).seq());
        return o;
    }

    private static long lastSeen(RequestPath path) {
        List<String> after = new QueryStringDecoder(path.query(), true).parameters().get("after");
        try {
            return after == null ? 0 : Math.max(0, Long.parseLong(after.get(0)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Dispatcher.Decision later(Supplier<FullHttpResponse> task) {
        return new Dispatcher.Later(CompletableFuture.supplyAsync(task, work));
    }

    private static Dispatcher.Decision answer(FullHttpResponse r) {
        return new Dispatcher.Answer(r, false);
    }

    private static FullHttpResponse file(String name) {
        String type = name.equals("index.html") ? "text/html; charset=utf-8" : ASSET_TYPES.get(name);
        if (type == null) {
            return DashboardJson.error(HttpResponseStatus.NOT_FOUND, "no such file");
        }
        byte[] bytes;
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                return DashboardJson.error(HttpResponseStatus.NOT_FOUND, "no such file");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return DashboardJson.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the dashboard's file could not be read");
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE).set("x-content-type-options", "nosniff")
                .set("content-security-policy", POLICY).set("x-frame-options", "DENY").set("referrer-policy", "same-origin");
        return r;
    }
}
