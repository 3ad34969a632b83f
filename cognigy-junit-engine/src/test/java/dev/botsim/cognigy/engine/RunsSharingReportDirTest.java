package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * One JVM that runs the engine more than once — a JUnit {@code @Suite} beside the test classes, a Surefire fork given
 * several classes one after the other — writes each run's reports over the last: the console says so at the run that
 * replaces them, naming the run whose reports are gone.
 */
class RunsSharingReportDirTest {

    private static final Pattern BATCH = Pattern.compile("\\[cognigy] (batch_[0-9a-f]+) on ");

    /** One whole run of the engine into {@code reports}; its console output. */
    private static String run(Path reports, DiscoverySelector selector) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        ScriptedBackend backend = new ScriptedBackend();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> backend, Clock.systemUTC())
                        .withConsole(out)))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selector)
                .execute();
        return console.toString(StandardCharsets.UTF_8);
    }

    private static String batchOf(String console) {
        Matcher batch = BATCH.matcher(console);
        assertThat(batch.find()).as("a batch line in %s", console).isTrue();
        return batch.group(1);
    }

    private static List<String> warnings(String console) {
        return console.lines().filter(line -> line.startsWith("[cognigy] WARNING")).toList();
    }

    @Test
    @DisplayName("a second whole run in the same JVM and report folder says whose reports it replaces; the first says nothing")
    void secondRunNamesTheRunWhoseReportsItReplaces(@TempDir Path reports) {
        String first = run(reports, selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        String second = run(reports, selectClasspathResource("fixtures/standalone/greetings.sim.csv"));

        assertThat(warnings(first)).isEmpty();
        assertThat(warnings(second)).singleElement().asString()
                .startsWith("[cognigy] WARNING: these reports replace those of run " + batchOf(first) + " (")
                .contains("which this JVM wrote to " + reports.toAbsolutePath() + " before",
                        "a JUnit @Suite beside test classes", "Surefire forks", "cognigy.report.dir", "docs/ci.md");
        // Said after the results line, which names the folder.
        List<String> lines = second.lines().toList();
        int warning = lines.indexOf(warnings(second).get(0));
        assertThat(lines.get(warning - 1)).startsWith("[cognigy] results: " + reports.toAbsolutePath());
    }

    @Test
    @DisplayName("runs into different report folders, and a run of tests picked one by one (written to partial/), replace nothing")
    void otherFoldersAndPickedTestsReplaceNothing(@TempDir Path one, @TempDir Path other) {
        run(one, selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        String elsewhere = run(other, selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        String picked = run(one, selectUniqueId(UniqueId.forEngine("cognigy").append("file", "fixtures/standalone/orders.sim.yaml")
                .append("case", "test_yaml_greeting")));
        String pickedAgain = run(one, selectUniqueId(UniqueId.forEngine("cognigy").append("file", "fixtures/standalone/orders.sim.yaml")
                .append("case", "test_yaml_greeting")));

        assertThat(warnings(elsewhere)).isEmpty();
        assertThat(picked).contains("picked one by one");
        assertThat(warnings(picked)).isEmpty();
        assertThat(warnings(pickedAgain)).isEmpty();
    }
}
