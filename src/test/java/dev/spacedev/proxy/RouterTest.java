package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private final Router<String> router = new Router<>(List.of(
            new Router.Mount<>("/", "web"),
            new Router.Mount<>("/api", "api"),
            new Router.Mount<>("/tools/v2", "tools"),
            new Router.Mount<>("/tools", "oldtools")));

    @ParameterizedTest(name = "{0} -> {1} {3}")
    @CsvSource(delimiter = '|', value = {
        "/                  | web      | ''        | /",
        "/index.html        | web      | ''        | /index.html",
        "/api               | api      | /api      | /",
        "/api/              | api      | /api      | /",
        "/api/x?q=1         | api      | /api      | /x?q=1",
        "/api?q=1           | api      | /api      | /?q=1",
        "/apix              | web      | ''        | /apix",
        "/api/v1/users/7    | api      | /api      | /v1/users/7",
        "/tools/v2/run      | tools    | /tools/v2 | /run",
        "/tools/v2          | tools    | /tools/v2 | /",
        "/tools/v3          | oldtools | /tools    | /v3",
        "//api//x           | api      | /api      | /x",
        "/api/../admin      | web      | ''        | /admin",
        "/%61pi/x           | api      | /api      | /x",
        "/api/%2e%2e/admin  | web      | ''        | /admin",
        "/api/a%2fb         | api      | /api      | BAD",
        "/api/a%5Cb         | api      | /api      | BAD",
        "/api\\..\\admin     | web      | ''        | BAD",
        "/api/%00           | api      | /api      | BAD",
        "/api/a%20b%3F      | api      | /api      | /a%20b%3F",
        "/api/%7euser       | api      | /api      | /~user",
        "/x/../api/y        | api      | /api      | /y",
        "/api/./x/          | api      | /api      | /x/",
        "/../../etc/passwd  | web      | ''        | /etc/passwd",
        "http://h:1/api/x?y | api      | /api      | /x?y",
        "*                  | web      | ''        | /*",
        "/api#frag          | api      | /api      | /",
        "/api/x?a=/api/b#f  | api      | /api      | /x?a=/api/b",
    })
    void routesByLongestWholeSegmentPrefix(String uri, String micro, String prefix, String path) {
        java.util.Optional<RequestPath> parsed = RequestPath.parse(uri);
        if (path.equals("BAD")) {
            assertThat(parsed).as("refused with 400").isEmpty();
            return;
        }
        Router.Match<String> m = router.match(parsed.orElseThrow());
        assertThat(m.target()).isEqualTo(micro);
        assertThat(m.prefix()).isEqualTo(prefix);
        assertThat(m.uri()).isEqualTo(path);
    }
}
