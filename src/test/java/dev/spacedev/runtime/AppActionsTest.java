package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** App Actions' declarations and runs, as Space's runtime checked them. */
class AppActionsTest {
    private static JsonNode json(String text) throws Exception {
        return AppActions.JSON.readTree(text.replace('\'', '"'));
    }

    private static final String DECLARED = """
            {'actions': [
              {'name': 'greet', 'title': 'Greet', 'path': '/actions/greet', 'output': '@deta/detail',
               'input': [{'name': 'who', 'type': 'string'}, {'name': 'times', 'type': 'number', 'optional': true},
                         {'name': 'loud', 'type': 'boolean', 'optional': true}, {'name': 'when', 'type': 'date', 'optional': true}]},
              {'name': 'greet', 'path': '/again'},
              {'name': 'bad name!', 'path': '/x'},
              {'name': 'away', 'path': 'https://elsewhere.example/'},
              {'name': 'plain', 'path': '/plain'},
              {'name': 'spaced', 'path': '/a b'},
              {'name': 'scripted', 'path': '/x', 'output': 'javascript:alert(1)'}
            ]}""".replace('\'', '"');

    @Test
    void declarationsAreCheckedAndWhatCannotBeUsedIsAWarning() {
        AppActions.Declarations d = AppActions.parse("api", DECLARED);
        assertThat(d.actions()).extracting(AppActions.Action::name).containsExactly("greet", "plain", "scripted");
        assertThat(d.actions().get(2).output()).as("neither a view nor a path of the app").isEqualTo(AppActions.RAW);
        assertThat(d.warnings()).anyMatch(w -> w.contains("\"/a b\" is not a path")).anyMatch(w -> w.contains("\"javascript:alert(1)\""));
        assertThat(d.actions().get(0).input()).extracting(AppActions.Input::type).containsExactly("string", "number", "boolean", "string");
        assertThat(d.actions().get(1).output()).isEqualTo(AppActions.RAW);
        assertThat(d.actions().get(1).title()).isEqualTo("plain");
        assertThat(d.warnings()).anyMatch(w -> w.contains("greet is declared twice")).anyMatch(w -> w.contains("\"bad name!\""))
                .anyMatch(w -> w.contains("\"https://elsewhere.example/\" is not a path")).anyMatch(w -> w.contains("type \"date\""));
        assertThat(AppActions.parse("api", "not json").warnings()).containsExactly("its /__space/actions answer is not JSON");
        assertThat(AppActions.parse("api", "{}").actions()).isEmpty();
    }

    @Test
    void inputsAreCheckedAgainstTheDeclarationBeforeTheMicroSeesThem() throws Exception {
        AppActions.Action greet = AppActions.parse("api", DECLARED).actions().get(0);
        assertThat(AppActions.payload(greet, json("{'who': 'Ada', 'times': '3', 'loud': 'true'}")).toString())
                .isEqualTo("{\"who\":\"Ada\",\"times\":3,\"loud\":true}");
        assertThat(AppActions.payload(greet, json("{'who': 'Ada', 'times': ''}")).toString()).as("an empty optional is left out")
                .isEqualTo("{\"who\":\"Ada\"}");
        assertThatThrownBy(() -> AppActions.payload(greet, json("{}"))).hasMessage("input who is required");
        assertThatThrownBy(() -> AppActions.payload(greet, json("{'who': 'Ada', 'times': 'three'}")))
                .hasMessage("input times is a number; \"three\" is not one");
        assertThatThrownBy(() -> AppActions.payload(greet, json("{'who': 'Ada', 'loud': 'yes'}")))
                .hasMessage("input loud is true or false; \"yes\" is neither");
        assertThatThrownBy(() -> AppActions.payload(greet, json("{'who': {'a': 1}}"))).hasMessage("input who is a string");
        assertThatThrownBy(() -> AppActions.payload(greet, json("{'who': 'Ada', 'admin': true}")))
                .hasMessageContaining("input admin is not one action greet declares");
        assertThatThrownBy(() -> AppActions.payload(greet, json("[1]"))).hasMessageContaining("a JSON object");
    }

    @Test
    void theAnswerIsWrappedForItsView() {
        AppActions.Action greet = AppActions.parse("api", DECLARED).actions().get(0);
        assertThat(AppActions.wrap(greet, "{\"title\": \"Hi\", \"text\": \"Ada\"}").toString())
                .isEqualTo("{\"type\":\"@deta/detail\",\"data\":{\"title\":\"Hi\",\"text\":\"Ada\"}}");
        assertThat(AppActions.wrap(greet, "plain words").toString()).isEqualTo("{\"type\":\"@deta/detail\",\"data\":\"plain words\"}");
        assertThat(AppActions.describe(greet, "demo").toString()).contains("\"name\":\"greet\"", "\"output\":\"@deta/detail\"",
                "{\"name\":\"times\",\"type\":\"number\",\"optional\":true}");
    }
}
