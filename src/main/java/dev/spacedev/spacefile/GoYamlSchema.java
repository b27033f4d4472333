package dev.spacedev.spacefile;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Plain scalars typed as Space's CLI typed them: Go's yaml.v3 reads the YAML 1.2 core schema (so {@code True} is a
 * boolean, {@code ~} and {@code Null} are null) with YAML 1.1 leftovers in numbers — underscores anywhere after the
 * first character, {@code 0b} binary, and a leading {@code 0} meaning octal — and {@code <<} as a merge key.
 * {@code yes}/{@code no}/{@code on}/{@code off} stay strings, as in yaml.v3 when decoding into an untyped value.
 */
final class GoYamlSchema extends CoreSchema {
    static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
    /** strconv.ParseInt(s, 0, 64) after yaml.v3 removed every "_"; 0b as yaml.v3 adds it. */
    static final Pattern INT = Pattern.compile("[-+]?(?:0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|0[0-7_]*|[1-9][0-9_]*)");
    /** yaml.v3's float form, matched after the underscores are removed, and the .inf/.nan spellings. */
    static final Pattern FLOAT = Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");
    static final Pattern SPECIAL_FLOAT = Pattern.compile("[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");

    private static final ScalarResolver RESOLVER = GoYamlSchema::resolve;

    @Override
    public ScalarResolver getScalarResolver() {
        return RESOLVER;
    }

    static Tag resolve(String value, Boolean implicit) {
        if (!implicit) {
            return Tag.STR; // quoted, or a block scalar
        }
        if (NULL.matcher(value).matches()) {
            return Tag.NULL;
        }
        if (BOOL.matcher(value).matches()) {
            return Tag.BOOL;
        }
        if (value.equals("<<")) {
            return Tag.MERGE;
        }
        if (value.isEmpty() || "+-0123456789.".indexOf(value.charAt(0)) < 0) {
            return Tag.STR; // yaml.v3 looks for a number only when the first character could start one
        }
        String plain = value.replace("_", "");
        if (INT.matcher(value).matches() && fitsInt64(plain)) {
            return Tag.INT;
        }
        // after a ".", yaml.v3 hands the text to ParseFloat as written, underscores and all
        if (FLOAT.matcher(value.charAt(0) == '.' ? value : plain).matches() || SPECIAL_FLOAT.matcher(value).matches()) {
            return Tag.FLOAT;
        }
        return Tag.STR;
    }

    /** The value of an INT-tagged scalar, as yaml.v3 computed it. */
    static long intValue(String value) {
        String plain = value.replace("_", "");
        boolean negative = plain.startsWith("-");
        String digits = plain.startsWith("-") || plain.startsWith("+") ? plain.substring(1) : plain;
        String lower = digits.toLowerCase(java.util.Locale.ROOT);
        long magnitude;
        if (lower.startsWith("0b")) {
            magnitude = Long.parseUnsignedLong(lower.substring(2), 2);
        } else if (lower.startsWith("0o")) {
            magnitude = Long.parseUnsignedLong(lower.substring(2), 8);
        } else if (lower.startsWith("0x")) {
            magnitude = Long.parseUnsignedLong(lower.substring(2), 16);
        } else if (lower.length() > 1 && lower.startsWith("0")) {
            magnitude = Long.parseUnsignedLong(lower.substring(1), 8);
        } else {
            magnitude = Long.parseUnsignedLong(lower);
        }
        return negative ? -magnitude : magnitude;
    }

    private static boolean fitsInt64(String plain) {
        try {
            long v = intValue(plain);
            // beyond int64 yaml.v3 reads a float (or, past uint64, a string); no Spacefile value is that large
            return plain.startsWith("-") ? v <= 0 : v >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
