package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.GovernanceSettings;
import dev.botsim.cognigy.engine.config.RecordReplaySettings;
import dev.botsim.cognigy.engine.config.ReplayMode;

class ReplaySettingsTest {

    @Test
    @DisplayName("defaults: off, src/test/cognigy, nothing redacted, replayed runs judged like live ones")
    void defaults() {
        assertThat(ReplaySettings.of(Map.of())).isEqualTo(new ReplaySettings(ReplayMode.OFF, Path.of("src/test/cognigy"), List.of(), false));
    }

    @Test
    @DisplayName("every key read: mode in any case, folder, redaction list, require-live")
    void read() {
        ReplaySettings settings = ReplaySettings.of(Map.of(Constants.REPLAY, " Auto ", Constants.REPLAY_DIR, "cassettes",
                Constants.REPLAY_REDACT, "EMAIL, /request/data/phone,,", Constants.GOVERNANCE_REQUIRE_LIVE, "true"));
        assertThat(settings).isEqualTo(new ReplaySettings(ReplayMode.AUTO, Path.of("cassettes"), List.of("EMAIL", "/request/data/phone"), true));
    }

    @Test
    @DisplayName("the modes are the values the configuration allows cognigy.replay, in its order")
    void modesAreTheConfigurations() {
        assertThat(java.util.Arrays.stream(ReplayMode.values()).map(ReplayMode::id)).containsExactlyElementsOf(EngineConfig.REPLAY_MODES);
    }

    @Test
    @DisplayName("a mode that is none of the four, or require-live that is not a boolean, is refused naming the choices")
    void refused() {
        assertThatThrownBy(() -> ReplaySettings.of(Map.of(Constants.REPLAY, "sometimes")))
                .isInstanceOf(ConfigurationException.class).hasMessage("cognigy.replay=sometimes must be one of [off, record, replay, auto]");
        assertThatThrownBy(() -> ReplaySettings.of(Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, "yes")))
                .isInstanceOf(ConfigurationException.class).hasMessage("cognigy.governance.require-live=yes must be true or false");
    }

    @Test
    @DisplayName("a run's folder, what it redacts and require-live are those its configuration read, once, not the keys"
            + " read again from its parameters")
    void aRunTakesTheKeysItsConfigurationRead() {
        EngineConfig read = EngineConfig.defaults()
                .withReplay(new RecordReplaySettings(ReplayMode.AUTO, Path.of("recorded"), List.of("EMAIL", "/answer/turns/0/text")))
                .withGovernance(GovernanceSettings.defaults().withRequireLive(true));
        assertThat(read.parameters()).isEmpty();
        assertThat(ReplaySettings.of(read)).isEqualTo(new ReplaySettings(ReplayMode.AUTO, Path.of("recorded"),
                List.of("EMAIL", "/answer/turns/0/text"), true));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "cognigy.replay=record", "cognigy.replay= Auto |cognigy.replay.dir="
            + " cassettes |cognigy.replay.redact=EMAIL, ,/request/text,|cognigy.governance.require-live=TRUE",
            "cognigy.replay.dir=  |cognigy.replay.redact=  |cognigy.governance.require-live=false"})
    @DisplayName("settings as written (what merge compares) read as a run's configuration reads the same parameters")
    void asWrittenIsAsARunReadsThem(String written) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String pair : written.split("\\|")) {
            if (!pair.isEmpty()) parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        EngineConfig run = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(parameters), name -> null);
        assertThat(ReplaySettings.of(parameters)).isEqualTo(ReplaySettings.of(run));
    }

    @Test
    @DisplayName("a run's settings take the mode its configuration read, once, not the key read again: the replay layer"
            + " wraps the backend in the mode the configuration holds")
    void aRunTakesTheModeItsConfigurationRead() {
        EngineConfig recording = EngineConfig.defaults().withReplayMode(ReplayMode.RECORD);
        assertThat(recording.parameters()).doesNotContainKey(Constants.REPLAY);
        assertThat(ReplaySettings.of(recording).mode()).isEqualTo(ReplayMode.RECORD);
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        dev.botsim.cognigy.engine.backend.Backend backend = Replay.around(recording, config -> {
            opened.incrementAndGet();
            throw new AssertionError("opened before a test must go live");
        }, () -> false);
        assertThat(Replay.of(backend)).get().extracting(ReplayingBackend::mode).isEqualTo(ReplayMode.RECORD);
        assertThat(opened).hasValue(0);
    }
}
