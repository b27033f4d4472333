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
    void anIntervalSpaceAcceptedButDocsDidNotUseRunsWithAWarning() {
        // Space's CLI took any string; "15 minute" ran on a live app for months
        String y = "v: 0\nmicros:\n" + micro("web", true, action("a", "A", "\"15 minute\""));
        assertThat(fx.problems(y)).containsExactly("Spacefile:11:27: warning: default_interval \"15 minute\" takes the plural:"
                + " \"15 minutes\"; Space's CLI did not check intervals, and space-dev runs it as \"15 minutes\"");
        assertThat(fx.valid(y).micros().get(0).actions().get(0).defaultInterval())
                .isEqualTo(new Rate("15 minute", 15, ChronoUnit.MINUTES));
    }

    @Test
    void anIntervalSpaceDevCannotReadIsAWarningAndTheActionIsNotScheduled() {
        String y = "v: 0\nmicros:\n" + micro("web", true, action("a", "A", "\"0 0 30 2 *\""));
        assertThat(fx.problems(y)).singleElement().asString().startsWith("Spacefile:11:27: warning: default_interval")
                .endsWith("but space-dev cannot schedule this one: the action will not run, on a schedule or with space-dev trigger");
        assertThat(fx.valid(y).micros().get(0).actions()).isEmpty();
    }

    @Test
    void idsAreUniqueAcrossTheApp() {
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, action("sync", "Sync web", "1 hour"))
                + micro("api", false, action("sync", "Sync api", "1 hour"))))
                .containsExactly("Spacefile:16:13: warning: action id \"sync\" is used twice (first at line 8); Space's docs"
                        + " ask for unique ids across the app (its CLI did not check): space-dev schedules both, and space-dev"
                        + " trigger runs the first");
    }

    @Test
    void namesAreUniqueAcrossTheApp() {
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, action("a", "Sync", "1 hour"))
                + micro("api", false, action("b", "Sync", "1 hour"))))
                .containsExactly("Spacefile:17:15: warning: action name \"Sync\" is used twice (first at line 9); Space's"
                        + " docs ask for unique names across the app (its CLI did not check)");
    }

    @Test
    void atMostFiveActionsPerMicro() {
        StringBuilder actions = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            actions.append(action("a" + i, "A" + i, "1 hour"));
        }
        assertThat(fx.problems("v: 0\nmicros:\n" + micro("web", true, actions.toString())))
                .containsExactly("Spacefile:28:9: warning: micro \"web\" has 6 actions; Space's docs allowed a micro 5 (its"
                        + " CLI did not check): space-dev runs them all");
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
                "Spacefile:128:9: warning: the app has more than 25 actions; Space's docs allowed 25 (its CLI did not check):"
                        + " space-dev runs them all");
    }
}
