package dev.spacedev.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spacedev.runtime.AppActions;
import dev.spacedev.runtime.Gatekeeper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Space's App Actions on the app's origin, as its runtime (and the old {@code space dev}) served them:
 * {@code GET /__space/actions} lists them, {@code GET /__space/actions/NAME} describes one,
 * {@code POST /__space/actions/NAME} runs it with a JSON object of inputs. For the owner only: the owner's
 * session (a change from the app's own pages), or {@code X-API-Key}. Inputs are checked before the micro sees them.
 */
final class AppActionsRoute {
    static final String ROOT = "/__space/actions";
    /** Far beyond any form of inputs. */
    static final int MAX_INPUTS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Gatekeeper gate;
    private final AppConsole console;

    AppActionsRoute(Gatekeeper gate, AppConsole console) {
        this.gate = gate;
        this.console = console;
    }

    static boolean owns(String path) {
        return path.equals(ROOT) || path.equals(ROOT + "/") || path.startsWith(ROOT + "/");
    }

    Dispatcher.Decision decide(HttpRequest r, RequestPath path) {
        boolean read = r.method().equals(HttpMethod.GET) || r.method().equals(HttpMethod.HEAD);
        boolean key = gate.hasApiKey(r);
        if (gate.enabled() && !key && !gate.isOwner(r)) {
            return answer(DashboardJson.error(HttpResponseStatus.UNAUTHORIZED, "app actions are the owner's: sign in at "
                    + RuntimeEndpoints.LOGIN + ", or send X-API-Key"));
        }
        if (gate.enabled() && !key && !read && !CrossSite.fromOwnPages(r)) {
            return answer(DashboardJson.error(HttpResponseStatus.FORBIDDEN, "an app action is run from the app's own pages (an Origin"
                    + " header, or Sec-Fetch-Site: same-origin), or with X-API-Key"));
        }
        String name = path.path().length() > ROOT.length() + 1 ? RequestPath.decoded(path.path().substring(ROOT.length() + 1)) : "";
        if (name.isEmpty()) {
            return read ? answer(DashboardJson.response(HttpResponseStatus.OK, list()))
                    : answer(DashboardJson.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "the list of app actions is read with GET"));
        }
        if (read) {
            return console.appActions().stream().filter(a -> a.name().equals(name)).findFirst()
                    .map(a -> answer(DashboardJson.response(HttpResponseStatus.OK, AppActions.describe(a, console.appName()))))
                    .orElseGet(() -> answer(DashboardJson.error(HttpResponseStatus.NOT_FOUND, "no app action " + name)));
        }
        if (!r.method().equals(HttpMethod.POST)) {
            return answer(DashboardJson.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "an app action is run with POST"));
        }
        return new Dispatcher.Collect(MAX_INPUTS, body -> run(name, body));
    }

    private CompletableFuture<FullHttpResponse> run(String name, String body) {
        JsonNode inputs;
        try {
            inputs = body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(DashboardJson.error(HttpResponseStatus.BAD_REQUEST, "the inputs are not JSON"));
        }
        return console.runAppAction(name, inputs).thenApply(result -> DashboardJson.response(HttpResponseStatus.valueOf(result.status()),
                result.body()));
    }

    private ArrayNode list() {
        ArrayNode all = JSON.createArrayNode();
        console.appActions().forEach(a -> all.add(AppActions.describe(a, console.appName())));
        return all;
    }

    private static Dispatcher.Decision answer(FullHttpResponse r) {
        return new Dispatcher.Answer(r, false);
    }
}
