package dev.botsim.cognigy.engine.backend.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                .hasMessage("cognigy.nlu.train-first=yes is not a boolean; use true or false");
    }
}
