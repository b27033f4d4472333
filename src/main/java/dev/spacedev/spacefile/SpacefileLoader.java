package dev.spacedev.spacefile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads a Spacefile from disk: file checks, YAML composition with positions, then the Spacefile rules. */
public final class SpacefileLoader {
    /** Far beyond any real Spacefile; guards against pointing the tool at a large file by mistake. */
    static final int MAX_BYTES = 1 << 20;
    /** A Spacefile nests five levels (micros, a micro, presets, env, an entry); this is far beyond. */
    static final int MAX_DEPTH = 64;

    private SpacefileLoader() {}

    public static LoadResult load(Path file) {
        Problems problems = new Problems();
        Optional<String> text = readText(file, problems);
        if (text.isEmpty()) {
            return new LoadResult(Optional.empty(), problems.sorted());
        }
        return parse(text.get(), file, problems);
    }

    /** Parses Spacefile text as if it were at {@code file}; src directories are resolved next to it. */
    public static LoadResult parse(String text, Path file) {
        return parse(text, file, new Problems());
    }

    private static LoadResult parse(String text, Path file, Problems problems) {
        Optional<Node> root = compose(text, file, problems);
        Optional<Spacefile> spacefile = Optional.empty();
        if (root.isPresent()) {
            if (root.get() instanceof MappingNode mapping) {
                YamlMap map = new YamlMap(mapping, "", "the Spacefile", SpacefileReader.KEYS, problems);
                spacefile = new SpacefileReader(file, problems).read(map);
            } else {
                problems.error(YamlMap.position(root.get()), "", "a Spacefile is a mapping with \"v\" and \"micros\"; found "
                        + YamlMap.describe(root.get()));
            }
        }
        return new LoadResult(spacefile, problems.sorted());
    }

    private static Optional<String> readText(Path file, Problems problems) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                problems.error(Position.NONE, "", file + " is a directory, not a Spacefile");
                return Optional.empty();
            }
            Path project = file.toAbsolutePath().getParent();
            if (Files.size(ProjectFile.check(project, file)) > MAX_BYTES) {
                problems.error(Position.NONE, "", "the file is " + Files.size(file) + " bytes, too large to be a Spacefile");
                return Optional.empty();
            }
            bytes = ProjectFile.read(project, file, MAX_BYTES);
        } catch (ProjectFile.Refused e) {
            problems.error(Position.NONE, "", e.getMessage());
            return Optional.empty();
        } catch (NoSuchFileException e) {
            problems.error(Position.NONE, "", "no Spacefile at " + file.toAbsolutePath().normalize()
                    + " (run space-dev in the app's directory, or pass --dir)");
            return Optional.empty();
        } catch (AccessDeniedException e) {
            problems.error(Position.NONE, "", "cannot read " + file + ": permission denied");
            return Optional.empty();
        } catch (IOException e) {
            problems.error(Position.NONE, "", "cannot read " + file + ": " + e.getMessage());
            return Optional.empty();
        }
        Optional<java.nio.charset.Charset> encoding = encoding(bytes, problems);
        if (encoding.isEmpty()) {
            return Optional.empty();
        }
        int bom = encoding.get().equals(StandardCharsets.UTF_8) ? (startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0) : 2;
        for (int i = bom; encoding.get().equals(StandardCharsets.UTF_8) && i < bytes.length; i++) {
            if (bytes[i] == 0) {
                problems.error(Position.NONE, "", "the file holds binary data, not YAML text");
                return Optional.empty();
            }
        }
        try {
            String text = encoding.get().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, bom, bytes.length - bom))
                    .toString();
            return Optional.of(text);
        } catch (CharacterCodingException e) {
            problems.error(Position.NONE, "", "the file is not " + (bom > 0 ? encoding.get().name() : "UTF-8") + " text");
            return Optional.empty();
        }
    }

    /**
     * As Space's parser (libyaml's, in yaml.v3) told them apart: UTF-16 by its byte-order mark, else UTF-8. UTF-32 it
     * could not read (its mark starts like UTF-16's and the text then fails), so it gets a message of its own.
     */
    private static Optional<java.nio.charset.Charset> encoding(byte[] bytes, Problems problems) {
        if (startsWith(bytes, 0xFF, 0xFE, 0, 0) || startsWith(bytes, 0, 0, 0xFE, 0xFF)) {
            problems.error(Position.NONE, "", "the file is UTF-32 text, which Space's parser could not read; save it as UTF-8");
            return Optional.empty();
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return Optional.of(StandardCharsets.UTF_16LE);
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return Optional.of(StandardCharsets.UTF_16BE);
        }
        return Optional.of(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Node> compose(String text, Path file, Problems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.getFileName() == null ? "Spacefile" : file.getFileName().toString())
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_BYTES)
                .setSchema(new GoYamlSchema())
                .build();
        Optional<Node> first;
        try {
            Optional<Event> tooDeep = tooDeep(settings, text);
            if (tooDeep.isPresent()) {
                Position at = tooDeep.get().getStartMark().map(YamlMap::position).orElse(Position.NONE);
                problems.error(at, "", "the YAML nests more than " + MAX_DEPTH + " levels deep here; a Spacefile needs a handful");
                return Optional.empty();
            }
            // only the first document, as yaml.Unmarshal read it: what follows a second "---" is never parsed
            java.util.Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
            first = documents.hasNext() ? Optional.of(documents.next()) : Optional.empty();
        } catch (MarkedYamlEngineException e) {
            Position at = e.getProblemMark().map(YamlMap::position).orElse(Position.NONE);
            problems.error(at, "", YamlErrors.describe(e));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.error(Position.NONE, "", "not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
        if (first.isEmpty() || isEmptyDocument(first.get())) {
            problems.error(Position.NONE, "", "the Spacefile is empty; it needs at least \"v: 0\" and a list of \"micros\"");
            return Optional.empty();
        }
        return first;
    }

    /**
     * The first collection nested deeper than {@link #MAX_DEPTH}. Composing nodes recurses once per
     * level, so a file nested thousands deep would overflow the stack; the event parser does not.
     */
    private static Optional<Event> tooDeep(LoadSettings settings, String text) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            if (e instanceof org.snakeyaml.engine.v2.events.DocumentEndEvent) {
                return Optional.empty(); // the first document is all that is read
            }
            if (e instanceof MappingStartEvent || e instanceof SequenceStartEvent) {
                if (++depth > MAX_DEPTH) {
                    return Optional.of(e);
                }
            } else if (e instanceof MappingEndEvent || e instanceof SequenceEndEvent) {
                depth--;
            }
        }
        return Optional.empty();
    }

    private static boolean isEmptyDocument(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.getValue().isEmpty();
    }
}
