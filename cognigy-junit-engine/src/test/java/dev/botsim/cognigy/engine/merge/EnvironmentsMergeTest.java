package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The shards of one CI workflow run share its run id, whatever job they are in: a staging matrix and a production matrix
 * of one workflow, their reports downloaded into one folder, are parts of one run to the merge. Each part records where
 * its messages went, so the merge refuses to conclude staging's and production's answers as one run.
 */
class EnvironmentsMergeTest {

    private static final String TOKEN_STAGING = "5ta9e0en0c0ffee0123456789abcdef01";
    private static final String TOKEN_PRODUCTION = "9r0d00en0c0ffee0123456789abcdef01";

    @TempDir
    Path dir;

    @Test
    @DisplayName("shard 1/2 run against staging's endpoint and shard 2/2 against production's, under one run id: merge refuses"
            + " them, naming each endpoint (its token masked) with its part; nothing appended or sent, no token printed; the"
            + " same shards both against staging merge")
    void stagingAndProductionPartsRefused() throws Exception {
        StringBuilder cases = new StringBuilder("version: 1\nbot: support\ncases:\n");
        for (int i = 0; i < 8; i++) {
            cases.append("  - id: test_reset_").append(i).append("\n    utterance: reset my password ").append(i)
                    .append("\n    expect: { intent: reset_password }\n");
        }
        Path suite = Files.writeString(dir.resolve("support.sim.yaml"), cases);
        try (MockWebServer staging = endpoint(); MockWebServer production = endpoint()) {
            String stagingUrl = staging.url("/test/" + TOKEN_STAGING).toString();
            String productionUrl = production.url("/" + TOKEN_PRODUCTION).toString();
            shard("mixed", 1, suite, stagingUrl);
            shard("mixed", 2, suite, productionUrl);

            Merge merge = Merge.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("mixed").toString()), Map.of());

            assertThat(merge.code()).as(merge.out()).isEqualTo(2);
            assertThat(merge.err()).contains("merge refused: the parts of run run-8 sent their messages to different places —"
                            + " endpoint: ",
                    "http://" + staging.getHostName() + ":" + staging.getPort() + "/test/**** (" + dir.resolve("mixed/shard-1"),
                    "http://" + production.getHostName() + ":" + production.getPort() + "/**** (" + dir.resolve("mixed/shard-2"),
                    "a staging job's parts and a production job's under one run id",
                    "Give each environment's jobs a run id of their own (cognigy.run-id)")
                    .doesNotContain(TOKEN_STAGING).doesNotContain(TOKEN_PRODUCTION);
            SandboxSplitRuns.refusedInto(dir.resolve("merged"));
            assertThat(dir.resolve("mixed/audit.jsonl")).doesNotExist();

            shard("staging", 1, suite, stagingUrl);
            shard("staging", 2, suite, stagingUrl);
            Merge one = Merge.run(List.of("--out", dir.resolve("merged-staging").toString(), dir.resolve("staging").toString()), Map.of());
            assertThat(one.code()).as(one.err()).isZero();
            assertThat(one.out()).contains("8 simulations, 8 passed");
        }
    }

    private void shard(String job, int index, Path suite, String url) {
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, url);
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.RUN_ID, "run-8")
                .configurationParameter(Constants.SHARD, index + "/2")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve(job + "/shard-" + index).toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve(job + "/audit.jsonl").toString())
                .selectors(selectFile(suite.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.failed(0));
    }

    /** A REST Endpoint recognising every message as reset_password. */
    private static MockWebServer endpoint() throws java.io.IOException {
        MockWebServer server = LoopbackServers.mockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("""
                        {"outputStack":[{"text":"ok","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
                         {"text":null,"data":{"intent":"reset_password","intentScore":0.9,"flowName":"Support Main","slots":{}},
                          "traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],"userId":"u","sessionId":"s"}""").build();
            }
        });
        server.start();
        return server;
    }
}
