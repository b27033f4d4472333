package dev.spacedev.data.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spacedev.data.base.BaseQuery;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.drive.DriveStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The layout Space's data export produced, so people can bring their old data: a zip holding
 * {@code bases/<base>.json} (a JSON list of the base's items) and {@code drives/<drive>/<file>}.
 * {@link DataImport} reads it back.
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
                for (String file : drive.list(name, "", Integer.MAX_VALUE - 1, Optional.empty(), true).names()) {
                    Optional<DriveStore.StoredFile> stored = drive.get(name, file);
                    if (stored.isEmpty()) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry("drives/" + name + "/" + file));
                    try (java.io.InputStream in = stored.get().content().open(0)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                    files++;
                }
            }
        }
        return new Counts(bases.size(), items, drives.size(), files);
    }
}
