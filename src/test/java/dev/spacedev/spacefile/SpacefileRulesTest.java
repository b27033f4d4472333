package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per Spacefile rule, each asserting the exact message and where it points. */
class SpacefileRulesTest {
    @TempDir
    Path dir;

    SpacefileFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpacefileFixture(dir);
    }

    private static String one(String microBody) {
        return "v: 0\nmicros:\n  - name: web\n    src: web\n" + microBody;
    }

    @Test
    void unknownTopLevelKeySuggestsTheClosest() {
        assertThat(fx.problems("v: 0\nmicro: []\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:2:1: error: unknown key \"micro\" in the Spacefile; did you mean \"micros\"?");
    }

    @Test
    void unknownMicroKeySuggestsTheClosest() {
        assertThat(fx.problems(one("    engine: nodejs16\n    primery: true\n")))
                .containsExactly("Spacefile:6:5: error: unknown key \"primery\" in a micro; did you mean \"primary\"?");
    }

    @Test
    void unknownKeyWithNothingCloseListsTheAllowedKeys() {
        assertThat(fx.problems("v: 0\ncolour: blue\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:2:1: error: unknown key \"colour\" in the Spacefile; allowed keys: app_name,"
                        + " auto_pwa, icon, micros, v");
    }

    @Test
    void duplicateYamlKeysAreErrors() {
        assertThat(fx.problems(one("    engine: nodejs16\n    engine: custom\n")))
                .containsExactly("Spacefile:6:5: error: duplicate key \"engine\" (first at line 5)");
    }

    @Test
    void versionIsRequired() {
        assertThat(fx.problems("micros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:1:1: error: the Spacefile is missing the required key \"v\"");
    }

    @Test
    void versionMustBeZero() {
        assertThat(fx.problems("v: 1\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:1:4: error: \"v\" must be 0, the only Spacefile version; found 1");
    }

    @Test
    void versionMustBeANumberNotAString() {
        assertThat(fx.problems("v: \"0\"\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:1:4: error: \"v\" must be a whole number, found the string \"0\"");
    }

    @Test
    void microsAreRequired() {
        assertThat(fx.problems("v: 0\napp_name: x\n"))
                .containsExactly("Spacefile:1:1: error: the Spacefile is missing the required key \"micros\"");
    }

    @Test
    void microsMustNotBeEmpty() {
        assertThat(fx.problems("v: 0\nmicros: []\n"))
                .containsExactly("Spacefile:2:9: error: \"micros\" must have at least 1 item; remove the key or add to it");
    }

    @Test
    void atMostFiveMicros() {
        StringBuilder y = new StringBuilder("v: 0\nmicros:\n");
        for (int i = 0; i < 6; i++) {
            y.append("  - name: m").append(i).append("\n    src: web\n    engine: nodejs16\n").append(i == 0 ? "    primary: true\n" : "");
        }
        assertThat(fx.problems(y.toString()))
                .containsExactly("Spacefile:3:3: error: an app may have at most 5 micros; this one has 6");
    }

    @Test
    void appNameAtMostTwelveCharacters() {
        assertThat(fx.problems("v: 0\napp_name: Request Baskets\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:2:11: error: \"app_name\" may be at most 12 characters; \"Request Baskets\" has 15");
    }

    @Test
    void autoPwaMustBeBoolean() {
        assertThat(fx.problems("v: 0\nauto_pwa: yes\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:2:11: error: \"auto_pwa\" must be true or false, found the string \"yes\"");
    }

    @Test
    void iconThatDoesNotExistIsAWarning() {
        LoadResult r = fx.load("v: 0\nicon: ./icon.png\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n");
        assertThat(r.isValid()).isTrue();
        assertThat(r.problems()).extracting(p -> p.format("Spacefile"))
                .containsExactly("Spacefile:2:7: warning: icon \"./icon.png\" does not exist: space validate refused that, and"
                        + " space push sent no icon (Space drew one from the app's name)");
    }

    @Test
    void iconOfTheWrongSizeIsAWarning() throws Exception {
        byte[] png = new byte[33];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, (byte) 128, 0, 0, 0, (byte) 128};
        System.arraycopy(head, 0, png, 0, head.length);
        Files.write(dir.resolve("icon.png"), png);
        assertThat(fx.problems("v: 0\nicon: icon.png\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:2:7: warning: icon \"icon.png\" is 128x128: space validate refused an icon without"
                        + " 512 pixels on either side (Space wanted 512x512); space push still sent it");
        head[19] = 0;
        head[18] = 2; // 512 wide, 128 high: Space's CLI let it through
        System.arraycopy(head, 0, png, 0, head.length);
        Files.write(dir.resolve("icon.png"), png);
        assertThat(fx.problems("v: 0\nicon: icon.png\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n")).isEmpty();
    }

    @Test
    void aWebpIconIsAWarningAsSpaceCouldNotDecodeIt() throws Exception {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("icon.webp"), webp);
        assertThat(fx.problems("v: 0\nicon: icon.webp\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:2:7: warning: icon \"icon.webp\" is a WebP image, which Space's CLI could not decode:"
                        + " space validate refused it, and space push sent no icon (use a 512x512 PNG)");
    }

    @Test
    void anEmptyIconIsNoIcon() {
        assertThat(fx.problems("v: 0\nicon: \"\"\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n")).isEmpty();
    }

    @Test
    void aMicroMustBeAMapping() {
        assertThat(fx.problems("v: 0\nmicros:\n  - web\n"))
                .containsExactly("Spacefile:3:5: error: a micro must be a mapping of keys to values, found the string \"web\"");
    }

    @Test
    void microRequiresNameSrcAndEngine() {
        assertThat(fx.problems("v: 0\nmicros:\n  - primary: true\n")).containsExactly(
                "Spacefile:3:5: error: a micro is missing the required key \"name\"",
                "Spacefile:3:5: error: a micro is missing the required key \"src\"",
                "Spacefile:3:5: error: a micro is missing the required key \"engine\"");
    }

    @Test
    void microNameMustMatchThePattern() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: -web app\n    src: web\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:3:11: error: micro name \"-web app\" must start with a letter or digit and hold only"
                        + " letters, digits, \"_\" and \"-\"");
    }

    @Test
    void srcMustExist() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: ./missing\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:4:10: error: src \"./missing\" does not exist (looked for missing)");
    }

    @Test
    void aMissingSrcOfAMicroMarkedPrimaryIsAWarningAsSpacesCliDidNotCheckIt() {
        assertThat(fx.load("v: 0\nmicros:\n  - name: web\n    src: ./missing\n    engine: nodejs16\n    primary: true\n").problems())
                .extracting(p -> p.format("Spacefile")).containsExactly("Spacefile:4:10: warning: src \"./missing\" does not exist"
                        + " (looked for missing); Space's CLI did not check a primary micro's src, but space-dev cannot start this"
                        + " micro until the folder is there");
    }

    @Test
    void srcMustBeADirectory() throws Exception {
        Files.writeString(dir.resolve("main.py"), "");
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: main.py\n    engine: python3.9\n"))
                .containsExactly("Spacefile:4:10: error: src \"main.py\" is a file; it must be the micro's directory");
    }

    @Test
    void srcMustStayInsideTheProject() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: ../elsewhere\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:4:10: error: src \"../elsewhere\" points outside the project directory");
    }

    @Test
    void srcWithALeadingSlashIsTheProjectRoot() {
        Spacefile s = fx.valid("v: 0\nmicros:\n  - name: web\n    src: /\n    engine: python3.9\n");
        assertThat(s.micros().get(0).srcDir()).isEqualTo(dir);
    }

    @Test
    void unknownEngineSuggestsAndListsEngines() {
        assertThat(fx.problems(one("    engine: pyhton3.9\n"))).containsExactly("Spacefile:5:13: error: unknown engine"
                + " \"pyhton3.9\"; did you mean \"python3.9\"? Engines: static, react, svelte, vue, next, nuxt, svelte-kit,"
                + " python3.9, python3.8, nodejs16, custom");
    }

    @Test
    void oldCliEngineAliasesPointAtTheRealName() {
        assertThat(fx.problems(one("    engine: nodejs16.x\n"))).singleElement().asString()
                .startsWith("Spacefile:5:13: error: unknown engine \"nodejs16.x\"; did you mean \"nodejs16\"?");
    }

    @Test
    void enginesSpaceNeverShippedAreAcceptedWithAWarning() {
        LoadResult r = fx.load(one("    engine: nodejs20\n"));
        assertThat(r.isValid()).isTrue();
        assertThat(r.problems()).extracting(p -> p.format("Spacefile")).containsExactly("Spacefile:5:13: warning: engine"
                + " \"nodejs20\" was Deta's experimental runner, not in Space's schema (space validate and push refused it); space-dev runs it");
        assertThat(r.spacefile().orElseThrow().micros().get(0).engine()).isEqualTo(Engine.NODEJS20);
    }

    @Test
    void staticNeedsServe() {
        assertThat(fx.problems(one("    engine: static\n")))
                .containsExactly("Spacefile:3:5: error: a static micro needs \"serve\": the directory, relative to src, whose files it serves");
    }

    @Test
    void staticLikeEnginesTakeNoInclude() {
        assertThat(fx.problems(one("    engine: react\n    include:\n      - build\n")))
                .containsExactly("Spacefile:6:5: error: \"include\" is not allowed for engine \"react\": its build output is served from \"serve\"");
    }

    @Test
    void otherEnginesTakeNoServe() {
        assertThat(fx.problems(one("    engine: nodejs16\n    serve: dist\n")))
                .containsExactly("Spacefile:6:5: error: \"serve\" is only for static, react, vue and svelte micros; engine"
                        + " \"nodejs16\" keeps its files with \"include\"");
    }

    @Test
    void publicAndPublicRoutesExcludeEachOther() {
        assertThat(fx.problems(one("    engine: nodejs16\n    public: true\n    public_routes:\n      - /api/*\n")))
                .containsExactly("Spacefile:7:5: error: \"public\" and \"public_routes\" cannot both be set; \"public: true\""
                        + " already makes every route public");
    }

    @Test
    void publicRoutesAreUniqueAndNonEmpty() {
        assertThat(fx.problems(one("    engine: nodejs16\n    public_routes:\n      - /a\n      - \"\"\n      - /a\n")))
                .containsExactly(
                        "Spacefile:8:9: error: items of \"public_routes\" must not be empty",
                        "Spacefile:9:9: error: \"/a\" appears twice in \"public_routes\"");
    }

    @Test
    void includeIsUnique() {
        assertThat(fx.problems(one("    engine: nodejs16\n    include:\n      - a\n      - a\n")))
                .containsExactly("Spacefile:8:9: error: \"a\" appears twice in \"include\"");
    }

    @Test
    void commandsAreStrings() {
        assertThat(fx.problems(one("    engine: custom\n    commands:\n      - 42\n")))
                .containsExactly("Spacefile:7:9: error: each item of \"commands\" must be a string, found the number 42; put it in quotes");
    }

    @Test
    void listsMayNotBeEmpty() {
        assertThat(fx.problems(one("    engine: custom\n    commands: []\n")))
                .containsExactly("Spacefile:6:15: error: \"commands\" must have at least 1 item; remove the key or add to it");
    }

    @Test
    void runAndDevAreStrings() {
        assertThat(fx.problems(one("    engine: custom\n    run: [a, b]\n")))
                .containsExactly("Spacefile:6:10: error: \"run\" must be a string, found a list");
    }

    @Test
    void presetsRejectUnknownKeys() {
        assertThat(fx.problems(one("    engine: nodejs16\n    presets:\n      envs: []\n")))
                .containsExactly("Spacefile:7:7: error: unknown key \"envs\" in presets; did you mean \"env\"?");
    }

    @Test
    void envPresetNeedsAName() {
        assertThat(fx.problems(one("    engine: nodejs16\n    presets:\n      env:\n        - default: x\n")))
                .containsExactly("Spacefile:8:11: error: an env preset is missing the required key \"name\"");
    }

    @Test
    void envDefaultIsAString() {
        assertThat(fx.problems(one("    engine: nodejs16\n    presets:\n      env:\n        - name: PORT_X\n          default: 8080\n")))
                .containsExactly("Spacefile:9:20: error: \"default\" must be a string, found the number 8080; put it in quotes");
    }

    @Test
    void envPresetDeclaredTwiceIsAWarning() {
        assertThat(fx.problems(one("    engine: nodejs16\n    presets:\n      env:\n        - name: A\n        - name: A\n")))
                .containsExactly("Spacefile:9:17: warning: env preset \"A\" is declared twice");
    }

    @Test
    void apiKeysIsABoolean() {
        assertThat(fx.problems(one("    engine: nodejs16\n    presets:\n      api_keys: \"true\"\n")))
                .containsExactly("Spacefile:7:17: error: \"api_keys\" must be true or false, found the string \"true\"");
    }

    @Test
    void microNamesAreUnique() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: web\n    src: api\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:7:11: error: duplicate micro name \"web\" (first at line 3); names must be unique");
    }

    @Test
    void severalMicrosNeedAPrimary() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n"))
                .containsExactly("Spacefile:2:1: error: no primary micro present: mark the micro that serves / with \"primary: true\"");
    }

    @Test
    void onlyOnePrimary() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n    primary: true\n"))
                .containsExactly("Spacefile:10:14: error: multiple primary micros present: micro \"web\" at line 6 is primary already");
    }

    @Test
    void aSingleMicroIsPrimaryEvenWhenItSaysNot() {
        Micro m = fx.valid(one("    engine: nodejs16\n    primary: false\n    path: api\n")).micros().get(0);
        assertThat(m.primary()).isTrue();
        assertThat(m.path()).isEqualTo("/");
    }

    @Test
    void pathsAreNormalisedAndDefaultToTheName() {
        Spacefile s = fx.valid("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: static\n    serve: .\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: python3.9\n    path: v1//api/\n"
                + "  - name: svc\n    src: svc\n    engine: nodejs16\n");
        assertThat(s.micros()).extracting(Micro::path).containsExactly("/", "/v1/api", "/svc");
        assertThat(s.primary().name()).isEqualTo("web");
    }

    @Test
    void aPathOnThePrimaryIsIgnoredWithAWarning() {
        LoadResult r = fx.load("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: svelte\n    primary: true\n    path: client\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n");
        assertThat(r.isValid()).isTrue();
        assertThat(r.problems()).extracting(p -> p.format("Spacefile"))
                .containsExactly("Spacefile:7:11: warning: \"path\" is ignored on the primary micro, which Space serves at /");
    }

    @Test
    void twoMicrosMayNotShareAPath() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n"
                + "  - name: svc\n    src: svc\n    engine: nodejs16\n    path: /api/\n"))
                .containsExactly("Spacefile:13:11: warning: micro \"svc\" and micro \"api\" are both served at /api; every"
                        + " request there goes to micro \"api\", the first listed: give one of them another \"path\"");
    }

    @Test
    void onlyThePrimaryIsServedAtRoot() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n    path: /\n"))
                .containsExactly("Spacefile:10:11: warning: only the primary micro is served at /; Space's CLI made this path"
                        + " empty, and space-dev serves this micro at /api (give it a path such as /api)");
    }

    @Test
    void runtimePathsAreReserved() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n    path: /__space/x\n"))
                .containsExactly("Spacefile:10:11: warning: paths under /__space are space-dev's own (the dashboard, sign-in,"
                        + " actions): requests there never reach this micro");
    }

    @Test
    void pathsMustBeUrlPaths() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n    path: my api?\n"))
                .containsExactly("Spacefile:10:11: warning: path \"/my api?\" holds characters a URL path cannot (spaces, ?, #"
                        + " or similar): browsers cannot reach this micro there");
    }

    @Test
    void pathsHaveNoDotSegments() {
        assertThat(fx.problems("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n    path: /a/../b\n"))
                .containsExactly("Spacefile:10:11: warning: path \"/a/../b\" has a \".\" or \"..\" segment, which browsers"
                        + " remove before sending: space-dev serves this micro at /b");
    }

    @Test
    void anEmptyPathIsNoPath() {
        Spacefile s = fx.valid("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: nodejs16\n    path: \"\"\n");
        assertThat(s.micros().get(1).path()).isEqualTo("/api");
    }
}
