package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.EnvPreset;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Presets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MicroEnvironmentTest {
    static Micro micro(String name, Engine engine, boolean primary, List<EnvPreset> env) {
        return new Micro(name, name, Path.of("/tmp", name), engine, primary, primary ? "/" : "/" + name, Optional.empty(),
                List.of(), List.of(), Optional.empty(), Optional.empty(), new Presets(env, false), false, List.of(), false, List.of());
    }

    @Test
    void spaceVariablesAndPresetsInOrderShellDotEnvDefault() {
        ProjectKeys keys = new ProjectKeys("apikey", "abcd_secret");
        List<EnvPreset> presets = List.of(
                new EnvPreset("FROM_SHELL", Optional.empty(), Optional.of("d1")),
                new EnvPreset("FROM_DOTENV", Optional.empty(), Optional.of("d2")),
                new EnvPreset("FROM_DEFAULT", Optional.empty(), Optional.of("d3")),
                new EnvPreset("UNSET", Optional.empty(), Optional.empty()));
        MicroEnvironment env = new MicroEnvironment(Map.of("FROM_SHELL", "s", "HOME", "/root"),
                Map.of("FROM_SHELL", "x", "FROM_DOTENV", "e", "UNDECLARED", "u"), keys, "127.0.0.1:4200");

        Map<String, String> api = env.forMicro(micro("api", Engine.PYTHON39, false, presets), 4201);

        assertThat(api).containsEntry("PORT", "4201").containsEntry("UVICORN_PORT", "4201")
                .containsEntry("DETA_SPACE_APP", "true").containsEntry("DETA_SPACE_APP_VERSION", "dev")
                .containsEntry("DETA_SPACE_APP_HOSTNAME", "127.0.0.1:4200").containsEntry("DETA_SPACE_APP_MICRO_NAME", "api")
                .containsEntry("DETA_SPACE_APP_MICRO_TYPE", "normal").containsEntry("DETA_API_KEY", "apikey")
                .containsEntry("DETA_PROJECT_KEY", "abcd_secret").containsEntry("PYTHONUNBUFFERED", "1")
                .containsEntry("FROM_SHELL", "s").containsEntry("FROM_DOTENV", "e").containsEntry("FROM_DEFAULT", "d3")
                .containsEntry("HOME", "/root").doesNotContainKeys("UNSET", "UNDECLARED");

        Map<String, String> web = env.forMicro(micro("web", Engine.NODEJS16, true, List.of()), 4202);
        assertThat(web).containsEntry("DETA_SPACE_APP_MICRO_TYPE", "primary").doesNotContainKey("UVICORN_PORT");
    }

    @Test
    void keysAreMadeOnceAndKeptPrivate(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        SpaceDir space = new SpaceDir(dir).ensure();
        ProjectKeys first = ProjectKeys.loadOrCreate(space);
        assertThat(ProjectKeys.loadOrCreate(space)).isEqualTo(first);
        assertThat(first.projectKey()).matches("[0-9a-f]{8}_[0-9a-f]{32}");
        assertThat(first.projectId()).hasSize(8);
        assertThat(java.nio.file.Files.getPosixFilePermissions(space.keysFile()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.readString(dir.resolve(".space/.gitignore"))).isEqualTo("*\n");
    }

    @Test
    void microsBindLoopbackAndNeverInheritSpaceDevsOwnVariables() {
        ProjectKeys keys = new ProjectKeys("apikey", "abcd_secret");
        MicroEnvironment env = new MicroEnvironment(Map.of("SPACE_DEV_DATA_URL", "postgresql://app:pw@db/app", "SPACE_DEV_LOG", "debug",
                "NODE_OPTIONS", "--max-old-space-size=512", "HOSTNAME", "box"), Map.of(), keys, "127.0.0.1:4200",
                Path.of("/p/.space/runtime/node_loopback.cjs"));
        Map<String, String> web = env.forMicro(micro("web", Engine.NODEJS16, true, List.of()), 4202);
        assertThat(web).doesNotContainKeys("SPACE_DEV_DATA_URL", "SPACE_DEV_LOG")
                .containsEntry("HOST", "127.0.0.1").containsEntry("HOSTNAME", "127.0.0.1").containsEntry("UVICORN_HOST", "127.0.0.1")
                .containsEntry("NODE_OPTIONS", "--max-old-space-size=512 --require \"/p/.space/runtime/node_loopback.cjs\"");
    }

    @Test
    void serversThatReadTheirAddressFromTheEnvironmentAreToldLoopback() {
        MicroEnvironment env = new MicroEnvironment(Map.of("FASTIFY_ADDRESS", "0.0.0.0"), Map.of(),
                new ProjectKeys("apikey", "abcd_secret"), "127.0.0.1:4200");

        Map<String, String> api = env.forMicro(micro("api", Engine.PYTHON39, true, List.of()), 4301);

        assertThat(api).containsEntry("HOST", "127.0.0.1").containsEntry("FASTIFY_ADDRESS", "127.0.0.1")
                .containsEntry("STREAMLIT_SERVER_ADDRESS", "127.0.0.1")
                .containsEntry("GUNICORN_CMD_ARGS", "--bind 127.0.0.1:4301");
    }

    @Test
    void gunicornKeepsABindTheAppNamesAndGetsLoopbackBesideItsOtherOptions() {
        assertThat(MicroEnvironment.gunicornArgs(null, 4301)).isEqualTo("--bind 127.0.0.1:4301");
        assertThat(MicroEnvironment.gunicornArgs("  ", 4301)).isEqualTo("--bind 127.0.0.1:4301");
        assertThat(MicroEnvironment.gunicornArgs("--workers 3", 4301)).isEqualTo("--bind 127.0.0.1:4301 --workers 3");
        assertThat(MicroEnvironment.gunicornArgs("--backlog 64", 4301)).isEqualTo("--bind 127.0.0.1:4301 --backlog 64");
        for (String named : List.of("--bind 0.0.0.0:80", "--bind=unix:/tmp/s", "-w 2 -b :80", "-b0.0.0.0:80", "--workers 2 --bind")) {
            assertThat(MicroEnvironment.gunicornArgs(named, 4301)).as(named).isEqualTo(named);
        }
    }

    @Test
    void aPresetOfGunicornsOptionsIsKeptWithTheLoopbackBind() {
        MicroEnvironment env = new MicroEnvironment(Map.of(), Map.of("GUNICORN_CMD_ARGS", "--workers 2"),
                new ProjectKeys("apikey", "abcd_secret"), "127.0.0.1:4200");

        Map<String, String> api = env.forMicro(micro("api", Engine.PYTHON39, true,
                List.of(new EnvPreset("GUNICORN_CMD_ARGS", Optional.empty(), Optional.empty()))), 4301);

        assertThat(api).containsEntry("GUNICORN_CMD_ARGS", "--bind 127.0.0.1:4301 --workers 2");
    }
}
