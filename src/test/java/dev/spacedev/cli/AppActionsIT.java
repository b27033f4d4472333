package dev.spacedev.cli;

import static dev.spacedev.cli.UpCommandIT.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** examples/actions run as a user runs it: its App Actions from HTTP, from the terminal and from the dashboard in Chromium. */
class AppActionsIT {
    static final Duration READY = Duration.ofSeconds(60);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private Path app() throws Exception {
        Path app = dir.resolve("app");
        Path example = Path.of("examples", "actions");
        try (var files = Files.walk(example)) {
            for (Path p : files.toList()) {
                Path target = app.resolve(example.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // the micro notes every run it receives, so a test can say which never reached it
        Path main = app.resolve("app/main.py");
        Files.writeString(main, Files.readString(main).replace("    def do_POST(self):\n",
                "    def do_POST(self):\n        open('received.log', 'a').write(self.path + '\\n')\n"));
        return app;
    }

    private HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ValidateCliIT.Result cli(Path app, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", app.toString()));
        return ValidateCliIT.run(ValidateCliIT.jar(all.toArray(String[]::new)));
    }

    @Test
    void actionsAreTheOwnersTheirInputsCheckedAndTheTerminalRunsThem() throws Exception {
        Path app = app();
        try (UpProcess up = UpProcess.start("up", "--dir", app.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            poll(up::err, e -> e.contains("app actions: greet, echo, logo, notes, card"), READY);
            // a stranger: 401 on every path
            assertThat(send("GET", url + "/__space/actions", null).statusCode()).isEqualTo(401);
            assertThat(send("GET", url + "/__space/actions/greet", null).statusCode()).isEqualTo(401);
            assertThat(send("POST", url + "/__space/actions/greet", "{\"who\":\"x\"}", "Origin", url).statusCode()).isEqualTo(401);
            String cookie = AppFixture.signIn(url, up);
            // another page with the owner's cookie: 403
            assertThat(send("POST", url + "/__space/actions/greet", "{\"who\":\"x\"}", "Cookie", cookie, "Origin", "http://evil.example")
                    .statusCode()).isEqualTo(403);
            // wrong inputs: 400 naming the input, and the micro never sees them
            HttpResponse<String> missing = send("POST", url + "/__space/actions/greet", "{}", "Cookie", cookie, "Origin", url);
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.body()).contains("input who is required");
            HttpResponse<String> wrong = send("POST", url + "/__space/actions/greet", "{\"who\":\"Ada\",\"times\":\"many\"}", "Cookie", cookie,
                    "Origin", url);
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("input times is a number");
            assertThat(app.resolve("app/received.log")).doesNotExist();

            HttpResponse<String> ok = send("POST", url + "/__space/actions/greet", "{\"who\":\"Ada\",\"times\":2}", "Cookie", cookie,
                    "Origin", url);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"type\":\"@deta/detail\",\"data\":{\"title\":\"A greeting\",\"text\":\"Hello, Ada! Hello, Ada!\","
                    + "\"url\":\"/\"}}");
            assertThat(Files.readString(app.resolve("app/received.log"))).isEqualTo("/actions/greet\n");

            // the terminal: the same actions, the same checks
            ValidateCliIT.Result list = cli(app, "action", "list");
            assertThat(list.out()).contains("greet", "who:string times:number? loud:boolean?", "card", "/views/card.html");
            ValidateCliIT.Result run = cli(app, "action", "run", "greet", "-i", "who=Grace", "-i", "loud=true");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("A greeting\nHELLO, GRACE!\n/\n");
            ValidateCliIT.Result bad = cli(app, "action", "run", "greet", "-i", "loud=maybe", "-i", "who=x");
            assertThat(bad.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(bad.err()).contains("input loud is true or false");
            assertThat(cli(app, "action", "run", "notes", "--json").out()).startsWith("{\"type\":\"@deta/list\",\"data\":{\"items\":[");
            assertThat(cli(app, "action", "run", "nope").err()).contains("no app action nope");
            poll(up::err, e -> e.contains("app action greet (app) ran: 200"), READY);
        }
    }

    @Test
    void theDashboardRunsEachActionAndDrawsItsView() throws Exception {
        Assumptions.assumeTrue(Chromium.binary().isPresent() && Files.isExecutable(DashboardIT.CHROMEDRIVER),
                "no chromium or chromedriver: .ci/run installs Debian's chromium and chromium-driver packages");
        Path app = app();
        try (UpProcess up = UpProcess.start("up", "--dir", app.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            poll(up::err, e -> e.contains("app actions: greet, echo, logo, notes, card"), READY);
            WebDriver browser = DashboardIT.chrome(dir.resolve("profile"));
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                String printed = up.err().lines().filter(l -> l.contains("sign in: ")).findFirst().orElseThrow();
                String link = printed.substring(printed.indexOf("http"), printed.indexOf(' ', printed.indexOf("http")));
                browser.get(link.replace("/__space/login#", "/__space/login?next=%2F__space%2F#"));
                wait.until(ExpectedConditions.urlToBe(url + "/__space/"));
                browser.findElement(By.cssSelector("nav a[data-view=app-actions]")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[data-app-action=greet]")));

                browser.findElement(By.id("aa-greet-who")).sendKeys("Ada");
                browser.findElement(By.id("aa-greet-times")).sendKeys("2");
                browser.findElement(By.id("aa-greet-loud")).click();
                browser.findElement(By.cssSelector("form[data-app-action=greet] button")).click();
                wait.until(d -> d.findElement(By.cssSelector("article[data-app-action=greet] .view")).getText()
                        .contains("HELLO, ADA! HELLO, ADA!"));

                browser.findElement(By.id("aa-echo-text")).sendKeys("plain words");
                browser.findElement(By.cssSelector("form[data-app-action=echo] button")).click();
                wait.until(d -> d.findElement(By.cssSelector("article[data-app-action=echo] .view pre")).getText().equals("plain words"));

                browser.findElement(By.cssSelector("form[data-app-action=logo] button")).click();
                wait.until(d -> !d.findElements(By.cssSelector("article[data-app-action=logo] .view img")).isEmpty());
                assertThat(browser.findElement(By.cssSelector("article[data-app-action=logo] .view a")).getAttribute("href"))
                        .isEqualTo(url + "/logo.svg");
                wait.until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                        "const i = document.querySelector('article[data-app-action=logo] .view img'); return i.complete && i.naturalWidth > 0;"));

                browser.findElement(By.cssSelector("form[data-app-action=notes] button")).click();
                wait.until(d -> d.findElements(By.cssSelector("article[data-app-action=notes] .view li")).size() == 2);
                browser.findElement(By.cssSelector("article[data-app-action=notes] .view li button")).click();
                wait.until(d -> d.findElement(By.cssSelector("article[data-app-action=notes] .view li .view")).getText()
                        .contains("Its own detail view"));

                browser.findElement(By.id("aa-card-title")).sendKeys("Hello card");
                browser.findElement(By.cssSelector("form[data-app-action=card] button")).click();
                wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("article[data-app-action=card] iframe")));
                wait.until(d -> d.findElement(By.id("t")).getText().equals("Hello card"));
                browser.switchTo().defaultContent();

                Path shots = Files.createDirectories(Path.of("target", "dashboard"));
                Files.write(shots.resolve("app-actions.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
            poll(up::err, e -> e.contains("app action card (app) ran: 200"), READY);
        }
    }
}
