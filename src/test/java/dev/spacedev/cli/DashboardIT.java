package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium through Selenium and Debian's chromedriver) against
 * a real {@code up}: micros turning ready, a restart seen live, a crash's last line, an action run,
 * Base and Drive edited, a key made and revoked. Screenshots of each view land in target/dashboard/.
 */
class DashboardIT {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "dashboard");
    private static final String AXE_VERSION = "4.14.1";

    @TempDir
    Path dir;

    private boolean screenshots = true;

    private void app() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<!doctype html><title>web</title>the app");
        Files.createDirectories(dir.resolve("api"));
        // /crash is public so the test can crash it without the owner's cookie; the action answers 200
        Files.writeString(dir.resolve("api/index.js"), """
                const http = require("http");
                http.createServer((req, res) => {
                  if (req.url === "/crash") { console.log("about to crash: \\u001b[31mboom\\u001b[0m"); process.exit(3); }
                  if (req.url.startsWith("/__space/v0/actions")) { console.log("tidy ran"); res.end("{}"); return; }
                  res.end("api");
                }).listen(process.env.PORT, () => console.log("api listening"));
                """);
        Files.createDirectories(dir.resolve("worker"));
        // slow to start, so that its restart is seen as "starting" for a while
        Files.writeString(dir.resolve("worker/index.js"), """
                const http = require("http");
                setTimeout(() => http.createServer((req, res) => res.end("worker")).listen(process.env.PORT,
                  () => console.log("worker listening")), 1500);
                """);
        AppFixture.write(dir, """
                v: 0
                app_name: Dash test
                micros:
                  - name: web
                    src: web
                    engine: static
                    serve: .
                    primary: true
                  - name: api
                    src: api
                    engine: nodejs16
                    path: api
                    run: node index.js
                    public_routes:
                      - /crash
                    actions:
                      - id: tidy
                        name: Tidy up
                        trigger: schedule
                        default_interval: 1 hour
                  - name: worker
                    src: worker
                    engine: nodejs16
                    path: worker
                    run: node index.js
                """);
    }

    /** The same in a browser with the app's data and state in PostgreSQL ({@code --data-url}); screenshots from the first run. */
    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void theOwnerSeesAndRunsTheAppFromTheDashboard(String backend) throws Exception {
        Assumptions.assumeTrue(Chromium.binary().isPresent() && Files.isExecutable(CHROMEDRIVER),
                "no chromium or chromedriver: .ci/run installs Debian's chromium and chromium-driver packages");
        app();
        Files.createDirectories(SHOTS);
        int port = AppFixture.freePort();
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = new java.util.HashMap<>(Map.of("SPACE_DEV_HOME", home.toString()));
        String dataUrl = backend.equals("postgres") ? dev.spacedev.database.TestPostgres.text(dev.spacedev.database.TestPostgres.newDatabase()) : null;
        if (dataUrl != null) {
            env.put(dev.spacedev.database.DataUrl.ENVIRONMENT, dataUrl);
        }
        screenshots = dataUrl == null;
        try (UpProcess up = UpProcess.start(env, List.of(), "up",
                "--dir", dir.toString(), "--port", Integer.toString(port))) {
            String url = up.awaitUrl(Duration.ofSeconds(60));
            WebDriver browser = chrome(dir.resolve("profile"));
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // rows are redrawn as they change
                // private by default: the dashboard sends a stranger to sign in first
                browser.get(url + "/__space/");
                wait.until(ExpectedConditions.urlContains("/__space/login"));
                assertThat(browser.getPageSource()).contains("space-dev login"); // where a person without the link finds it
                // the link up printed signs in as it opens (its page posts the token), and the token leaves the address bar
                String printed = up.err().lines().filter(l -> l.contains("sign in: ")).findFirst().orElseThrow();
                String link = printed.substring(printed.indexOf("http"), printed.indexOf(' ', printed.indexOf("http")));
                assertThat(link).startsWith(url + "/__space/login#token=");
                browser.get(link.replace("/__space/login#", "/__space/login?next=%2F__space%2F#"));
                wait.until(ExpectedConditions.urlToBe(url + "/__space/"));

                // micros turn ready
                wait.until(d -> state(d, "api").equals("ready") && state(d, "worker").equals("ready"));
                assertThat(browser.findElement(By.id("app-name")).getText()).isEqualTo("Dash test");
                assertThat(cell(browser, "web", 5)).isEqualTo("static");
                shot(browser, "micros");

                // a restart, watched live: starting (the worker takes 1.5 s to listen), then ready again
                click(wait, browser, "tr[data-micro=worker]", "Restart");
                wait.until(d -> state(d, "worker").equals("starting"));
                wait.until(d -> state(d, "worker").equals("ready") && cell(d, "worker", 7).equals("1"));

                // stopped and started, as space-dev stop and start do
                click(wait, browser, "tr[data-micro=worker]", "Stop");
                wait.until(d -> state(d, "worker").equals("stopped"));
                click(wait, browser, "tr[data-micro=worker]", "Start");
                wait.until(d -> state(d, "worker").equals("ready"));

                // the Spacefile broken on disk: a banner says where, until it is fixed
                java.nio.file.Path spacefile = dir.resolve("Spacefile");
                String good = java.nio.file.Files.readString(spacefile);
                java.nio.file.Files.writeString(spacefile, good.replace("micros:", "micros: [oops"));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("spacefile-problems")));
                assertThat(browser.findElement(By.id("spacefile-problems")).getText()).contains("not valid", "Spacefile:");
                shot(browser, "spacefile-problems");
                java.nio.file.Files.writeString(spacefile, good);
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("spacefile-problems")));

                // a crash: its exit code on the micros view, and its last line one link away
                HttpResponse<String> crash = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/crash")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(crash.statusCode()).isGreaterThanOrEqualTo(500);
                wait.until(d -> cell(d, "api", 8).equals("3"));
                wait.until(x -> {
                    try {
                        x.findElement(By.cssSelector("tr[data-micro=api] a[href^='#logs']")).click();
                        return true;
                    } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                        return false;
                    }
                });
                wait.until(d -> d.findElement(By.id("logs")).getText().contains("api | about to crash: boom"));
                assertThat(browser.findElements(By.cssSelector("#logs .line")))
                        .allMatch(line -> "api".equals(line.getAttribute("data-source")));
                WebElement red = browser.findElement(By.cssSelector("#logs .line span.fg-31"));
                assertThat(red.getText()).isEqualTo("boom"); // the micro's colours kept
                shot(browser, "logs");
                new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("logs-source"))).selectByValue("");
                browser.findElement(By.id("logs-text")).sendKeys("listening");
                wait.until(d -> d.findElements(By.cssSelector("#logs .line")).stream().allMatch(l -> l.getText().contains("listening"))
                        && d.findElement(By.id("logs")).getText().contains("worker | worker listening"));

                // an action run now, and its status
                wait.until(d -> state(d, "api").equals("ready")); // started again after its crash
                go(browser, "actions");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-action=tidy]")));
                click(wait, browser, "tr[data-action=tidy]", "Run now");
                untilOrExplain(wait, browser, up, d -> text(d, "tr[data-action=tidy] .run-status").equals("200"));
                assertThat(up.err()).contains("tidy ran");
                shot(browser, "actions");

                // Base: add, edit, query, delete
                go(browser, "data");
                type(browser, "base-name", "people");
                type(browser, "base-new", "{\"key\": \"ada\", \"name\": \"Ada\", \"age\": 36}");
                button(browser, "#base-add", "Add item").click();
                wait.until(d -> item(d, "ada").contains("\"name\": \"Ada\""));
                button(browser, "li[data-key=ada]", "Edit").click();
                WebElement area = browser.findElement(By.cssSelector("li[data-key=ada] textarea"));
                area.clear();
                area.sendKeys("{\"key\": \"ada\", \"name\": \"Ada Lovelace\", \"age\": 37}");
                button(browser, "li[data-key=ada]", "Save").click();
                wait.until(d -> item(d, "ada").contains("Ada Lovelace"));
                area = null;
                // a JSON mistake is said, not sent
                button(browser, "li[data-key=ada]", "Edit").click();
                area = browser.findElement(By.cssSelector("li[data-key=ada] textarea"));
                area.clear();
                area.sendKeys("{not json");
                button(browser, "li[data-key=ada]", "Save").click();
                wait.until(d -> d.findElement(By.id("notice")).getText().contains("not valid JSON"));
                button(browser, "li[data-key=ada]", "Cancel").click();
                type(browser, "base-query", "[{\"age?gt\": 30}]");
                button(browser, "#base-form", "Query").click();
                wait.until(d -> d.findElements(By.cssSelector("#base-items li")).size() == 1 && item(d, "ada").contains("\"age\": 37"));

                // Drive: upload, list, download, delete
                Path upload = Files.writeString(dir.resolve("hello.txt"), "hello from the dashboard test\n");
                type(browser, "drive-name", "files");
                browser.findElement(By.id("drive-file")).sendKeys(upload.toString());
                type(browser, "drive-upload-name", "docs/hello.txt");
                button(browser, "#drive-upload", "Upload").click();
                wait.until(d -> !d.findElements(By.cssSelector("li[data-file='docs/hello.txt']")).isEmpty());
                String href = browser.findElement(By.cssSelector("li[data-file='docs/hello.txt'] a")).getAttribute("href");
                Object downloaded = ((JavascriptExecutor) browser).executeAsyncScript(
                        "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)));", href);
                assertThat(downloaded).isEqualTo("hello from the dashboard test\n");
                shot(browser, "data");

                stubConfirm(browser);
                button(browser, "li[data-key=ada]", "Delete").click();
                wait.until(d -> d.findElements(By.cssSelector("li[data-key=ada]")).isEmpty());
                button(browser, "li[data-file='docs/hello.txt']", "Delete").click();
                wait.until(d -> d.findElements(By.cssSelector("li[data-file='docs/hello.txt']")).isEmpty());
                // gone from the stores, not only from the page
                button(browser, "#base-form", "Query").click();
                wait.until(d -> d.findElement(By.id("live")).getText().contains("people: 0 item(s)"));
                button(browser, "#drive-form", "List").click();
                wait.until(d -> d.findElement(By.id("live")).getText().contains("files: 0 file(s)"));

                // keys: made (shown once), listed, revoked
                go(browser, "keys");
                type(browser, "key-name", "ci");
                button(browser, "#key-form", "Create key").click();
                wait.until(d -> d.findElement(By.id("key-new-value")).getText().startsWith("sdk_"));
                wait.until(d -> !d.findElements(By.cssSelector("#keys-table tr[data-key=ci]")).isEmpty());
                shot(browser, "keys");
                stubConfirm(browser);
                button(browser, "#keys-table tr[data-key=ci]", "Revoke").click();
                wait.until(d -> d.findElements(By.cssSelector("#keys-table tr[data-key=ci]")).isEmpty());
                if (dataUrl == null) {
                    assertThat(Files.readAllLines(dir.resolve(".space/app-keys"))).noneMatch(line -> line.startsWith("ci\t"));
                } else {
                    CliRun keys = CliRun.of("keys", "list", "--data-url", dataUrl);
                    assertThat(keys.exitCode()).isZero();
                    assertThat(keys.out()).doesNotContain("ci\t");
                    assertThat(dir.resolve(".space/app-keys")).doesNotExist(); // kept in the database, not here
                }

                // dark, and a narrow window
                go(browser, "micros");
                ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
                shot(browser, "micros-dark");
                ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                        Map.of("width", 390, "height", 700, "deviceScaleFactor", 1, "mobile", true));
                shot(browser, "micros-narrow");
            } finally {
                browser.quit();
            }
        }
    }

    /** Waits, and on a time-out says what the page and up's output showed. */
    private static void untilOrExplain(WebDriverWait wait, WebDriver browser, UpProcess up,
            java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            wait.until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            String err = up.err();
            throw new AssertionError("timed out; the page said \"" + text(browser, "#live") + "\" / \"" + text(browser, "#notice")
                    + "\"; up's output ended with:\n" + err.substring(Math.max(0, err.length() - 3000)), e);
        }
    }

    static WebDriver chrome(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Path.of("/usr/bin", Chromium.binary().orElseThrow()).toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    private static String state(WebDriver d, String micro) {
        return cell(d, micro, 5);
    }

    /** Column {@code n} (1-based, the micro's name first) of a micro's row; "" while it is not drawn. */
    private static String cell(WebDriver d, String micro, int n) {
        return text(d, "tr[data-micro=" + micro + "] > :nth-child(" + n + ")");
    }

    private static String item(WebDriver d, String key) {
        return text(d, "li[data-key=" + key + "] pre");
    }

    /** Read in one step in the page (the live view redraws rows under a reader's feet), on any view, shown or not. */
    private static String text(WebDriver d, String selector) {
        Object text = ((JavascriptExecutor) d).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", selector);
        return String.valueOf(text);
    }

    /** Clicks a button in a part of the page the live view redraws: found again if it was replaced meanwhile. */
    private static void click(WebDriverWait wait, WebDriver d, String within, String label) {
        wait.until(x -> {
            try {
                button(x, within, label).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return false;
            }
        });
    }

    private static WebElement button(WebDriver d, String within, String label) {
        return d.findElements(By.cssSelector(within + " button")).stream().filter(b -> b.getText().strip().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no button \"" + label + "\" in " + within));
    }

    private static void type(WebDriver d, String id, String text) {
        WebElement input = d.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void go(WebDriver d, String view) {
        d.findElement(By.cssSelector("nav a[data-view=" + view + "]")).click();
        new WebDriverWait(d, Duration.ofSeconds(5)).until(x -> x.findElement(By.id("view-" + view)).isDisplayed());
    }

    /** The page asks before deleting; the test answers yes. */
    private static void stubConfirm(WebDriver d) {
        ((JavascriptExecutor) d).executeScript("window.confirm = () => true;");
    }

    /** Takes the view's screenshot, and checks it with axe-core (WCAG 2 A and AA: labels, contrast, roles, keyboard). */
    private void shot(WebDriver d, String name) throws Exception {
        if (screenshots) {
            Files.write(SHOTS.resolve(name + ".png"), ((ChromeDriver) d).getScreenshotAs(OutputType.BYTES));
        }
        JavascriptExecutor js = (JavascriptExecutor) d;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined'"))) {
            js.executeScript(axe());
        }
        Object violations = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))),"
                + " e => done(['axe failed: ' + e]));");
        assertThat((List<?>) violations).as("accessibility of the " + name + " view").isEmpty();
    }

    private String axeSource;

    /** axe-core from npm, installed once per run into target/ (the registry is reachable in CI, as for the SDK tests). */
    private String axe() throws Exception {
        if (axeSource == null) {
            Path dir = Files.createDirectories(Path.of("target", "axe"));
            Path script = dir.resolve("node_modules/axe-core/axe.min.js");
            if (!Files.isRegularFile(script)) {
                Process npm = new ProcessBuilder("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", dir.toString(),
                        "axe-core@" + AXE_VERSION).redirectErrorStream(true).start();
                String out = new String(npm.getInputStream().readAllBytes());
                assertThat(npm.waitFor(180, java.util.concurrent.TimeUnit.SECONDS) && npm.exitValue() == 0)
                        .as("npm install axe-core: %s", out).isTrue();
            }
            axeSource = Files.readString(script);
        }
        return axeSource;
    }
}
