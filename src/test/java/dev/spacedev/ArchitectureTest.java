package dev.spacedev;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The code map of docs/architecture.md, enforced: each package depends only on packages in layers
 * below it, never on one beside or above it; the commands reach everything through the app layer
 * or below.
 */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.spacedev");

    @Test
    void layersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("dev.spacedev.cli..")
                .layer("app").definedBy("dev.spacedev.app..")
                .layer("proxy").definedBy("dev.spacedev.proxy..")
                .layer("build").definedBy("dev.spacedev.build..")
                .layer("runtime").definedBy("dev.spacedev.runtime..")
                .layer("process").definedBy("dev.spacedev.process..")
                .layer("data").definedBy("dev.spacedev.data..")
                .layer("detect").definedBy("dev.spacedev.detect..")
                .layer("spacefile").definedBy("dev.spacedev.spacefile..")
                .layer("database").definedBy("dev.spacedev.database..")
                .layer("files").definedBy("dev.spacedev.files..")
                .layer("net").definedBy("dev.spacedev.net..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("app").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("proxy").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("build").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("proxy", "app", "cli")
                .whereLayer("process").mayOnlyBeAccessedByLayers("build", "app", "cli")
                .whereLayer("data").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("detect").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("spacefile").mayOnlyBeAccessedByLayers("runtime", "process", "detect", "build", "proxy", "app", "cli")
                .whereLayer("database").mayOnlyBeAccessedByLayers("runtime", "data", "app", "cli")
                .whereLayer("files").mayOnlyBeAccessedByLayers("runtime", "process", "data", "build", "app", "cli")
                .whereLayer("net").mayOnlyBeAccessedByLayers("data", "proxy", "app", "cli")
                .check(MAIN);
    }

    /**
     * Inside the data layer, its concerns: Base below Drive (Drive answers errors in Base's form), both below
     * the service that serves them, export and import above it; the CA stands alone.
     */
    @Test
    void dataConcernsOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("archive").definedBy("dev.spacedev.data.archive..")
                .layer("service").definedBy("dev.spacedev.data")
                .layer("drive").definedBy("dev.spacedev.data.drive..")
                .layer("base").definedBy("dev.spacedev.data.base..")
                .layer("sqlite").definedBy("dev.spacedev.data.sqlite..")
                .layer("ca").definedBy("dev.spacedev.data.ca..")
                .whereLayer("archive").mayNotBeAccessedByAnyLayer()
                .whereLayer("service").mayOnlyBeAccessedByLayers("archive")
                .whereLayer("drive").mayOnlyBeAccessedByLayers("service", "archive")
                .whereLayer("base").mayOnlyBeAccessedByLayers("drive", "service", "archive")
                .whereLayer("sqlite").mayOnlyBeAccessedByLayers("base", "drive", "service", "archive")
                .whereLayer("ca").mayNotBeAccessedByAnyLayer()
                .check(MAIN);
    }

    @Test
    void noCycles() {
        slices().matching("dev.spacedev.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
