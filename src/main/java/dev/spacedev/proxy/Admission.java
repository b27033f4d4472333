package dev.spacedev.proxy;

import dev.spacedev.runtime.Gatekeeper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * Before a request reaches a micro: the runtime's own paths under {@code /__space/}, the
 * runtime-only actions path, and Space's access rules. Empty when the request may go on;
 * otherwise the answer it gets instead (sign-in page, redirect to it, 401, 403).
 */
final class Admission {
    static final String ACTIONS_PATH = "/__space/v0/actions";

    private Admission() {}

    static Optional<FullHttpResponse> check(HttpRequest r, Router.Match<Target> match, Gatekeeper gate) {
        Target target = match.target();
        String path = match.path();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (match.prefix().isEmpty() && RuntimeEndpoints.owns(path)) {
            return Optional.of(RuntimeEndpoints.handle(r, gate));
        }
        if (gate.enabled() && path.startsWith(ACTIONS_PATH) && !gate.hasApiKey(r)) {
            return Optional.of(ErrorResponses.build(r, ProxyError.RUNTIME_ONLY, target.micro(), null, List.of()));
        }
        Gatekeeper.Verdict verdict = gate.check(r, target.access(), path);
        if (verdict == Gatekeeper.Verdict.SIGN_IN) {
            return Optional.of(RuntimeEndpoints.toSignIn(r));
        }
        if (verdict == Gatekeeper.Verdict.DENIED) {
            return Optional.of(ErrorResponses.build(r, ProxyError.UNAUTHORIZED, target.micro(), "Route " + path
                    + " needs the owner's session (sign in at " + RuntimeEndpoints.LOGIN + "), X-API-Key"
                    + (target.access().appKeys() ? " or X-Space-App-Key" : "") + "; to make it public, add \"" + path
                    + "\" to the micro's public_routes in the Spacefile.", List.of()));
        }
        return Optional.empty();
    }
}
