package dev.spacedev.spacefile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.util.MergeUtils;

/**
 * Typed, position-aware access to one YAML mapping of the Spacefile. Construction reports
 * duplicate and unknown keys; each accessor reports a wrong type and returns empty, so callers
 * only ever see well-typed values.
 */
final class YamlMap {
    private final MappingNode node;
    private final String path;
    private final String what;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    YamlMap(MappingNode node, String path, String what, Set<String> allowedKeys, Problems problems) {
        this.node = node;
        this.path = path;
        this.what = what;
        this.problems = problems;
        for (NodeTuple tuple : merged(node)) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
                problems.error(position(keyNode), path, "keys must be plain names, found " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            NodeTuple first = entries.get(key);
            if (first != null) {
                problems.error(position(keyNode), childPath(key), "duplicate key \"" + key + "\" (first at line "
                        + position(first.getKeyNode()).line() + ")");
                continue;
            }
            if (!allowedKeys.contains(key)) {
                problems.error(position(keyNode), childPath(key), unknownKeyMessage(key, allowedKeys));
                continue;
            }
            entries.put(key, tuple);
        }
    }

    /** A merge key's value is not a mapping (nor a list of them): yaml.v3 refused the file. */
    private static final class NotAMapping extends RuntimeException {
        private final transient Node node;

        NotAMapping(Node node) {
            super(null, null, false, false);
            this.node = node;
        }
    }

    private static final MergeUtils MERGE = new MergeUtils() {
        @Override
        public MappingNode asMappingNode(Node node) {
            if (node instanceof MappingNode m) {
                return m;
            }
            throw new NotAMapping(node);
        }
    };

    /** The mapping's entries with {@code <<: *base} merged in, as yaml.v3 merged them (the mapping's own keys win). */
    private List<NodeTuple> merged(MappingNode node) {
        if (node.getValue().stream().noneMatch(t -> t.getKeyNode().getTag().equals(Tag.MERGE))) {
            return node.getValue();
        }
        try {
            return MERGE.flatten(node);
        } catch (NotAMapping e) {
            problems.error(position(e.node), path, "a merge key \"<<\" takes a mapping or a list of mappings (such as *base),"
                    + " found " + describe(e.node));
            return node.getValue().stream().filter(t -> !t.getKeyNode().getTag().equals(Tag.MERGE)).toList();
        }
    }

    private String unknownKeyMessage(String key, Set<String> allowedKeys) {
        String message = "unknown key \"" + key + "\" in " + what;
        Optional<String> hint = Suggestions.closest(key, allowedKeys);
        if (hint.isPresent()) {
            return message + "; did you mean \"" + hint.get() + "\"?";
        }
        return message + "; allowed keys: " + String.join(", ", allowedKeys.stream().sorted().toList());
    }

    String path() {
        return path;
    }

    Position position() {
        return position(node);
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Position keyPosition(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? position() : position(tuple.getKeyNode());
    }

    Position valuePosition(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? position() : position(tuple.getValueNode());
    }

    /** Reports a missing required key at the start of this mapping; true when the key is there. */
    boolean require(String key) {
        if (entries.containsKey(key)) {
            return true;
        }
        problems.error(position(), childPath(key), what + " is missing the required key \"" + key + "\"");
        return false;
    }

    Optional<String> string(String key) {
        return value(key).flatMap(v -> asString(v, childPath(key), "\"" + key + "\""));
    }

    Optional<Boolean> bool(String key) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
                return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT)));
            }
            problems.error(position(v), childPath(key), "\"" + key + "\" must be true or false, found " + describe(v));
            return Optional.empty();
        });
    }

    /**
     * A whole number as JSON Schema's "integer" took yaml.v3's value: an int in any of its spellings, or a float
     * with no fraction ({@code 0.0}, {@code 1e2}).
     */
    Optional<Long> integer(String key) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
                return Optional.of(GoYamlSchema.intValue(s.getValue()));
            }
            if (v instanceof ScalarNode s && s.getTag().equals(Tag.FLOAT)) {
                double d = GoYamlSchema.SPECIAL_FLOAT.matcher(s.getValue()).matches() ? Double.NaN
                        : Double.parseDouble(s.getValue().replace("_", ""));
                if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                    return Optional.of((long) d);
                }
            }
            problems.error(position(v), childPath(key), "\"" + key + "\" must be a whole number, found " + describe(v));
            return Optional.empty();
        });
    }

    Optional<YamlMap> map(String key, String childWhat, Set<String> allowedKeys) {
        return value(key).flatMap(v -> {
            if (v instanceof MappingNode m) {
                return Optional.of(new YamlMap(m, childPath(key), childWhat, allowedKeys, problems));
            }
            problems.error(position(v), childPath(key), "\"" + key + "\" must be a mapping of keys to values, found " + describe(v));
            return Optional.empty();
        });
    }

    /** The items of a list, each with its path; reports a non-list and a list shorter than minItems. */
    Optional<List<Item>> list(String key, int minItems) {
        return value(key).flatMap(v -> {
            if (!(v instanceof SequenceNode seq)) {
                problems.error(position(v), childPath(key), "\"" + key + "\" must be a list, found " + describe(v));
                return Optional.empty();
            }
            if (seq.getValue().size() < minItems) {
                problems.error(position(v), childPath(key), "\"" + key + "\" must have at least " + minItems
                        + (minItems == 1 ? " item" : " items") + "; remove the key or add to it");
                return Optional.empty();
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                items.add(new Item(seq.getValue().get(i), childPath(key) + "[" + i + "]"));
            }
            return Optional.of(items);
        });
    }

    /** A list of strings; {@code unique} and {@code nonEmpty} apply the schema's item rules. */
    Optional<List<String>> stringList(String key, boolean unique, boolean nonEmpty) {
        return list(key, 1).map(items -> {
            List<String> values = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Item item : items) {
                Optional<String> s = asString(item.node(), item.path(), "each item of \"" + key + "\"");
                if (s.isEmpty()) {
                    continue;
                }
                if (nonEmpty && s.get().isEmpty()) {
                    problems.error(position(item.node()), item.path(), "items of \"" + key + "\" must not be empty");
                } else if (unique && !seen.add(s.get())) {
                    problems.error(position(item.node()), item.path(), "\"" + s.get() + "\" appears twice in \"" + key + "\"");
                } else {
                    values.add(s.get());
                }
            }
            return values;
        });
    }

    /** Reads each item of a list of mappings with {@code reader}; non-mapping items are reported. */
    <T> List<T> mappings(List<Item> items, String childWhat, Set<String> allowedKeys, Function<YamlMap, T> reader) {
        List<T> out = new ArrayList<>();
        for (Item item : items) {
            if (item.node() instanceof MappingNode m) {
                out.add(reader.apply(new YamlMap(m, item.path(), childWhat, allowedKeys, problems)));
            } else {
                problems.error(position(item.node()), item.path(), childWhat + " must be a mapping of keys to values, found "
                        + describe(item.node()));
            }
        }
        return out;
    }

    record Item(Node node, String path) {}

    private Optional<Node> value(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    private Optional<String> asString(Node v, String at, String subject) {
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
            return Optional.of(s.getValue());
        }
        String hint = v instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? "; put it in quotes" : "";
        problems.error(position(v), at, subject + " must be a string, found " + describe(v) + hint);
        return Optional.empty();
    }

    static Position position(Node node) {
        return node.getStartMark().map(YamlMap::position).orElse(Position.NONE);
    }

    static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return "nothing (null)";
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean " + s.getValue();
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "the number " + s.getValue();
        }
        String value = s.getValue();
        // what the file says is shown only as far as a reader needs to recognise it
        return "the string \"" + (value.length() > 60 ? value.substring(0, 57) + "..." : value) + "\"";
    }
}
