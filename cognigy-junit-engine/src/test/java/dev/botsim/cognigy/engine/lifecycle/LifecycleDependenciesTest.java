package dev.botsim.cognigy.engine.lifecycle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Within the lifecycle, data flows one way too: {@link RunLifecycle} drives the run's steps and hands each part what it
 * needs — {@link InterruptedRun} what a shutdown concludes the run with, {@link StartedRun} what the end needs — and no
 * part asks it back for the run's state, which would tie a part on the shutdown hook's thread to fields the run's thread
 * is still writing.
 */
class LifecycleDependenciesTest {

    private static final JavaClasses LIFECYCLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(RunLifecycle.class.getPackageName());

    @Test
    @DisplayName("no class of the lifecycle but RunLifecycle itself depends on RunLifecycle")
    void partsDoNotReachBackToTheLifecycle() {
        noClasses().that().resideInAPackage(RunLifecycle.class.getPackageName())
                .and().haveNameNotMatching(".*\\.RunLifecycle(\\$.*)?")
                .should().dependOnClassesThat().areAssignableTo(RunLifecycle.class)
                .because("RunLifecycle hands its parts what they need; a part that asked it back would read the run's"
                        + " state from another thread (the shutdown hook's) than the one writing it")
                .check(LIFECYCLE);
    }
}
