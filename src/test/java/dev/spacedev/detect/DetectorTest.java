package dev.spacedev.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.spacefile.LoadResult;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.SpacefileLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One fixture per stack; every Spacefile written must validate. */
class DetectorTest {
    @TempDir
    Path dir;

    private Path file(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    /** Detects, writes, validates, and returns the micros as validated. */
    private List<Micro> detectAndValidate() throws IOException {
        Detector.Scan scan = Detector.scan(dir);
        String yaml = SpacefileWriter.write(scan.micros());
        assertThat(yaml).startsWith(SpacefileWriter.HEADER + "v: 0\nmicros:\n  - name: ");
        Path spacefile = dir.resolve("Spacefile");
        Files.writeString(spacefile, yaml);
        LoadResult result = SpacefileLoader.load(spacefile);
        assertThat(result.problems()).as(yaml).isEmpty();
        return result.spacefile().orElseThrow().micros();
    }

    private Micro single() throws IOException {
        List<Micro> micros = detectAndValidate();
        assertThat(micros).hasSize(1);
        return micros.get(0);
    }

    @Test
    void fastApi() throws IOException {
        file("requirements.txt", "fastapi==0.100\nuvicorn\n");
        file("main.py", "app = None\n");
        Micro m = single();
        assertThat(m.engine().wireName()).isEqualTo("python3.9");
        assertThat(m.dev()).contains("uvicorn main:app --reload --port $PORT");
        assertThat(m.src()).isEqualTo("./");
    }

    @Test
    void flaskFromPyproject() throws IOException {
        file("pyproject.toml", "[project]\ndependencies = [\"Flask>=3\"]\n");
        file("app.py", "");
        assertThat(single().dev()).contains("flask --app app run --debug --port $PORT");
    }

    @Test
    void djangoFromStartproject() throws IOException {
        // what django-admin startproject mysite . writes (no requirements.txt yet)
        file("manage.py", "def main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n");
        file("mysite/wsgi.py", "application = get_wsgi_application()\n");
        Micro m = single();
        assertThat(m.engine().wireName()).isEqualTo("python3.9");
        assertThat(m.dev()).contains("python3 manage.py runserver $PORT");
        assertThat(m.run()).contains("gunicorn mysite.wsgi");
    }

    @Test
    void managePyWithoutItsProjectIsPlainPython() throws IOException {
        file("manage.py", "print('a script of its own')\n");
        assertThat(single().run()).isEmpty();
    }

    @Test
    void plainPython() throws IOException {
        file("main.py", "print('hi')\n");
        assertThat(single().dev()).contains("python3 main.py");
    }

    @Test
    void nodeFrameworks() throws IOException {
        file("react/package.json", "{\"dependencies\":{\"react\":\"18\",\"react-scripts\":\"5\"}}");
        file("svelte/package.json", "{\"devDependencies\":{\"svelte\":\"4\",\"@sveltejs/vite-plugin-svelte\":\"2\",\"vite\":\"4\"}}");
        file("vuevite/package.json", "{\"dependencies\":{\"vue\":\"3\"},\"devDependencies\":{\"vite\":\"4\"}}");
        file("kit/package.json", "{\"devDependencies\":{\"@sveltejs/kit\":\"1\",\"svelte\":\"4\",\"@sveltejs/vite-plugin-svelte\":\"2\"}}");
        file("nextapp/package.json", "{\"dependencies\":{\"next\":\"13\",\"react\":\"18\"}}");
        List<Micro> micros = detectAndValidate();
        assertThat(micros).extracting(m -> m.name() + ":" + m.engine().wireName() + ":" + m.serve().orElse("-") + ":" + m.path())
                .containsExactly("kit:svelte-kit:-:/kit", "nextapp:next:-:/nextapp", "react:react:build:/",
                        "svelte:svelte:dist:/svelte", "vuevite:vue:dist:/vuevite");
        assertThat(micros.get(2).commands()).containsExactly("npm run build");
    }

    @Test
    void vueCliAndNuxt() throws IOException {
        file("a/package.json", "{\"devDependencies\":{\"@vue/cli-service\":\"5\"}}");
        file("b/package.json", "{\"dependencies\":{\"nuxt\":\"3\"}}");
        assertThat(detectAndValidate()).extracting(m -> m.engine().wireName()).containsExactly("vue", "nuxt");
    }

    @Test
    void nodeServiceRunsItsStartScriptOrMain() throws IOException {
        file("withstart/package.json", "{\"scripts\":{\"start\":\"node server.js\"}}");
        file("withmain/package.json", "{\n\t\"main\": \"src/app.js\", // a comment, as some write\n}");
        List<Micro> micros = detectAndValidate();
        assertThat(micros).extracting(m -> m.name() + ":" + m.engine().wireName() + ":" + m.run().orElse("-"))
                .containsExactly("withmain:nodejs16:node src/app.js", "withstart:nodejs16:npm start");
    }

    @Test
    void aNodeServiceReloadsInDevModeOnItsOwn() throws IOException {
        file("plain/package.json", "{\"main\": \"server.js\"}");
        file("plain/server.js", "");
        file("scripted/package.json", "{\"scripts\":{\"start\":\"node app.js\",\"dev\":\"nodemon app.js\"}}");
        file("nomain/package.json", "{\"scripts\":{\"start\":\"node app.js\"}}");
        List<Micro> micros = detectAndValidate();
        assertThat(micros).extracting(m -> m.name() + ":" + m.dev().orElse("-"))
                .containsExactly("nomain:-", "plain:node --watch server.js", "scripted:npm run dev");
    }

    @Test
    void go() throws IOException {
        file("go.mod", "module example.com/app\n");
        Micro m = single();
        assertThat(m.engine().wireName()).isEqualTo("custom");
        assertThat(m.commands()).containsExactly("go build -o server");
        assertThat(m.include()).containsExactly("server");
        assertThat(m.run()).contains("./server");
        assertThat(m.dev()).contains("go run .");
    }

    @Test
    void rustUsesTheBinaryNamedInCargoToml() throws IOException {
        file("Cargo.toml", "[package]\nname = \"my-server\"\nversion = \"0.1.0\"\n");
        Micro m = single();
        assertThat(m.run()).contains("./my-server");
        assertThat(m.include()).containsExactly("my-server");
        assertThat(m.commands()).containsExactly("cargo build --release", "cp target/release/my-server ./my-server");
        assertThat(m.dev()).contains("cargo run");
    }

    @Test
    void deno() throws IOException {
        file("deno.jsonc", "{\n  // tasks\n  \"tasks\": {\"dev\": \"deno run -A --watch main.ts\"}\n}");
        file("main.ts", "");
        Micro m = single();
        assertThat(m.dev()).contains("deno task dev");
        assertThat(m.run()).contains("./server");
    }

    @Test
    void staticSite() throws IOException {
        file("index.html", "<h1>hi</h1>");
        Micro m = single();
        assertThat(m.engine().wireName()).isEqualTo("static");
        assertThat(m.serve()).contains("./");
    }

    @Test
    void pythonWinsOverNodeInOneDirectoryAsSpaceOrdered() throws IOException {
        file("requirements.txt", "flask\n");
        file("package.json", "{}");
        assertThat(single().engine().wireName()).isEqualTo("python3.9");
    }

    @Test
    void subdirectoriesOnlyWhenTheRootHasNothingAndNeverVirtualenvsOrDotDirs() throws IOException {
        file("My Api!/main.py", "");
        file("frontend/index.html", "");
        file(".hidden/index.html", "");
        file("node_modules/x/package.json", "{}");
        file("venv2/pyvenv.cfg", "home = /usr\n");
        file("venv2/main.py", "");
        List<Micro> micros = detectAndValidate();
        assertThat(micros).extracting(m -> m.name() + " " + m.src() + " " + m.path() + " " + m.primary())
                .containsExactly("My-Api ./My Api! /My-Api false", "frontend ./frontend / true");
    }

    @Test
    void withoutAFrontendTheFirstIsPrimary() throws IOException {
        file("b/go.mod", "module b\n");
        file("a/main.py", "");
        assertThat(detectAndValidate()).extracting(m -> m.name() + " " + m.primary()).containsExactly("a true", "b false");
    }

    @Test
    void nothingRecognisedListsWhatWasLookedForWhere() throws IOException {
        file("docs/readme.md", "");
        Detector.Scan scan = Detector.scan(dir);
        assertThat(scan.micros()).isEmpty();
        assertThat(scan.lookedFor()).containsOnlyKeys("./", "./docs");
        assertThat(scan.lookedFor().get("./docs")).contains("package.json", "go.mod", "Cargo.toml", "deno.json", "index.html");
    }
}
