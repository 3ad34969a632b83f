package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy.http.trace} through the engine: a run with it leaves {@code http-trace.jsonl} beside its reports, one
 * JSON object per exchange, redacted; a run without it leaves none; a trace that cannot be written is one warning, and
 * the run's tests and reports are as they would be.
 */
class HttpTraceEndToEndTest {

    private static final String BOT = "classpath:bots/order-bot.yaml";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private EngineExecutionResults run(Map<String, String> parameters) throws Exception {
        Path data = dir.resolve("tests/orders.sim.yaml");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "version: 1\ncases:\n  - id: test_greeting\n    utterance: hello there\n    expect:\n"
                + "      intent: greeting\n  - id: test_mail\n    utterance: where is my order, ann@example.com\n"
                + "    data: { email: ann@example.com }\n    expect:\n      intent: check_order\n");
        return EngineTestSupport.sandboxRun(BOT, dir, console, Map.of(), parameters, selectFile(data.toFile()));
    }

    private Path trace() {
        return dir.resolve("reports").resolve("http-trace.jsonl");
    }

    @Test
    @DisplayName("on: every exchange with the bot is a line of JSON in the report folder, naming its client, its status and"
            + " its bodies, the data cognigy.replay.redact names <redacted>")
    void writtenWhenOn() throws Exception {
        EngineExecutionResults results = run(Map.of(Constants.HTTP_TRACE, "true", Constants.REPLAY_REDACT, "/request/data/email"));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(trace()).exists();
        List<String> lines = Files.readAllLines(trace(), StandardCharsets.UTF_8);
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> exchanges = lines.stream().map(json::readTree).toList();
        assertThat(exchanges).isNotEmpty().allSatisfy(exchange -> {
            assertThat(exchange.path("client").asString()).isEqualTo("simulation API");
            assertThat(exchange.path("attempt").asInt()).isEqualTo(1);
            assertThat(exchange.path("at").asString()).endsWith("Z");
            assertThat(exchange.has("status") || exchange.has("failure")).isTrue();
        });
        // Both messages went out, and the submission of the second carries its data redacted.
        String all = String.join("\n", lines);
        assertThat(all).contains("hello there", "\\\"email\\\":\\\"<redacted>\\\"");
        // The value sent as the test's data is redacted in the utterance beside it and in the later poll answering it as an entity.
        assertThat(all).doesNotContain("ann@example.com");
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.path("method").asString()).isEqualTo("POST"));
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("WARNING " + Constants.HTTP_TRACE);
    }

    @Test
    @DisplayName("off (the default): no trace file, and the run's reports as ever")
    void absentWhenOff() throws Exception {
        EngineExecutionResults results = run(Map.of());

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(dir.resolve("reports").resolve("results.json")).exists();
        assertThat(trace()).doesNotExist();
    }

    @Test
    @DisplayName("a trace that cannot be written (a folder stands in its place) is one warning naming the file and why; the"
            + " run's tests and reports are as they would be")
    void unwritableTraceIsOneWarning() throws Exception {
        Files.createDirectories(trace());

        EngineExecutionResults results = run(Map.of(Constants.HTTP_TRACE, "true"));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(dir.resolve("reports").resolve("results.json")).exists();
        String said = console.toString(StandardCharsets.UTF_8);
        assertThat(said.lines().filter(line -> line.contains(Constants.HTTP_TRACE))).singleElement().asString()
                .contains("[cognigy] WARNING cognigy.http.trace=true, but " + trace() + " cannot be written: ",
                        "; the run goes on without its HTTP trace");
        assertThat(trace()).isDirectory();
    }

    @Test
    @DisplayName("a split run's parts (Surefire's forks, an engine run per class) each trace into their part's own folder:"
            + " the second neither empties nor writes over the first's trace")
    void eachPartItsOwnTrace() throws Exception {
        Map<String, String> deferred = Map.of(Constants.HTTP_TRACE, "true", Constants.RUN_DEFER, "true", Constants.RUN_ID, "r-7");
        run(deferred).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        run(deferred).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(trace()).doesNotExist();
        List<Path> traces;
        try (var files = Files.walk(dir.resolve("reports"))) {
            traces = files.filter(file -> file.getFileName().toString().equals("http-trace.jsonl")).toList();
        }
        assertThat(traces).hasSize(2).allSatisfy(file -> {
            assertThat(file.getParent().getParent()).isEqualTo(dir.resolve("reports").resolve("r-7"));
            JsonMapper json = JsonMapper.builder().build();
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(json::readTree)
                    .filter(exchange -> exchange.path("method").asString().equals("POST")
                            && exchange.path("request_body").asString().contains("hello there"))).hasSize(1);
        });
    }
}
