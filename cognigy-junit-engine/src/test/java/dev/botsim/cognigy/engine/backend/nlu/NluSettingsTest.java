package dev.botsim.cognigy.engine.backend.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;

/** The nlu backend's keys, as the run's parameters give them. */
class NluSettingsTest {

    @Test
    @DisplayName("flow and locale trimmed, blank as unset; train-first a boolean, anything else refused naming the key")
    void reads() {
        NluSettings read = NluSettings.of(Map.of(Constants.NLU_FLOW, " Main Flow ", Constants.NLU_LOCALE, " ",
                Constants.NLU_TRAIN_FIRST, "TRUE"));

        assertThat(read).isEqualTo(new NluSettings(Optional.of("Main Flow"), Optional.empty(), true));
        assertThat(NluSettings.of(Map.of())).isEqualTo(NluSettings.defaults());
        assertThatThrownBy(() -> NluSettings.of(Map.of(Constants.NLU_TRAIN_FIRST, "yes"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.nlu.train-first=yes must be true or false");
    }

    @Test
    @DisplayName("train-first is read by the rule the run's configuration reads it with: a blank value is unset, a wrong one"
            + " refused in the same words as the run's one message")
    void trainFirstAsTheConfigurationReadsIt() {
        assertThat(NluSettings.of(Map.of(Constants.NLU_TRAIN_FIRST, " ")).trainFirst()).isFalse();
        assertThat(NluSettings.of(Map.of(Constants.NLU_TRAIN_FIRST, " False ")).trainFirst()).isFalse();

        Throwable refused = catchThrowable(() -> NluSettings.of(Map.of(Constants.NLU_TRAIN_FIRST, "1")));
        assertThat(refused).isInstanceOf(ConfigurationException.class).hasMessage("cognigy.nlu.train-first=1 must be true or false");
        assertThatThrownBy(() -> dev.botsim.cognigy.engine.config.EngineConfig.read(
                new dev.botsim.cognigy.engine.config.MapParameters(Map.of(Constants.NLU_TRAIN_FIRST, "1")), name -> null,
                config -> java.util.List.of())).hasMessageContaining(refused.getMessage());
    }
}
