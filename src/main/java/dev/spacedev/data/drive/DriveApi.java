package dev.spacedev.data.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.data.base.BaseApi;
import dev.spacedev.data.base.BaseRequestException;
import dev.spacedev.net.MimeTypes;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deta Drive's HTTP API as the SDKs use it (BASE-DRIVE.md) over a {@link DriveStore}: direct
 * uploads, the chunked flow both SDKs always use, downloads (ranges are served by the caller),
 * listing, and deleting many at once.
 */
public final class DriveApi {
    public static final int MAX_DIRECT_UPLOAD = 10 * 1024 * 1024;
    public static final int MAX_LIST = 1000;
    public static final int MAX_DELETE = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriveApi.class);

    /** JSON to send, or a stored file to stream. */
    public sealed interface Reply permits Json, Download {}

    public record Json(int status, JsonNode body) implements Reply {}

    public record Download(DriveStore.StoredFile file) implements Reply {}

    private final DriveStore store;
    private final String projectId;

    public DriveApi(DriveStore store, String projectId) {
        this.store = store;
        this.projectId = projectId;
    }

    /** @param params the query string's parameters; @param contentType the request's, if any */
    public Reply handle(String method, String drive, String rest, Map<String, List<String>> params, byte[] body, String contentType) {
        try {
            return route(method, drive, rest, params, body, contentType);
        } catch (BaseRequestException e) {
            return new Json(e.status(), BaseApi.errors(e.status(), e.errors()).body());
        } catch (IOException | SQLException e) {
            // the detail (with server paths) is for space-dev's log, never for the client
            LOG.warn("drive {}: {} {} failed: {}", drive, method, rest, e.toString());
            return new Json(500, BaseApi.errors(500, List.of("storage failed")).body());
        }
    }

    private Reply route(String method, String drive, String rest, Map<String, List<String>> params, byte[] body, String contentType)
            throws BaseRequestException, IOException, SQLException {
        String name = param(params, "name");
        if (rest.equals("/files") && method.equals("POST")) {
            DriveStore.checkName(name);
            if (body.length > MAX_DIRECT_UPLOAD) {
                throw new BaseRequestException(413, "a direct upload may be at most 10 MB; use the chunked upload");
            }
            store.put(drive, name, body, typeOf(contentType, name));
            return new Json(201, named(drive, name));
        }
        if (rest.equals("/files/download") && method.equals("GET")) {
            DriveStore.checkName(name);
            return store.get(drive, name).<Reply>map(Download::new)
                    .orElseGet(() -> new Json(404, BaseApi.errors(404, List.of("file \"" + name + "\" not found")).body()));
        }
        if (rest.equals("/files") && method.equals("GET")) {
            return list(drive, params);
        }
        if (rest.equals("/files") && method.equals("DELETE")) {
            return deleteMany(drive, BaseApi.parseBody(body));
        }
        if (rest.equals("/uploads") && method.equals("POST")) {
            DriveStore.checkName(name);
            String id = store.startUpload(drive, name, typeOf(contentType, name));
            return new Json(202, named(drive, name).put("upload_id", id));
        }
        if (rest.startsWith("/uploads/")) {
            String[] parts = rest.split("/");
            String id = parts.length > 2 ? parts[2] : "";
            if (!DriveStore.isUploadId(id)) {
                return noUpload(id.replaceAll("[^A-Za-z0-9]", "?"));
            }
            if (parts.length == 4 && parts[3].equals("parts") && method.equals("POST")) {
                int part = Integer.parseInt(Optional.ofNullable(param(params, "part")).orElse("0"));
                if (part < 1) {
                    throw new BaseRequestException(400, "part numbers start at 1");
                }
                return store.putPart(id, part, body) ? new Json(200, named(drive, name).put("upload_id", id).put("part", part))
                        : noUpload(id);
            }
            if (parts.length == 3 && method.equals("PATCH")) {
                return store.completeUpload(id) ? new Json(200, named(drive, name).put("upload_id", id)) : noUpload(id);
            }
            if (parts.length == 3 && method.equals("DELETE")) {
                store.abortUpload(id);
                return new Json(200, named(drive, name).put("upload_id", id).put("status", "ABORTED"));
            }
        }
        return new Json(404, BaseApi.errors(404, List.of("no such endpoint: " + method + " " + rest)).body());
    }

    private Reply list(String drive, Map<String, List<String>> params) throws BaseRequestException, SQLException {
        int limit = MAX_LIST;
        String limitText = param(params, "limit");
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Math.max(1, Math.min(MAX_LIST, Integer.parseInt(limitText)));
            } catch (NumberFormatException e) {
                throw new BaseRequestException(400, "limit must be a number");
            }
        }
        String prefix = Optional.ofNullable(param(params, "prefix")).orElse("");
        Optional<String> last = Optional.ofNullable(param(params, "last")).filter(s -> !s.isEmpty());
        boolean recursive = !"false".equalsIgnoreCase(param(params, "recursive"));
        DriveStore.Listing listing = store.list(drive, prefix, limit, last, recursive);
        ObjectNode reply = NODES.objectNode();
        // as Deta's cloud: paging only while more names remain
        listing.last().ifPresent(l -> reply.putObject("paging").put("size", listing.names().size()).put("last", l));
        ArrayNode names = reply.putArray("names");
        listing.names().forEach(names::add);
        return new Json(200, reply);
    }

    private Reply deleteMany(String drive, JsonNode body) throws BaseRequestException, IOException, SQLException {
        JsonNode names = body == null ? null : body.get("names");
        if (names == null || !names.isArray() || names.size() > MAX_DELETE) {
            throw new BaseRequestException(400, "the body must be {\"names\": [...]} with at most " + MAX_DELETE + " names");
        }
        if (names.isEmpty() || java.util.stream.StreamSupport.stream(names.spliterator(), false).allMatch(n -> n.asText().isBlank())) {
            throw new BaseRequestException(400, "no names to delete");
        }
        ObjectNode reply = NODES.objectNode();
        ArrayNode deleted = reply.putArray("deleted");
        ObjectNode failed = reply.putObject("failed");
        for (JsonNode n : names) {
            try {
                DriveStore.checkName(n.asText());
                store.delete(drive, n.asText());
                deleted.add(n.asText());
            } catch (BaseRequestException e) {
                failed.put(n.asText(), e.getMessage());
            }
        }
        return new Json(200, reply);
    }

    private ObjectNode named(String drive, String name) {
        return NODES.objectNode().put("name", name).put("project_id", projectId).put("drive_name", drive);
    }

    private static Json noUpload(String id) {
        return new Json(404, BaseApi.errors(404, List.of("no upload \"" + id + "\"")).body());
    }

    private static String typeOf(String contentType, String name) {
        return contentType != null && !contentType.isBlank() && !contentType.startsWith("application/x-www-form-urlencoded")
                ? contentType : MimeTypes.of(name);
    }

    private static String param(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
