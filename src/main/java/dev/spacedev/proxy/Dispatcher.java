package dev.spacedev.proxy;

import dev.spacedev.runtime.AllowedHosts;
import dev.spacedev.runtime.Gatekeeper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Optional;

/**
 * The one place where a request's fate is decided, from its head alone: refused (a foreign Host,
 * a path that would read differently at the micro, no access), answered by the runtime (sign-in),
 * served from a static micro's files, or forwarded (to a micro, or to the data service for the
 * browser's Base and Drive calls). Checks run in that order, so nothing reaches a micro, the
 * data path or the sign-in page before the Host is known to be the app's.
 */
final class Dispatcher {
    static final String ACTIONS_PATH = "/__space/v0/actions";

    /** What becomes of a request. */
    sealed interface Decision permits Answer, Later, Collect, Stream, ServeFiles, Forward {}

    /** Answered by the proxy; {@code close} after a request whose framing cannot be trusted. */
    record Answer(FullHttpResponse response, boolean close) implements Decision {}

    /** Answered by the proxy once {@code response} completes (work that may not run on an event loop). */
    record Later(java.util.concurrent.CompletableFuture<FullHttpResponse> response) implements Decision {}

    /** Answered by the proxy once the request's body (at most {@code limit} bytes, a form) is read and {@code then} completes. */
    record Collect(int limit, java.util.function.Function<String, java.util.concurrent.CompletableFuture<FullHttpResponse>> then)
            implements Decision {}

    /**
     * The dashboard's live events: the connection carries them until it closes, or until
     * {@code stillAllowed} says no (the owner signed out, or the session ended).
     */
    record Stream(AppConsole console, long logsSeen, java.util.function.BooleanSupplier stillAllowed) implements Decision {}

    record ServeFiles(Target.StaticSite site, Router.Match<Target> match) implements Decision {}

    /**
     * @param uri what the upstream receives; @param prefix what was stripped ("" for none)
     * @param showsOutput whether an error page may show the micro's last output (the owner's, or with auth off):
     *        a micro may print secrets, and its public routes are anyone's
     */
    record Forward(Upstream upstream, String uri, String prefix, boolean showsOutput) implements Decision {}

    private final AllowedHosts hosts;
    private final Routes routes;
    private final Gatekeeper gate;
    private final DataRoute data;
    private final Dashboard dashboard;
    private final AppActionsRoute appActions;

    /** @param data the browser's way to Base and Drive; null for none; @param console the dashboard's view of the app; null for none */
    Dispatcher(AllowedHosts hosts, Routes routes, Gatekeeper gate, DataRoute data, AppConsole console) {
        this.hosts = hosts;
        this.routes = routes;
        this.gate = gate;
        this.data = data;
        this.dashboard = console == null ? null : new Dashboard(console);
        this.appActions = console == null ? null : new AppActionsRoute(gate, console);
    }

    Decision decide(HttpRequest r) {
        Optional<Answer> foreign = checkHost(r);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        Optional<RequestPath> parsed = RequestPath.parse(r.uri());
        if (parsed.isEmpty()) {
            return new Answer(ErrorResponses.build(r, ProxyError.BAD_PATH), false);
        }
        RequestPath path = parsed.get();
        if (data != null && DataRoute.owns(path.path())) {
            return toData(r, path);
        }
        Router.Match<Target> match = routes.current().match(path);
        Target target = match.target();
        String relative = RequestPath.decoded(match.path());
        if (isRuntimePath(match.path())) {
            // /__space/ in any letter case or escape is the runtime's: its own pages at the origin's root, and a
            // micro's action handler, which only the runtime (holding the API key) may call
            boolean actions = isActionsPath(match.path());
            if (!actions && match.prefix().isEmpty() && RuntimeEndpoints.owns(match.path())) {
                if (dashboard != null && Dashboard.owns(match.path())) {
                    return toDashboard(r, path);
                }
                if (appActions != null && AppActionsRoute.owns(match.path())) {
                    return appActions.decide(r, path);
                }
                return r.method().equals(HttpMethod.POST) ? new Collect(RuntimeEndpoints.MAX_FORM, form -> RuntimeEndpoints.handleLater(r, path, gate, form))
                        : new Later(RuntimeEndpoints.handleLater(r, path, gate, ""));
            }
            if (gate.enabled() && !gate.hasApiKey(r)) {
                return new Answer(ErrorResponses.build(r, actions ? ProxyError.RUNTIME_ONLY : ProxyError.RUNTIME_PATH,
                        target.micro()), false);
            }
        }
        Gatekeeper.Verdict verdict = gate.check(r, target.access(), relative);
        if (verdict == Gatekeeper.Verdict.SIGN_IN) {
            return new Answer(RuntimeEndpoints.toSignIn(path.uri()), false);
        }
        if (verdict == Gatekeeper.Verdict.DENIED) {
            return new Answer(ErrorResponses.build(r, ProxyError.UNAUTHORIZED, target.micro(), "Route " + relative
                    + " needs the owner's session (sign in at " + RuntimeEndpoints.LOGIN + "), X-API-Key"
                    + (target.access().appKeys() ? " or X-Space-App-Key" : "") + "; to make it public, add \"" + relative
                    + "\" to the micro's public_routes in the Spacefile.", List.of()), false);
        }
        if (verdict == Gatekeeper.Verdict.OWNER && CrossSite.isLongLived(r) && CrossSite.fromOtherPages(r)) {
            // a page on another localhost port is same-site: its WebSocket would carry the owner's cookie
            return new Answer(ErrorResponses.build(r, ProxyError.CROSS_SITE_SOCKET, target.micro()), false);
        }
        if (target instanceof Target.StaticSite site) {
            return new ServeFiles(site, match);
        }
        boolean owner = verdict == Gatekeeper.Verdict.OFF || verdict == Gatekeeper.Verdict.OWNER
                || verdict == Gatekeeper.Verdict.PUBLIC && gate.isOwner(r);
        Gatekeeper.stripSessionCookie(r.headers());
        return new Forward(((Target.Service) target).upstream(), match.uri(), match.prefix(), owner);
    }

    /** Exactly one Host, and one of the app's own names (DNS rebinding). */
    private Optional<Answer> checkHost(HttpRequest r) {
        List<String> given = r.headers().getAll(HttpHeaderNames.HOST);
        if (given.size() > 1) {
            return Optional.of(new Answer(ErrorResponses.build(r, ProxyError.AMBIGUOUS_HOST), true));
        }
        if (given.isEmpty()) {
            // HTTP/1.1 requires a Host (RFC 9112 §3.2); an HTTP/1.0 client is no browser, so no rebinding
            return r.protocolVersion().equals(HttpVersion.HTTP_1_0) ? Optional.empty()
                    : Optional.of(new Answer(ErrorResponses.build(r, ProxyError.AMBIGUOUS_HOST, null, "It names none.", List.of()), true));
        }
        // an absolute-form target names the host itself, and then counts instead of Host (RFC 9112 §3.2.2)
        String authority = authorityOf(r.uri());
        String host = authority != null ? authority : given.get(0);
        if (authority != null && !authority.equals(given.get(0))) {
            r.headers().set(HttpHeaderNames.HOST, authority); // the micro reads the host the check saw, never the other one
        }
        if (!hosts.allows(host)) {
            String name = AllowedHosts.nameOf(host).replaceAll("[^A-Za-z0-9._:\\[\\]-]", "?");
            return Optional.of(new Answer(ErrorResponses.build(r, ProxyError.FOREIGN_HOST, null, "Host \"" + name
                    + "\" is not one of them; to allow it, start space-dev with " + AllowedHosts.FLAG + " " + name + ".",
                    List.of()), false));
        }
        return Optional.empty();
    }

    /** The browser SDK's Base and Drive calls: the signed-in owner's only, and writes only from the app's own pages. */
    private Decision toData(HttpRequest r, RequestPath path) {
        if (gate.enabled() && !gate.isOwner(r)) {
            return new Answer(ErrorResponses.build(r, ProxyError.UNAUTHORIZED, null, "Base and Drive from the browser are for the"
                    + " signed-in owner; sign in at " + RuntimeEndpoints.LOGIN + ".", List.of()), false);
        }
        boolean read = r.method().equals(HttpMethod.GET) || r.method().equals(HttpMethod.HEAD);
        if (!read && !CrossSite.fromOwnPages(r)) {
            return new Answer(ErrorResponses.build(r, ProxyError.CROSS_SITE_WRITE), false);
        }
        if (!read && DataRoute.takesJson(r.method().name(), path.path()) && CrossSite.isSimpleBody(r)) {
            return new Answer(ErrorResponses.build(r, ProxyError.NOT_JSON), false);
        }
        Gatekeeper.stripSessionCookie(r.headers());
        r.headers().set(Gatekeeper.API_KEY_HEADER, data.projectKey());
        return new Forward(data.upstream(), data.rewrite(path), "", false);
    }

    /**
     * The dashboard: the signed-in owner's only (a browser is sent to sign in first), and anything that
     * changes something (restart, run, keys) only from the dashboard's own page, never from another site.
     */
    private Decision toDashboard(HttpRequest r, RequestPath path) {
        if (gate.enabled() && !gate.isOwner(r)) {
            return Dashboard.isPage(path.path()) ? new Answer(RuntimeEndpoints.toSignIn(Dashboard.HOME), false)
                    : new Answer(DashboardJson.error(HttpResponseStatus.UNAUTHORIZED,
                    "the dashboard is for the signed-in owner; sign in at " + RuntimeEndpoints.LOGIN), false);
        }
        boolean read = r.method().equals(HttpMethod.GET) || r.method().equals(HttpMethod.HEAD);
        if (!read && !CrossSite.fromOwnPages(r) || CrossSite.isLongLived(r) && CrossSite.fromOtherPages(r)) {
            return new Answer(DashboardJson.error(HttpResponseStatus.FORBIDDEN,
                    "changes from the dashboard must come from its own page (an Origin header, or Sec-Fetch-Site: same-origin)"), false);
        }
        return dashboard.decide(r, path, () -> !gate.enabled() || gate.isOwner(r));
    }

    private static boolean isActionsPath(String path) {
        return startsWithSegmentsIgnoreCase(path, ACTIONS_PATH);
    }

    /** Under {@code /__space}, in any letter case (the path is canonical: escapes of letters are decoded). */
    static boolean isRuntimePath(String path) {
        return startsWithSegmentsIgnoreCase(path, RuntimeEndpoints.PREFIX);
    }

    private static boolean startsWithSegmentsIgnoreCase(String path, String prefix) {
        return path.regionMatches(true, 0, prefix, 0, prefix.length())
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** The host of an absolute-form request-target ({@code http://host/x}), or null. */
    static String authorityOf(String uri) {
        int scheme = uri.startsWith("/") ? -1 : uri.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int end = scheme + 3;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(scheme + 3, end);
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : authority.substring(at + 1);
    }
}
