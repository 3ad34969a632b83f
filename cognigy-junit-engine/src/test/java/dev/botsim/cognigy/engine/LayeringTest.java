package dev.botsim.cognigy.engine;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Keeps the engine's structure as docs/architecture.md draws it: data flows one way, from discovery
 * through the test tree and the run's lifecycle to execution and the backends, and from the lifecycle
 * to what reports a finished run; nothing calls back up a layer. {@code config}, {@code support} and
 * {@code model} are shared vocabulary outside the layers.
 */
class LayeringTest {

    private static final String ENGINE = "dev.botsim.cognigy.engine";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ENGINE);

    @Test
    @DisplayName("discovery -> descriptor -> lifecycle -> execution -> backend -> transport, reports after the lifecycle;"
            + " nothing reaches back up")
    void layers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Engine").definedBy(ENGINE)
                .layer("Discovery").definedBy(ENGINE + ".discovery..")
                .layer("Descriptor").definedBy(ENGINE + ".descriptor..")
                .layer("Lifecycle").definedBy(ENGINE + ".lifecycle..")
                .layer("Execution").definedBy(ENGINE + ".execution..")
                .layer("Replay").definedBy(ENGINE + ".replay..")
                .layer("Backend").definedBy(ENGINE + ".backend..")
                .layer("Transport").definedBy(ENGINE + ".transport..")
                .layer("RunOutputs").definedBy(ENGINE + ".analysis..", ENGINE + ".reporting..", ENGINE + ".audit..",
                        ENGINE + ".webhook..")
                .layer("Model").definedBy(ENGINE + ".model..")
                .layer("Approval").definedBy(ENGINE + ".approval..")

                .whereLayer("Engine").mayNotBeAccessedByAnyLayer()
                .whereLayer("Discovery").mayOnlyBeAccessedByLayers("Engine")
                .whereLayer("Descriptor").mayOnlyBeAccessedByLayers("Engine", "Discovery")
                .whereLayer("Lifecycle").mayOnlyBeAccessedByLayers("Engine", "Descriptor")
                .whereLayer("Execution").mayOnlyBeAccessedByLayers("Engine", "Descriptor", "Lifecycle")
                // Record and replay wraps the run's backend, which the lifecycle opens.
                .whereLayer("Replay").mayOnlyBeAccessedByLayers("Lifecycle")
                // The engine's default services name the backend factory; tests replace it.
                .whereLayer("Backend").mayOnlyBeAccessedByLayers("Engine", "Lifecycle", "Execution", "Replay")
                .whereLayer("RunOutputs").mayOnlyBeAccessedByLayers("Lifecycle")
                // Replay decorates the Backend seam, whose budget wait is a transport type.
                .whereLayer("Transport").mayOnlyBeAccessedByLayers("Engine", "Backend", "Replay", "RunOutputs")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Discovery", "Descriptor")
                // Owned by the test tree's files and classes, checked by the tests, written at the run's end.
                .whereLayer("Approval").mayOnlyBeAccessedByLayers("Descriptor", "Lifecycle", "Execution")
                .check(MAIN);
    }

    @Test
    @DisplayName("no package of the engine depends, directly or through others, on itself")
    void noPackageCycles() {
        slices().matching(ENGINE + ".(**)").should().beFreeOfCycles().check(MAIN);
    }
}
