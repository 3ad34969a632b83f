package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.ReplayMode;

class ReplayReportTest {

    @Test
    @DisplayName("the console's replay line says what its digest is, and counts one message as one")
    void countsAndFingerprint() {
        Fingerprint fingerprint = Fingerprint.of(Map.of("backend", "endpoint"));
        ReplayReport one = new ReplayReport(ReplayMode.AUTO, fingerprint, 1, 0, 2, List.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of(),
                Map.of(), Map.of(), ReplayReport.Unrecorded.NONE, ReplayReport.Unrecorded.NONE);

        assertThat(one.lines().get(0)).isEqualTo("replay (auto): 1 message answered from cassettes, 2 sent to the bot;"
                + " bot fingerprint " + fingerprint.digest());
        assertThat(fingerprint.digest()).startsWith("sha256:");

        ReplayReport unanswered = new ReplayReport(ReplayMode.REPLAY, fingerprint, 3, 2, 0, List.of(), Map.of(), Map.of(),
                List.of(), List.of(), Map.of(), Map.of(), Map.of(), ReplayReport.Unrecorded.NONE, ReplayReport.Unrecorded.NONE);
        assertThat(unanswered.lines().get(0)).isEqualTo("replay (replay): 3 messages answered from cassettes, 2 replayed"
                + " unanswered as recorded, 0 sent to the bot; bot fingerprint " + fingerprint.digest());
    }
}
