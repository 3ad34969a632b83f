package dev.botsim.cognigy.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link GovernanceVerdict#meets}: the pass rate against its threshold and the flow coverage against its minimum. */
class GovernanceVerdictTest {

    @Test
    @DisplayName("a share exactly at the limit meets it, one short does not, compared in decimal (7 of 10 meets 0.7)")
    void exactlyAtTheLimit() {
        assertThat(GovernanceVerdict.meets(7, 10, new BigDecimal("0.7"))).isTrue();
        assertThat(GovernanceVerdict.meets(6, 10, new BigDecimal("0.7"))).isFalse();
        assertThat(GovernanceVerdict.meets(19, 20, new BigDecimal("0.95"))).isTrue();
        assertThat(GovernanceVerdict.meets(10, 10, BigDecimal.ONE)).isTrue();
    }

    @Test
    @DisplayName("nothing to measure meets no limit, not even 0: zero tests is no pass rate")
    void zeroWholeNeverMeets() {
        assertThat(GovernanceVerdict.meets(0, 0, new BigDecimal("0.8"))).isFalse();
        assertThat(GovernanceVerdict.meets(0, 0, BigDecimal.ZERO)).isFalse();
        assertThat(GovernanceVerdict.meets(0, 3, BigDecimal.ZERO)).isTrue();
    }
}
