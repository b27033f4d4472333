package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules on {@code actions}: required keys, trigger, description, interval, and the app-wide limits. */
class ActionRulesTest {
    @TempDir
    Path dir;

    SpacefileFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpacefileFixture(dir);
    }

    private static String action(String id, String name, String interval) {
        return "      - id: " + id + "\n        name: " + name + "\n        trigger: schedule\n        default_interval: "
                + interval + "\n";
    }

    private static String micro(String name, boolean primary, String actions) {
        return "  - name: " + name + "\n    src: web\n    engine: nodejs16\n" + (primary ? "    primary: true\n" : "")
                + "    actions:\n" + actions;
    }

    @Test
    void aValidActionIsRead() {
        Spacefile s = fx.valid("v: 0\nmicros:\n" + micro("web", true, action("cleanup", "Clean up", "\"5 minutes\"")
                + "        description: Removes old rows\n        path: /jobs\n"));
        Action a = s.micros().get(0).actions().get(0);
        assertThat(a.id()).isEqualTo("cleanup");
        assertThat(a.description()).contains("Removes old rows");
        assertThat(a.path()).contains("/jobs");
        assertThat(a.defaultInterval()).isEqualTo(new Rate("5 minutes", 5, ChronoUnit.MINUTES));
    }

    @Test
    void requiredKeys() {
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, "      - id: x\n"))).containsExactly(
                "Spacefile:8:9: error: an action is missing the required key \"name\"",
                "Spacefile:8:9: error: an action is missing the required key \"trigger\"",
                "Spacefile:8:9: error: an action is missing the required key \"default_interval\"");
    }

    @Test
    void triggerIsSchedule() {
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, action("a", "A", "1 hour").replace("schedule", "webhook"))))
                .containsExactly("Spacefile:10:18: error: unknown trigger \"webhook\"; the only trigger is \"schedule\"");
    }

    @Test
    void descriptionAtMost142Characters() {
        String tooLong = "x".repeat(143);
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, action("a", "A", "1 hour") + "        description: " + tooLong + "\n")))
                .containsExactly("Spacefile:12:22: error: action description may be at most 142 characters; it has 143");
    }

    @Test
    void intervalMustParse() {
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, action("a", "A", "\"1 minutes\""))))
                .containsExactly("Spacefile:11:27: error: default_interval \"1 minutes\" takes the singular: \"1 minute\"");
    }

    @Test
    void idsAreUniqueAcrossTheApp() {
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, action("sync", "Sync web", "1 hour"))
                + micro("api", false, action("sync", "Sync api", "1 hour"))))
                .containsExactly("Spacefile:16:13: error: action id \"sync\" is used twice (first at line 8); action ids must"
                        + " be unique across the app");
    }

    @Test
    void namesAreUniqueAcrossTheApp() {
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, action("a", "Sync", "1 hour"))
                + micro("api", false, action("b", "Sync", "1 hour"))))
                .containsExactly("Spacefile:17:15: error: action name \"Sync\" is used twice (first at line 9); action names"
                        + " must be unique across the app");
    }

    @Test
    void atMostFiveActionsPerMicro() {
        StringBuilder actions = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            actions.append(action("a" + i, "A" + i, "1 hour"));
        }
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, actions.toString())))
                .containsExactly("Spacefile:28:9: error: micro \"web\" has 6 actions; a micro may have at most 5");
    }

    @Test
    void atMostTwentyFiveActionsPerApp() {
        StringBuilder y = new StringBuilder("v: 0\nmicros:\n");
        int n = 0;
        for (int m = 0; m < 6; m++) {
            StringBuilder actions = new StringBuilder();
            for (int i = 0; i < 5; i++, n++) {
                actions.append(action("a" + n, "A" + n, "1 hour"));
            }
            y.append(micro("m" + m, m == 0, actions.toString()));
        }
        assertThat(fx.problems(y.toString())).contains(
                "Spacefile:3:3: error: an app may have at most 5 micros; this one has 6",
                "Spacefile:128:9: error: the app has more than 25 actions; Space allowed at most 25");
    }
}
