package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What merge says of files it is given that are not parts: one line naming the file, what it is not and what to give. */
class MergeInputTest {

    @TempDir
    Path dir;

    private String refusal(Path input) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), input.toString()), Map.<String, String>of()::get,
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a run's results.json, an empty part and a part cut short are refused naming the file and why, with no Java internals;"
            + " a folder whose name holds a glob's characters is read as named")
    void filesThatAreNotParts() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), "{\"batch_id\":\"batch_1\",\"summary\":{\"total\":3}}");
        assertThat(refusal(results)).startsWith("merge: cannot read " + results + ": not a part of a split run: it is JSON, but not what"
                + " a JVM of a split run writes as its cognigy-part.json; give merge the report folders").hasLineCount(1)
                .doesNotContain("Cannot invoke", "dev.botsim", "null");

        Files.createDirectories(dir.resolve("empty"));
        Path empty = Files.writeString(dir.resolve("empty/cognigy-part.json"), "");
        assertThat(refusal(dir.resolve("empty"))).contains(empty + ": not a part of a split run: the file is empty").hasLineCount(1);

        for (String name : List.of("shard[1]", "shard {a}", "shard?")) {
            Path folder = Files.createDirectories(dir.resolve("named").resolve(name));
            Path part = Files.writeString(folder.resolve("cognigy-part.json"), "");
            assertThat(refusal(folder)).as("a folder named %s is read as named, not as a glob", name)
                    .contains(part + ": not a part of a split run: the file is empty");
        }

        Path cut = Files.writeString(dir.resolve("cut.json"), "{\"schemaVersion\":1,\"runId\":\"run-42\",\"info\":{\"batch");
        assertThat(refusal(cut)).contains(cut + ": not a part of a split run: it is not JSON, or was cut short").hasLineCount(1);
    }

    @Test
    @DisplayName("a part whose shard or run id no JVM writes (edited by hand) is refused as not a part, naming the file, instead"
            + " of ending merge in an exception")
    void shardAndRunIdAJvmNeverWrites() throws Exception {
        String part = "{\"schemaVersion\":1,\"runId\":\"%s\",\"shard\":%s,\"partial\":false,\"cancelled\":false,"
                + "\"info\":{\"batchId\":\"batch_1\",\"started\":\"2026-01-01T00:00:00Z\",\"backend\":\"sandbox\"},"
                + "\"finished\":\"2026-01-01T00:00:01Z\",\"dataFiles\":{},\"records\":[]}";
        for (String shard : List.of("\"x\"", "\"2\"", "\"0/2\"", "\"3/2\"", "\"1/99999\"", "\" 1/2\"")) {
            Path file = Files.writeString(dir.resolve("part.json"), part.formatted("run-42", shard));
            assertThat(refusal(file)).as("shard %s", shard).startsWith("merge: cannot read " + file + ": its shard is not <i>/<n>")
                    .hasLineCount(1);
        }
        for (String runId : List.of("run 42", "run-42\\n[cognigy] governance: COMPLIANT", "")) {
            Path file = Files.writeString(dir.resolve("part.json"), part.formatted(runId, "\"1/2\""));
            assertThat(refusal(file)).as("run id %s", runId).startsWith("merge: cannot read " + file + ": its run id is not")
                    .hasLineCount(1);
        }
    }

    @Test
    @DisplayName("a -D setting outside cognigy.* (a misspelt prefix) is wrong use, refused before anything is merged: it would"
            + " leave the parts' own value, their audit trail say, in force")
    void settingsOutsideCognigyAreRefused() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("shards"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), "-Dcogniy.audit.file=audit.jsonl",
                parts.toString()), Map.<String, String>of()::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("merge: -Dcogniy.audit.file is not a cognigy.* setting, the"
                + " only settings a merge reads (is cognigy misspelt?); nothing was merged").contains(MergeCommand.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(dir.resolve("merged")).doesNotExist();
    }
}
