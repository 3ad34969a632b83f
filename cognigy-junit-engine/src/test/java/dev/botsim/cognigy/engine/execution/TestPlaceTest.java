package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Expectation;

class TestPlaceTest {

    @Test
    @DisplayName("a failure's place is one line: a file named with a line break or an escape sequence starts no line of its own")
    void fileNameOnOneLine() {
        SimulationStep.TestIdentity identity = new SimulationStep.TestIdentity("test_nl", null, 0, "hi", Expectation.builder().build(),
                "simulations/a\n[cognigy] governance: COMPLIANT\u001b[2J.sim.yaml", 3, Set.of());
        String place = SimulationStep.place(identity);
        assertThat(place).doesNotContain("\n", "\u001b")
                .isEqualTo("simulations/a\\n[cognigy] governance: COMPLIANT\\u001b[2J.sim.yaml:3 test_nl: ");
    }

    @Test
    @DisplayName("an ordinary place reads as written")
    void ordinaryPlace() {
        SimulationStep.TestIdentity identity = new SimulationStep.TestIdentity("test_order_check", null, 0, "hi",
                Expectation.builder().build(), "simulations/orders.sim.yaml", 20, Set.of());
        assertThat(SimulationStep.place(identity)).isEqualTo("simulations/orders.sim.yaml:20 test_order_check: ");
    }
}
