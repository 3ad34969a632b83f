package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationListener;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A split run whose webhook receiver takes its token in the URL's query: the parts and the configuration listeners are
 * given keep the URL masked, and the merge sends to the URL of its own configuration — {@code COGNIGY_WEBHOOK_URL}, the
 * way CI keeps it with its secrets — never to the masked one, and concludes nothing without it.
 */
class WebhookUrlInSplitRunTest {

    private static final String TOKEN = "s3cr3t-token-123";

    @TempDir
    Path dir;

    private MockWebServer receiver;
    private String url;
    private final List<Map<String, String>> configurations = new ArrayList<>();

    @BeforeEach
    void receiver() throws Exception {
        receiver = SandboxSplitRuns.receiver();
        url = receiver.url("/hook").toString() + "?token=" + TOKEN;
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    /** Shard {@code index} of 2 of run-1 against the sandbox, with this environment, its listener noting the configuration. */
    private void shard(int index, Map<String, String> environment, boolean urlAsParameter) {
        SimulationListener listener = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                configurations.add(run.configuration());
            }
        };
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create,
                        Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .configurationParameter(Constants.RUN_ID, "run-1").configurationParameter(Constants.SHARD, index + "/2")
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml"));
        if (urlAsParameter) kit = kit.configurationParameter(Constants.WEBHOOK_URL, url);
        kit.execute().testEvents().assertStatistics(stats -> stats.failed(0));
    }

    private Merge merge(Map<String, String> environment, String out, String... settings) {
        List<String> args = new ArrayList<>(List.of("--out", dir.resolve(out).toString()));
        args.addAll(List.of(settings));
        args.add(dir.resolve("reports").toString());
        return Merge.run(args, environment);
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> environment = new HashMap<>(SandboxSplitRuns.ENVIRONMENT);
        environment.put(name, value);
        return environment;
    }

    private List<String> partFiles() throws Exception {
        List<String> texts = new ArrayList<>();
        for (Path part : MergeCommand.partFiles(List.of(dir.resolve("reports").toString()))) texts.add(Files.readString(part));
        return texts;
    }

    @Test
    @DisplayName("cognigy.webhook.url with a token: the parts and the listeners' configuration hold it masked; a merge without"
            + " COGNIGY_WEBHOOK_URL is refused in one line naming it, concluding nothing; with it, the same merge delivers")
    void maskedInThePartsAndSentFromTheMergesEnvironment() throws Exception {
        shard(1, SandboxSplitRuns.ENVIRONMENT, true);
        shard(2, SandboxSplitRuns.ENVIRONMENT, true);
        String masked = receiver.url("/hook") + "?****";
        assertThat(configurations).hasSize(2).allSatisfy(c -> assertThat(c).containsEntry(Constants.WEBHOOK_URL, masked));
        assertThat(partFiles()).hasSize(2).allSatisfy(part -> assertThat(part).contains(masked).doesNotContain(TOKEN));

        Merge refused = merge(SandboxSplitRuns.ENVIRONMENT, "merged");
        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err().lines()).containsExactly("merge refused: the parts of run run-1 send their webhook to " + masked
                + ", kept without what it hides; set COGNIGY_WEBHOOK_URL to the receiver's whole URL in the merge job's environment and"
                + " merge again (or -Dcognigy.webhook.url= to merge without sending); nothing was appended to the audit trail and no"
                + " webhook was sent");
        assertThat(receiver.getRequestCount()).as("never sent to the masked URL").isZero();
        assertThat(dir.resolve("audit.jsonl")).doesNotExist();
        assertThat(dir.resolve("merged").resolve(MergeCommand.MARKER)).as("nothing concluded: the same merge may run again").doesNotExist();

        Merge delivered = merge(with(Constants.WEBHOOK_URL_ENV, url), "merged");
        assertThat(delivered.code()).as(delivered.out() + delivered.err()).isZero();
        assertThat(delivered.out()).contains("[cognigy] webhook: delivered msg_batch_").doesNotContain(TOKEN);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        RecordedRequest delivery = receiver.takeRequest();
        assertThat(delivery.getUrl().toString()).isEqualTo(url);
        assertThat(delivery.getBody().utf8()).contains("\"total_tests\":5", "\"run_id\":\"run-1\"").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("COGNIGY_WEBHOOK_URL naming another receiver than the parts ran with is refused before anything is sent;"
            + " the same receiver with another token (rotated), its host written in other case, delivers, and"
            + " -Dcognigy.webhook.url= names one deliberately")
    void anotherReceiverInTheVariable() throws Exception {
        shard(1, SandboxSplitRuns.ENVIRONMENT, true);
        shard(2, SandboxSplitRuns.ENVIRONMENT, true);
        String masked = receiver.url("/hook") + "?****";
        String elsewhere = receiver.url("/other-project/hook") + "?token=" + TOKEN;

        Merge refused = merge(with(Constants.WEBHOOK_URL_ENV, elsewhere), "merged");
        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err().lines()).containsExactly("merge refused: the parts of run run-1 send their webhook to " + masked
                + ", but COGNIGY_WEBHOOK_URL names another receiver, " + receiver.url("/other-project/hook") + "?****; set it to the"
                + " receiver the parts ran with and merge again, or give the receiver deliberately with -Dcognigy.webhook.url=…;"
                + " nothing was appended to the audit trail and no webhook was sent");
        assertThat(receiver.getRequestCount()).isZero();
        assertThat(dir.resolve("merged").resolve(MergeCommand.MARKER)).doesNotExist();

        // The host in other case is the same receiver (host names are not case-sensitive); another path of it is not.
        String host = receiver.url("/").host();
        String otherCase = receiver.url("/hook").toString().replace("//" + host, "//" + host.toUpperCase(java.util.Locale.ROOT));
        assertThat(otherCase).isNotEqualTo(receiver.url("/hook").toString());
        Merge otherPath = merge(with(Constants.WEBHOOK_URL_ENV, otherCase.replace("/hook", "/Hook") + "?token=" + TOKEN), "merged");
        assertThat(otherPath.code()).as(otherPath.out() + otherPath.err()).isEqualTo(2);
        assertThat(otherPath.err()).contains("COGNIGY_WEBHOOK_URL names another receiver");
        assertThat(receiver.getRequestCount()).isZero();

        String rotated = otherCase + "?token=rotated-token-456";
        Merge delivered = merge(with(Constants.WEBHOOK_URL_ENV, rotated), "merged");
        assertThat(delivered.code()).as(delivered.out() + delivered.err()).isZero();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(receiver.takeRequest().getUrl().toString()).isEqualToIgnoringCase(rotated);
    }

    @Test
    @DisplayName("a merge told -Dcognigy.webhook.url= concludes the run without sending, as asked")
    void mergeWithoutSending() throws Exception {
        shard(1, SandboxSplitRuns.ENVIRONMENT, true);
        shard(2, SandboxSplitRuns.ENVIRONMENT, true);
        Merge merge = merge(SandboxSplitRuns.ENVIRONMENT, "merged", "-D" + Constants.WEBHOOK_URL + "=");
        assertThat(merge.code()).as(merge.out() + merge.err()).isZero();
        assertThat(merge.out()).contains("governance: COMPLIANT").doesNotContain("webhook");
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("shards given the URL by COGNIGY_WEBHOOK_URL keep nothing of it; the merge given it delivers to it whole")
    void fromTheEnvironmentOnly() throws Exception {
        Map<String, String> environment = with(Constants.WEBHOOK_URL_ENV, url);
        shard(1, environment, false);
        shard(2, environment, false);
        assertThat(configurations).hasSize(2).allSatisfy(c -> assertThat(c).doesNotContainKey(Constants.WEBHOOK_URL));
        assertThat(partFiles()).hasSize(2).allSatisfy(part -> assertThat(part).doesNotContain("/hook"));
        assertThat(receiver.getRequestCount()).as("shards send nothing").isZero();

        Merge merge = merge(environment, "merged");
        assertThat(merge.code()).as(merge.out() + merge.err()).isZero();
        assertThat(merge.out()).contains("[cognigy] webhook: delivered msg_batch_");
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(receiver.takeRequest().getUrl().toString()).isEqualTo(url);
        assertThat(Files.readString(dir.resolve("merged/results.json"))).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("a merge given COGNIGY_WEBHOOK_URL with a token too short to be masked warns once, naming the variable and"
            + " never the value, as a test run does")
    void shortTokenInTheMergesUrlWarned() throws Exception {
        String shortToken = "k9Zq2";
        Map<String, String> environment = with(Constants.WEBHOOK_URL_ENV, receiver.url("/hook") + "?token=" + shortToken);
        shard(1, environment, false);
        shard(2, environment, false);

        Merge merge = merge(environment, "merged");

        assertThat(merge.code()).as(merge.out() + merge.err()).isZero();
        assertThat(merge.out().lines().filter(line -> line.startsWith("[cognigy] WARNING the query value token in "
                + Constants.WEBHOOK_URL_ENV + " is shorter than 8 characters"))).hasSize(1);
        assertThat(merge.out() + merge.err()).doesNotContain(shortToken);
    }
}
