package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * From the moment a run is under way its report folder says so: its {@code results.json} and {@code index.html} are
 * the mark of a run that has not finished, with the earlier run's pair kept in {@code previous/}, until its end writes
 * its own pair and removes the kept one. What the folder held is read from a listener told the run has started, as a
 * CI step or a person would find it should the JVM be killed then.
 */
class RunUnderWayReportsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long a wait for the run's own threads may take on a busy machine before the test gives up. */
    private static final long GENEROUS_SECONDS = 20;
    private static final String ORDERS = "fixtures/standalone/orders.sim.yaml";
    private static final DiscoverySelector SUITE = selectClasspathResource(ORDERS);
    private static final DiscoverySelector ONE_TEST = selectUniqueId(UniqueId.forEngine("cognigy").append("file", ORDERS)
            .append("case", "test_yaml_greeting"));

    /**
     * Every file below a folder, by its path relative to it, with its text; the lock file and the partial files of a write
     * under way ({@code .results.….json.part}, moved into place or deleted at any moment) left out. Read while nothing
     * writes the folder: {@link #awaitMark} first, where a mark is being written.
     */
    private static Map<String, String> files(Path folder) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) return files;
        try (var all = Files.walk(folder)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                if (file.getFileName().toString().startsWith(".")) continue;
                try {
                    files.put(folder.relativize(file).toString(), Files.readString(file));
                } catch (java.nio.file.NoSuchFileException moved) {
                    // moved between the listing and the read (the earlier pair into previous/): read where it went
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A run and what its report folder held once its first test had reported: while the run is under way. */
    private record Run(RunInfo info, Map<String, String> atStart) {
    }

    private static Run run(Path reports, DiscoverySelector selector, Map<String, String> parameters) {
        AtomicReference<RunInfo> started = new AtomicReference<>();
        AtomicReference<Map<String, String>> atStart = new AtomicReference<>();
        SimulationListener watcher = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                started.set(run);
            }

            @Override
            public void simulationFinished(SimulationRecord record) {
                if (atStart.get() == null) atStart.compareAndSet(null, files(reports));
            }
        };
        ScriptedBackend backend = new ScriptedBackend();
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> backend,
                        Clock.systemUTC()).withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .withListeners(watcher)))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selector);
        parameters.forEach(kit::configurationParameter);
        kit.execute();
        assertThat(started.get()).as("the run started").isNotNull();
        return new Run(started.get(), atStart.get());
    }

    /** A run into {@code reports} whose backend refuses it before its first test: it does not start. */
    private static org.junit.platform.testkit.engine.EngineExecutionResults notStarted(Path reports) {
        ScriptedBackend refusing = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.BotSchema schema() {
                throw new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.AUTHENTICATION,
                        "credentials refused; check COGNIGY_CLIENT_SECRET <now>");
            }
        };
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> refusing, Clock.systemUTC())
                        .withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(SUITE).execute();
    }

    private static Run run(Path reports, DiscoverySelector selector) {
        return run(reports, selector, Map.of());
    }

    @Test
    @DisplayName("a run under way: results.json says running, with no verdict, and index.html says the run has not finished,"
            + " linking the earlier run's pair kept as it was in previous/; the run's end writes its own pair and removes it")
    void markedWhileUnderWay(@TempDir Path reports) throws Exception {
        Run earlier = run(reports, SUITE);
        String earlierResults = Files.readString(reports.resolve("results.json"));
        String earlierPage = Files.readString(reports.resolve("index.html"));

        Run now = run(reports, SUITE);

        String batch = now.info().batchId();
        JsonNode mark = JSON.readTree(now.atStart().get("results.json"));
        assertThat(mark.path("schema_version").asInt()).isEqualTo(1);
        assertThat(mark.path("batch_id").asString()).isEqualTo(batch);
        assertThat(mark.path("running").asBoolean()).isTrue();
        assertThat(mark.path("started").asString()).isEqualTo(now.info().started().truncatedTo(ChronoUnit.MILLIS).toString());
        assertThat(mark.path("finished").isNull()).isTrue();
        assertThat(mark.has("summary") || mark.has("governance") || mark.has("results")).as("no figure or verdict").isFalse();
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.info().batchId());
        assertThat(mark.path("previous_run").path("results").asString()).isEqualTo("previous/results.json");
        assertThat(mark.path("previous_run").path("page").asString()).isEqualTo("previous/index.html");
        assertThat(now.atStart().get("index.html")).contains("Run " + batch + " has not finished", "It started at ",
                        "<a href=\"previous/index.html\">previous/index.html</a>", "The reports of run " + earlier.info().batchId()
                        + " (finished ")
                .doesNotContain("COMPLIANT").doesNotContain("<script");
        assertThat(now.atStart().get("previous/results.json")).isEqualTo(earlierResults);
        assertThat(now.atStart().get("previous/index.html")).isEqualTo(earlierPage);

        JsonNode finished = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(finished.path("batch_id").asString()).isEqualTo(batch);
        assertThat(finished.has("running")).isFalse();
        assertThat(finished.path("governance").path("status").asString()).isNotEmpty();
        assertThat(Files.readString(reports.resolve("index.html"))).contains(batch).doesNotContain("has not finished");
        assertThat(reports.resolve("previous")).doesNotExist();
    }

    @Test
    @DisplayName("a run whose start hangs (a slow tenant's token or schema, retried) already says it is under way, the"
            + " earlier run's pair kept in previous/: a JVM killed while the run starts leaves no earlier verdict looking like"
            + " the latest; the mark names the run that then ends")
    void markedWhileTheStartHangs(@TempDir Path reports) throws Exception {
        Run earlier = run(reports, SUITE);
        String earlierResults = Files.readString(reports.resolve("results.json"));
        String earlierPage = Files.readString(reports.resolve("index.html"));
        CountDownLatch schemaAsked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        ScriptedBackend slow = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.BotSchema schema() {
                schemaAsked.countDown();
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.schema();
            }
        };
        AtomicReference<RunInfo> started = new AtomicReference<>();
        SimulationListener watcher = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                started.set(run);
            }
        };
        CompletableFuture<org.junit.platform.testkit.engine.EngineExecutionResults> running = CompletableFuture.supplyAsync(
                () -> EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> slow, Clock.systemUTC())
                                .withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).withListeners(watcher)))
                        .configurationParameter(Constants.REPORT_DIR, reports.toString())
                        .selectors(SUITE).execute(),
                task -> new Thread(task, "run-whose-start-hangs").start());
        Map<String, String> whileStarting;
        try {
            assertThat(schemaAsked.await(GENEROUS_SECONDS, TimeUnit.SECONDS)).as("the schema asked for").isTrue();
            // Written once the start has taken a while, on a thread of its own: the start is held until it is there.
            awaitMark(reports);
            whileStarting = files(reports);
            assertThat(started.get()).as("still starting: no listener told").isNull();
        } finally {
            answer.countDown();
        }
        assertThat(running.get(GENEROUS_SECONDS, TimeUnit.SECONDS).testEvents().finished().count()).as("the tests ran once the"
                + " schema came").isPositive();

        JsonNode mark = JSON.readTree(whileStarting.get("results.json"));
        String batch = started.get().batchId();
        assertThat(mark.path("batch_id").asString()).as("the run's own batch").isEqualTo(batch);
        assertThat(mark.path("started").asString()).isEqualTo(started.get().started().truncatedTo(ChronoUnit.MILLIS).toString());
        // Named as configured (the default): the backend is not made yet, and the engine's own are named as their choice.
        assertThat(mark.path("backend").asString()).isEqualTo("simulation");
        assertThat(mark.has("summary") || mark.has("governance") || mark.has("results")).as("no figure or verdict").isFalse();
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.info().batchId());
        assertThat(whileStarting.get("index.html")).contains("Run " + batch + " has not finished",
                "<a href=\"previous/index.html\">").doesNotContain("COMPLIANT");
        assertThat(whileStarting.get("previous/results.json")).isEqualTo(earlierResults);
        assertThat(whileStarting.get("previous/index.html")).isEqualTo(earlierPage);

        JsonNode finished = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(finished.path("batch_id").asString()).isEqualTo(batch);
        assertThat(finished.has("running")).isFalse();
        assertThat(finished.path("governance").path("status").asString()).isNotEmpty();
        assertThat(reports.resolve("previous")).doesNotExist();
    }

    @Test
    @DisplayName("a run that cannot start (its backend refused) leaves a pair saying it did not start and why, no verdict,"
            + " and keeps the earlier run's pair in previous/: the build failed before its first test, and the folder must"
            + " not show the earlier run's verdict as the latest")
    void runThatDidNotStartSaysSo(@TempDir Path reports) throws Exception {
        Run earlier = run(reports, SUITE);
        String earlierResults = Files.readString(reports.resolve("results.json"));
        notStarted(reports).testEvents().assertStatistics(stats -> stats.started(0));

        JsonNode mark = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(mark.path("running").asBoolean(true)).isFalse();
        assertThat(mark.path("not_started").asString()).isEqualTo("credentials refused; check COGNIGY_CLIENT_SECRET <now>");
        assertThat(mark.path("batch_id").asString()).startsWith("batch_").isNotEqualTo(earlier.info().batchId());
        assertThat(mark.path("backend").asString()).isEqualTo("scripted");
        assertThat(mark.has("summary") || mark.has("governance") || mark.has("results")).as("no figure or verdict").isFalse();
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.info().batchId());
        assertThat(Files.readString(reports.resolve("previous/results.json"))).isEqualTo(earlierResults);
        assertThat(Files.readString(reports.resolve("index.html"))).contains(" did not start</h2>",
                        "credentials refused; check COGNIGY_CLIENT_SECRET &lt;now&gt;", "<a href=\"previous/index.html\">")
                .doesNotContain("has not finished").doesNotContain("COMPLIANT");

        // A second run that cannot start finds a mark, not a run's results: the pair kept is still the earlier run's.
        notStarted(reports);
        assertThat(Files.readString(reports.resolve("previous/results.json"))).isEqualTo(earlierResults);
        assertThat(JSON.readTree(reports.resolve("results.json").toFile()).path("previous_run").path("batch_id").asString())
                .isEqualTo(earlier.info().batchId());

        Run after = run(reports, SUITE);
        // Under way, the run that ends next links the last run that finished, not the one that did not start.
        assertThat(after.atStart().get("previous/results.json")).isEqualTo(earlierResults);
        JsonNode finished = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(finished.path("batch_id").asString()).isEqualTo(after.info().batchId());
        assertThat(finished.path("governance").path("status").asString()).isNotEmpty();
        assertThat(reports.resolve("previous")).as("the next run that ends removes the kept pair").doesNotExist();
    }

    /**
     * Until the folder holds the whole mark of a run under way: its results.json, and its index.html, which is moved into
     * place after it. Each is read by its name, as a CI step reads it (each replaced whole): a walk of the folder while the
     * watcher writes the mark meets its partial files, gone before they are read.
     */
    private static void awaitMark(Path reports) {
        await().atMost(Duration.ofSeconds(GENEROUS_SECONDS)).until(() -> {
            String results = textOf(reports.resolve("results.json"));
            return results.contains("\"running\" : true") && textOf(reports.resolve("index.html"))
                    .contains("Run " + JSON.readTree(results).path("batch_id").asString() + " has not finished");
        });
    }

    /** The file's text, or nothing while it is not there. */
    private static String textOf(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (java.nio.file.NoSuchFileException notYet) {
            return "";
        }
    }

    @Test
    @DisplayName("a slow start that then fails (a tenant unreachable after its retries) leaves the pair of a run that did"
            + " not start over its mark, the same batch, and the earlier run's pair still in previous/")
    void slowStartThatFailsSaysItDidNotStart(@TempDir Path reports) throws Exception {
        Run earlier = run(reports, SUITE);
        String earlierResults = Files.readString(reports.resolve("results.json"));
        AtomicReference<String> markedBatch = new AtomicReference<>();
        ScriptedBackend unreachable = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.BotSchema schema() {
                awaitMark(reports);
                markedBatch.set(JSON.readTree(files(reports).get("results.json")).path("batch_id").asString());
                throw new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TRANSPORT, "the server is unreachable");
            }
        };
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> unreachable, Clock.systemUTC())
                        .withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(SUITE).execute().testEvents().assertStatistics(stats -> stats.started(0));

        JsonNode pair = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(pair.path("running").asBoolean(true)).isFalse();
        assertThat(pair.path("not_started").asString()).startsWith("the server is unreachable");
        assertThat(pair.path("batch_id").asString()).as("the run the mark named").isEqualTo(markedBatch.get());
        assertThat(pair.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.info().batchId());
        assertThat(Files.readString(reports.resolve("previous/results.json"))).isEqualTo(earlierResults);
        assertThat(Files.readString(reports.resolve("index.html"))).contains(" did not start</h2>").doesNotContain("has not finished");
    }

    @Test
    @DisplayName("a start that fails otherwise than refused (an error of its own) leaves the pair of a run that did not"
            + " start, not the mark of one under way, which would say the JVM was killed")
    void startFailingOtherwiseSaysItDidNotStart(@TempDir Path reports) throws Exception {
        Run earlier = run(reports, SUITE);
        ScriptedBackend failing = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.BotSchema schema() {
                throw new IllegalStateException("the schema's reader failed");
            }
        };
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> failing, Clock.systemUTC())
                        .withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(SUITE).execute().testEvents().assertStatistics(stats -> stats.started(0));

        JsonNode mark = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(mark.path("running").asBoolean(true)).isFalse();
        assertThat(mark.path("not_started").asString()).isEqualTo("java.lang.IllegalStateException: the schema's reader failed");
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.info().batchId());
        assertThat(Files.readString(reports.resolve("index.html"))).contains(" did not start</h2>").doesNotContain("has not finished");
    }

    /**
     * A run into {@code reports} whose start outlasts its grace and then fails with {@code error}: the folder marked as
     * under way when it is thrown, as a JVM's heap running out in a slow start finds it. Returns the batch the mark named.
     */
    private static String slowStartFailingWith(Path reports, Error error) {
        AtomicReference<String> markedBatch = new AtomicReference<>();
        ScriptedBackend failing = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.BotSchema schema() {
                awaitMark(reports);
                markedBatch.set(JSON.readTree(files(reports).get("results.json")).path("batch_id").asString());
                throw error;
            }
        };
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> failing,
                        Clock.systemUTC()).withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(SUITE);
        org.junit.platform.testkit.engine.EngineExecutionResults results = kit.execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        // The start's own failure, reported: as the engine node's failure, or — the heap exhausted, which JUnit takes for a
        // JVM that cannot go on — as the cause of the engine's.
        assertThat(results.containerEvents().failed().stream().map(event -> event.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()))
                .singleElement().satisfies(failure -> assertThat(causes(failure)).contains(error));
        return markedBatch.get();
    }

    /** {@code failure} and its causes, outermost first. */
    private static java.util.List<Throwable> causes(Throwable failure) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable at = failure; at != null && !chain.contains(at); at = at.getCause()) chain.add(at);
        return chain;
    }

    @Test
    @DisplayName("a slow start that ends in an Error (the heap exhausted) leaves the pair of a run that did not start over its"
            + " mark, with the error as its reason, not the mark of a run under way")
    void slowStartEndingInOutOfMemorySaysItDidNotStart(@TempDir Path reports) throws Exception {
        Run earlier = run(reports, SUITE);

        String marked = slowStartFailingWith(reports, new OutOfMemoryError("Java heap space"));

        JsonNode pair = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(pair.path("batch_id").asString()).as("the run the mark named").isEqualTo(marked);
        assertThat(pair.path("running").asBoolean(true)).isFalse();
        assertThat(pair.path("not_started").asString()).isEqualTo("java.lang.OutOfMemoryError: Java heap space");
        assertThat(pair.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.info().batchId());
        assertThat(Files.readString(reports.resolve("index.html"))).contains(" did not start</h2>").doesNotContain("has not finished");
    }

    @Test
    @DisplayName("a slow start that ends in a LinkageError (a class missing from the test class path) leaves the pair of a run"
            + " that did not start, and the engine node fails with that error")
    void slowStartEndingInALinkageErrorSaysItDidNotStart(@TempDir Path reports) throws Exception {
        String marked = slowStartFailingWith(reports, new NoClassDefFoundError("com/example/Missing"));

        JsonNode pair = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(pair.path("batch_id").asString()).isEqualTo(marked);
        assertThat(pair.path("running").asBoolean(true)).isFalse();
        assertThat(pair.path("not_started").asString()).isEqualTo("java.lang.NoClassDefFoundError: com/example/Missing");
    }

    /** A run into {@code reports} with these settings and environment, its backend never made; what the kit saw. */
    private static org.junit.platform.testkit.engine.EngineExecutionResults refused(Path reports, Map<String, String> parameters,
                                                                                     Map<String, String> environment) {
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, config -> {
                    throw new AssertionError("no backend is made for a configuration refused");
                }, Clock.systemUTC()).withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(SUITE);
        parameters.forEach(kit::configurationParameter);
        return kit.execute();
    }

    @Test
    @DisplayName("a run refused over its configuration (a bad value, a secret pasted into a setting) leaves the pair of a"
            + " run that did not start, its problems as the reason, masked as the console shows them, and the earlier pair"
            + " in previous/: the build failed, and the folder must not show the earlier run's verdict as the latest")
    void refusedConfigurationSaysItDidNotStart(@TempDir Path reports) throws Exception {
        Run earlier = run(reports, SUITE);
        String earlierResults = Files.readString(reports.resolve("results.json"));
        String earlierPage = Files.readString(reports.resolve("index.html"));
        String secret = "cs-9f8e7d6c5b4a3210";

        org.junit.platform.testkit.engine.EngineExecutionResults results = refused(reports, Map.of(
                Constants.GOVERNANCE_THRESHOLD, "1.5", Constants.RETRY_MAX_ATTEMPTS, secret),
                Map.of(Constants.CLIENT_SECRET_ENV, secret));

        results.testEvents().assertStatistics(stats -> stats.started(0));
        String failure = results.containerEvents().failed().stream().map(event -> event.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .findFirst().orElseThrow();
        JsonNode mark = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(mark.path("running").asBoolean(true)).isFalse();
        assertThat(mark.path("not_started").asString()).as("the console's message").isEqualTo(failure)
                .contains(Constants.GOVERNANCE_THRESHOLD + "=1.5", Constants.RETRY_MAX_ATTEMPTS).doesNotContain(secret);
        assertThat(mark.path("batch_id").asString()).startsWith("batch_").isNotEqualTo(earlier.info().batchId());
        assertThat(mark.path("backend").asString()).isEqualTo("simulation");
        assertThat(mark.has("summary") || mark.has("governance") || mark.has("results")).as("no figure or verdict").isFalse();
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.info().batchId());
        assertThat(Files.readString(reports.resolve("previous/results.json"))).isEqualTo(earlierResults);
        assertThat(Files.readString(reports.resolve("previous/index.html"))).isEqualTo(earlierPage);
        assertThat(Files.readString(reports.resolve("index.html"))).contains(" did not start</h2>",
                Constants.GOVERNANCE_THRESHOLD + "=1.5").doesNotContain(secret).doesNotContain("COMPLIANT");
    }

    @Test
    @DisplayName("a refused cognigy.backend is named unknown in the pair of a run that did not start, not as the default it"
            + " was read as")
    void refusedBackendIsNotNamed(@TempDir Path reports) throws Exception {
        refused(reports, Map.of(Constants.BACKEND, "simulaton"), Map.of());

        JsonNode mark = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(mark.path("not_started").asString()).contains(Constants.BACKEND + "=simulaton is not a backend");
        assertThat(mark.path("backend").asString()).isEqualTo("unknown");
    }

    @Test
    @DisplayName("a configuration refused over the report folder itself (a file where the folder is meant), or in one part"
            + " of a split run, marks nothing: there is no folder of the run's to say it in")
    void refusedWithoutAFolderMarksNothing(@TempDir Path reports) throws Exception {
        run(reports, SUITE);
        Map<String, String> before = files(reports);

        refused(reports, Map.of(Constants.REPORT_DIR, reports.resolve("results.json").toString()), Map.of())
                .containerEvents().assertStatistics(stats -> stats.failed(1));
        refused(reports, Map.of(Constants.RUN_ID, "run-7", Constants.RUN_DEFER, "true", Constants.GOVERNANCE_THRESHOLD, "1.5"),
                Map.of()).containerEvents().assertStatistics(stats -> stats.failed(1));
        refused(reports, Map.of(Constants.SHARD, "3/2"), Map.of()).containerEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(files(reports)).isEqualTo(before);
    }

    @Test
    @DisplayName("the first run into a folder is marked too, saying no earlier run's reports are kept")
    void firstRunMarkedWithNothingKept(@TempDir Path reports) throws Exception {
        Run first = run(reports, SUITE);

        assertThat(first.atStart().keySet()).containsExactlyInAnyOrder("results.json", "index.html");
        JsonNode mark = JSON.readTree(first.atStart().get("results.json"));
        assertThat(mark.path("running").asBoolean()).isTrue();
        assertThat(mark.path("previous_run").isNull()).isTrue();
        assertThat(first.atStart().get("index.html")).contains("No earlier run's reports are kept in this folder.");
        assertThat(reports.resolve("previous")).doesNotExist();
    }

    @Test
    @DisplayName("a run of tests picked one by one (a rerun) marks partial/, where its reports go: the suite's pair stays"
            + " byte for byte, and is not kept twice")
    void pickedOneByOneMarksPartial(@TempDir Path reports) throws Exception {
        run(reports, SUITE);
        Map<String, String> suite = files(reports);
        Run earlierRerun = run(reports, ONE_TEST);
        String earlierRerunResults = Files.readString(reports.resolve("partial/results.json"));

        Run rerun = run(reports, ONE_TEST);

        Map<String, String> atStart = rerun.atStart();
        assertThat(atStart.get("results.json")).as("the suite's").isEqualTo(suite.get("results.json"));
        assertThat(atStart.get("index.html")).as("the suite's").isEqualTo(suite.get("index.html"));
        assertThat(atStart.keySet()).noneMatch(name -> name.startsWith("previous"));
        JsonNode mark = JSON.readTree(atStart.get("partial/results.json"));
        assertThat(mark.path("batch_id").asString()).isEqualTo(rerun.info().batchId());
        assertThat(mark.path("running").asBoolean()).isTrue();
        assertThat(mark.path("partial").asBoolean()).isTrue();
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(earlierRerun.info().batchId());
        assertThat(atStart.get("partial/index.html")).contains("tests picked one by one", "has not finished");
        assertThat(atStart.get("partial/previous/results.json")).isEqualTo(earlierRerunResults);

        assertThat(files(reports).get("results.json")).as("the suite's, after the rerun").isEqualTo(suite.get("results.json"));
        assertThat(JSON.readTree(reports.resolve("partial/results.json").toFile()).path("batch_id").asString())
                .isEqualTo(rerun.info().batchId());
        assertThat(reports.resolve("partial/previous")).doesNotExist();
    }

    @Test
    @DisplayName("one part of a split run leaves the report folder's pair as it is: it reports to a folder of its own, new"
            + " for its batch, and its begun mark stands for it in the merge")
    void partOfASplitRunLeavesTheFolder(@TempDir Path reports) throws Exception {
        run(reports, SUITE);
        Map<String, String> before = files(reports);

        Run part = run(reports, SUITE, Map.of(Constants.RUN_ID, "run-7", Constants.RUN_DEFER, "true"));

        assertThat(part.atStart().get("results.json")).isEqualTo(before.get("results.json"));
        assertThat(part.atStart().get("index.html")).isEqualTo(before.get("index.html"));
        assertThat(part.atStart().keySet()).noneMatch(name -> name.startsWith("previous") || name.endsWith("/results.json"));
        assertThat(files(reports).get("results.json")).isEqualTo(before.get("results.json"));
        assertThat(reports.resolve("run-7").resolve(part.info().batchId()).resolve("results.json")).exists();
    }
}
