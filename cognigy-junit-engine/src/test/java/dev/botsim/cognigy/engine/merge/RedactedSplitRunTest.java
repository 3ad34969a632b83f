package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Redaction;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A split run's one payload is the merge's: it names what {@code cognigy.replay.redact} names in the parts' results only
 * by its digest, as one JVM's run does, while the parts and the merged {@code results.json}, local reports, keep them.
 */
class RedactedSplitRunTest {

    /** Two cases quoting order ids, one a slot the bot fills; two that quote none, so each shard runs some. */
    private static final String SUITE = """
            version: 1
            cases:
              - id: test_order
                utterance: where is my order ORD_4711X
                expect: { intent: check_order, entities: { order_id: ORD_0815Y } }
              - id: test_other
                utterance: order status ORD_9999Z
                expect: { intent: check_order }
              - id: test_hello
                utterance: hello there
                expect: { intent: greeting }
              - id: test_hello_again
                utterance: hi
                expect: { intent: greeting }
            """;

    @TempDir
    Path dir;

    /**
     * The body of the one payload {@code merge} sends for run {@code runId}, whose two shards ran {@link #SUITE} naming
     * {@code firstShardRedacts} and {@code secondShardRedacts} ({@code null}: none), merged with {@code mergeArgs} too.
     */
    private String mergedPayload(String runId, String firstShardRedacts, String secondShardRedacts, String... mergeArgs)
            throws Exception {
        Path suite = Files.writeString(Files.createDirectories(dir.resolve("suite")).resolve("orders.sim.yaml"), SUITE);
        RecordedRequest delivery;
        try (MockWebServer receiver = SandboxSplitRuns.receiver()) {
            for (int shard = 1; shard <= 2; shard++) {
                var kit = SandboxSplitRuns.configured(dir, receiver, "sharded").selectors(selectFile(suite.toFile()))
                        .configurationParameter(Constants.RUN_ID, runId).configurationParameter(Constants.SHARD, shard + "/2");
                String redacts = shard == 1 ? firstShardRedacts : secondShardRedacts;
                if (redacts != null) kit.configurationParameter(Constants.REPLAY_REDACT, redacts);
                kit.execute();
            }
            assertThat(receiver.getRequestCount()).as("a shard sends nothing").isZero();
            List<String> args = new java.util.ArrayList<>(List.of("--out", dir.resolve("merged").toString()));
            args.addAll(List.of(mergeArgs));
            args.add(dir.resolve("sharded/reports").toString());

            Merge merge = Merge.run(args, SandboxSplitRuns.ENVIRONMENT);

            assertThat(merge.err()).doesNotContain("merge refused");
            delivery = receiver.takeRequest(10, TimeUnit.SECONDS);
        }
        assertThat(delivery).as("the merge's payload").isNotNull();
        return delivery.getBody().utf8();
    }

    @Test
    @DisplayName("the merge's payload writes the redacted slot's value of every part's results as its digest; the parts keep it")
    void mergedPayload() throws Exception {
        String body = mergedPayload("run-7", "order_id", "order_id");

        assertThat(body).doesNotContain("ORD_4711X", "ORD_0815Y", "ORD_9999Z")
                .contains("where is my order " + Redaction.digested("ORD_4711X"), "order status " + Redaction.digested("ORD_9999Z"))
                .contains(Redaction.digested("ORD_0815Y"));
        assertThat(Files.readString(dir.resolve("merged/results.json"))).contains("ORD_4711X", "ORD_0815Y", "ORD_9999Z");
    }

    @Test
    @DisplayName("a merge given its own -Dcognigy.replay.redact adds it to what the parts name: the parts' order_id stays"
            + " redacted in the payload beside the merge's email")
    void mergesOwnListWidensTheParts() throws Exception {
        String body = mergedPayload("run-9", "order_id", "order_id", "-D" + Constants.REPLAY_REDACT + "=email");

        assertThat(body).doesNotContain("ORD_4711X", "ORD_0815Y").contains(Redaction.digested("ORD_0815Y"));
    }

    @Test
    @DisplayName("parts naming different lists: the merge's payload redacts what any part names, not only what the part"
            + " standing for the run's settings (the first shard, which names none here) does")
    void partsNamingDifferentLists() throws Exception {
        String body = mergedPayload("run-8", null, "email, order_id");

        assertThat(body).doesNotContain("ORD_4711X", "ORD_0815Y", "ORD_9999Z").contains(Redaction.digested("ORD_0815Y"));
    }
}
