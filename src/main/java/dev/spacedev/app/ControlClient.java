package dev.spacedev.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.files.SpaceDir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/** A command's way to the {@code up} running in a project ({@link ControlServer}): one request per connection. */
public final class ControlClient {
    private final SpaceDir space;

    private ControlClient(SpaceDir space) {
        this.space = space;
    }

    /** The running {@code up} of this project; empty when none listens (none runs, or it is stopping). */
    public static Optional<ControlClient> find(SpaceDir space) {
        if (!Files.exists(ControlSocket.of(space))) {
            return Optional.empty();
        }
        try (SocketChannel probe = SocketChannel.open(ControlSocket.address(space))) {
            return Optional.of(new ControlClient(space));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static ObjectNode request(String op) {
        return ControlServer.JSON.createObjectNode().put("op", op);
    }

    public static ObjectNode request(String op, Collection<String> micros) {
        ObjectNode r = request(op);
        micros.forEach(r.putArray("micros")::add);
        return r;
    }

    /** Sends a request and returns its one answer. */
    public JsonNode call(ObjectNode request) throws IOException {
        JsonNode[] answer = new JsonNode[1];
        stream(request, a -> {
            answer[0] = a;
            return false;
        });
        if (answer[0] == null) {
            throw new IOException("space-dev up closed the connection without an answer");
        }
        return answer[0];
    }

    /** Sends a request and hands each answer line to {@code each} until it returns false or the answers end. */
    public void stream(ObjectNode request, Predicate<JsonNode> each) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(ControlSocket.address(space));
            ControlServer.write(channel, request);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (!each.test(ControlServer.JSON.readTree(line))) {
                    return;
                }
            }
        }
    }
}
