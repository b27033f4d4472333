package dev.spacedev.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.proxy.MimeTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The layout Space's data export produced, so people can bring their old data: a zip holding
 * {@code bases/<base>.json} (a JSON list of the base's items) and {@code drives/<drive>/<file>}.
 */
public final class DataArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an export or import moved. */
    public record Counts(int bases, int items, int drives, int files) {}

    private DataArchive() {}

    public static Counts export(BaseStore base, DriveStore drive, OutputStream target) throws IOException, SQLException {
        int items = 0;
        int files = 0;
        List<String> bases = base.bases();
        List<String> drives = drive.drives();
        try (ZipOutputStream zip = new ZipOutputStream(target)) {
            for (String name : bases) {
                ArrayNode all = JSON.createArrayNode();
                base.query(name, BaseQuery.ALL, Integer.MAX_VALUE, Optional.empty(), false).items().forEach(all::add);
                zip.putNextEntry(new ZipEntry("bases/" + name + ".json"));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
                zip.closeEntry();
                items += all.size();
            }
            for (String name : drives) {
                for (String file : drive.list(name, "", Integer.MAX_VALUE - 1, Optional.empty()).names()) {
                    Optional<DriveStore.StoredFile> stored = drive.get(name, file);
                    if (stored.isEmpty()) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry("drives/" + name + "/" + file));
                    Files.copy(stored.get().path(), zip);
                    zip.closeEntry();
                    files++;
                }
            }
        }
        return new Counts(bases.size(), items, drives.size(), files);
    }

    /** Items replace items with the same key; files replace files with the same name. Nothing else is touched. */
    public static Counts importFrom(BaseStore base, DriveStore drive, InputStream source) throws IOException, SQLException, BaseRequestException {
        int items = 0;
        int files = 0;
        List<String> bases = new ArrayList<>();
        List<String> drives = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(source)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith("bases/") && name.endsWith(".json") && name.indexOf('/', 6) < 0) {
                    String baseName = name.substring(6, name.length() - 5);
                    JsonNode list = JSON.readTree(zip.readAllBytes());
                    if (!list.isArray()) {
                        throw new BaseRequestException(400, name + " is not a list of items");
                    }
                    List<ObjectNode> batch = new ArrayList<>();
                    for (JsonNode item : list) {
                        batch.add(item.isObject() ? (ObjectNode) item : JSON.createObjectNode().set("value", item));
                        if (batch.size() == BaseStore.MAX_ITEMS_PER_PUT) {
                            base.put(baseName, batch);
                            batch = new ArrayList<>();
                        }
                    }
                    base.put(baseName, batch);
                    items += list.size();
                    bases.add(baseName);
                } else if (name.startsWith("drives/") && name.indexOf('/', 7) > 7) {
                    String driveName = name.substring(7, name.indexOf('/', 7));
                    String file = name.substring(name.indexOf('/', 7) + 1);
                    DriveStore.checkName(file);
                    drive.put(driveName, file, zip.readAllBytes(), MimeTypes.of(file));
                    files++;
                    if (!drives.contains(driveName)) {
                        drives.add(driveName);
                    }
                }
            }
        }
        return new Counts(bases.size(), items, drives.size(), files);
    }
}
