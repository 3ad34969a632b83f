package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** How index.html groups the simulations: by file, and a class's annotated methods under their class. */
class ResultGroupsReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_gr").started(Instant.EPOCH).backend("sandbox").build();

    private static SimulationRecord record(String testId, String source, int line, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("u_" + testId).testId(testId).displayName(testId).source(source).line(line)
                .utterance("hi").expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "Main", "greeting", 0.9, Map.of(), "Hello", null, null)))
                .outcome(outcome).build();
    }

    @Test
    @DisplayName("a class's @Utterance and @Conversation methods are one group, the class's, not one group per method")
    void methodsUnderTheirClass(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_b", "com.example.BotTest#b", 0, Outcome.PASSED),
                record("test_a", "com.example.BotTest#a", 0, Outcome.FAILED),
                record("test_conversation", "com.example.BotTest", 0, Outcome.PASSED),
                record("test_other", "com.example.BotTestMore#c", 0, Outcome.PASSED),
                record("test_file", "simulations/orders.sim.yaml", 4, Outcome.PASSED));
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));

        Matcher heading = Pattern.compile("<h3 class=\"source\">([^<]*) <span class=\"muted\">([^<]*)</span></h3>").matcher(page);
        List<String> groups = new java.util.ArrayList<>();
        while (heading.find()) groups.add(heading.group(1) + ": " + heading.group(2));
        assertThat(groups).containsExactly("com.example.BotTest: 3 tests, 1 not passed", "com.example.BotTestMore: 1 test",
                "simulations/orders.sim.yaml: 1 test");
        // Each result still names its method, not its class again; the failed one comes first in its class.
        // (Their names are their ids here, so the id is not repeated after the name.)
        assertThat(page.indexOf("test_a</bdi> <span class=\"muted\">#a · ")).isPositive()
                .isLessThan(page.indexOf("test_b</bdi> <span class=\"muted\">#b · "));
        assertThat(page).doesNotContain("<span class=\"muted\">com.example.BotTest#").contains("test_file</bdi> <span class=\"muted\">line 4 · ");
    }
}
