package dev.botsim.cognigy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.maven.plugin.MojoFailureException;
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
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy:merge} over the parts real forks leave: each "fork" is the engine run on one data file with a run id
 * and {@code cognigy.run.defer=true}, as Surefire runs a test class in a fork, in a module folder whose relative paths
 * (the audit trail) the goal resolves as the forks did.
 */
class MergeMojoTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN = "build-7";

    @TempDir
    Path workspace;

    /**
     * The module: a folder named as the suite its forks record, the name of their module's folder — here this JVM's,
     * whose engine runs stand for the forks.
     */
    private Path module;

    private MockWebServer receiver;

    /** The webhook URL the forks are given. */
    private String webhookUrl;

    @BeforeEach
    void receiver() throws Exception {
        module = Files.createDirectories(workspace.resolve(RunPart.suite(System::getProperty)));
        receiver = new MockWebServer();
        for (int i = 0; i < 5; i++) receiver.enqueue(new MockResponse.Builder().code(204).build());
        receiver.start();
        webhookUrl = receiver.url("/hook").toString();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    /** One fork's engine run over one data file: defers, leaves its part below the module's report folder. */
    private void fork(String file) {
        fork(file, "strict", "0.95");
    }

    private void fork(String file, String governance, String threshold) {
        fork(file, governance, threshold, ENVIRONMENT);
    }

    private void fork(String file, String governance, String threshold, Map<String, String> environment) {
        fork(RUN, file, governance, threshold, environment);
    }

    private void fork(String run, String file, String governance, String threshold, Map<String, String> environment) {
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:forks/pizza-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.RUN_ID, run)
                .configurationParameter(Constants.RUN_DEFER, "true")
                .configurationParameter(Constants.GOVERNANCE_MODE, governance)
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, threshold)
                .configurationParameter(Constants.REPORT_DIR, module.resolve("target/cognigy-reports").toString())
                // relative, as a POM writes it: the forks run in the module, the goal resolves it there
                .configurationParameter(Constants.AUDIT_FILE, "target/audit.jsonl")
                .configurationParameter(Constants.WEBHOOK_URL, webhookUrl)
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, module.resolve("outbox").toString())
                .selectors(selectClasspathResource("forks/" + file)).execute();
    }

    private MergeMojo mojo(String runId) {
        MergeMojo mojo = new MergeMojo();
        mojo.runId = runId;
        mojo.reportDirectory = module.resolve("target/cognigy-reports").toFile();
        mojo.basedir = module.toFile();
        mojo.environment = ENVIRONMENT::get;
        return mojo;
    }

    /**
     * A module's test classes as a build leaves them: {@code sources} (class name in {@code com.example.qa} to its source)
     * compiled into {@code testClasses}, and {@code registered} in its listeners' service file.
     */
    private static void listeners(Path testClasses, Map<String, String> sources, String... registered) throws Exception {
        Path folder = Files.createDirectories(testClasses.resolve("src/com/example/qa"));
        List<String> arguments = new java.util.ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), "-d",
                testClasses.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = folder.resolve(source.getKey() + ".java");
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new));
        assertThat(compiled).as("the listeners compile").isZero();
        Path services = testClasses.resolve("META-INF/services/dev.botsim.cognigy.spi.SimulationListener");
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", registered) + "\n");
    }

    /** What a Maven user sees of the goal's merge on the console, its error lines, collected into {@code errors}. */
    private static MergeMojo loggingErrors(MergeMojo mojo, List<String> errors) {
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        });
        return mojo;
    }

    /** What the command line's merge says that no Maven user can do: its options, its jar, its own words for settings. */
    private static final List<String> COMMAND_LINE_ADVICE = List.of("--out", "java -jar", "-Dcognigy.key=value on the merge",
            "the merge job's environment", "this merge's environment", "give merge the report folders", "merge --out merged/");

    private long auditRecords() throws Exception {
        Path audit = module.resolve("target/audit.jsonl");
        return Files.exists(audit) ? Files.readAllLines(audit).size() : 0;
    }

    @Test
    @DisplayName("two forks' parts merge into one results.json, one audit record and one webhook delivery; merging again adds none")
    void mergesTheForksOnce() throws Exception {
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        try (Stream<Path> parts = Files.walk(module.resolve("target/cognigy-reports/" + RUN))) {
            assertThat(parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME))).hasSize(2);
        }
        assertThat(auditRecords()).as("the forks defer the audit record").isZero();
        assertThat(receiver.getRequestCount()).as("the forks defer the webhook").isZero();

        mojo(RUN).execute();

        JsonNode results = JSON.readTree(module.resolve("target/cognigy-reports/results.json").toFile());
        assertThat(results.path("summary").path("total").asLong()).isEqualTo(3);
        assertThat(results.path("summary").path("passed").asLong()).isEqualTo(3);
        assertThat(results.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(auditRecords()).isEqualTo(1);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        String webhookId = receiver.takeRequest().getHeaders().get("webhook-id");

        mojo(RUN).execute();
        assertThat(auditRecords()).as("idempotent").isEqualTo(1);
        assertThat(receiver.getRequestCount()).as("idempotent: no second delivery").isEqualTo(1);
        assertThat(webhookId).isNotBlank();
    }

    @Test
    @DisplayName("forks given a webhook URL whose query holds a token keep it masked in their parts; the goal fails the build"
            + " without COGNIGY_WEBHOOK_URL, concluding nothing, and with it in the build's environment delivers to the whole URL")
    void webhookUrlWithATokenFromTheBuildsEnvironment() throws Exception {
        String token = "s3cr3t-token-123";
        webhookUrl = receiver.url("/hook") + "?token=" + token;
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        try (Stream<Path> parts = Files.walk(module.resolve("target/cognigy-reports/" + RUN))) {
            assertThat(parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).map(MergeMojoTest::read))
                    .hasSize(2).allSatisfy(part -> assertThat(part).contains("/hook?****").doesNotContain(token));
        }

        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class).hasMessageContaining("were not merged");
        assertThat(receiver.getRequestCount()).isZero();
        assertThat(auditRecords()).isZero();

        MergeMojo mojo = mojo(RUN);
        Map<String, String> environment = new java.util.HashMap<>(ENVIRONMENT);
        environment.put(Constants.WEBHOOK_URL_ENV, webhookUrl);
        mojo.environment = environment::get;
        mojo.execute();
        assertThat(auditRecords()).isEqualTo(1);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(receiver.takeRequest().getUrl().toString()).isEqualTo(webhookUrl);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("the module's listeners, registered in its test classes, get the merged run from the goal: the whole run's"
            + " verdict and results, no part named; the forks' own JVMs gave them their parts")
    void moduleListenersGetTheMergedRun(@TempDir Path testClasses) throws Exception {
        Path seen = module.resolve("seen-by-listener.txt");
        String source = """
                package com.example.qa;
                public class MergedRunListener implements dev.botsim.cognigy.spi.SimulationListener {
                    @Override
                    public void runFinished(dev.botsim.cognigy.spi.RunInfo run,
                            java.util.List<dev.botsim.cognigy.spi.SimulationRecord> records, dev.botsim.cognigy.spi.RunSummary summary) {
                        try {
                            java.nio.file.Files.writeString(java.nio.file.Path.of(%s),
                                    summary.governance() + " " + run.part() + " " + records.size());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
                """.formatted(JSON.writeValueAsString(seen.toString()));
        listeners(testClasses, Map.of("MergedRunListener", source), "com.example.qa.MergedRunListener");
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        assertThat(seen).as("the forks' JVMs do not have the listener here").doesNotExist();

        MergeMojo mojo = mojo(RUN);
        mojo.testClasspath = List.of(testClasses.toString());
        mojo.execute();

        assertThat(Files.readString(seen)).isEqualTo("COMPLIANT null 3");
        assertThat(Thread.currentThread().getContextClassLoader().getResource("com/example/qa/MergedRunListener.class"))
                .as("the goal gives the thread its class loader back").isNull();
    }

    @Test
    @DisplayName("a module listener that cannot be loaded (its constructor throws, its class is missing) is skipped: the merge"
            + " still writes results.json, the audit record and the webhook, and tells the module's other listeners")
    void unloadableListenerIsSkipped(@TempDir Path testClasses) throws Exception {
        Path seen = module.resolve("seen-by-listener.txt");
        String needsSlack = """
                package com.example.qa;
                public class NeedsSlack implements dev.botsim.cognigy.spi.SimulationListener {
                    public NeedsSlack() {
                        throw new IllegalStateException("SLACK_WEBHOOK_URL is not set");
                    }
                }
                """;
        String verdict = """
                package com.example.qa;
                public class Verdict implements dev.botsim.cognigy.spi.SimulationListener {
                    @Override
                    public void runFinished(dev.botsim.cognigy.spi.RunInfo run,
                            java.util.List<dev.botsim.cognigy.spi.SimulationRecord> records, dev.botsim.cognigy.spi.RunSummary summary) {
                        try {
                            java.nio.file.Files.writeString(java.nio.file.Path.of(%s), summary.governance() + " " + records.size());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
                """.formatted(JSON.writeValueAsString(seen.toString()));
        // A listener removed from the sources whose registration was left behind, too.
        listeners(testClasses, Map.of("NeedsSlack", needsSlack, "Verdict", verdict), "com.example.qa.NeedsSlack",
                "com.example.qa.Removed", "com.example.qa.Verdict");
        fork("food.sim.yaml");
        fork("info.sim.yaml");

        MergeMojo mojo = mojo(RUN);
        mojo.testClasspath = List.of(testClasses.toString());
        mojo.execute();

        assertThat(Files.readString(seen)).isEqualTo("COMPLIANT 3");
        assertThat(module.resolve("target/cognigy-reports/results.json")).exists();
        assertThat(auditRecords()).isEqualTo(1);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a run below its threshold fails the build after the merge, with its audit record and webhook out")
    void failsBelowTheThreshold() throws Exception {
        fork("food.sim.yaml");
        fork("broken.sim.yaml");

        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("run " + RUN + " is not COMPLIANT");
        assertThat(auditRecords()).as("the failing run is audited too").isEqualTo(1);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a failed conversation turn fails the build in strict governance though the turn after it was skipped:"
            + " skipped simulations hide no failure")
    void skippedTurnHidesNoFailure() throws Exception {
        JsonNode summary = strictMergeFailsOnOneOfThree("conversation.sim.yaml").path("summary");
        assertThat(summary.path("failed").asInt()).isEqualTo(1);
        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
    }

    /**
     * Merges the forks of {@code food.sim.yaml} (two passing) and {@code file} (one failing) in strict governance at a
     * threshold of 0.5: COMPLIANT, and still the build fails, as the failing test fails it in one JVM.
     *
     * @return the merged results.json
     */
    private JsonNode strictMergeFailsOnOneOfThree(String file) throws Exception {
        fork("food.sim.yaml", "strict", "0.5");
        fork(file, "strict", "0.5");
        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 of 3 simulations of run " + RUN + " did not pass (strict governance");
        JsonNode results = JSON.readTree(module.resolve("target/cognigy-reports/results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        return results;
    }

    @Test
    @DisplayName("a COMPLIANT run with a failed simulation fails the build in strict governance, as one JVM's failed test"
            + " would, and passes it in tolerant governance")
    void strictAndTolerantAsInOneJvm() throws Exception {
        strictMergeFailsOnOneOfThree("broken.sim.yaml");

        String tolerant = "build-8";
        MergeMojo mojo = mojo(tolerant);
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:forks/pizza-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.RUN_ID, tolerant)
                .configurationParameter(Constants.RUN_DEFER, "true")
                .configurationParameter(Constants.GOVERNANCE_MODE, "tolerant")
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.5")
                .configurationParameter(Constants.REPORT_DIR, module.resolve("target/cognigy-reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, "target/audit-tolerant.jsonl")
                .selectors(selectClasspathResource("forks/food.sim.yaml"), selectClasspathResource("forks/broken.sim.yaml")).execute();
        mojo.outputDirectory = module.resolve("target/tolerant").toFile();
        mojo.execute();
        assertThat(Files.readAllLines(module.resolve("target/audit-tolerant.jsonl"))).hasSize(1);
    }

    @Test
    @DisplayName("strict governance is judged as the engine reads it: written STRICT, or set by the goal's <settings> over the"
            + " forks' tolerant mode, a failed simulation fails the build; <settings> making a strict run tolerant passes it")
    void strictAsTheEngineReadsIt() throws Exception {
        fork("food.sim.yaml", "STRICT", "0.5");
        fork("broken.sim.yaml", "STRICT", "0.5");
        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 of 3 simulations of run " + RUN + " did not pass (strict governance");

        fork("build-9", "food.sim.yaml", "tolerant", "0.5", ENVIRONMENT);
        fork("build-9", "broken.sim.yaml", "tolerant", "0.5", ENVIRONMENT);
        MergeMojo strict = mojo("build-9");
        strict.outputDirectory = module.resolve("target/build-9").toFile();
        strict.settings.put(Constants.GOVERNANCE_MODE, "strict");
        assertThatThrownBy(strict::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 of 3 simulations of run build-9 did not pass (strict governance");

        fork("build-10", "food.sim.yaml", "strict", "0.5", ENVIRONMENT);
        fork("build-10", "broken.sim.yaml", "strict", "0.5", ENVIRONMENT);
        MergeMojo tolerant = mojo("build-10");
        tolerant.outputDirectory = module.resolve("target/build-10").toFile();
        tolerant.settings.put(Constants.GOVERNANCE_MODE, "tolerant");
        tolerant.execute();
        assertThat(JSON.readTree(module.resolve("target/build-10/results.json").toFile()).path("summary").path("failed").asInt())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("every fork failed before its tests: runs that could not start are named as such, not taken for a POM"
            + " without the run id; forks whose configuration was refused are pointed at; nothing audited or sent")
    void everyForkFailedBeforeItsTests() throws Exception {
        for (String file : List.of("food.sim.yaml", "info.sim.yaml")) {
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, config -> {
                        throw new dev.botsim.cognigy.engine.backend.BackendException(
                                dev.botsim.cognigy.engine.backend.BackendException.Kind.TRANSPORT, "the server is unreachable");
                    }, Clock.systemUTC())))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:forks/pizza-bot.yaml")
                    .configurationParameter(Constants.RUN_ID, RUN)
                    .configurationParameter(Constants.RUN_DEFER, "true")
                    .configurationParameter(Constants.REPORT_DIR, module.resolve("target/cognigy-reports").toString())
                    .configurationParameter(Constants.AUDIT_FILE, "target/audit.jsonl")
                    .selectors(selectClasspathResource("forks/" + file)).execute()
                    .testEvents().assertStatistics(stats -> stats.started(0));
        }
        List<String> errors = new java.util.ArrayList<>();
        MergeMojo unstarted = mojo(RUN);
        unstarted.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        });
        assertThatThrownBy(unstarted::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("were not merged")
                .hasMessageNotContaining("cognigy.run.defer=true");
        assertThat(String.join("\n", errors)).contains("no part of a run was written, but 2 part(s) began and never wrote their results",
                "its run could not start");

        Map<String, String> shortKey = new java.util.HashMap<>(ENVIRONMENT);
        shortKey.put(Constants.SHARD_KEY_ENV, "too-short-a-key");
        fork("build-11", "food.sim.yaml", "strict", "0.95", shortKey);
        assertThatThrownBy(() -> mojo("build-11").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no part of run build-11")
                .hasMessageContaining("or every fork's run was refused before its first test");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("the parts of another run in this run's folder are refused, naming both runs; nothing audited or sent")
    void anotherRunsPartsInThisRunsFolder() throws Exception {
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        Files.move(module.resolve("target/cognigy-reports/" + RUN), module.resolve("target/cognigy-reports/build-12"));
        List<String> errors = new java.util.ArrayList<>();
        MergeMojo mojo = mojo("build-12");
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        });
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("were not merged");
        assertThat(String.join("\n", errors)).contains("the parts given are of run " + RUN + ", not of run build-12", "cognigy:merge"
                + " reads the parts of run build-12 below its reportDirectory (-Dcognigy.merge.report-dir), in the folder named by the"
                + " run id, where only that run's forks write: move the other run's parts out of it").doesNotContain(COMMAND_LINE_ADVICE);
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a run id given by hand that names no run (mvn cognigy:merge -Dcognigy.run-id=... mistyped) fails naming the"
            + " runs whose parts are there, which the Surefire advice alone would hide")
    void mistypedRunIdNamesTheRunsThatAreThere() throws Exception {
        fork("food.sim.yaml");
        assertThatThrownBy(() -> mojo("build-77").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no part of run build-77")
                .hasMessageEndingWith("; or, merging an earlier build's run with -Dcognigy.run-id, its id is mistyped: "
                        + module.resolve("target/cognigy-reports").toFile() + " holds the parts of run " + RUN + " (newest first)");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a merge refused leaves the goal's output folder saying so in place of the earlier merged pair, kept in"
            + " previous/ — refused by the goal (a run id naming no run) or by the merge (a part there twice); the run merged"
            + " again is concluded again, once in the audit trail, and the kept pair removed")
    void refusedMergeSaysSoInTheReportFolder() throws Exception {
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        mojo(RUN).execute();
        Path reports = module.resolve("target/cognigy-reports");
        byte[] merged = Files.readAllBytes(reports.resolve("results.json"));
        String batch = JSON.readTree(merged).path("batch_id").asString();

        assertThatThrownBy(() -> mojo("build-77").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no part of run build-77");

        JsonNode mark = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(mark.path("running").asBoolean(true)).isFalse();
        assertThat(mark.path("not_started").asString()).startsWith("no part of run build-77 in ");
        assertThat(mark.has("governance")).as("no verdict").isFalse();
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(batch);
        assertThat(Files.readAllBytes(reports.resolve("previous/results.json"))).isEqualTo(merged);
        assertThat(Files.readString(reports.resolve("index.html"))).contains("The merge was refused", "no part of run build-77");

        Path part;
        try (Stream<Path> parts = Files.walk(reports.resolve(RUN))) {
            part = parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).findFirst().orElseThrow();
        }
        Path copy = Files.createDirectories(reports.resolve(RUN + "/copied"));
        Files.copy(part, copy.resolve(RunPart.FILE_NAME));
        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class).hasMessageContaining("were not merged");
        assertThat(JSON.readTree(reports.resolve("results.json").toFile()).path("not_started").asString())
                .startsWith("merge refused: ").contains(copy.resolve(RunPart.FILE_NAME).toString());
        assertThat(Files.readAllBytes(reports.resolve("previous/results.json"))).as("still the last merge's").isEqualTo(merged);

        Files.delete(copy.resolve(RunPart.FILE_NAME));
        mojo(RUN).execute();
        JsonNode results = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(results.path("batch_id").asString()).isEqualTo(batch);
        assertThat(results.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(reports.resolve("previous")).doesNotExist();
        assertThat(auditRecords()).as("the run recorded once").isEqualTo(1);
    }

    @Test
    @DisplayName("a CI shard's build whose forks left no part — no test class kept a test in the shard, and Surefire starts no"
            + " engine run in a fork for a class without tests — fails naming that cause and its fix, not the forks' settings")
    void shardJobWhoseForksKeptNoTest() throws Exception {
        // Every fork's class kept no test in shard 7/9: Surefire ran none of them, and nothing was written below the folder.
        Files.createDirectories(module.resolve("target/cognigy-reports"));
        MergeMojo mojo = mojo("ci-9");
        mojo.userProperties.setProperty(Constants.SHARD, "7/9");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no part of run ci-9 in ")
                .hasMessageContaining("this build ran shard 7/9 (-Dcognigy.shard), and no test class kept a test in it")
                .hasMessageContaining("the run's merge will refuse the run as missing shard 7/9")
                .hasMessageContaining("Split the run into fewer shards")
                .hasMessageContaining("or run the shard jobs with forkCount=1")
                .hasMessageNotContaining("must pass cognigy.run-id");
        assertThat(module.resolve("target/cognigy-reports/results.json")).as("no merge was refused: a shard's job merges nothing")
                .doesNotExist();
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("no parts, a part there twice, or no run id: the build fails saying what to set; nothing audited or sent")
    void refusals() throws Exception {
        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no part of run " + RUN).hasMessageContaining("cognigy.run.defer=true");
        assertThatThrownBy(() -> mojo("${cognigy.run-id}").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("cognigy:prepare-run");

        fork("food.sim.yaml");
        Path part;
        try (Stream<Path> parts = Files.walk(module.resolve("target/cognigy-reports/" + RUN))) {
            part = parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).findFirst().orElseThrow();
        }
        Path copy = module.resolve("target/cognigy-reports/" + RUN + "/copied");
        Files.createDirectories(copy);
        Files.copy(part, copy.resolve(RunPart.FILE_NAME));
        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("were not merged");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("forks run with COGNIGY_SHARD_KEY sign their parts; the goal, with the key in the build's environment,"
            + " fails on a part edited after its fork wrote it, naming it, nothing audited or sent, and merges the genuine parts")
    void signedForkParts() throws Exception {
        Map<String, String> withKey = new java.util.HashMap<>(ENVIRONMENT);
        withKey.put(Constants.SHARD_KEY_ENV, "build-shard-key-4e7a1c9d2b5f8e3a6c0d");
        fork("food.sim.yaml", "strict", "0.95", withKey);
        fork("info.sim.yaml", "strict", "0.95", withKey);
        Path part;
        try (Stream<Path> parts = Files.walk(module.resolve("target/cognigy-reports/" + RUN))) {
            part = parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).findFirst().orElseThrow();
        }
        assertThat(part.resolveSibling(RunPart.FILE_NAME + ".sig")).exists();
        String genuine = Files.readString(part);
        Files.writeString(part, genuine.replace("\"outcome\":\"PASSED\"", "\"outcome\":\"FAILED\""));
        assertThat(Files.readString(part)).isNotEqualTo(genuine);

        List<String> errors = new java.util.ArrayList<>();
        MergeMojo refused = mojo(RUN);
        refused.environment = withKey::get;
        refused.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        });
        assertThatThrownBy(refused::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("were not merged");
        assertThat(String.join("\n", errors)).contains(part + " does not match its signature cognigy-part.json.sig: it was changed"
                + " after its JVM wrote it, or written with another key");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();

        Files.writeString(part, genuine);
        MergeMojo merged = mojo(RUN);
        merged.environment = withKey::get;
        merged.execute();
        assertThat(auditRecords()).isEqualTo(1);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("tests picked with -Dtest or -Dgroups that include no simulation leave nothing to merge: the goal says so"
            + " and passes, as one JVM would; without such a pick, no part still fails the build")
    void pickedTestsWithoutSimulations() throws Exception {
        List<String> said = new java.util.ArrayList<>();
        org.apache.maven.plugin.logging.Log log = new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                said.add(content.toString());
            }
        };
        MergeMojo byName = mojo(RUN);
        byName.test = "OrderServiceTest";
        byName.setLog(log);
        byName.execute();
        assertThat(String.join("\n", said)).contains("[cognigy] nothing to merge for run " + RUN + ": the tests picked (-Dtest="
                + "OrderServiceTest) include no simulation");
        MergeMojo byGroup = mojo(RUN);
        byGroup.groups = "fast";
        byGroup.execute();
        assertThat(module.resolve("target/cognigy-reports/results.json")).doesNotExist();
        assertThatThrownBy(() -> mojo(RUN).execute()).isInstanceOf(MojoFailureException.class).hasMessageContaining("no part of run");
    }

    @Test
    @DisplayName("with -Dmaven.test.failure.ignore a run below its threshold, or with a failed simulation in strict"
            + " governance, is audited, sent and reported, and the build goes on with an error line, as one JVM's would;"
            + " parts that cannot be merged still fail it")
    void testFailureIgnore() throws Exception {
        fork("food.sim.yaml");
        fork("broken.sim.yaml");
        List<String> errors = new java.util.ArrayList<>();
        MergeMojo mojo = mojo(RUN);
        mojo.testFailureIgnore = true;
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        });
        mojo.execute();
        assertThat(auditRecords()).isEqualTo(1);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(errors).last().asString().startsWith("[cognigy] run " + RUN + " is not COMPLIANT")
                .endsWith("the build goes on: maven.test.failure.ignore is set");

        fork("build-13", "food.sim.yaml", "strict", "0.5", ENVIRONMENT);
        fork("build-13", "broken.sim.yaml", "strict", "0.5", ENVIRONMENT);
        MergeMojo strict = mojo("build-13");
        strict.testFailureIgnore = true;
        strict.outputDirectory = module.resolve("target/build-13").toFile();
        strict.execute();

        Path copy = module.resolve("target/cognigy-reports/build-13/copied");
        Files.createDirectories(copy);
        try (Stream<Path> parts = Files.walk(module.resolve("target/cognigy-reports/build-13"))) {
            Files.copy(parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).findFirst().orElseThrow(),
                    copy.resolve(RunPart.FILE_NAME));
        }
        MergeMojo refused = mojo("build-13");
        refused.testFailureIgnore = true;
        refused.outputDirectory = module.resolve("target/build-13-again").toFile();
        assertThatThrownBy(refused::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("were not merged");
    }

    @Test
    @DisplayName("skipped tests leave nothing to merge: the goal says so and passes")
    void skippedTests() throws Exception {
        MergeMojo mojo = mojo(RUN);
        mojo.skipTests = true;
        mojo.execute();
        assertThat(module.resolve("target/cognigy-reports/results.json")).doesNotExist();
        assertThat(List.of(module.toFile().list())).isEmpty();
    }

    /** One CI shard job's Surefire run over {@code files}: shard {@code shard} of run {@code ci-5}, in strict governance. */
    private void shardJob(Path reportDir, String shard, String... files) {
        shardJobOf("ci-5", reportDir, shard, files);
    }

    @Test
    @DisplayName("a build that ran one CI shard (cognigy.shard=i/n) is not merged by the goal, which would refuse the other"
            + " shards as missing: it passes when its simulations passed, fails in strict governance when one did not, and"
            + " audits and sends nothing; the parts of every shard in one folder merge as before")
    void ciShardJob() throws Exception {
        String[] files = {"food.sim.yaml", "info.sim.yaml", "broken.sim.yaml"};
        Path job1 = module.resolve("target/cognigy-reports");
        Path job2 = module.resolve("job2/target/cognigy-reports");
        shardJob(job1, "1/2", files);
        shardJob(job2, "2/2", files);
        List<String> failures = new java.util.ArrayList<>();
        for (Path job : List.of(job1, job2)) {
            MergeMojo mojo = mojo("ci-5");
            mojo.reportDirectory = job.toFile();
            try {
                mojo.execute();
            } catch (MojoFailureException e) {
                failures.add(e.getMessage());
            }
            assertThat(job.resolve("results.json")).as("no merge in a shard's job").doesNotExist();
        }
        assertThat(failures).as("the shard that ran the failing simulation fails its job, the other passes").singleElement()
                .asString().matches("shard [12]/2: 1 of \\d simulations of run ci-5 did not pass \\(strict governance.*");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();

        MergeMojo ignoring = mojo("ci-5");
        ignoring.testFailureIgnore = true;
        ignoring.reportDirectory = (failures.get(0).contains("shard 1/2") ? job1 : job2).toFile();
        ignoring.execute();

        try (Stream<Path> parts = Files.walk(job2.resolve("ci-5"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).toList()) {
                Path copy = job1.resolve("ci-5/job2").resolve(job2.resolve("ci-5").relativize(part));
                Files.createDirectories(copy.getParent());
                Files.copy(part, copy);
            }
        }
        assertThatThrownBy(() -> mojo("ci-5").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("run ci-5 is not COMPLIANT");
        assertThat(JSON.readTree(job1.resolve("results.json").toFile()).path("summary").path("total").asInt()).isEqualTo(4);
        assertThat(auditRecords()).isEqualTo(1);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a CI shard's job JUnit cancelled after its first simulation (Surefire's skipAfterFailureCount, a failure"
            + " elsewhere in the JVM), every simulation that ran passed, fails as the run's merge will judge it: INTERRUPTED")
    void cancelledShardJobFails() throws Exception {
        Path job1 = module.resolve("target/cognigy-reports");
        Path job2 = module.resolve("job2/target/cognigy-reports");
        org.junit.platform.engine.CancellationToken token = org.junit.platform.engine.CancellationToken.create();
        dev.botsim.cognigy.spi.SimulationListener cancelAfterFirst = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void simulationFinished(dev.botsim.cognigy.spi.SimulationRecord record) {
                token.cancel();
            }
        };
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, Backends::create, Clock.systemUTC())
                        .withListeners(cancelAfterFirst)))
                .cancellationToken(token)
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:forks/pizza-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.RUN_ID, "ci-6")
                .configurationParameter(Constants.SHARD, "1/2")
                .configurationParameter(Constants.REPORT_DIR, job2.toString())
                .configurationParameter(Constants.AUDIT_FILE, "target/audit.jsonl")
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, module.resolve("outbox").toString())
                .selectors(selectClasspathResource("forks/food.sim.yaml"), selectClasspathResource("forks/info.sim.yaml")).execute();
        RunPart part;
        try (Stream<Path> parts = Files.walk(job2.resolve("ci-6"))) {
            part = RunPart.read(parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).findFirst().orElseThrow());
        }
        assertThat(part.cancelled()).isTrue();
        assertThat(part.records()).as("no simulation that ran failed").isNotEmpty().allMatch(r -> r.outcome() == dev.botsim.cognigy.spi.Outcome.PASSED);
        shardJobOf("ci-6", job1, "2/2", "food.sim.yaml", "info.sim.yaml");

        MergeMojo cancelled = mojo("ci-6");
        cancelled.reportDirectory = job2.toFile();
        assertThatThrownBy(cancelled::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("shard 1/2 of run ci-6 was cancelled before all its tests ran")
                .hasMessageContaining("INTERRUPTED");
        MergeMojo other = mojo("ci-6");
        other.reportDirectory = job1.toFile();
        other.execute();

        // Every shard's parts in one folder: the merge concludes the run INTERRUPTED, as the shard's job was told.
        try (Stream<Path> parts = Files.walk(job2.resolve("ci-6"))) {
            for (Path file : parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).toList()) {
                Path copy = job1.resolve("ci-6/job2").resolve(job2.resolve("ci-6").relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        assertThatThrownBy(() -> mojo("ci-6").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("run ci-6 is not COMPLIANT");
        assertThat(JSON.readTree(job1.resolve("results.json").toFile()).path("governance").path("status").asString())
                .isEqualTo("INTERRUPTED");
    }

    /**
     * One test class's fork in a CI shard job, killed before it wrote its part, begun at {@code clock}'s time: its run could
     * not start (the backend unreachable), which leaves its mark and no part, as a fork killed does.
     */
    private void killedForkOf(String run, Path reportDir, String shard, Clock clock, String file) {
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, config -> {
                    throw new dev.botsim.cognigy.engine.backend.BackendException(
                            dev.botsim.cognigy.engine.backend.BackendException.Kind.TRANSPORT, "the server is unreachable");
                }, clock)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:forks/pizza-bot.yaml")
                .configurationParameter(Constants.RUN_ID, run)
                .configurationParameter(Constants.SHARD, shard)
                .configurationParameter(Constants.REPORT_DIR, reportDir.toString())
                .selectors(selectClasspathResource("forks/" + file)).execute();
    }

    @Test
    @DisplayName("a CI shard's job whose Surefire forks run each test class as an engine run of its own, one class's fork"
            + " killed: another class's part of that shard, begun after the mark, planned other tests and does not stand for"
            + " it — the job fails as the run's merge will refuse the run; that class's fork run again stands for it")
    void shardJobWithAKilledForkOfOneClass() throws Exception {
        Path job = module.resolve("target/cognigy-reports");
        killedForkOf("ci-9", job, "1/2", Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-1)), "food.sim.yaml");
        List<Path> marks;
        try (Stream<Path> files = Files.walk(job.resolve("ci-9"))) {
            marks = files.filter(RunPart::isBegun).toList();
        }
        assertThat(marks).as("food.sim.yaml has tests in shard 1/2: its fork began").hasSize(1);
        shardJobOf("ci-9", job, "1/2", "info.sim.yaml");

        assertThatThrownBy(() -> mojo("ci-9").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 part(s) of shard 1/2 of run ci-9 began and never wrote their results (" + marks.get(0) + ")");
        assertThat(job.resolve("results.json")).as("no merge in a shard's job").doesNotExist();
        assertThat(auditRecords()).isZero();

        shardJobOf("ci-9", job, "1/2", "food.sim.yaml");
        mojo("ci-9").execute();
        assertThat(receiver.getRequestCount()).isZero();
    }

    /** One CI shard job's Surefire run over {@code files}: shard {@code shard} of {@code run}, in strict governance. */
    private void shardJobOf(String run, Path reportDir, String shard, String... files) {
        shardJobOf(run, "strict", reportDir, shard, files);
    }

    private void shardJobOf(String run, String mode, Path reportDir, String shard, String... files) {
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:forks/pizza-bot.yaml")
                .configurationParameter(Constants.GOVERNANCE_MODE, mode)
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.RUN_ID, run)
                .configurationParameter(Constants.SHARD, shard)
                .configurationParameter(Constants.REPORT_DIR, reportDir.toString())
                .configurationParameter(Constants.AUDIT_FILE, "target/audit.jsonl")
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, module.resolve("outbox").toString())
                .selectors(Stream.of(files).map(file -> selectClasspathResource("forks/" + file)).toList()).execute();
    }

    @Test
    @DisplayName("a CI shard job in tolerant governance fails as the run's merge will exit: a failed answer is tolerated, a"
            + " test whose data is invalid is not — every shard holds it and fails its test, as one JVM running the suite does")
    void tolerantShardJobFailsOverInvalidInput() throws Exception {
        String[] files = {"broken.sim.yaml", "invalid.sim.yaml", "food.sim.yaml"};
        Path job1 = module.resolve("target/cognigy-reports");
        Path job2 = module.resolve("job2/target/cognigy-reports");
        shardJobOf("ci-6", "tolerant", job1, "1/2", files);
        shardJobOf("ci-6", "tolerant", job2, "2/2", files);
        List<String> failures = new java.util.ArrayList<>();
        for (Path job : List.of(job1, job2)) {
            MergeMojo mojo = mojo("ci-6");
            mojo.reportDirectory = job.toFile();
            try {
                mojo.execute();
            } catch (MojoFailureException e) {
                failures.add(e.getMessage());
            }
        }
        // test_hours_wrong answered wrongly: aborted, not failed, in tolerant governance, in whichever shard it ran. The
        // test standing for the invalid file goes to every shard, so each shard's job fails over it.
        assertThat(failures).as("each shard holds the invalid test and fails its job").hasSize(2).allSatisfy(failure ->
                assertThat(failure).matches("(?s)shard [12]/2: 1 of \\d simulations of run ci-6 did not pass \\(tolerant"
                                + " governance tolerates a failed answer only.*")
                        .contains("invalid.sim.yaml").doesNotContain("test_hours_wrong"));
        assertThat(failures).anyMatch(f -> f.startsWith("shard 1/2")).anyMatch(f -> f.startsWith("shard 2/2"));
        assertThat(auditRecords()).isZero();
    }

    @Test
    @DisplayName("forks that ran with different settings deciding the verdict or where results go (one a lower threshold and"
            + " another webhook) fail the build as parts that cannot be merged, naming the settings and parts, never a"
            + " value; nothing audited or sent")
    void forksOfDifferentSettingsRefused() throws Exception {
        fork("food.sim.yaml", "strict", "0.95");
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:forks/pizza-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.RUN_ID, RUN)
                .configurationParameter(Constants.RUN_DEFER, "true")
                .configurationParameter(Constants.GOVERNANCE_MODE, "strict")
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.5")
                .configurationParameter(Constants.REPORT_DIR, module.resolve("target/cognigy-reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, "target/audit.jsonl")
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/other-hook?token=t0k3n").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, module.resolve("outbox").toString())
                .selectors(selectClasspathResource("forks/info.sim.yaml")).execute();
        List<String> logged = new java.util.ArrayList<>();
        MergeMojo mojo = mojo(RUN);
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                logged.add(content.toString());
            }
        });

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("the parts of run " + RUN + " were not merged");
        assertThat(String.join("\n", logged)).contains("merge refused: the parts of run " + RUN + " ran with different settings",
                "cognigy.governance.threshold (one value in ", "cognigy.webhook.url (one value in ")
                .doesNotContain("t0k3n", "other-hook", "0.5");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a reactor's parent of packaging pom, which declares the goal for its modules, has no run to merge: skipped")
    void pomPackaging() throws Exception {
        MergeMojo parent = mojo(RUN);
        parent.packaging = "pom";
        parent.execute();
        assertThat(module.resolve("target")).doesNotExist();
    }

    @Test
    @DisplayName("a module with data files and no test class ran no simulation: the failure says Surefire runs classes,"
            + " not that the forks lack the run id")
    void dataFilesWithoutATestClass() throws Exception {
        Path testClasses = Files.createDirectories(module.resolve("target/test-classes/simulations"));
        Files.writeString(testClasses.resolve("faq.sim.yaml"), "version: 1\n");
        MergeMojo mojo = mojo(RUN);
        mojo.testOutputDirectory = module.resolve("target/test-classes").toFile();
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("Surefire found no test class in " + module.resolve("target/test-classes"))
                .hasMessageContaining("@BotSimulation(data = \"simulations\")")
                .hasMessageNotContaining("cognigy.run.defer=true");

        Files.createDirectories(module.resolve("target/test-classes/com/example"));
        Files.write(module.resolve("target/test-classes/com/example/FaqTest.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("cognigy.run.defer=true");
    }

    @Test
    @DisplayName("parts keeping a masked webhook URL: the failure tells a Maven user where to set COGNIGY_WEBHOOK_URL and the"
            + " mvn command that merges again; the -Dcognigy.webhook.url= it names, given to mvn, merges without sending, and so"
            + " does an empty <settings> element")
    void maskedWebhookUrlAdviceAMavenUserCanFollow() throws Exception {
        webhookUrl = receiver.url("/hook") + "?token=s3cr3t-token-123";
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        List<String> errors = new java.util.ArrayList<>();
        assertThatThrownBy(loggingErrors(mojo(RUN), errors)::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("were not merged");
        assertThat(String.join("\n", errors)).contains("set COGNIGY_WEBHOOK_URL to the receiver's whole URL in the environment mvn"
                + " runs in and merge again: mvn cognigy:merge -Dcognigy.run-id=" + RUN + " (or -Dcognigy.webhook.url= to merge"
                + " without sending)").doesNotContain(COMMAND_LINE_ADVICE);
        assertThat(auditRecords()).isZero();

        // mvn cognigy:merge -Dcognigy.run-id=build-7 -Dcognigy.webhook.url=
        MergeMojo withoutSending = mojo(RUN);
        withoutSending.userProperties.setProperty(Constants.RUN_ID, RUN);
        withoutSending.userProperties.setProperty(Constants.WEBHOOK_URL, "");
        withoutSending.execute();
        assertThat(auditRecords()).isEqualTo(1);
        assertThat(JSON.readTree(module.resolve("target/cognigy-reports/results.json").toFile()).path("summary").path("passed").asInt())
                .isEqualTo(3);

        // <settings><cognigy.webhook.url/></settings>: Maven gives the empty element as null, which is the empty value
        MergeMojo emptyElement = mojo(RUN);
        emptyElement.outputDirectory = module.resolve("target/elsewhere").toFile();
        emptyElement.settings.put(Constants.WEBHOOK_URL, null);
        emptyElement.execute();
        assertThat(module.resolve("target/elsewhere/results.json")).exists();
        assertThat(auditRecords()).as("the same batch: its record is in the trail already").isEqualTo(1);
        assertThat(receiver.getRequestCount()).as("never sent").isZero();
    }

    @Test
    @DisplayName("the build's -Dcognigy.* settings reach the merge over <settings>, as Surefire's forks take them over"
            + " systemPropertyVariables; a relative path among them is the module's, as the forks read it")
    void buildsUserPropertiesOverSettings() throws Exception {
        fork("food.sim.yaml");
        fork("broken.sim.yaml", "tolerant", "0.5");
        MergeMojo mojo = mojo(RUN);
        mojo.settings.put(Constants.GOVERNANCE_THRESHOLD, "0.2");
        mojo.settings.put(Constants.GOVERNANCE_MODE, "strict");
        mojo.userProperties.setProperty(Constants.GOVERNANCE_THRESHOLD, "0.6");
        mojo.userProperties.setProperty(Constants.GOVERNANCE_MODE, "tolerant");
        mojo.userProperties.setProperty(Constants.AUDIT_FILE, "target/merge-audit.jsonl");
        mojo.execute();

        JsonNode governance = JSON.readTree(module.resolve("target/cognigy-reports/results.json").toFile()).path("governance");
        assertThat(governance.path("threshold").asDouble()).as("-D over <settings>").isEqualTo(0.6);
        assertThat(governance.path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(module.resolve("target/merge-audit.jsonl")).as("resolved against the module").exists();
        assertThat(auditRecords()).as("the parts' audit file is replaced").isZero();
    }

    @Test
    @DisplayName("a property of the build that is an engine or goal key but for a misspelling (-Dcogingy.run-id, -Dcognigy.runid,"
            + " -Dcogingy.audit.file, -Dcognigy.merge.skp) fails the goal naming it and the key meant, as the engine fails a"
            + " run over it, instead of leaving it without effect; other projects' properties are left alone")
    void misspeltPropertiesNamed() throws Exception {
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        String[][] cases = {
                {null, "cogingy.run-id", RUN, "cognigy.run-id"},
                {null, "cognigy.runid", RUN, "cognigy.run-id"},
                {RUN, "cogingy.audit.file", "target/merge-audit.jsonl", "cognigy.audit.file"},
                {RUN, "cognigy.merge.skp", "true", "cognigy.merge.skip"}};
        for (String[] misspelt : cases) {
            MergeMojo mojo = mojo(misspelt[0]);
            mojo.userProperties.setProperty(misspelt[1], misspelt[2]);
            assertThatThrownBy(mojo::execute).as(misspelt[1]).isInstanceOf(MojoFailureException.class)
                    .hasMessageContaining("unknown configuration key " + misspelt[1] + " — did you mean '" + misspelt[3] + "'?")
                    .hasMessageContaining("nothing was merged");
        }
        assertThat(module.resolve("target/cognigy-reports/results.json")).doesNotExist();
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();

        MergeMojo others = mojo(RUN);
        others.userProperties.setProperty("cognac.report.dir", "x");
        others.userProperties.setProperty("revision", "1.2.0");
        others.execute();
        assertThat(auditRecords()).isEqualTo(1);
    }

    @Test
    @DisplayName("<settings> the merge refuses — a key outside cognigy.*, an environment variable, a value the engine refuses,"
            + " a goal's own parameter (cognigy.merge.out) — and an outputDirectory that cannot be written: each failure names"
            + " the goal's parameters, never the jar's options")
    void settingsAndOutputDirectoryAdviceInMavensWords() throws Exception {
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        List<String> errors = new java.util.ArrayList<>();

        MergeMojo unknown = loggingErrors(mojo(RUN), errors);
        unknown.settings.put("governance.threshold", "0.5");
        assertThatThrownBy(unknown::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("were not merged");
        assertThat(errors).containsExactly("merge: <settings><governance.threshold> is not a cognigy.* setting, the only settings a"
                + " merge reads (is cognigy misspelt?); nothing was merged", "cognigy:merge takes cognigy.* settings over the parts' own"
                + " as -Dcognigy.key=value on the mvn command line or in its <settings>, e.g. <settings><cognigy.audit.file>"
                + "/srv/audit.jsonl</cognigy.audit.file></settings> (docs/ci.md)");

        errors.clear();
        MergeMojo secret = loggingErrors(mojo(RUN), errors);
        secret.settings.put(Constants.WEBHOOK_SECRET_ENV, "whsec_canaryVALUE0123456789");
        assertThatThrownBy(secret::execute).isInstanceOf(MojoFailureException.class);
        assertThat(errors.get(0)).isEqualTo("merge: " + Constants.WEBHOOK_SECRET_ENV + " is an environment variable, not a setting:"
                + " set it in the environment mvn runs in (secrets are read from there only); nothing was merged");

        errors.clear();
        MergeMojo refused = loggingErrors(mojo(RUN), errors);
        refused.settings.put(Constants.GOVERNANCE_THRESHOLD, "lots");
        assertThatThrownBy(refused::execute).isInstanceOf(MojoFailureException.class);
        assertThat(String.join("\n", errors)).contains("cognigy.governance.threshold=lots must be a number", "The settings are those"
                + " the parts ran with, recorded in each cognigy-part.json; -Dcognigy.key=value on the mvn command line (or"
                + " <settings><cognigy.key>value</cognigy.key></settings> of cognigy:merge) replaces one");

        errors.clear();
        MergeMojo goalsOwn = loggingErrors(mojo(RUN), errors);
        goalsOwn.settings.put("cognigy.merge.out", module.resolve("elsewhere").toString());
        assertThatThrownBy(goalsOwn::execute).isInstanceOf(MojoFailureException.class);
        assertThat(errors.get(0)).isEqualTo("merge: <settings><cognigy.merge.out> is the outputDirectory of the Maven plugin's"
                + " cognigy:merge, not a setting of the run, which the merge does not read: set it as that goal's parameter,"
                + " -Dcognigy.merge.out on the mvn command line or <outputDirectory> in the goal's <configuration>, not in"
                + " cognigy:merge's <settings>; nothing was merged");
        assertThat(module.resolve("elsewhere")).doesNotExist();

        errors.clear();
        MergeMojo unwritable = loggingErrors(mojo(RUN), errors);
        unwritable.outputDirectory = Files.writeString(module.resolve("in-the-way"), "a file").resolve("merged").toFile();
        assertThatThrownBy(unwritable::execute).isInstanceOf(MojoFailureException.class);
        // A file where the folder should be: named, with the fix in Maven's words, in one sentence.
        assertThat(String.join("\n", errors)).contains("no webhook was sent: " + module.resolve("in-the-way") + " is a file where its"
                + " folder should be; remove or rename that file, or point outputDirectory (-Dcognigy.merge.out) at another folder");

        assertThat(String.join("\n", errors)).doesNotContain(COMMAND_LINE_ADVICE).doesNotContain("canaryVALUE");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a fork that began and never wrote its part: the failure says to run the build again under a new run id, or"
            + " gives the mvn command that merges without it once its mark is deleted, and that command merges")
    void unfinishedForkAdviceInMavensWords() throws Exception {
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        Path mark = module.resolve("target/cognigy-reports/" + RUN + "/" + RunPart.BEGUN_PREFIX + "y7oh9yd8oxrk" + RunPart.BEGUN_SUFFIX);
        Files.writeString(mark, "{\"runId\":\"" + RUN + "\",\"started\":\"2026-12-01T10:19:29Z\"}");
        List<String> errors = new java.util.ArrayList<>();
        assertThatThrownBy(loggingErrors(mojo(RUN), errors)::execute).isInstanceOf(MojoFailureException.class);
        assertThat(String.join("\n", errors)).contains("run " + RUN + " is incomplete: 1 part(s) began but never wrote their results")
                .endsWith("so none stands for it: run the build again under a new run id (mvn clean verify: cognigy:prepare-run"
                        + " gives a build a new one, unless -Dcognigy.run-id, COGNIGY_RUN_ID or the CI's run id names this run); or"
                        + " delete its .started file to merge without its tests: mvn cognigy:merge -Dcognigy.run-id=" + RUN)
                .doesNotContain(COMMAND_LINE_ADVICE);
        assertThat(auditRecords()).isZero();

        Files.delete(mark);
        mojo(RUN).execute();
        assertThat(auditRecords()).isEqualTo(1);
    }

    @Test
    @DisplayName("parts of two modules in one report folder (one cognigy.report.dir for several modules): the failure says to"
            + " leave each module its own report folder, not to run the jar's merge per module")
    void partsOfTwoModulesAdviceInMavensWords() throws Exception {
        fork("food.sim.yaml");
        fork("info.sim.yaml");
        Path part;
        try (Stream<Path> parts = Files.walk(module.resolve("target/cognigy-reports/" + RUN))) {
            part = parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).findFirst().orElseThrow();
        }
        Files.writeString(part, Files.readString(part).replaceFirst("\"suite\":\"[^\"]*\"", "\"suite\":\"faq-bot\""));
        List<String> errors = new java.util.ArrayList<>();
        assertThatThrownBy(loggingErrors(mojo(RUN), errors)::execute).isInstanceOf(MojoFailureException.class);
        assertThat(String.join("\n", errors)).contains("the parts of run " + RUN + " are of 2 suites", "Leave each module a report"
                + " folder of its own, where its cognigy:merge finds that module's parts only: its forks' cognigy.report.dir and the"
                + " goal's reportDirectory (-Dcognigy.merge.report-dir) are the module's target/cognigy-reports unless set")
                .doesNotContain(COMMAND_LINE_ADVICE);
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a CI shard's job whose report folder another module shares (one cognigy.report.dir for the build) is judged"
            + " on its own module's parts and marks, as the run's merge of its module will be: the other module's failed"
            + " simulation and its part that never wrote its results fail that module's job, not this one's; its own mark"
            + " fails it, unless its shard ran again after the mark began")
    void shardJobInAReportFolderSharedWithAnotherModule() throws Exception {
        String[] files = {"food.sim.yaml", "info.sim.yaml", "broken.sim.yaml"};
        // faq-bot's shard jobs, run apart first: the part with its failing simulation goes into the shared folder as faq-bot's.
        Path faq = workspace.resolve("faq-bot/target/cognigy-reports");
        shardJobOf("ci-7", faq, "1/2", files);
        shardJobOf("ci-7", faq, "2/2", files);
        Path failing;
        try (Stream<Path> parts = Files.walk(faq.resolve("ci-7"))) {
            failing = parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).filter(p -> {
                try {
                    return RunPart.read(p).records().stream().anyMatch(r -> r.outcome() != dev.botsim.cognigy.spi.Outcome.PASSED);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow();
        }
        String shard = RunPart.read(failing).shard();
        Path shared = module.resolve("target/cognigy-reports");
        Path faqPart = Files.createDirectories(shared.resolve("ci-7/batch_faq")).resolve(RunPart.FILE_NAME);
        Files.writeString(faqPart, Files.readString(failing).replaceFirst("\"suite\":\"[^\"]*\"", "\"suite\":\"faq-bot\""));
        Path faqMark = RunPart.begin(shared, new RunPart.Begun("ci-7", shard, "faq-bot", java.time.Instant.now()));
        // This module's job of the same shard, every simulation of it passing.
        shardJobOf("ci-7", shared, shard, "food.sim.yaml", "info.sim.yaml");
        Path ownPart;
        try (Stream<Path> parts = Files.walk(shared.resolve("ci-7"))) {
            ownPart = parts.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME) && !p.equals(faqPart)).findFirst().orElseThrow();
        }
        String suite = RunPart.read(ownPart).suite();
        assertThat(suite).isEqualTo(module.getFileName().toString());

        List<String> said = new java.util.ArrayList<>();
        MergeMojo job = mojo("ci-7");
        job.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                said.add(content.toString());
            }
        });
        job.execute();
        assertThat(said).anyMatch(line -> line.contains("this build ran shard " + shard + " (1 parts below"));
        assertThat(shared.resolve("results.json")).as("no merge in a shard's job").doesNotExist();

        // Its shard's first JVM, killed before the part now there began: the part stands for it, as in the run's merge.
        java.time.Instant partBegan = RunPart.read(ownPart).info().started();
        dev.botsim.cognigy.engine.shard.PlannedTests planned = RunPart.read(ownPart).planned();
        Path killed = RunPart.begin(shared, new RunPart.Begun("ci-7", shard, suite, partBegan.minusSeconds(3600), null, planned));
        mojo("ci-7").execute();

        // A JVM of its shard begun after the part (a rerun of it, killed): the run's merge will refuse it.
        Path rerunKilled = RunPart.begin(shared, new RunPart.Begun("ci-7", shard, suite, partBegan.plusSeconds(3600), null, planned));
        assertThatThrownBy(() -> mojo("ci-7").execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 part(s) of shard " + shard + " of run ci-7 began and never wrote their results (" + rerunKilled + ")")
                .hasMessageNotContaining(faqMark.toString()).hasMessageNotContaining(killed.toString())
                .hasMessageNotContaining("did not pass");
        assertThat(auditRecords()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }
}
