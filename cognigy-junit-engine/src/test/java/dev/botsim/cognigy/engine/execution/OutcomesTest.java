package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/** {@link Outcomes}: the outcome a test's failure is reported as, and which failures the engine explains in words. */
class OutcomesTest {

    @Test
    @DisplayName("no failure passes; an error code fails as misconfiguration, not as a failed check; a backend timeout is"
            + " timeout and any other backend failure error; an abort is skipped; a check failed; anything else error")
    void outcomeOfEachFailure() {
        assertThat(Outcomes.of(null)).isEqualTo(Outcome.PASSED);
        assertThat(Outcomes.of(new BotMisconfigurationError("FLOW_NOT_FOUND", "bot misconfiguration"))).isEqualTo(Outcome.MISCONFIGURATION);
        assertThat(Outcomes.of(new BackendException(BackendException.Kind.TIMEOUT, "no answer in 30 s"))).isEqualTo(Outcome.TIMEOUT);
        assertThat(Outcomes.of(new BackendException(BackendException.Kind.TRANSPORT, "connection reset"))).isEqualTo(Outcome.ERROR);
        assertThat(Outcomes.of(new TestAbortedException("assumption"))).isEqualTo(Outcome.SKIPPED);
        assertThat(Outcomes.of(new AssertionFailedError("[intent]"))).isEqualTo(Outcome.FAILED);
        assertThat(Outcomes.of(new IllegalStateException("bug"))).isEqualTo(Outcome.ERROR);
    }

    @Test
    @DisplayName("a skipped test's reason is the engine's for its own abort and ASSUMPTION for the test's; none when not skipped")
    void skipReason() {
        assertThat(Outcomes.skipReason(new EngineAbort(SimulationRecord.SkipReason.CANCELLED, "run cancelled")))
                .isEqualTo(SimulationRecord.SkipReason.CANCELLED);
        assertThat(Outcomes.skipReason(new TestAbortedException("assumption"))).isEqualTo(SimulationRecord.SkipReason.ASSUMPTION);
        assertThat(Outcomes.skipReason(new AssertionFailedError("[intent]"))).isNull();
        assertThat(Outcomes.skipReason(null)).isNull();
    }

    @Test
    @DisplayName("a failed check, a backend failure and an abort are explained in words; an unexpected exception is not")
    void explained() {
        assertThat(Outcomes.explained(new AssertionFailedError("[intent]"))).isTrue();
        assertThat(Outcomes.explained(new BackendException(BackendException.Kind.TIMEOUT, "no answer"))).isTrue();
        assertThat(Outcomes.explained(new TestAbortedException("assumption"))).isTrue();
        assertThat(Outcomes.explained(new IllegalStateException("bug"))).isFalse();
        assertThat(Outcomes.explained(null)).isFalse();
    }
}
