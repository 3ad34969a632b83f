package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.Ticker;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * Issue 16, scope 4: a suite of NLU tests shares the management API's 1,000 requests per 5 minutes with the reads
 * before its first score. Against the sandbox, engine and sandbox on one clock moved by hand: the first progress line says how many
 * requests the suite makes and how long they take; while the budget holds the last scores back, the progress line says
 * so and until when. The budget's five minutes are the virtual clock's: the test waits only for the line it expects.
 */
class NluBudgetProgressTest {

    private static final Pattern FIRST = Pattern.compile("\\[cognigy] 0/(\\d+) done; ([\\d,]+) tests scored through Cognigy's"
            + " NLU: ([\\d,]+) management requests \\((\\d+) reads before the first score\\), about 5 min at 1,000 requests per"
            + " 5 minutes");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final Console console = new Console();
    private final WindowSleeper sleeper = new WindowSleeper(clock, console);
    private final CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
            SandboxOptions.defaults().withClock(clock));

    @Test
    @DisplayName("cognigy.backend=nlu, 1,000 tests: the first line counts the reads (about 5 min); during the wait the line"
            + " says it waits for the management API's budget until 10:05:00 UTC; the run ends after one virtual wait")
    void backendNlu() throws IOException {
        writeNluCases(1000, true);

        EngineExecutionResults results = run("nlu");

        results.testEvents().assertStatistics(stats -> stats.started(1000).aborted(0));
        List<String> lines = console.lines();
        Matcher first = FIRST.matcher(lines.get(0));
        assertThat(first.matches()).as("first line: " + lines.get(0)).isTrue();
        assertThat(first.group(1)).isEqualTo("1000");
        assertThat(first.group(2)).isEqualTo("1,000");
        int reads = Integer.parseInt(first.group(4));
        assertThat(reads).as("schema, flow, locale, threshold, training state: every management request but the scores")
                .isEqualTo(sandbox.stats().requests("management"));
        assertThat(first.group(3)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", 1000 + reads));

        assertWaitedOnce(lines, reads, 0);
    }

    @Test
    @DisplayName("a mixed suite (cognigy.backend=endpoint, 1,000 tests in mode: nlu beside 2 flow tests): the first line gives"
            + " the NLU share's requests and time, and the wait is said as it happens")
    void mixedSuite() throws IOException {
        writeNluCases(1000, true);
        Files.writeString(dir.resolve("suite/flows.sim.yaml"), """
                version: 1
                cases:
                  - id: test_flow_hello
                    utterance: hello there
                    expect: { intent: greeting, next_flow: flow_greeting }
                  - id: test_flow_order
                    utterance: where is my order ORD_99
                    expect: { intent: check_order }
                """);

        EngineExecutionResults results = run("endpoint");

        results.testEvents().assertStatistics(stats -> stats.started(1002).aborted(0));
        List<String> lines = console.lines();
        Matcher first = FIRST.matcher(lines.get(0));
        assertThat(first.matches()).as("first line: " + lines.get(0)).isTrue();
        assertThat(first.group(1)).as("every test of the run").isEqualTo("1002");
        assertThat(first.group(2)).as("the NLU share").isEqualTo("1,000");
        int reads = Integer.parseInt(first.group(4));
        assertThat(first.group(3)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", 1000 + reads));
        assertThat(reads).as("the flow's schema reads are counted with the NLU's: the tenant counts them together")
                .isEqualTo(sandbox.stats().requests("management"));
        assertThat(sandbox.stats().requests("endpoint")).isEqualTo(2);
        assertWaitedOnce(lines, reads, 2);
    }

    @Test
    @DisplayName("a suite that fits in the window says nothing at its start and never waits")
    void fitsInOneWindow() throws IOException {
        writeNluCases(900, true);

        EngineExecutionResults results = run("nlu");

        results.testEvents().assertStatistics(stats -> stats.started(900));
        assertThat(console.lines()).noneMatch(l -> l.contains(" done; ")).noneMatch(l -> l.contains("waiting for"));
        assertThat(sleeper.waits).isEmpty();
    }

    private void assertWaitedOnce(List<String> lines, int reads, int flowTests) {
        // Every request before the wait went at the clock's start, so the window reopens five minutes after it.
        assertThat(sleeper.waits).isNotEmpty().allSatisfy(w -> assertThat(w).isEqualTo(Duration.ofMinutes(5)));
        assertThat(sandbox.stats().requests("nlu-scores")).as("each score sent once: none refused with a 429").isEqualTo(1000);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-24T10:05:00Z"));
        String waiting = lines.stream().filter(l -> l.contains("waiting for")).findFirst().orElseThrow();
        assertThat(waiting).as("the line during the wait").matches("\\[cognigy] (\\d+)/\\d+ done, .*, waiting for the management"
                + " API's budget of 1,000 requests per 5 minutes until 10:05:00 UTC, ETA 5 min");
        long doneBeforeWait = Long.parseLong(waiting.substring("[cognigy] ".length(), waiting.indexOf('/')));
        assertThat(doneBeforeWait).as("the scores that fit beside the reads, and the flow tests, at most")
                .isLessThanOrEqualTo(1000 - reads + flowTests);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /**
     * The engine against the sandbox as against a tenant: the sandbox keeps to the same 1,000 requests per 5 minutes
     * on the same clock, so a request sent early would be refused there as on a tenant.
     */
    private EngineExecutionResults run(String backend) {
        Map<String, String> environment = Map.of(Constants.MANAGEMENT_API_KEY_ENV, sandbox.managementApiKey(),
                Constants.ENDPOINT_URL_ENV, sandbox.endpointUrl());
        return EngineTestSupport.kit(EngineTestSupport.realBackends(environment, clock, sleeper).withConsole(console.stream), sleeper)
                .configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.MANAGEMENT_URL, sandbox.managementUrl())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId())
                .configurationParameter(Constants.PROGRESS_INTERVAL, "20ms")
                // One request at a time, so the one that waits reads the clock before any wait has moved it.
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectDirectory(dir.resolve("suite").toFile())).execute();
    }

    /** {@code count} distinct sentences expecting check_order, in files of 100, {@code mode: nlu} when asked. */
    private void writeNluCases(int count, boolean nluMode) throws IOException {
        Path suite = Files.createDirectories(dir.resolve("suite"));
        for (int file = 0; file * 100 < count; file++) {
            List<String> lines = new ArrayList<>(List.of("version: 1"));
            if (nluMode) lines.add("mode: nlu");
            lines.add("cases:");
            for (int i = file * 100; i < Math.min(count, (file + 1) * 100); i++) {
                lines.add("  - id: test_order_" + i);
                lines.add("    utterance: \"where is my order number " + i + "\"");
                lines.add("    expect: { intent: check_order }");
            }
            Files.write(suite.resolve("orders-" + file + ".sim.yaml"), lines);
        }
    }

    /** The engine's console, captured line by line; a latch opens at the first line saying the run waits for a budget. */
    private static final class Console {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch waitingSaid = new CountDownLatch(1);
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(line);
                if (line != null && line.contains("waiting for")) waitingSaid.countDown();
            }
        };

        List<String> lines() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8).lines().toList();
            }
        }
    }

    /**
     * Waits no real time for a budget: it holds the waiting request until the progress line has said it waits (at most
     * 10 s, so a missing line fails the assertion rather than hangs), then moves the clock to the moment the wait ends.
     * Requests waiting side by side end at the same moment, so the clock moves to it once.
     */
    private static final class WindowSleeper implements Sleeper {
        private final MutableClock clock;
        private final Console console;
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        WindowSleeper(MutableClock clock, Console console) {
            this.clock = clock;
            this.console = console;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Instant until = clock.instant().plus(duration);
            waits.add(duration);
            console.waitingSaid.await(10, TimeUnit.SECONDS);
            clock.advanceTo(until);
        }

        /** The clock only moves forward here, by the waits: the budget's window passes on it. */
        @Override
        public Ticker ticker() {
            return VirtualTicker.of(clock);
        }
    }
}
