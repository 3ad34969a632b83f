package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.transport.RefusingPort;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Item 9 acceptance with real kills: runs in JVMs of their own, their receivers down, half of them
 * killed ({@code destroyForcibly}, SIGKILL on Unix) while delivering; then the receivers come back up
 * at their addresses and one run for each delivers. Every run that wrote its audit record is
 * delivered, once per webhook-id, to its own receiver.
 * <p>
 * No receiver's port is ever given back to the system between its runs and its redelivery: one that answered 503 keeps
 * listening and starts answering 200; the one that refused is held by a {@link RefusingPort} until its server starts.
 * A port probed, closed and bound again later could meanwhile be the local end of any connection on the machine (the
 * runs' own among them), and the receiver could not come back up ("Address already in use").
 */
class OutboxKillTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("item 9: 6 runs with their receivers down, 3 killed mid-delivery, then one per receiver with it up: every audited run"
            + " delivered exactly once per webhook-id, to its own receiver")
    void killedRunsLoseNothing(@TempDir Path dir) throws Exception {
        Path outbox = dir.resolve("outbox");
        Path audit = dir.resolve("audit.jsonl");
        List<MockWebServer> failing = new ArrayList<>();
        Map<String, List<String>> runsByUrl = new java.util.LinkedHashMap<>();
        Map<String, MockWebServer> receivers = new java.util.LinkedHashMap<>();
        try (RefusingPort refused = new RefusingPort()) {
            List<Process> killed = new ArrayList<>();
            List<Process> finished = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                // Answers 503 for ever: the run keeps retrying (60 s budget) until it is killed.
                MockWebServer unavailable = LoopbackServers.mockWebServer();
                unavailable.setDispatcher(new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        return new MockResponse.Builder().code(503).build();
                    }
                });
                unavailable.start();
                failing.add(unavailable);
                String unavailableUrl = unavailable.url("/hook").toString();
                receivers.put(unavailableUrl, unavailable);
                killed.add(start(outbox, audit, "batch_killed" + i, unavailableUrl, 5, "PT60S"));
                runsByUrl.computeIfAbsent(unavailableUrl, u -> new ArrayList<>()).add("msg_batch_killed" + i);
                // Down for good: connection refused, the run gives up within its 1 s budget and ends normally.
                String refusedUrl = refused.url("/hook").toString();
                receivers.put(refusedUrl, refused.server());
                finished.add(start(outbox, audit, "batch_down" + i, refusedUrl, 2, "PT1S"));
                runsByUrl.computeIfAbsent(refusedUrl, u -> new ArrayList<>()).add("msg_batch_down" + i);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(failing.get(i).takeRequest(30, TimeUnit.SECONDS)).as("first attempt of killed run %d", i + 1).isNotNull();
                killed.get(i).destroyForcibly();
            }
            for (Process process : killed) assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (Process process : finished) {
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isZero();
            }

            List<String> audited = new ArrayList<>();
            JsonMapper json = JsonMapper.builder().build();
            for (String line : Files.readAllLines(audit)) audited.add("msg_" + json.readTree(line).path("batch_id").asString());
            assertThat(audited).hasSize(6);

            assertThat(runsByUrl.values().stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(audited);

            // Each receiver back up where its runs sent (the outbox names an entry's receiver by its URL): the failing
            // ones answer 200 from now on, the refused port gets its server.
            Dispatcher healthy = new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(200).build();
                }
            };
            for (MockWebServer unavailable : failing) {
                while (unavailable.takeRequest(0, TimeUnit.SECONDS) != null) {
                    // the 503s answered to the killed runs: not deliveries
                }
                unavailable.setDispatcher(healthy);
            }
            refused.server().setDispatcher(healthy);
            refused.listen();
            for (Map.Entry<String, List<String>> receiver : runsByUrl.entrySet()) {
                MockWebServer up = receivers.get(receiver.getKey());
                ByteArrayOutputStream console = new ByteArrayOutputStream();
                WebhookRun.webhook(outbox, receiver.getKey(), 3, Duration.ofSeconds(30), Clock.systemUTC(),
                        new PrintStream(console, true, StandardCharsets.UTF_8)).redeliverOutbox();
                List<String> received = new ArrayList<>();
                for (RecordedRequest request; (request = up.takeRequest(0, TimeUnit.SECONDS)) != null; ) {
                    received.add(request.getHeaders().get("webhook-id"));
                }
                Map<String, Long> perId = received.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(perId).as(console.toString(StandardCharsets.UTF_8)).containsOnlyKeys(receiver.getValue())
                        .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1L));
            }
        } finally {
            failing.forEach(MockWebServer::close);
        }
        try (var left = Files.list(outbox)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".json"));
        }
    }

    private static Process start(Path outbox, Path audit, String batch, String url, int attempts, String budget) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WebhookRun.class.getName(),
                outbox.toString(), audit.toString(), batch, url, String.valueOf(attempts), budget)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
