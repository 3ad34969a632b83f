package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.MockWebServer;

/**
 * A split run whose webhook URL holds no token, only words in its path ({@code /hooks/cognigy-junit-v2-results}): the
 * parts keep it whole, so the merge sends to it as it did before URLs were kept masked, without asking for
 * {@code COGNIGY_WEBHOOK_URL}.
 */
class WebhookUrlOfWordsSplitRunTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a webhook URL whose path is words, a version among them, is kept whole in the parts and the merge delivers to"
            + " it without COGNIGY_WEBHOOK_URL")
    void wordsAreNoToken() throws Exception {
        try (MockWebServer receiver = SandboxSplitRuns.receiver()) {
            String url = receiver.url("/hooks/cognigy-junit-v2-results").toString();
            for (int shard = 1; shard <= 2; shard++) {
                SandboxSplitRuns.configured(dir, receiver, "run").configurationParameter(Constants.WEBHOOK_URL, url)
                        .configurationParameter(Constants.RUN_ID, "run-1").configurationParameter(Constants.SHARD, shard + "/2")
                        .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute()
                        .testEvents().assertStatistics(stats -> stats.failed(0));
            }
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            ByteArrayOutputStream complained = new ByteArrayOutputStream();
            int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("run/reports").toString()),
                    SandboxSplitRuns.ENVIRONMENT::get, Clock.systemUTC(), new PrintStream(said, true, StandardCharsets.UTF_8),
                    new PrintStream(complained, true, StandardCharsets.UTF_8));

            assertThat(code).as(said + complained.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(said.toString(StandardCharsets.UTF_8)).contains("[cognigy] webhook: delivered msg_batch_");
            assertThat(receiver.getRequestCount()).isEqualTo(1);
            assertThat(receiver.takeRequest().getUrl().toString()).isEqualTo(url);
        }
    }
}
