package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema editors get: Deta's, widened and explained, never narrowed. */
class SpacefileSchemaTest {
    private static final Set<String> EXPLANATIONS = Set.of("description", "$comment", "title");

    @Test
    void theOfficialSchemaIsBundledUnchanged() throws Exception {
        Path reference = Path.of("..", "shared", "reference", "spacefile.schema.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(reference), "../shared/reference is not beside this clone");
        assertThat(SpacefileSchema.official()).isEqualTo(new ObjectMapper().readTree(reference.toFile()));
    }

    @Test
    void theExtendedSchemaOnlyExplainsAndWidens() {
        List<String> changes = new ArrayList<>();
        compare(SpacefileSchema.official(), SpacefileSchema.extended(), "", changes);
        assertThat(changes).containsExactly("/definitions/micro/properties/engine/enum: added [python3.10, python3.11, nodejs18, nodejs20]");
    }

    @Test
    void everyEngineSpaceDevRunsIsInTheExtendedSchema() {
        List<String> engines = new ArrayList<>();
        SpacefileSchema.extended().at("/definitions/micro/properties/engine/enum").forEach(e -> engines.add(e.asText()));
        assertThat(engines).containsExactlyInAnyOrder(java.util.Arrays.stream(Engine.values()).map(Engine::wireName).toArray(String[]::new));
    }

    /** Every difference that is not a description, title or comment, described. */
    private static void compare(JsonNode official, JsonNode extended, String at, List<String> changes) {
        if (official.isObject()) {
            for (Iterator<String> keys = official.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                assertThat(extended.has(key)).as("%s/%s is kept", at, key).isTrue();
                if (!EXPLANATIONS.contains(key)) {
                    compare(official.get(key), extended.get(key), at + "/" + key, changes);
                }
            }
            extended.fieldNames().forEachRemaining(key -> {
                if (!official.has(key) && !EXPLANATIONS.contains(key)) {
                    changes.add(at + "/" + key + ": new");
                }
            });
        } else if (official.isArray() && !official.equals(extended)) {
            List<String> added = new ArrayList<>();
            extended.forEach(e -> added.add(e.asText()));
            official.forEach(o -> assertThat(added.remove(o.asText())).as("%s keeps %s", at, o).isTrue());
            changes.add(at + ": added " + added);
        } else {
            assertThat(extended).as(at).isEqualTo(official);
        }
    }
}
