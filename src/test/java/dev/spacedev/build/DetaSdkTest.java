package dev.spacedev.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetaSdkTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "deta                    | true",
        "Deta                    | true",
        "deta==1.2.0             | true",
        "deta ~= 1.1.0           | true",
        "deta<2                  | true",
        "deta>=1.0,<2            | true",
        "deta[async]==1.2.0      | true",
        "deta  # Space's SDK     | true",
        "deta==0.2.54            | false",
        "deta>=2                 | false",
        "detail                  | false",
        "deta-space-sdk          | false",
        "# deta                  | false",
        "fastapi                 | false",
    })
    void whichRequirementsMeanDetasSdk(String line, boolean sdk) {
        assertThat(DetaSdk.isDetaSdk(line)).isEqualTo(sdk);
    }

    @Test
    void theRestIsInstalledAsWrittenAndTheSdkFromTheSourceGiven() throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), "fastapi==0.100.0\ndeta~=1.1.0\nuvicorn\n");
        List<BuildStep> steps = DetaSdk.steps(dir, dir, Map.of(DetaSdk.SOURCE_VARIABLE, "/opt/deta-1.2.0-py3-none-any.whl"))
                .orElseThrow();
        assertThat(Files.readAllLines(dir.resolve("requirements-without-deta.txt"))).containsExactly("fastapi==0.100.0", "uvicorn");
        assertThat(steps.get(1).command()).isEqualTo("pip install --disable-pip-version-check '/opt/deta-1.2.0-py3-none-any.whl'");
        assertThat(steps.get(1).ifFails()).get().asString().contains("set SPACE_DEV_DETA_PYTHON");
        assertThat(DetaSdk.steps(dir, dir, Map.of()).orElseThrow().get(1).command()).contains(DetaSdk.DEFAULT_SOURCE);
        Files.writeString(dir.resolve("requirements.txt"), "fastapi\n");
        assertThat(DetaSdk.steps(dir, dir, Map.of())).isEmpty();
    }
}
