package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One app per framework engine, as the frameworks' generators lay them out (the fewest files, with
 * versions pinned from the npm registry), with no {@code commands}: {@code test --prod} must build
 * each as Space did (install, then its build) and serve what was built through the proxy.
 */
class FrameworksIT {
    static final String VITE = "\"vite\":\"5.4.10\"";

    @TempDir
    Path dir;

    static Map<String, String> app(String engine) {
        return switch (engine) {
            case "react" -> Map.of(
                    "package.json", "{\"name\":\"r\",\"private\":true,\"type\":\"module\",\"scripts\":{\"dev\":\"vite\",\"build\":\"vite build\"},"
                            + "\"dependencies\":{\"react\":\"18.3.1\",\"react-dom\":\"18.3.1\"},"
                            + "\"devDependencies\":{" + VITE + ",\"@vitejs/plugin-react\":\"4.3.3\"}}",
                    "vite.config.js", "import { defineConfig } from 'vite'\nimport react from '@vitejs/plugin-react'\n"
                            + "export default defineConfig({ plugins: [react()] })\n",
                    "index.html", "<!doctype html><html><body><div id=\"root\"></div><script type=\"module\" src=\"/src/main.jsx\"></script></body></html>",
                    "src/main.jsx", "import { createRoot } from 'react-dom/client'\ncreateRoot(document.getElementById('root')).render(<h1>React</h1>)\n");
            case "vue" -> Map.of(
                    "package.json", "{\"name\":\"v\",\"private\":true,\"type\":\"module\",\"scripts\":{\"dev\":\"vite\",\"build\":\"vite build\"},"
                            + "\"dependencies\":{\"vue\":\"3.5.12\"},\"devDependencies\":{" + VITE + ",\"@vitejs/plugin-vue\":\"5.1.4\"}}",
                    "vite.config.js", "import { defineConfig } from 'vite'\nimport vue from '@vitejs/plugin-vue'\n"
                            + "export default defineConfig({ plugins: [vue()] })\n",
                    "index.html", "<!doctype html><html><body><div id=\"app\"></div><script type=\"module\" src=\"/src/main.js\"></script></body></html>",
                    "src/main.js", "import { createApp } from 'vue'\nimport App from './App.vue'\ncreateApp(App).mount('#app')\n",
                    "src/App.vue", "<template><h1>Vue</h1></template>\n");
            case "svelte" -> Map.of(
                    "package.json", "{\"name\":\"s\",\"private\":true,\"type\":\"module\",\"scripts\":{\"dev\":\"vite\",\"build\":\"vite build\"},"
                            + "\"devDependencies\":{" + VITE + ",\"svelte\":\"5.1.9\",\"@sveltejs/vite-plugin-svelte\":\"4.0.0\"}}",
                    "vite.config.js", "import { defineConfig } from 'vite'\nimport { svelte } from '@sveltejs/vite-plugin-svelte'\n"
                            + "export default defineConfig({ plugins: [svelte()] })\n",
                    "index.html", "<!doctype html><html><body><div id=\"app\"></div><script type=\"module\" src=\"/src/main.js\"></script></body></html>",
                    "src/main.js", "import { mount } from 'svelte'\nimport App from './App.svelte'\nmount(App, { target: document.getElementById('app') })\n",
                    "src/App.svelte", "<h1>Svelte</h1>\n");
            case "next" -> Map.of(
                    "package.json", "{\"name\":\"n\",\"private\":true,\"scripts\":{\"dev\":\"next dev\",\"build\":\"next build\",\"start\":\"next start\"},"
                            + "\"dependencies\":{\"next\":\"14.2.15\",\"react\":\"18.3.1\",\"react-dom\":\"18.3.1\"}}",
                    "app/layout.js", "export default function RootLayout({ children }) { return <html><body>{children}</body></html> }\n",
                    "app/page.js", "export default function Page() { return <h1>Next</h1> }\n");
            case "svelte-kit" -> Map.of(
                    "package.json", "{\"name\":\"k\",\"private\":true,\"type\":\"module\",\"scripts\":{\"dev\":\"vite dev\",\"build\":\"vite build\","
                            + "\"preview\":\"vite preview\"},\"devDependencies\":{\"@sveltejs/adapter-node\":\"5.2.9\",\"@sveltejs/kit\":\"2.8.0\","
                            + "\"@sveltejs/vite-plugin-svelte\":\"4.0.0\",\"svelte\":\"5.1.9\"," + VITE + "}}",
                    "svelte.config.js", "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
                    "vite.config.js", "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\n"
                            + "export default defineConfig({ plugins: [sveltekit()] });\n",
                    "src/app.html", "<!doctype html><html><head>%sveltekit.head%</head><body><div>%sveltekit.body%</div></body></html>\n",
                    "src/routes/+page.svelte", "<h1>SvelteKit</h1>\n");
            case "nuxt" -> Map.of(
                    "package.json", "{\"name\":\"x\",\"private\":true,\"type\":\"module\",\"scripts\":{\"dev\":\"nuxt dev\",\"build\":\"nuxt build\"},"
                            + "\"dependencies\":{\"nuxt\":\"3.13.2\",\"vue\":\"3.5.12\"}}",
                    "nuxt.config.ts", "export default defineNuxtConfig({ telemetry: false })\n",
                    "pages/index.vue", "<template><h1>Nuxt</h1></template>\n");
            default -> throw new IllegalArgumentException(engine);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"react", "vue", "svelte", "next", "svelte-kit", "nuxt"})
    void builtAsSpaceBuiltItAndServedThroughTheProxy(String engine) throws Exception {
        for (Map.Entry<String, String> f : app(engine).entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: " + engine + "\n");
        List<String> cmd = new ArrayList<>(List.of("env", "SPACE_DEV_HOME=" + dir.resolve("home"), "NUXT_TELEMETRY_DISABLED=1"));
        cmd.addAll(ValidateCliIT.jar("test", "--prod", "--timeout", "180", "--dir", dir.toString(), "--expect", "GET / 200"));
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(420, TimeUnit.SECONDS)).as("finished").isTrue();
        String o = Files.readString(out);
        assertThat(p.exitValue()).as(o + Files.readString(err)).isZero();
        assertThat(o).contains("GET / -> 200", "2 passed: 1 micros, 1 --expect; 0 reachable only; 0 failed");
        assertThat(Files.readString(err)).contains("npm run build");
    }

    /**
     * SvelteKit in dev mode through the proxy, in Chromium: Vite's HMR socket connects through the
     * proxy and stays up (its server sends {"type":"connected"} in the same write as the 101).
     */
    @org.junit.jupiter.api.Test
    void viteHmrConnectsThroughTheProxyInABrowser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Chromium.binary().isPresent(),
                "no Chromium: .ci/run installs Debian's chromium package; apt-get install chromium to run this test");
        for (Map.Entry<String, String> f : app("svelte-kit").entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        Process npm = new ProcessBuilder("npm", "install", "--silent", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String npmOut = new String(npm.getInputStream().readAllBytes());
        assertThat(npm.waitFor(300, TimeUnit.SECONDS) && npm.exitValue() == 0).as(npmOut).isTrue();
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: svelte-kit\n");
        try (UpProcess up = UpProcess.start(Map.of("SPACE_DEV_HOME", dir.resolve("home").toString()), List.of(), "up", "--no-auth",
                "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()));
             Chromium browser = new Chromium(Files.createDirectories(dir.resolve("chromium-profile")))) {
            String url = up.awaitUrl(java.time.Duration.ofSeconds(120));
            browser.open(url + "/");
            assertThat(dev.spacedev.testing.Poll.until(() -> browser.console.stream().anyMatch(l -> l.contains("[vite] connected")),
                    java.time.Duration.ofSeconds(60))).as("console: %s\n%s", browser.console, up.err()).isTrue();
            // connected, and it stays so: a lost socket would say so, and reconnect, within a second or two
            assertThat(dev.spacedev.testing.Poll.until(() -> browser.console.stream().anyMatch(l -> l.contains("connection lost")),
                    java.time.Duration.ofSeconds(3))).as("console: %s", browser.console).isFalse();
        }
    }
}
