package dev.spacedev.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.runtime.AppKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The dashboard's API answers as JSON: what {@link AppConsole} returns, spelled for the page's script. */
final class DashboardJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DashboardJson() {}

    static ArrayNode micros(List<AppConsole.MicroView> micros) {
        ArrayNode all = NODES.arrayNode();
        for (AppConsole.MicroView m : micros) {
            ObjectNode o = all.addObject().put("name", m.name()).put("path", m.path()).put("engine", m.engine())
                    .put("primary", m.primary()).put("state", m.state()).put("restarts", m.restarts());
            m.port().ifPresentOrElse(p -> o.put("port", p), () -> o.putNull("port"));
            m.pid().ifPresentOrElse(p -> o.put("pid", p), () -> o.putNull("pid"));
            m.startProblem().ifPresentOrElse(p -> o.put("problem", p), () -> o.putNull("problem"));
            m.runtime().ifPresentOrElse(r -> o.put("runtime", r), () -> o.putNull("runtime"));
            m.since().ifPresentOrElse(s -> o.put("since", s), () -> o.putNull("since"));
            ArrayNode exits = o.putArray("exits");
            m.exits().forEach(e -> exits.addObject().put("code", e.code()).put("at", e.at()).put("asked", e.asked()));
        }
        return all;
    }

    static ArrayNode appActionRuns(List<dev.spacedev.runtime.AppActions.Run> runs) {
        ArrayNode all = NODES.arrayNode();
        runs.forEach(r -> all.addObject().put("action", r.action()).put("at", r.at()).put("status", r.status()).put("millis", r.millis()));
        return all;
    }

    static ArrayNode strings(List<String> texts) {
        ArrayNode all = NODES.arrayNode();
        texts.forEach(all::add);
        return all;
    }

    static ArrayNode actions(List<ActionScheduler.State> actions) {
        ArrayNode all = NODES.arrayNode();
        for (ActionScheduler.State a : actions) {
            ObjectNode o = all.addObject().put("id", a.id()).put("name", a.name()).put("micro", a.micro()).put("interval", a.interval())
                    .put("schedule", a.schedule()).put("defaultInterval", a.defaultInterval());
            a.next().ifPresentOrElse(n -> o.put("next", n.toEpochMilli()), () -> o.putNull("next"));
            ArrayNode runs = o.putArray("runs");
            a.runs().forEach(r -> runs.add(run(r)));
        }
        return all;
    }

    static ObjectNode run(ActionScheduler.Run r) {
        ObjectNode o = NODES.objectNode().put("at", r.at().toEpochMilli()).put("outcome", r.outcome()).put("millis", r.millis())
                .put("manual", r.manual()).put("ok", r.succeeded());
        r.status().ifPresentOrElse(s -> o.put("status", s), () -> o.putNull("status"));
        return o;
    }

    static ArrayNode keys(List<AppKeys.Entry> keys) {
        ArrayNode all = NODES.arrayNode();
        keys.forEach(k -> all.addObject().put("name", k.name()).put("created", k.created().toEpochMilli()));
        return all;
    }

    static ArrayNode logs(List<AppConsole.LogLine> lines) {
        ArrayNode all = NODES.arrayNode();
        lines.forEach(l -> all.addObject().put("seq", l.seq()).put("at", l.at()).put("source", l.source()).put("text", l.text()));
        return all;
    }

    static ObjectNode data(AppConsole.DataNames names) {
        ObjectNode o = NODES.objectNode();
        ArrayNode bases = o.putArray("bases");
        names.bases().forEach(bases::add);
        ArrayNode drives = o.putArray("drives");
        names.drives().forEach(drives::add);
        return o;
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static String text(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    static FullHttpResponse response(HttpResponseStatus status, Object node) {
        ByteBuf body = Unpooled.copiedBuffer(text(node), StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON).set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE).set("x-content-type-options", "nosniff");
        return r;
    }

    static FullHttpResponse error(HttpResponseStatus status, String message) {
        return response(status, object().put("error", message));
    }
}
