package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.fixtures.invalid.OverloadedMethods;

class OverloadedMethodsTest {

    @Test
    @DisplayName("two @Utterance methods of one name are each a failing test naming both and the fix; neither is left out"
            + " in silence, nothing of theirs is sent, and the class's other methods run")
    void overloadsReportedAtEachMethod() {
        ScriptedBackend backend = new ScriptedBackend();

        EngineExecutionResults results = EngineTestSupport.kit(backend).selectors(selectClass(OverloadedMethods.class))
                .execute();

        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(2);
        assertThat(failed.stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow().getMessage())).allSatisfy(message -> assertThat(message)
                .contains(OverloadedMethods.class.getName() + "#greet: 2 methods are named 'greet'")
                .contains("greet()", "greet(SimulationResult)", "give each method a name of its own"));
        assertThat(failed.stream().map(e -> ((MethodSource) e.getTestDescriptor().getSource().orElseThrow())
                .getMethodParameterTypes())).containsExactlyInAnyOrder("", SimulationResultName.NAME);
        assertThat(results.testEvents().succeeded().list()).singleElement()
                .satisfies(e -> assertThat(e.getTestDescriptor().getDisplayName()).isEqualTo("where is my order"));
        assertThat(backend.requests).hasSize(1);
    }

    @Test
    @DisplayName("an annotated method of an inner (non-static) class fails saying to declare the class static, not that it"
            + " needs a constructor it cannot have")
    void innerClassToldToBeStatic() {
        ScriptedBackend backend = new ScriptedBackend();

        EngineExecutionResults results = EngineTestSupport.kit(backend)
                .selectors(selectClass(dev.botsim.cognigy.engine.fixtures.invalid.InnerClassSimulation.Inner.class)).execute();

        assertThat(EngineTestSupport.failureMessages(results)).singleElement().asString()
                .contains("InnerClassSimulation$Inner is an inner class, made with an instance of InnerClassSimulation, which"
                        + " the engine does not have — declare it static")
                .doesNotContain("needs a constructor");
        assertThat(backend.requests).isEmpty();
    }

    private static final class SimulationResultName {
        static final String NAME = dev.botsim.cognigy.annotations.SimulationResult.class.getName();
    }
}
