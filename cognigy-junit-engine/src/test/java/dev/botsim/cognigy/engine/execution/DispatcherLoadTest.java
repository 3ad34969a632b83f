package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;

class DispatcherLoadTest {

    @Test
    @DisplayName("progress shows simulations in flight, and the limit when 429s have cut it below max-concurrency")
    void load() {
        assertThat(Dispatcher.load(12, 64, Optional.empty())).isEqualTo("12 in flight");
        assertThat(Dispatcher.load(12, 64, Optional.of(new ConcurrencyLimit.State(64, 64, 0, 12)))).isEqualTo("12 in flight");
        assertThat(Dispatcher.load(40, 64, Optional.of(new ConcurrencyLimit.State(40, 31, 5, 40))))
                .isEqualTo("40 in flight (limit 40 of 64 after 429s)");
    }
}
