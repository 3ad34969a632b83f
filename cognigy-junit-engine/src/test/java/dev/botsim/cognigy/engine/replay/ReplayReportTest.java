package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.ReplayMode;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Redaction;

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

    @Test
    @DisplayName("a cassette of thousands of stale tests names five on its line and counts the rest, as does its line of"
            + " runs not made; one of a few names them all")
    void staleEntriesOfALargeCassetteAreCounted(@TempDir Path dir) throws IOException {
        List<Exchange> entries = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            entries.add(answered("[engine:cognigy]/[file:orders.sim.yaml]/[case:test_%04d]".formatted(i)));
        }
        String repeated = "[engine:cognigy]/[file:orders.sim.yaml]/[case:test_kept]";
        entries.add(answered(repeated));
        for (int run = 2; run <= 10; run++) entries.add(answered(repeated + "/[repetition:" + run + "]"));
        Files.writeString(dir.resolve("orders.sim.yaml.cassette.json"), CassetteFile.text(BOT, entries));
        Path small = dir.resolve("smoke.sim.yaml.cassette.json");
        Files.writeString(small, CassetteFile.text(BOT, List.of(answered("[engine:cognigy]/[file:smoke.sim.yaml]/[case:a]"),
                answered("[engine:cognigy]/[file:smoke.sim.yaml]/[case:b]"))));
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        cassettes.cassette(dir.resolve("orders.sim.yaml.cassette.json"));
        cassettes.cassette(small);
        Cassettes.LeftOver left = cassettes.leftOver(Set.of(repeated));

        List<String> lines = new ReplayReport(ReplayMode.REPLAY, BOT, 0, 0, 0, List.of(), left.notInRun(), left.runsNotMade(),
                List.of(), List.of(), Map.of(), Map.of(), Map.of(), ReplayReport.Unrecorded.NONE, ReplayReport.Unrecorded.NONE)
                .lines();

        String id = "[file:orders.sim.yaml]/[case:test_";
        assertThat(lines).contains(dir.resolve("orders.sim.yaml.cassette.json") + ": 3000 recorded tests not in this run"
                + " (stale if removed): " + id + "0000], " + id + "0001], " + id + "0002], " + id + "0003], " + id + "0004]"
                + " and 2995 more");
        assertThat(lines).filteredOn(l -> l.contains("recorded runs of this run's repeated tests")).singleElement().asString()
                .contains("orders.sim.yaml.cassette.json: 9 recorded runs").endsWith("/[repetition:5] and 4 more");
        assertThat(lines).contains(small + ": 2 recorded tests not in this run (stale if removed): "
                + "[file:smoke.sim.yaml]/[case:a], [file:smoke.sim.yaml]/[case:b]");
        assertThat(String.join("\n", lines)).hasSizeLessThan(2_000);
    }

    private static final Fingerprint BOT = Fingerprint.of(Map.of("backend", "endpoint"));

    private static Exchange answered(String test) {
        return new Exchange(Exchange.testKey(test), 1, Map.of("text", "t"),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0);
    }
}
