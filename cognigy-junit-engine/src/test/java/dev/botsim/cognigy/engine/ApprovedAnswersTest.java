package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.ApprovedSimulation;
import dev.botsim.cognigy.engine.fixtures.ApprovedWithOwnAssertions;

/**
 * Approved answers end to end, against the in-process sandbox: the first run records the bot's answers and passes,
 * a second run compares, a changed bot (another sandbox definition) fails with a field-by-field diff,
 * {@code cognigy.approve=true} accepts the new answers, CI never records, stale entries are listed and a broken
 * approval file fails only the tests that need it.
 */
class ApprovedAnswersTest {

    private static final String FILE = "approval/orders.sim.yaml";
    private static final String ORIGINAL = "classpath:bots/order-bot.yaml";
    private static final String REWORDED = "classpath:bots/order-bot-reworded.yaml";
    private static final String TIERS = "classpath:bots/tier-bot.yaml";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private EngineExecutionResults run(String bot, Map<String, String> environment, Map<String, String> parameters,
                                       DiscoverySelector... selectors) {
        return EngineTestSupport.sandboxRun(bot, dir, console, environment, parameters,
                selectors.length == 0 ? new DiscoverySelector[] {selectClasspathResource(FILE)} : selectors);
    }

    private EngineExecutionResults run(String bot) {
        return run(bot, Map.of(), Map.of());
    }

    private Path approvalFile() {
        return dir.resolve("approved/approval/orders.sim.yaml.approved.yaml");
    }

    private static List<String> entries(EngineExecutionResults results, String key) {
        return EngineTestSupport.reportEntries(results, key);
    }

    private Map<String, String> approvals() {
        return EngineTestSupport.approvalsIn(dir.resolve("reports/results.json"));
    }

    private String consoleText() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private static Throwable failure(EngineExecutionResults results, String displayName) {
        return EngineTestSupport.failureOf(results, displayName);
    }

    @Test
    @DisplayName("two runs approving answers into one approval file at once (two terminals, two CI jobs on one workspace):"
            + " the one that writes last keeps the answers the other wrote since it read the file, and its own")
    void anotherRunApprovedIntoTheFileMeanwhile() throws IOException {
        String file = "approval/two-runs.sim.yaml";
        Path other = dir.resolve("other");
        EngineTestSupport.sandboxKit(ORIGINAL, other, console, Map.of(), Map.of()).selectors(selectClasspathResource(file))
                .filters(org.junit.platform.launcher.TagFilter.includeTags("other")).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1));
        Path written = other.resolve("approved/approval/two-runs.sim.yaml.approved.yaml");
        assertThat(Files.readString(written)).contains("test_other_run:");

        // This run reads the file (none yet) as its test is judged; the other run writes it before this one ends.
        Path approvalFile = dir.resolve("approved/approval/two-runs.sim.yaml.approved.yaml");
        dev.botsim.cognigy.spi.SimulationListener otherRunEnds = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void simulationFinished(dev.botsim.cognigy.spi.SimulationRecord record) {
                try {
                    Files.createDirectories(approvalFile.getParent());
                    Files.copy(written, approvalFile);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        dev.botsim.cognigy.engine.execution.EngineServices services = new dev.botsim.cognigy.engine.execution.EngineServices(
                name -> null, dev.botsim.cognigy.engine.backend.factory.Backends::create, java.time.Clock.systemUTC())
                .withConsole(new java.io.PrintStream(console, true, StandardCharsets.UTF_8)).withListeners(otherRunEnds);
        org.junit.platform.testkit.engine.EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.SANDBOX_BOT, ORIGINAL)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.APPROVE_DIR, dir.resolve("approved").toString())
                .selectors(selectClasspathResource(file)).filters(org.junit.platform.launcher.TagFilter.includeTags("first"))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(Files.readString(approvalFile)).contains("test_first_run:", "test_other_run:");
    }

    @Test
    @DisplayName("the audit record holds the SHA-256 of each approval file its tests were judged against, as read: an"
            + " approved answer edited by hand shows in the trail")
    void auditRecordPinsTheApprovalFile() throws IOException {
        run(ORIGINAL);
        Path audit = dir.resolve("audit.jsonl");
        run(ORIGINAL, Map.of(), Map.of(Constants.AUDIT_FILE, audit.toString()));
        String before = dev.botsim.cognigy.engine.support.Sha256.hex(Files.readAllBytes(approvalFile()));
        Files.writeString(approvalFile(), Files.readString(approvalFile()) + "# reviewed\n");
        run(ORIGINAL, Map.of(), Map.of(Constants.AUDIT_FILE, audit.toString()));

        List<String> records = Files.readAllLines(audit);
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        String key = approvalFile().toString().replace('\\', '/');
        assertThat(json.readTree(records.get(0)).path("data_files").path(key).asString()).isEqualTo(before);
        assertThat(json.readTree(records.get(1)).path("data_files").path(key).asString())
                .isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(Files.readAllBytes(approvalFile())))
                .isNotEqualTo(before);
    }

    @Test
    @DisplayName("cognigy.approve.dir given as an absolute path below the working directory (a pom's ${project.basedir}/…,"
            + " C:\\Users\\me\\… on a laptop, /home/runner/… in CI) keys the audit record's approval file by its path"
            + " relative to the working directory: the record names no user's folder and is the same on every machine")
    void absoluteApprovalFolderIsKeyedRelatively() throws IOException {
        Path approved = Path.of("target", "approvals-" + java.util.UUID.randomUUID()).toAbsolutePath();
        try {
            Map<String, String> parameters = Map.of(Constants.APPROVE_DIR, approved.toString(),
                    Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString());
            run(ORIGINAL, Map.of(), parameters);
            run(ORIGINAL, Map.of(), parameters).testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));

            tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
            tools.jackson.databind.JsonNode files = json.readTree(Files.readAllLines(dir.resolve("audit.jsonl")).get(1)).path("data_files");
            String relative = "target/" + approved.getFileName() + "/approval/orders.sim.yaml.approved.yaml";
            assertThat(files.path(relative).asString()).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(
                    Files.readAllBytes(approved.resolve("approval/orders.sim.yaml.approved.yaml"))));
            assertThat(files.toString()).as("no absolute path").doesNotContain(approved.getParent().toString());
        } finally {
            try (var walk = Files.walk(approved)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.nio.file.NoSuchFileException gone) {
                // nothing written
            }
        }
    }

    @Test
    @DisplayName("an approval file checked out with CR LF line ends (git's core.autocrlf on Windows) judges as the same file"
            + " with LF does: every test passes, none is approved anew, the file is not rewritten, and the audit record"
            + " names its content as the LF checkout's, so a Windows and a Linux run of one commit record the same")
    void approvalFileWithWindowsLineEnds() throws IOException {
        run(ORIGINAL);
        String lf = Files.readString(approvalFile());
        assertThat(lf).doesNotContain("\r");
        Files.writeString(approvalFile(), lf.replace("\n", "\r\n"));
        Path audit = dir.resolve("audit.jsonl");

        run(ORIGINAL, Map.of(), Map.of(Constants.AUDIT_FILE, audit.toString())).testEvents()
                .assertStatistics(stats -> stats.started(7).succeeded(7));
        assertThat(Files.readString(approvalFile())).as("not rewritten").isEqualTo(lf.replace("\n", "\r\n"));
        String key = approvalFile().toString().replace('\\', '/');
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        assertThat(json.readTree(Files.readAllLines(audit).get(0)).path("data_files").path(key).asString())
                .isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(lf.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("the first run records every approved answer in one reviewable file and passes, saying so;"
            + " a second run compares and passes without touching the file")
    void firstRunRecordsSecondCompares() throws IOException {
        EngineExecutionResults first = run(ORIGINAL);

        first.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
        assertThat(entries(first, "cognigy.approval")).hasSize(5).allMatch(note -> note.startsWith("newly approved"));
        String written = Files.readString(approvalFile());
        assertThat(written).startsWith("# Approved answers of approval/orders.sim.yaml")
                .contains("test_approved_order:", "test_approved_greeting:", "test_approved_agent:",
                        "test_approved_conversation#1:", "test_approved_conversation#3:")
                .doesNotContain("test_plain", "test_approved_conversation#2", "ses_", "batch_", "sim_")
                .contains("intent: check_order", "order_id: ORD_99", "next_flow: flow_order_status",
                        "Let me look up your order ORD_99. It is on its way.");
        // approved: [intent, next_flow] holds only those fields: the agent's wording is not approved.
        assertThat(written).doesNotContain("Connecting you to a human agent now.");
        assertThat(written.indexOf("test_approved_agent:")).isLessThan(written.indexOf("test_approved_conversation#1:"));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] approvals: wrote " + approvalFile());
        assertThat(approvals()).containsEntry("test_approved_order", "newly_approved")
                .containsEntry("test_approved_conversation#3", "newly_approved").containsEntry("test_plain", "null")
                .containsEntry("test_approved_conversation#2", "null");
        assertThat(approvals().values()).filteredOn("newly_approved"::equals).hasSize(5);
        assertThat(consoleText()).contains("[cognigy] approvals: 5 newly approved: review " + dir.resolve("approved") + " and commit");

        console.reset();
        EngineExecutionResults second = run(ORIGINAL);

        second.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
        assertThat(entries(second, "cognigy.approval")).isEmpty();
        assertThat(entries(second, "cognigy.approval.written")).isEmpty();
        assertThat(Files.readString(approvalFile())).isEqualTo(written);
        assertThat(approvals()).containsEntry("test_approved_order", "compared").containsEntry("test_plain", "null");
        assertThat(consoleText()).doesNotContain("newly approved");
    }

    @Test
    @DisplayName("a bot whose answers hold awkward characters (a NEL, a carriage return at the end, an emoji cut in two)"
            + " passes against the answers the first run approved: each reads back from the approval file as it was")
    void awkwardAnswersPassAgainstTheirOwnApproval() throws IOException {
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("one", "Your order is on its way \u0085");
        answers.put("two", "\u0085Line one\nline two");
        answers.put("three", "Ends in a carriage return\r");
        answers.put("four", "Cut in two: \uD83D and on");
        ScriptedBackend bot = new ScriptedBackend();
        StringBuilder data = new StringBuilder("version: 1\ncases:\n");
        answers.forEach((said, answer) -> {
            bot.answering(said, TestTurns.turn(0, "flow_main", "greeting", 0.9, Map.of("note", answer),
                    answer, null, null));
            data.append("  - id: test_").append(said).append("\n    utterance: ").append(said).append("\n    expect: approved\n");
        });
        Path file = Files.createDirectories(dir.resolve("tests")).resolve("awkward.sim.yaml");
        Files.writeString(file, data);

        for (String run : List.of("approves", "compares")) {
            dev.botsim.cognigy.engine.execution.EngineServices services = new dev.botsim.cognigy.engine.execution.EngineServices(
                    name -> null, config -> bot, java.time.Clock.systemUTC())
                    .withConsole(new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
            EngineExecutionResults results = org.junit.platform.testkit.engine.EngineTestKit.engine(new CognigyTestEngine(services))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.APPROVE_DIR, dir.resolve("approved").toString())
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(file.toFile())).execute();
            results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
            assertThat(approvals().values()).as(run).containsOnly(run.equals("approves") ? "newly_approved" : "compared");
        }
    }

    @Test
    @DisplayName("a changed bot fails the tests whose approved fields changed, with expected and actual per field;"
            + " a test approving intent and flow only still passes, and the file is left as it was")
    void changedBotFailsWithDiff() throws IOException {
        run(ORIGINAL);
        String approved = Files.readString(approvalFile());

        EngineExecutionResults changed = run(REWORDED);

        // greeting and the conversation's first turn fail, skipping its later turns; the agent's intent and flow held.
        changed.testEvents().assertStatistics(stats -> stats.started(5).failed(2).succeeded(3).skipped(2));
        Throwable greeting = failure(changed, "hello");
        assertThat(greeting).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("bot answer differs from the approved answer for \"hello\"")
                .hasMessageContaining("- text: approved \"Hello! I can check your order or connect you to an agent.\","
                        + " the bot answered \"Hi there! Ask me about an order, or for an agent.\"")
                .hasMessageContaining("-Dcognigy.approve=true")
                .hasMessageNotContaining("- intent:");
        AssertionFailedError diff = (AssertionFailedError) greeting;
        assertThat(diff.getExpected().getStringRepresentation()).contains("text: \"Hello! I can check your order");
        assertThat(diff.getActual().getStringRepresentation()).contains("text: \"Hi there! Ask me about an order")
                .contains("intent: \"greeting\"");
        assertThat(failure(changed, "hi")).hasMessageContaining("test_approved_conversation#1");
        assertThat(Files.readString(approvalFile())).isEqualTo(approved);
        assertThat(approvals()).as("a differing answer was compared, and failed").containsEntry("test_approved_greeting", "compared");
    }

    @Test
    @DisplayName("cognigy.approve=true accepts the changed bot's answers, rewriting the file; the next run passes")
    void approveRewrites() throws IOException {
        run(ORIGINAL);

        EngineExecutionResults approving = run(REWORDED, Map.of(), Map.of(Constants.APPROVE, "true"));

        approving.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
        assertThat(entries(approving, "cognigy.approval")).hasSize(2)
                .allMatch(note -> note.startsWith("approved (cognigy.approve=true)"));
        assertThat(Files.readString(approvalFile())).contains("Hi there! Ask me about an order, or for an agent.")
                .doesNotContain("Hello! I can check your order");
        assertThat(approvals()).containsEntry("test_approved_greeting", "accepted").containsEntry("test_approved_order", "compared");
        assertThat(consoleText()).contains("[cognigy] approvals: 2 changed answers accepted: review");
        run(REWORDED).testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
    }

    @Test
    @DisplayName("in CI (CI=true) a test without an approved answer fails, saying how to record one, and nothing is written")
    void ciNeverRecords() {
        EngineExecutionResults ci = run(ORIGINAL, Map.of("CI", "true"), Map.of());

        ci.testEvents().assertStatistics(stats -> stats.started(5).failed(4).succeeded(1).skipped(2));
        assertThat(failure(ci, "where is my order ORD_99"))
                .hasMessageContaining("no approved answer for test_approved_order")
                .hasMessageContaining("CI=true").hasMessageContaining("commit")
                .hasMessageContaining("intent: \"check_order\"");
        assertThat(approvalFile()).doesNotExist();
        assertThat(approvals()).containsEntry("test_approved_order", "missing");
        // Approving is explicit, so it is allowed in CI too (a job that records on purpose).
        run(ORIGINAL, Map.of("CI", "true"), Map.of(Constants.APPROVE, "true"))
                .testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
        run(ORIGINAL, Map.of("CI", "true"), Map.of()).testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
    }

    @Test
    @DisplayName("on a CI server that sets no CI variable of its own (Azure Pipelines' TF_BUILD, Jenkins' JENKINS_URL) a test"
            + " without an approved answer fails as in CI, naming what said so; CI=false runs as on a workstation")
    void ciServersWithoutTheCiVariable() {
        EngineExecutionResults azure = run(ORIGINAL, Map.of("TF_BUILD", "True"), Map.of());
        azure.testEvents().assertStatistics(stats -> stats.started(5).failed(4).succeeded(1).skipped(2));
        assertThat(failure(azure, "where is my order ORD_99")).hasMessageContaining("no approved answer for test_approved_order")
                .hasMessageContaining("in CI (TF_BUILD (Azure Pipelines))");
        assertThat(approvalFile()).doesNotExist();
        run(ORIGINAL, Map.of("JENKINS_URL", "https://jenkins.example.com/"), Map.of())
                .testEvents().assertStatistics(stats -> stats.started(5).failed(4));
        assertThat(approvalFile()).doesNotExist();
        run(ORIGINAL, Map.of("JENKINS_URL", "https://jenkins.example.com/", "CI", "false"), Map.of())
                .testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
        assertThat(approvalFile()).as("CI=false records, as on a workstation").exists();
    }

    @Test
    @DisplayName("an approved answer whose test is gone is listed as stale, also when only one test was selected;"
            + " cognigy.approve=true removes it")
    void staleEntries() throws IOException {
        run(ORIGINAL);
        Files.writeString(approvalFile(), Files.readString(approvalFile())
                + "test_removed_long_ago:\n  intent: goodbye\n  text: Bye!\n");

        EngineExecutionResults one = run(ORIGINAL, Map.of(), Map.of(),
                selectClasspathResource(FILE, org.junit.platform.engine.discovery.FilePosition.from(5)));

        one.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(entries(one, "cognigy.approval.stale")).singleElement().asString()
                .startsWith("1 stale entry in " + approvalFile() + ": test_removed_long_ago —");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] approvals: 1 stale entry");

        run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true"));

        assertThat(Files.readString(approvalFile())).doesNotContain("test_removed_long_ago").contains("test_approved_order:");
    }

    @Test
    @DisplayName("a data file with a syntax error or a broken case, or a class with a broken method, keeps its approved"
            + " answers under cognigy.approve=true: what discovery could not read is not called stale")
    void brokenTestsKeepTheirApprovals() throws IOException {
        Path data = dir.resolve("tests/orders.sim.yaml");
        Files.createDirectories(data.getParent());
        String valid = "version: 1\ncases:\n  - id: test_greeting\n    utterance: hello\n    expect: approved\n"
                + "  - id: test_agent\n    utterance: I want a human\n    expect: approved\n";
        Files.writeString(data, valid);
        run(ORIGINAL, Map.of(), Map.of(), org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(data.toFile()))
                .testEvents().assertStatistics(stats -> stats.succeeded(2));
        Path file;
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("approved"))) {
            file = files.filter(p -> p.toString().endsWith("orders.sim.yaml.approved.yaml")).findFirst().orElseThrow();
        }
        String approved = Files.readString(file);
        assertThat(approved).contains("test_greeting:", "test_agent:");

        Files.writeString(data, valid.replace("cases:", "cases: ["));
        EngineExecutionResults syntaxError = run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true"),
                org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(data.toFile()));

        syntaxError.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(0));
        assertThat(file).exists();
        assertThat(Files.readString(file)).isEqualTo(approved);
        assertThat(consoleText()).doesNotContain("deleted", "stale");

        Files.writeString(data, valid.replace("utterance: I want a human", "utterance: I want a human\n    repeat: 0"));
        EngineExecutionResults brokenCase = run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true"),
                org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(data.toFile()));

        brokenCase.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(1));
        assertThat(Files.readString(file)).isEqualTo(approved);

        Path classFile = dir.resolve("approved/dev/botsim/cognigy/engine/fixtures/invalid/BrokenApprovedSimulation.approved.yaml");
        Files.createDirectories(classFile.getParent());
        Files.writeString(classFile, "test_agent:\n  intent: escalate\n");
        EngineExecutionResults brokenMethod = run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true"),
                selectClass(dev.botsim.cognigy.engine.fixtures.invalid.BrokenApprovedSimulation.class));

        brokenMethod.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(1));
        assertThat(Files.readString(classFile)).contains("test_agent:\n  intent: escalate", "test_greeting:");
    }

    @Test
    @DisplayName("a merge-conflicted approval file fails the tests that need it with file:line; the other tests run;"
            + " cognigy.approve=true rewrites it")
    void corruptFile() throws IOException {
        run(ORIGINAL);
        String text = Files.readString(approvalFile());
        int line = (int) text.substring(0, text.indexOf("test_approved_greeting:")).lines().count() + 1;
        Files.writeString(approvalFile(), text.replace("test_approved_greeting:", "<<<<<<< HEAD\ntest_approved_greeting:"));

        EngineExecutionResults conflicted = run(ORIGINAL);

        conflicted.testEvents().assertStatistics(stats -> stats.started(5).failed(4).succeeded(1).skipped(2));
        assertThat(failure(conflicted, "where is my order ORD_99")).hasMessageContaining(approvalFile() + ":" + line
                + ": approval file has a merge conflict marker '<<<<<<<'");
        assertThat(entries(conflicted, "cognigy.approval.problem")).singleElement().asString()
                .startsWith(approvalFile() + ":" + line + ":");

        run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true")).testEvents().assertStatistics(stats -> stats.succeeded(7));
        assertThat(Files.readString(approvalFile())).doesNotContain("<<<<<<<").contains("test_approved_greeting:");
    }

    @Test
    @DisplayName("an approval file left empty (a copy or a write cut short) fails the tests that need it, outside CI too,"
            + " rather than approving every answer afresh; cognigy.approve=true rewrites it")
    void emptyFileApprovesNothing() throws IOException {
        run(ORIGINAL);
        Files.write(approvalFile(), new byte[0]);

        EngineExecutionResults emptied = run(REWORDED);

        emptied.testEvents().assertStatistics(stats -> stats.failed(4));
        assertThat(failure(emptied, "where is my order ORD_99")).hasMessageContaining(approvalFile() + ":1: approval file is"
                + " empty, which no approval the engine writes is");
        assertThat(approvalFile()).isEmptyFile();

        run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true")).testEvents().assertStatistics(stats -> stats.succeeded(7));
        assertThat(Files.readString(approvalFile())).contains("test_approved_greeting:");
    }

    @Test
    @DisplayName("an approval file a hand edit left no YAML fails the tests that need it at its file, line and column, saying"
            + " what kind of error and the fix, and quotes nothing of the file in a failure, the console or a report")
    void notYamlQuotesNothing() throws IOException {
        run(ORIGINAL);
        // What the parser's own message would repeat: a token an approved answer holds.
        String canary = "tok9f8e7d6c5bcanary";
        String text = Files.readString(approvalFile());
        int line = (int) text.lines().count() + 3;
        Files.writeString(approvalFile(), text + "test_hand_edited:\n  said: hi\n  text: !!int 0x" + canary + "\n");

        EngineExecutionResults broken = run(ORIGINAL);

        broken.testEvents().assertStatistics(stats -> stats.failed(4).succeeded(1));
        String problem = approvalFile() + ":" + line + ":9: approval file is not valid YAML (a value its tag (!!int, !!float,"
                + " !!binary) does not fit: remove the tag, or put the value in quotes) — fix the YAML there, or run its tests"
                + " with -Dcognigy.approve=true to record the bot's current answers";
        assertThat(failure(broken, "where is my order ORD_99")).hasMessageContaining(problem);
        assertThat(entries(broken, "cognigy.approval.problem")).singleElement().asString().startsWith(problem);
        StringBuilder seen = new StringBuilder(consoleText());
        broken.allEvents().list().forEach(event -> event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).ifPresent(t -> seen.append(t).append('\n')));
        try (java.util.stream.Stream<Path> reports = Files.walk(dir.resolve("reports"))) {
            for (Path file : reports.filter(Files::isRegularFile).toList()) seen.append(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
        assertThat(seen.toString()).contains("is not valid YAML").doesNotContain(canary);
    }

    @Test
    @DisplayName("cognigy.approve=true on one selected test leaves an unreadable approval file as it was, failing the run"
            + " at its end: rewritten from that test's answer alone, it would lose the other tests' approved answers")
    void unreadableFileIsNotRewrittenFromASelection() throws IOException {
        run(ORIGINAL);
        String conflicted = Files.readString(approvalFile()).replace("test_approved_greeting:", "<<<<<<< HEAD\ntest_approved_greeting:");
        Files.writeString(approvalFile(), conflicted);

        EngineExecutionResults one = run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true"),
                selectClasspathResource(FILE, org.junit.platform.engine.discovery.FilePosition.from(5)));

        one.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(Files.readString(approvalFile())).isEqualTo(conflicted);
        Throwable shortfall = one.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(shortfall).hasMessageContaining("approval file has a merge conflict marker '<<<<<<<'")
                .hasMessageContaining("it was not rewritten from this run's answers")
                .hasMessageContaining("test_approved_agent, test_approved_conversation#1, test_approved_conversation#3,"
                        + " test_approved_greeting")
                .hasMessageContaining("run all of its tests with -Dcognigy.approve=true");

        // The whole file approved again has every answer: it is rewritten.
        run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true")).testEvents().assertStatistics(stats -> stats.succeeded(7));
        assertThat(Files.readString(approvalFile())).doesNotContain("<<<<<<<")
                .contains("test_approved_greeting:", "test_approved_agent:", "test_approved_conversation#3:");
    }

    @Test
    @DisplayName("@Utterance(approved = true): one file per class, one entry per text; approvedFields narrows it")
    void annotatedMethods() throws IOException {
        EngineExecutionResults first = run(ORIGINAL, Map.of(), Map.of(), selectClass(ApprovedSimulation.class));

        first.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        Path file = dir.resolve("approved/dev/botsim/cognigy/engine/fixtures/ApprovedSimulation.approved.yaml");
        assertThat(Files.readString(file)).contains("test_greetings[1]:", "test_greetings[2]:", "test_agent:")
                .contains("Hello! I can check your order").doesNotContain("Connecting you to a human agent now.");

        EngineExecutionResults changed = run(REWORDED, Map.of(), Map.of(), selectClass(ApprovedSimulation.class));

        changed.testEvents().assertStatistics(stats -> stats.started(3).failed(2).succeeded(1));
    }

    @Test
    @DisplayName("an answer the test method's own assertions reject is never approved, newly or with cognigy.approve=true;"
            + " once they hold, the answer is approved")
    void methodAssertionsComeBeforeApproval() throws IOException {
        Path file = dir.resolve("approved/dev/botsim/cognigy/engine/fixtures/ApprovedWithOwnAssertions.approved.yaml");

        EngineExecutionResults first = run(ORIGINAL, Map.of(), Map.of(), selectClass(ApprovedWithOwnAssertions.class));

        first.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(failure(first, "hello")).hasMessageContaining("expected the reworded greeting");
        assertThat(entries(first, "cognigy.approval")).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(approvals()).containsEntry("test_greeting", "null");

        EngineExecutionResults approving = run(ORIGINAL, Map.of(), Map.of(Constants.APPROVE, "true"),
                selectClass(ApprovedWithOwnAssertions.class));

        approving.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(file).doesNotExist();
        assertThat(consoleText()).doesNotContain("approvals:");

        run(REWORDED, Map.of(), Map.of(), selectClass(ApprovedWithOwnAssertions.class))
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(Files.readString(file)).contains("Hi there! Ask me about an order, or for an agent.");
    }

    @Test
    @DisplayName("cognigy.playbooks.mode=generated: the playbook's answer carries text, flow and slots, so answers approved"
            + " through the REST endpoint pass, and a changed bot fails field by field")
    void generatedPlaybooks() throws IOException {
        run(ORIGINAL).testEvents().assertStatistics(stats -> stats.succeeded(7));
        String approved = Files.readString(approvalFile());
        Map<String, String> generated = Map.of(Constants.BACKEND, "playbooks", Constants.PLAYBOOKS_MODE, "generated");

        EngineExecutionResults same = run(ORIGINAL, Map.of(), generated);

        same.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7));
        assertThat(entries(same, "cognigy.approval")).isEmpty();
        assertThat(Files.readString(approvalFile())).isEqualTo(approved);

        EngineExecutionResults changed = run(REWORDED, Map.of(), generated);

        assertThat(failure(changed, "hello")).hasMessageContaining("- text: approved");
    }

    @Test
    @DisplayName("next_flow approved through a REST Endpoint (the flow's display name) compares with the simulation API's"
            + " answer (its id) by the flow, as the bot's schema knows it; the file keeps what the answer said; an approved"
            + " answer of another flow fails, each flow shown by its name and id")
    void flowApprovedByNameComparesById() throws IOException {
        DiscoverySelector tiers = selectClasspathResource("approval/tiers.sim.yaml");
        run(TIERS, Map.of(), Map.of(Constants.BACKEND, "endpoint"), tiers)
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        String approved = Files.readString(tiersFile());
        assertThat(approved).contains("next_flow: Membership");

        EngineExecutionResults compared = run(TIERS, Map.of(), Map.of(Constants.BACKEND, "sandbox"), tiers);

        compared.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(Files.readString(tiersFile())).isEqualTo(approved);
        assertThat(approvals()).containsEntry("test_tier_flow", "compared");

        Files.writeString(tiersFile(), approved.replace("next_flow: Membership", "next_flow: Seats"));
        EngineExecutionResults other = run(TIERS, Map.of(), Map.of(Constants.BACKEND, "sandbox"), tiers);

        other.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        AssertionFailedError failure = (AssertionFailedError) failure(other, "which tier am I");
        assertThat(failure).hasMessageContaining("- next_flow: approved \"Seats (flow_seats)\", the bot answered"
                + " \"Membership (flow_tier)\"").hasMessageNotContaining("- intent:").hasMessageNotContaining("no flow of the bot");
        assertThat(failure.getExpected().getStringRepresentation()).contains("next_flow: \"Seats (flow_seats)\"");
        assertThat(failure.getActual().getStringRepresentation()).contains("next_flow: \"Membership (flow_tier)\"");
    }

    @Test
    @DisplayName("through a REST Endpoint, next_flow approved by a tenant's reference id compares with the flow's display"
            + " name; one approved by the simulation API's flow id, which a tenant does not know, fails saying so")
    void flowApprovedByIdOnEndpoint() throws IOException {
        DiscoverySelector tiers = selectClasspathResource("approval/tiers.sim.yaml");
        run(TIERS, Map.of(), Map.of(Constants.BACKEND, "sandbox"), tiers)
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        String approved = Files.readString(tiersFile());
        assertThat(approved).contains("next_flow: flow_tier");

        EngineExecutionResults byFlowId = run(TIERS, Map.of(), Map.of(Constants.BACKEND, "endpoint"), tiers);

        byFlowId.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(failure(byFlowId, "which tier am I")).hasMessageContaining("- next_flow: approved \"flow_tier\" (no flow of"
                + " the bot has this name or id on this backend: approved through another backend, which names flows otherwise?),"
                + " the bot answered \"Membership (").hasMessageNotContaining("- intent:");

        // Membership's reference id on the sandbox's tenant, as its flow list and input.intentFlow give it.
        String byReference = approved.replace("next_flow: flow_tier", "next_flow: bb0e2d43-0c51-3b32-8e12-17e3617d05b0");
        Files.writeString(tiersFile(), byReference);
        run(TIERS, Map.of(), Map.of(Constants.BACKEND, "endpoint"), tiers)
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(Files.readString(tiersFile())).isEqualTo(byReference);
    }

    private Path tiersFile() {
        return dir.resolve("approved/approval/tiers.sim.yaml.approved.yaml");
    }

    @Test
    @DisplayName("cognigy.backend=nlu: an approved answer is refused at discovery, at its file:line, saying where to run it;"
            + " no approval file is written and the other tests run")
    void nluBackendRefuses() {
        EngineExecutionResults nlu = run(ORIGINAL, Map.of(), Map.of(Constants.BACKEND, "nlu"));

        // Refused at discovery, each where it is written: a problem test per approved expectation, none sent.
        List<String> problems = nlu.testEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).flatMap(r -> r.getThrowable())
                        .map(Throwable::getMessage).orElse(""))
                .filter(m -> m.contains("approved")).toList();
        assertThat(problems).hasSize(3).allSatisfy(m -> assertThat(m).contains("approval/orders.sim.yaml:",
                "but the nlu backend checks intents only", "move the test to a run with another cognigy.backend"));
        // Tests run in parallel: the problems come in any order.
        assertThat(problems).anySatisfy(m -> assertThat(m).contains("'expect: approved' in cases[0] is an approved answer"));
        assertThat(nlu.testEvents().succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .contains("track my package");
        assertThat(approvalFile()).doesNotExist();
    }

    @Test
    @DisplayName("a data file named near the file system's 255 bytes gets an approval file of a shorter name of its own:"
            + " its answers are written, and compared on the next run")
    void dataFileWithALongName() throws IOException {
        Path data = dir.resolve("注文の状態を確かめる".repeat(8) + ".sim.yaml"); // 249 bytes: with .approved.yaml, 263
        Files.writeString(data, "version: 1\ncases:\n  - id: test_hi\n    utterance: hi\n    expect: approved\n");

        EngineExecutionResults first = run(ORIGINAL, Map.of(), Map.of(), selectFile(data.toFile()));
        first.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(first.containerEvents().failed().count()).as(consoleText()).isZero();
        List<Path> written;
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("approved"))) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(written).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).matches("(注文の状態を確かめる)+.*~[0-9a-f]{8}\\.approved\\.yaml");
            assertThat(Files.readString(file)).contains("test_hi:", "said: hi", "intent: greeting");
        });

        EngineExecutionResults second = run(ORIGINAL, Map.of(), Map.of(), selectFile(data.toFile()));
        second.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(approvals()).containsValue("compared");
    }

    @Test
    @DisplayName("an approval file gets the permissions the umask gives any new file (0644), not a temporary file's 0600:"
            + " it is committed, and read by colleagues, IDEs and CI steps")
    void approvalFileReadableAsAnyNewFile() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
                .contains("posix"), "POSIX permissions only");
        String usual = java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Files.createFile(dir.resolve("any-new-file"))));
        org.junit.jupiter.api.Assumptions.assumeTrue(!usual.equals("rw-------"),
                "the umask makes every new file private: nothing to tell apart");

        run(ORIGINAL);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(approvalFile())))
                .isEqualTo(usual);
        // rewritten by an approving run: the same
        run(REWORDED, Map.of(), Map.of(Constants.APPROVE, "true"));
        assertThat(Files.readString(approvalFile())).contains("test_approved_order:");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(approvalFile())))
                .isEqualTo(usual);
        try (var files = Files.list(approvalFile().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("orders.sim.yaml.approved.yaml");
        }
    }
}
