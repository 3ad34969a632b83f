package dev.botsim.cognigy.engine.backend.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GrowingPollIntervalTest {

    @Test
    @DisplayName("H9: intervals grow from the first step to the cap, never beyond it, jittered so simulations do not poll in lockstep")
    void growsCappedAndJittered() {
        Duration cap = Duration.ofMillis(2000);
        GrowingPollInterval interval = new GrowingPollInterval(Duration.ofMillis(10), cap, () -> Duration.ZERO);
        Duration first = interval.next(1, Duration.ZERO);
        assertThat(first).isBetween(Duration.ofMillis(9), Duration.ofMillis(11));
        Duration previous = first;
        Set<Duration> atCap = new HashSet<>();
        for (int poll = 2; poll < 100; poll++) {
            Duration next = interval.next(poll, previous);
            assertThat(next).isLessThanOrEqualTo(cap);
            if (poll > 20) atCap.add(next);
            previous = next;
        }
        assertThat(atCap).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(1800), cap)).hasSizeGreaterThan(10);
    }

    @Test
    @DisplayName("a pending status that names a Retry-After makes the next poll wait at least that long")
    void honoursTheServer() {
        AtomicReference<Duration> asked = new AtomicReference<>(Duration.ZERO);
        GrowingPollInterval interval = new GrowingPollInterval(Duration.ofMillis(10), Duration.ofSeconds(2), asked::get);
        assertThat(interval.next(1, Duration.ZERO)).isLessThan(Duration.ofMillis(12));
        asked.set(Duration.ofMillis(1500));
        assertThat(interval.next(2, Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(1500));
    }
}
