package dev.spacedev.build;

import dev.spacedev.process.LogPump;
import dev.spacedev.process.OutputTail;
import dev.spacedev.process.ProcessTree;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.spacefile.Micro;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Builds a micro as Space did on every push: installs its dependencies (npm ci with a lockfile,
 * yarn or pnpm by theirs, npm install otherwise; a virtualenv with pip for requirements.txt), runs
 * its {@code commands} in order through a shell in {@code src}, and, when it has {@code include},
 * stages only those paths, so a file missing from {@code include} fails here and not after deploy.
 * The full log goes to {@code .space/build/<micro>/build.log}; unchanged micros are skipped.
 */
public final class Builder {
    public enum Status { BUILT, UNCHANGED, NOTHING_TO_BUILD, FAILED }

    /**
     * @param workDir where the built micro runs: its staged copy, or its src
     * @param bin a virtualenv's bin directory to put first on PATH
     * @param failure the failing command and its exit code, with its last output lines in {@code tail}
     */
    public record Result(Micro micro, Status status, Duration took, Path workDir, Optional<Path> bin, String failure,
            List<String> tail, Path log) {
        public boolean ok() {
            return status != Status.FAILED;
        }
    }

    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** Set for every build step, as Space's builder set it. */
    static final String BUILDER_VARIABLE = "DETA_SPACE";
    /** Under {@code .space/build/}: the project as Space received it, which every micro's build shares. */
    static final String UPLOAD = "upload";
    private final SpaceDir space;
    private final Map<String, String> env;
    private final BiConsumer<String, String> progress;
    private final ScheduledExecutorService timer;

    /** @param progress (micro, line): what to show of each build as it goes */
    public Builder(SpaceDir space, Map<String, String> env, BiConsumer<String, String> progress, ScheduledExecutorService timer) {
        this.space = space;
        this.env = Map.copyOf(env);
        this.progress = progress;
        this.timer = timer;
    }

    public Result build(Micro micro) throws IOException, InterruptedException {
        return build(micro, false);
    }

    /** @param force build even if nothing changed since the last build ({@code build --force}) */
    public Result build(Micro micro, boolean force) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path dir = space.root().resolve("build").resolve(micro.name());
        Files.createDirectories(dir);
        Path log = dir.resolve("build.log");
        Path fingerprintFile = dir.resolve("inputs.sha256");
        Path stage = dir.resolve("stage");
        Path projectDir = space.root().toAbsolutePath().getParent();
        Path upload = space.root().resolve("build").resolve(UPLOAD);
        Path copy = upload.resolve(projectDir.relativize(micro.srcDir().toAbsolutePath()).toString()).normalize();
        Optional<Path> venv = Files.isRegularFile(micro.srcDir().resolve("requirements.txt"))
                ? Optional.of(dir.resolve("venv")) : Optional.empty();
        Optional<Path> bin = venv.map(v -> v.resolve("bin"));
        if (steps(micro, venv, dir, env).isEmpty() && micro.include().isEmpty()) {
            return new Result(micro, Status.NOTHING_TO_BUILD, took(started), micro.srcDir(), bin, "", List.of(), log);
        }
        Path workDir = micro.include().isEmpty() ? copy : stage;
        List<String> tools = BuildInputs.toolVersions(micro, env);
        String before = BuildInputs.fingerprint(micro, env, tools);
        if (!force && Files.isRegularFile(fingerprintFile) && Files.readString(fingerprintFile).strip().equals(before)
                && Files.isDirectory(workDir)) {
            progress.accept(micro.name(), "unchanged since its last build: skipped");
            return new Result(micro, Status.UNCHANGED, took(started), workDir, bin, "", List.of(), log);
        }
        Files.deleteIfExists(fingerprintFile);
        // Space built what was pushed (the whole project, less what .spaceignore leaves out), never the developer's
        // folder: the build installs and writes in a copy of it, so a micro's ../shared is there as it was on Space
        SourceCopy.sync(projectDir, upload, SpaceIgnore.of(projectDir));
        Micro uploaded = micro.withSrcDir(copy);
        List<BuildStep> steps = steps(uploaded, venv, dir, env);
        if (venv.isPresent() && DetaSdk.isRequested(uploaded.srcDir())) {
            progress.accept(micro.name(), DetaSdk.announce(env));
        }
        OutputTail tail = new OutputTail(30);
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < steps.size(); i++) {
                BuildStep step = steps.get(i);
                String label = "[" + (i + 1) + "/" + steps.size() + "] " + step.command();
                progress.accept(micro.name(), label);
                long stepStart = System.nanoTime();
                int code = run(micro.name(), label, step, bin, out, tail);
                if (code != 0) {
                    return new Result(micro, Status.FAILED, took(started), workDir, bin,
                            "\"" + step.command() + "\" exited with code " + code + step.ifFails().map(f -> "; " + f).orElse(""),
                            tail.lines(), log);
                }
                progress.accept(micro.name(), label + ": done in " + seconds(System.nanoTime() - stepStart));
            }
        }
        if (!micro.include().isEmpty()) {
            Optional<String> missing = Staging.stage(uploaded, stage);
            if (missing.isPresent()) {
                return new Result(micro, Status.FAILED, took(started), workDir, bin, "include \"" + missing.get()
                        + "\" does not exist after the build; Space would have shipped the micro without it", List.of(), log);
            }
        }
        Files.writeString(fingerprintFile, BuildInputs.fingerprint(micro, env, tools) + "\n");
        progress.accept(micro.name(), "built in " + seconds(System.nanoTime() - started));
        return new Result(micro, Status.BUILT, took(started), workDir, bin, "", List.of(), log);
    }

    /** Dependencies first, as Space installed them, then the micro's own commands. */
    static List<BuildStep> steps(Micro micro, Optional<Path> venv, Path buildDir, Map<String, String> env) throws IOException {
        Path src = micro.srcDir();
        List<BuildStep> steps = dependencySteps(src, venv, buildDir, env);
        micro.commands().forEach(c -> steps.add(new BuildStep(c, src)));
        frameworkBuild(micro).ifPresent(c -> steps.add(new BuildStep(c, src)));
        return steps;
    }

    /**
     * {@code up --install}: a micro's dependencies installed in its own folder as a build installs them (node_modules,
     * and a virtualenv in {@code .venv}, which dev mode puts first on PATH), for those who asked for it. The log is
     * {@code .space/build/<micro>/install.log}.
     */
    public Result install(Micro micro) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path dir = space.root().resolve("build").resolve(micro.name());
        Files.createDirectories(dir);
        Path log = dir.resolve("install.log");
        Optional<Path> venv = Files.isRegularFile(micro.srcDir().resolve("requirements.txt"))
                ? Optional.of(dev.spacedev.process.Hints.virtualenv(micro.srcDir()).orElse(micro.srcDir().resolve(".venv"))) : Optional.empty();
        Optional<Path> bin = venv.map(v -> v.resolve("bin"));
        List<BuildStep> steps = dependencySteps(micro.srcDir(), venv, dir, env);
        if (steps.isEmpty()) {
            return new Result(micro, Status.NOTHING_TO_BUILD, took(started), micro.srcDir(), bin, "", List.of(), log);
        }
        OutputTail tail = new OutputTail(30);
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (BuildStep step : steps) {
                progress.accept(micro.name(), "installing: " + step.command());
                int code = run(micro.name(), step.command(), step, bin, out, tail);
                if (code != 0) {
                    return new Result(micro, Status.FAILED, took(started), micro.srcDir(), bin, "\"" + step.command() + "\" exited with code "
                            + code, tail.lines(), log);
                }
            }
        }
        progress.accept(micro.name(), "installed in " + seconds(System.nanoTime() - started));
        return new Result(micro, Status.BUILT, took(started), micro.srcDir(), bin, "", List.of(), log);
    }

    /** What Space installed before a micro's commands: its Node packages by its lockfile, its requirements in a virtualenv. */
    private static List<BuildStep> dependencySteps(Path src, Optional<Path> venv, Path buildDir, Map<String, String> env) throws IOException {
        List<BuildStep> steps = new ArrayList<>();
        if (Files.isRegularFile(src.resolve("package.json")) && hasDependencies(src.resolve("package.json"))) {
            String install = Files.isRegularFile(src.resolve("package-lock.json")) || Files.isRegularFile(src.resolve("npm-shrinkwrap.json"))
                    ? "npm ci" : Files.isRegularFile(src.resolve("yarn.lock")) ? "yarn install --frozen-lockfile"
                    : Files.isRegularFile(src.resolve("pnpm-lock.yaml")) ? "pnpm install --frozen-lockfile" : "npm install";
            steps.add(new BuildStep(install, src));
        }
        if (venv.isPresent()) {
            if (!Files.isRegularFile(venv.get().resolve("bin/python3"))) {
                steps.add(new BuildStep("python3 -m venv '" + venv.get() + "'", src));
            }
            steps.addAll(DetaSdk.steps(src, buildDir, env)
                    .orElse(List.of(new BuildStep("pip install --disable-pip-version-check -r requirements.txt", src))));
        }
        return steps;
    }

    /**
     * A framework micro without {@code commands} is built by its framework's own build script, as
     * Space built its engines: next, svelte-kit, nuxt, react, vue and svelte (and a static micro
     * whose files come from a build) run {@code npm run build} when their package.json has a
     * {@code build} script. Space never documented its exact command; every one of these
     * frameworks' generators writes that script, and its docs build with it.
     */
    static Optional<String> frameworkBuild(Micro micro) {
        Path pkg = micro.srcDir().resolve("package.json");
        if (!micro.commands().isEmpty() || !Files.isRegularFile(pkg) || !hasBuildScript(pkg)) {
            return Optional.empty();
        }
        Optional<String> build = micro.engine().profile().build();
        if (build.isPresent()) {
            return build;
        }
        boolean builtFiles = micro.engine() == dev.spacedev.spacefile.Engine.STATIC && micro.serve()
                .map(sv -> !micro.srcDir().resolve(sv).normalize().equals(micro.srcDir().normalize())).orElse(false);
        return builtFiles ? Optional.of("npm run build") : Optional.empty();
    }

    private static boolean hasBuildScript(Path packageJson) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(packageJson.toFile()).path("scripts").hasNonNull("build");
        } catch (IOException e) {
            return false;
        }
    }

    /** A package.json with nothing to install needs no install (and no lockfile written into the project); unreadable: true. */
    public static boolean hasDependencies(Path packageJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode pkg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(packageJson.toFile());
            return pkg.path("dependencies").size() + pkg.path("devDependencies").size() > 0;
        } catch (IOException e) {
            return true; // let npm say what is wrong with it
        }
    }

    private int run(String micro, String label, BuildStep step, Optional<Path> bin, BufferedWriter log, OutputTail tail)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ProcessTree.shellCommand(step.command())).directory(step.dir().toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PYTHONUNBUFFERED", "1");
        // Space's builder said where a build ran: public apps' build scripts test $DETA_SPACE (e.g. to skip an
        // interactive step, or to drop sources after building); nothing else it set is read by any app we found
        pb.environment().put(BUILDER_VARIABLE, "true");
        bin.ifPresent(b -> pb.environment().merge("PATH", b.toString(), (path, first) -> first + java.io.File.pathSeparator + path));
        log.write("$ " + step.command() + "\n");
        Process p = pb.start();
        long start = System.nanoTime();
        ScheduledFuture<?> heartbeat = timer.scheduleAtFixedRate(
                () -> progress.accept(micro, label + " … " + seconds(System.nanoTime() - start)),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            LogPump.drain(p.getInputStream(), line -> {
                tail.add(line);
                try {
                    log.write(line + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return p.waitFor();
        } finally {
            heartbeat.cancel(false);
            if (p.isAlive()) {
                ProcessTree.kill(p.toHandle());
            }
            log.flush();
        }
    }

    private static Duration took(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }
}
