package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/** What discovery and the selection tell a run, given by name: each wither sets its fact and keeps the others. */
class RunSelectionTest {

    private static final SimulationRecord BROKEN = SimulationRecord.builder().uniqueId("u1").testId("test_broken")
            .outcome(Outcome.FAILED).message("orders.sim.yaml line 4: 'expect' must be a list").build();

    @Test
    @DisplayName("a whole run: not picked one by one, nothing left out, no stand-in discovered, no rerun of a run's failure")
    void whole() {
        RunSelection whole = RunSelection.whole();

        assertThat(whole.partial()).isFalse();
        assertThat(whole.leftOut()).isEmpty();
        assertThat(whole.discoveredStandIn().get()).isEmpty();
        assertThat(whole.rerunOfRunFailure()).isFalse();
    }

    @Test
    @DisplayName("each wither sets its own fact and keeps what the others set")
    void withers() {
        RunSelection selection = RunSelection.whole().withPartial(true).withLeftOut(List.of(BROKEN))
                .withDiscoveredStandIn(() -> Optional.of("cognigy-junit sandbox")).withRerunOfRunFailure(true);

        assertThat(selection.partial()).isTrue();
        assertThat(selection.leftOut()).containsExactly(BROKEN);
        assertThat(selection.discoveredStandIn().get()).contains("cognigy-junit sandbox");
        assertThat(selection.rerunOfRunFailure()).isTrue();
        assertThat(selection.withPartial(false).leftOut()).containsExactly(BROKEN);
        assertThat(selection.withLeftOut(List.of()).rerunOfRunFailure()).isTrue();
    }

    @Test
    @DisplayName("the left-out records are the selection's own copy: a list changed later does not change the run's")
    void leftOutCopied() {
        List<SimulationRecord> given = new ArrayList<>(List.of(BROKEN));
        RunSelection selection = RunSelection.whole().withLeftOut(given);

        given.clear();

        assertThat(selection.leftOut()).containsExactly(BROKEN);
        assertThatThrownBy(() -> selection.leftOut().add(BROKEN)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("left-out input is recorded failed, saying a filter left it out, and named with its file and line")
    void leftOutAsRecordedAndNamed() {
        RunSelection selection = RunSelection.whole().withLeftOut(List.of(BROKEN));

        assertThat(selection.leftOutRecords()).singleElement().satisfies(recorded -> {
            assertThat(recorded.testId()).isEqualTo("test_broken");
            assertThat(recorded.message()).startsWith(BROKEN.message()).contains("left out of this run by a filter of the launcher");
        });
        assertThat(selection.leftOutProblems()).startsWith("invalid input: 1 test stands").endsWith("\n  " + BROKEN.message());
    }

    @Test
    @DisplayName("several left-out inputs are named one a line, each on one line, and the sentence speaks of them all")
    void severalLeftOutNamed() {
        SimulationRecord other = BROKEN.toBuilder().uniqueId("u2").testId("test_other")
                .message("returns.sim.yaml line 9: unknown key 'expct'\n  did you mean 'expect'?").build();
        RunSelection selection = RunSelection.whole().withLeftOut(List.of(BROKEN, other));

        assertThat(selection.leftOutProblems())
                .startsWith("invalid input: 2 tests stand for input that could not be read")
                .contains("left them out of this run, so no failed test shows them; they count as failed")
                .doesNotContain(" it out", "shows it;", "it counts")
                .endsWith("Fix the input:\n  " + BROKEN.message()
                        + "\n  returns.sim.yaml line 9: unknown key 'expct'\\n  did you mean 'expect'?");
    }
}
