package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Outcome;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parts signed with {@code COGNIGY_SHARD_KEY}: real shards of the three-test suite against the sandbox, real files, real
 * merges. With the key, merge takes only parts whose signature it verifies; without it, it checks none and says so.
 */
class SignedPartsTest {

    private static final String KEY = "shard-key-7d1c5e9a3b0f4e2d8c6a1b9e";
    private static final String OTHER_KEY = "another-shard-key-2f8e4c6a0d1b3e5c";
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    private static Map<String, String> environment(String shardKey) {
        Map<String, String> environment = new HashMap<>(Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET));
        if (shardKey != null) environment.put(Constants.SHARD_KEY_ENV, shardKey);
        return environment;
    }

    /** Shard {@code index} of 2 of run-s, the JVM's environment holding {@code shardKey} (none: {@code null}). */
    private EngineExecutionResults shard(int index, String shardKey) {
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment(shardKey)::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9")
                .configurationParameter(Constants.REPORT_DIR, reports().toString())
                .configurationParameter(Constants.AUDIT_FILE, audit().toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .configurationParameter(Constants.RUN_ID, "run-s").configurationParameter(Constants.SHARD, index + "/2")
                .selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute();
    }

    private Path reports() {
        return dir.resolve("reports");
    }

    private Path audit() {
        return dir.resolve("audit.jsonl");
    }

    /** merge of every part below the reports into {@code out}, its environment holding {@code shardKey}. */
    private Merge merge(String out, String shardKey, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.addAll(List.of("--out", dir.resolve(out).toString(), reports().toString()));
        return Merge.run(args, environment(shardKey));
    }

    /** The part of the shard that ran the failing test, and the other. */
    private Map<String, Path> partsByFailing() throws Exception {
        Map<String, Path> parts = new HashMap<>();
        for (Path file : MergeCommand.partFiles(List.of(reports().toString()))) {
            boolean failing = RunPart.read(file).records().stream().anyMatch(r -> r.outcome() == Outcome.FAILED);
            parts.put(failing ? "failing" : "passing", file);
        }
        assertThat(parts).containsOnlyKeys("failing", "passing");
        return parts;
    }

    private static Path signature(Path part) {
        return part.resolveSibling(RunPart.FILE_NAME + ".sig");
    }

    private void nothingAppendedOrSent(String out) {
        assertThat(audit()).as("nothing appended").doesNotExist();
        assertThat(receiver.getRequestCount()).as("nothing sent").isZero();
        SandboxSplitRuns.refusedInto(dir.resolve(out));
    }

    @Test
    @DisplayName("shards with COGNIGY_SHARD_KEY sign their parts beside them; merged with the key they are one run; a signed"
            + " part whose FAILED outcome was edited to PASSED is refused with exit 2, naming the file and the likely causes,"
            + " nothing appended or sent; merged without the key, the signatures are not checked, with a warning")
    void editedSignedPartRefused() throws Exception {
        shard(1, KEY);
        shard(2, KEY);
        Map<String, Path> parts = partsByFailing();
        for (Path part : parts.values()) {
            assertThat(Files.readString(signature(part))).matches("hmac-sha256:[0-9a-f]{64}\n");
            assertThat(Files.readString(part)).doesNotContain("hmac", KEY);
        }

        Merge signed = merge("signed", KEY);
        assertThat(signed.code()).as("2 of 3 passed: not COMPLIANT at 0.9, but merged").isEqualTo(1);
        assertThat(signed.err()).doesNotContain("WARNING", "refused");
        assertThat(signed.out()).contains("merging run run-s: 2 parts (each signature verified with COGNIGY_SHARD_KEY), 3 results");
        assertThat(Files.readAllLines(audit())).hasSize(1);
        Files.delete(audit());
        int sent = receiver.getRequestCount();
        assertThat(sent).isEqualTo(1);

        Path failing = parts.get("failing");
        String part = Files.readString(failing);
        assertThat(part).contains("\"outcome\":\"FAILED\"");
        Files.writeString(failing, part.replace("\"outcome\":\"FAILED\"", "\"outcome\":\"PASSED\""));

        Merge edited = merge("edited", KEY);
        assertThat(edited.code()).isEqualTo(2);
        assertThat(edited.err()).startsWith("merge refused: 1 of 2 parts are not authenticated by the COGNIGY_SHARD_KEY this merge"
                + " has; nothing was appended to the audit trail and no webhook was sent:\n  " + failing + " does not match its"
                + " signature cognigy-part.json.sig: it was changed after its JVM wrote it, or written with another key; run that"
                + " part again, or give this merge the COGNIGY_SHARD_KEY its JVM had").doesNotContain(parts.get("passing").toString());
        assertThat(audit()).doesNotExist();
        assertThat(receiver.getRequestCount()).isEqualTo(sent);
        SandboxSplitRuns.refusedInto(dir.resolve("edited"));

        // A signature replaced by one of other bytes, or by something that is no MAC, is no better.
        Files.writeString(failing, part);
        Files.writeString(signature(failing), "hmac-sha256:" + "0".repeat(64) + "\n");
        assertThat(merge("forged", KEY).err()).contains(failing + " does not match its signature");
        Files.writeString(signature(failing), "not a mac");
        assertThat(merge("garbage", KEY).err()).contains(failing + " does not match its signature");
        assertThat(audit()).doesNotExist();
        assertThat(receiver.getRequestCount()).isEqualTo(sent);
        SandboxSplitRuns.refusedInto(dir.resolve("forged"));
        SandboxSplitRuns.refusedInto(dir.resolve("garbage"));

        // Without the key the merge cannot tell: it says the signatures were not checked, and merges what it is given.
        Files.writeString(failing, part.replace("\"outcome\":\"FAILED\"", "\"outcome\":\"PASSED\""));
        Merge unchecked = merge("unchecked", null);
        assertThat(unchecked.err().lines().filter(l -> l.contains("WARNING")).toList()).singleElement().isEqualTo("[cognigy] WARNING"
                + " merge: 2 of 2 parts are signed, but COGNIGY_SHARD_KEY is not set for this merge: their signatures were not"
                + " checked; set it to the shards' key for merge to refuse a part changed after its JVM wrote it");
        assertThat(unchecked.code()).as("the edited outcome is taken as written: trusted input").isZero();
        assertThat(unchecked.out()).contains("2 parts, 3 results").doesNotContain("verified");
    }

    @Test
    @DisplayName("parts written without COGNIGY_SHARD_KEY are refused by a merge that has it, naming each and the fix;"
            + " merged without it they are trusted input, as before, and no warning is printed")
    void unsignedPartsRefusedByAMergeWithTheKey() throws Exception {
        shard(1, null);
        shard(2, null);
        Map<String, Path> parts = partsByFailing();
        for (Path part : parts.values()) assertThat(signature(part)).doesNotExist();

        Merge refused = merge("refused", KEY);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).startsWith("merge refused: 2 of 2 parts are not authenticated by the COGNIGY_SHARD_KEY");
        for (Path part : parts.values()) {
            assertThat(refused.err()).contains("  " + part + " has no signature (cognigy-part.json.sig beside it): it was written"
                    + " without COGNIGY_SHARD_KEY; set the same COGNIGY_SHARD_KEY for every shard or fork and run it again, or"
                    + " merge without COGNIGY_SHARD_KEY to take the parts unchecked");
        }
        nothingAppendedOrSent("refused");

        Merge trusted = merge("trusted", null);
        assertThat(trusted.code()).isEqualTo(1);
        assertThat(trusted.err()).doesNotContain("WARNING", "signature");
        assertThat(Files.readAllLines(audit())).hasSize(1);
    }

    @Test
    @DisplayName("a part signed with another key than the merge's is refused, by name, the other part not; a stale signature"
            + " of an earlier write does not outlive a part written again without the key")
    void partSignedWithAnotherKey() throws Exception {
        shard(1, KEY);
        shard(2, OTHER_KEY);
        List<Path> files = MergeCommand.partFiles(List.of(reports().toString()));
        Path other = files.stream().filter(f -> {
            try {
                return "2/2".equals(RunPart.read(f).shard());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        Merge merge = merge("merged", KEY);
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).startsWith("merge refused: 1 of 2 parts").contains("  " + other + " does not match its signature");
        assertThat(merge.err().lines().filter(l -> l.startsWith("  "))).hasSize(1);
        nothingAppendedOrSent("merged");

        RunPart part = RunPart.read(other);
        part.write(other.getParent(), java.util.Optional.empty());
        assertThat(signature(other)).as("no signature of other bytes is left beside the part").doesNotExist();
        part.write(other.getParent(), java.util.Optional.of(dev.botsim.cognigy.engine.support.Secret.of(KEY)));
        assertThat(merge("rewritten", KEY).code()).as("signed again with the merge's key").isEqualTo(1);
    }

    @Test
    @DisplayName("a signature file larger than any signature (a hostile one, or a wrong file in its place) is refused as not"
            + " matching, read no further than a signature can be, rather than read whole into the merge's memory; nothing is"
            + " appended or sent")
    void signatureTooLargeToBeOne() throws Exception {
        shard(1, KEY);
        shard(2, KEY);
        Path failing = partsByFailing().get("failing");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(signature(failing).toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: more than any array holds, without the disk space
        }

        Merge merge = merge("merged", KEY);

        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).startsWith("merge refused: 1 of 2 parts are not authenticated by the COGNIGY_SHARD_KEY")
                .contains("  " + failing + " does not match its signature cognigy-part.json.sig").doesNotContain("Exception");
        nothingAppendedOrSent("merged");
    }

    @Test
    @DisplayName("a whole set of another run's genuine signed parts, put where this run's were, is refused by a merge that"
            + " names its run with -Dcognigy.run-id, nothing appended or sent; named right, they merge")
    void anotherRunsGenuinePartsRefusedWhenTheRunIsNamed() throws Exception {
        shard(1, KEY);
        shard(2, KEY);

        Merge replayed = merge("replayed", KEY, "-Dcognigy.run-id=run-t");
        assertThat(replayed.code()).isEqualTo(2);
        assertThat(replayed.err()).isEqualTo("merge refused: the parts given are of run run-s, not of run run-t that"
                + " -Dcognigy.run-id names: another run's parts in this run's place; give merge the report folders of run"
                + " run-t's shards or forks\n");
        nothingAppendedOrSent("replayed");

        Merge named = merge("named", KEY, "-Dcognigy.run-id=run-s");
        assertThat(named.code()).as(named.err()).isEqualTo(1);
        assertThat(named.out()).contains("merging run run-s: 2 parts (each signature verified with COGNIGY_SHARD_KEY)");
        assertThat(Files.readAllLines(audit())).hasSize(1);
    }

    /** Shard {@code index} of 3 of run-s, signed, with the settings given over the run's own. */
    private void shardOfThree(int index, Map<String, String> settings) {
        EngineTestKit.Builder shard = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment(KEY)::get,
                        Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("shard-" + index).toString())
                .configurationParameter(Constants.AUDIT_FILE, audit().toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .configurationParameter(Constants.RUN_ID, "run-s").configurationParameter(Constants.SHARD, index + "/3");
        settings.forEach(shard::configurationParameter);
        shard.selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute();
    }

    @Test
    @DisplayName("signed shards that ran with different settings deciding the verdict or where results go (shard 1 a lower"
            + " threshold and another webhook, shard 3 another governance mode) are refused with exit 2, naming each setting"
            + " and which parts differ, never a value; settings that only shaped how a job ran may differ")
    void partsWithDifferentSettingsRefused() throws Exception {
        String tokenUrl = receiver.url("/other-hook?token=s3cr3t-token").toString();
        shardOfThree(1, Map.of(Constants.GOVERNANCE_THRESHOLD, "0.5", Constants.WEBHOOK_URL, tokenUrl));
        shardOfThree(2, Map.of(Constants.MAX_CONCURRENCY, "2", Constants.POLL_TIMEOUT, "20s"));
        shardOfThree(3, Map.of(Constants.GOVERNANCE_MODE, "tolerant"));
        Map<Integer, Path> parts = new HashMap<>();
        for (int i = 1; i <= 3; i++) parts.put(i, MergeCommand.partFiles(List.of(dir.resolve("shard-" + i).toString())).get(0));

        ByteArrayOutputStream said = new ByteArrayOutputStream();
        ByteArrayOutputStream complained = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("shard-1").toString(),
                        dir.resolve("shard-2").toString(), dir.resolve("shard-3").toString()), environment(KEY)::get, Clock.systemUTC(),
                new PrintStream(said, true, StandardCharsets.UTF_8), new PrintStream(complained, true, StandardCharsets.UTF_8));
        String err = complained.toString(StandardCharsets.UTF_8);

        assertThat(code).as(said.toString(StandardCharsets.UTF_8) + err).isEqualTo(2);
        assertThat(err).isEqualTo("merge refused: the parts of run run-s ran with different settings that decide its verdict,"
                + " what its reports mean or where its results go: cognigy.governance.mode (not set in " + parts.get(1) + ", "
                + parts.get(2) + "; set in " + parts.get(3) + "), cognigy.governance.threshold (one value in " + parts.get(1)
                + "; another in " + parts.get(2) + ", " + parts.get(3) + "), cognigy.webhook.url (one value in " + parts.get(1)
                + "; another in " + parts.get(2) + ", " + parts.get(3) + "); merged, one part's settings would judge and"
                + " deliver the whole run. Run every shard or fork of the run with the same values of these settings (a -D"
                + " given to one job only? jobs of different pipeline definitions?) and merge again; settings that only shape"
                + " how a job runs (concurrency, timeouts, retries, polling) may differ\n");
        assertThat(err).doesNotContain("0.5", "tolerant", "s3cr3t", "other-hook");
        assertThat(audit()).as("nothing appended").doesNotExist();
        assertThat(receiver.getRequestCount()).as("nothing sent").isZero();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("a COGNIGY_SHARD_KEY shorter than 32 bytes fails a shard before its first test, in the configuration message,"
            + " and a merge with exit 2, naming the variable and the fix, never the key")
    void shortKeyRefused() {
        String weak = "short-key-123";
        EngineExecutionResults results = shard(1, weak);
        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(dev.botsim.cognigy.engine.config.ConfigurationException.class);
        assertThat(failure.getMessage()).contains("the environment variable COGNIGY_SHARD_KEY holds 13 bytes; a shard key must be at"
                + " least 32: set it, in every shard's or fork's job and in the merge's, to the same random value, e.g. the output"
                + " of openssl rand -base64 32").doesNotContain(weak);

        Merge merge = merge("merged", weak);
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).isEqualTo("merge: the environment variable COGNIGY_SHARD_KEY holds 13 bytes; a shard key must be at"
                + " least 32: set it, in every shard's or fork's job and in the merge's, to the same random value, e.g. the output"
                + " of openssl rand -base64 32\n");
        nothingAppendedOrSent("merged");
    }
}
