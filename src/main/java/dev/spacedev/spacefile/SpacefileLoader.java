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
import java.util.ArrayList;
import java.util.List;
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
            if (Files.size(file) > MAX_BYTES) {
                problems.error(Position.NONE, "", "the file is " + Files.size(file) + " bytes, too large to be a Spacefile");
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
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
        for (byte b : bytes) {
            if (b == 0) {
                problems.error(Position.NONE, "", "the file holds binary data, not YAML text");
                return Optional.empty();
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            problems.error(Position.NONE, "", "the file is not UTF-8 text");
            return Optional.empty();
        }
    }

    private static Optional<Node> compose(String text, Path file, Problems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.getFileName() == null ? "Spacefile" : file.getFileName().toString())
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_BYTES)
                .build();
        List<Node> documents = new ArrayList<>();
        try {
            Optional<Event> tooDeep = tooDeep(settings, text);
            if (tooDeep.isPresent()) {
                Position at = tooDeep.get().getStartMark().map(YamlMap::position).orElse(Position.NONE);
                problems.error(at, "", "the YAML nests more than " + MAX_DEPTH + " levels deep here; a Spacefile needs a handful");
                return Optional.empty();
            }
            new Compose(settings).composeAllFromString(text).forEach(documents::add);
        } catch (MarkedYamlEngineException e) {
            Position at = e.getProblemMark().map(YamlMap::position).orElse(Position.NONE);
            problems.error(at, "", YamlErrors.describe(e));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.error(Position.NONE, "", "not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
        documents.removeIf(SpacefileLoader::isEmptyDocument);
        if (documents.isEmpty()) {
            problems.error(Position.NONE, "", "the Spacefile is empty; it needs at least \"v: 0\" and a list of \"micros\"");
            return Optional.empty();
        }
        if (documents.size() > 1) {
            problems.error(YamlMap.position(documents.get(1)), "", "the file holds " + documents.size()
                    + " YAML documents; a Spacefile is one (remove the extra \"---\")");
            return Optional.empty();
        }
        return Optional.of(documents.get(0));
    }

    /**
     * The first collection nested deeper than {@link #MAX_DEPTH}. Composing nodes recurses once per
     * level, so a file nested thousands deep would overflow the stack; the event parser does not.
     */
    private static Optional<Event> tooDeep(LoadSettings settings, String text) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(text)) {
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
