package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Every public_routes shape the 89 public Spacefiles use, with paths it must and must not open. */
class RoutePatternTest {
    /** pattern | a path it opens | a path it keeps private */
    static final String[][] TABLE = {
        {"/", "/", "/index.html"},
        {"/*", "/anything/at/all", null},
        {"/*.ico", "/favicon.ico", "/favicon.png"},
        {"/*.png", "/img/logo.png", "/logo.png.txt"},
        {"/_app/*", "/_app/immutable/x.js", "/_apps"},
        {"/_nuxt/*", "/_nuxt/entry.js", "/nuxt/entry.js"},
        {"/answered", "/answered", "/answered/1"},
        {"/api/", "/api/", "/api"},
        {"/api/*", "/api/x", "/apix"},
        {"/api/accept", "/api/accept", "/api/accept/x"},
        {"/api/download/*", "/api/download/a.zip", "/api/download"},
        {"/api/metadata/*", "/api/metadata/7", "/api/meta"},
        {"/api/public/*", "/api/public/feed", "/api/private/feed"},
        {"/api/query", "/api/query", "/api/queryx"},
        {"/api/question", "/api/question", "/api/questions"},
        {"/api/questions", "/api/questions", "/api/question"},
        {"/api/submit", "/api/submit", "/api/submit/2"},
        {"/api/submit*", "/api/submit-form", "/api/submi"},
        {"/api/trpc/deta*", "/api/trpc/deta.get", "/api/trpc/other"},
        {"/api/v*/events", "/api/v2/events", "/api/v2/event"},
        {"/ask", "/ask", "/asked"},
        {"/assets/*", "/assets/app.css", "/asset/app.css"},
        {"/auth/*", "/auth/callback", "/oauth/callback"},
        {"/cdn/*", "/cdn/a/b", "/cd/a"},
        {"/chat/share/*", "/chat/share/abc", "/chat/abc"},
        {"/crate/public/*", "/crate/public/1", "/crate/1"},
        {"/discovery.png", "/discovery.png", "/discoveryXpng"},
        {"/embed/*", "/embed/v", "/embedded"},
        {"/f/*", "/f/file", "/file"},
        {"/favicon.svg", "/favicon.svg", "/favicon.ico"},
        {"/go/*", "/go/link", "/golang"},
        {"/image/*", "/image/1.png", "/images/1.png"},
        {"/img/*", "/img/1.png", "/imgs/1.png"},
        {"/interactions", "/interactions", "/interactions/x"},
        {"/link/public/*", "/link/public/abc", "/link/private/abc"},
        {"/manifest.json", "/manifest.json", "/manifest.jsonp"},
        {"/manifest.webmanifest", "/manifest.webmanifest", "/manifest"},
        {"/palette/*", "/palette/red", "/palettes"},
        {"/public/*", "/public/x", "/private/x"},
        {"/r/*", "/r/abc", "/rr/abc"},
        {"/shared/*", "/shared/doc", "/share/doc"},
        {"/shiki/*", "/shiki/themes/a.json", "/shikix"},
        {"/static/*", "/static/app.js", "/statics/app.js"},
        {"/sw.js", "/sw.js", "/sw.jsx"},
        {"/telemetry/*", "/telemetry/ping", "/telemetryx"},
        {"/view/*", "/view/1", "/views/1"},
        {"/worker.js", "/worker.js", "/workers.js"},
        {"/ws", "/ws", "/ws/x"},
        // regular expressions real apps wrote, read as they meant them
        {"/(?!(admin))*", "/posts/1", "/admin/users"},
        {"/(?!(dashboard|list|api))*", "/s/abc", "/dashboard"},
    };

    @Test
    void everyShapeOpensWhatItShouldAndNothingElse() {
        for (String[] row : TABLE) {
            RoutePattern p = RoutePattern.of(row[0]);
            assertThat(p.matches(row[1])).as("%s opens %s", row[0], row[1]).isTrue();
            if (row[2] != null) {
                assertThat(p.matches(row[2])).as("%s keeps %s private", row[0], row[2]).isFalse();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"/(?!(admin))*,/admin,false", "/(?!(admin))*,/,true", "/(?!(dashboard|list|api))*,/api/x,false",
        "/(?!(dashboard|list|api))*,/listing,false", "/(?!(dashboard|list|api))*,/about,true", "/a.b,/aXb,false"})
    void regexStyleAndLiteralDots(String pattern, String path, boolean opens) {
        assertThat(RoutePattern.of(pattern).matches(path)).isEqualTo(opens);
    }

    @Test
    void theTableCoversEveryEntryInTheCorpus() throws IOException {
        Set<String> covered = new HashSet<>();
        for (String[] row : TABLE) {
            covered.add(row[0]);
        }
        assertThat(covered).containsAll(corpusEntries());
    }

    @SuppressWarnings("unchecked")
    static Set<String> corpusEntries() throws IOException {
        dev.spacedev.spacefile.CorpusConformanceTest.assumeCorpus();
        Set<String> entries = new HashSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("..", "shared", "spacefiles"))) {
            files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".yaml")).toList());
        }
        for (Path f : files) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(f));
            if (doc instanceof Map<?, ?> root && root.get("micros") instanceof List<?> micros) {
                for (Object m : micros) {
                    if (m instanceof Map<?, ?> micro && micro.get("public_routes") instanceof List<?> routes) {
                        routes.forEach(r -> entries.add(String.valueOf(r)));
                    }
                }
            }
        }
        assertThat(entries).hasSizeGreaterThan(40);
        return entries;
    }
}
