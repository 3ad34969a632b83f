package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;

/**
 * Two bots' suites in one module, each a Surefire execution deferring its verdict (cognigy.run.defer, the run id
 * cognigy:prepare-run gives the build) into the one report folder they share: each JVM ran one bot and was allowed to,
 * but their parts are one run to the merge, which would conclude one verdict, coverage and audit record over both bots.
 */
class SeveralBotsMergeTest {

    @TempDir
    Path dir;

    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    @Test
    @DisplayName("the parts of a billing bot's and a support bot's execution under one run id and report folder: merge refuses"
            + " them, naming each bot's part, with the merge of each bot's parts on its own; nothing appended, nothing sent")
    void partsOfTwoBotsRefused() throws Exception {
        Path billing = Files.writeString(dir.resolve("billing.sim.yaml"), """
                version: 1
                bot: billing
                cases:
                  - id: test_hello_billing
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Path support = Files.writeString(dir.resolve("support.sim.yaml"), """
                version: 1
                bot: support
                cases:
                  - id: test_hello_support
                    utterance: hi
                    expect: { intent: greeting }
                """);
        for (Path file : List.of(billing, support)) {
            SandboxSplitRuns.configured(dir, receiver, "module").configurationParameter(Constants.RUN_ID, "run-7")
                    .configurationParameter(Constants.RUN_DEFER, "true").selectors(selectFile(file.toFile())).execute()
                    .testEvents().assertStatistics(stats -> stats.succeeded(1));
        }
        Path reports = dir.resolve("module/reports/run-7");

        Merge merge = Merge.run(List.of("--out", dir.resolve("merged").toString(), reports.toString()), SandboxSplitRuns.ENVIRONMENT);

        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).contains("merge refused: the parts of run run-7 tested 2 different bots: billing (" + reports)
                .contains("; support (" + reports)
                .contains("one verdict, coverage and audit record would judge every bot's tests against one part's bot")
                .contains("merge each bot's parts on its own: merge --out merged/billing " + reports)
                .contains("; merge --out merged/support " + reports);
        assertThat(dir.resolve("module/audit.jsonl")).doesNotExist();
        assertThat(receiver.getRequestCount()).as("no webhook sent").isZero();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }
}
