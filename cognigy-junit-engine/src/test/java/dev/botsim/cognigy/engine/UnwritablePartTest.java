package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/** A part of a split run whose report folder cannot be written: the run says where, why and what to do. */
class UnwritablePartTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a fork whose report folder is a symbolic link to nothing (a volume not mounted): its begun mark and its part"
            + " not written are said with why and the fix, not with the folder's name alone, and the fork fails")
    void partBelowALinkToNothing() throws Exception {
        Path gone = dir.resolve("mnt/reports");
        Path reports = Files.createSymbolicLink(dir.resolve("reports"), gone);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null,
                        config -> new ScriptedBackend(), Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.RUN_ID, "run-5")
                .configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();

        String why = "a symbolic link to " + gone + ", which does not exist";
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] WARNING run run-5: cannot mark this part as begun in "
                + reports.toAbsolutePath().resolve("run-5") + " (" + why + "): ");
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("the part of run run-5 could not be written to " + reports.toAbsolutePath().resolve("run-5"))
                .contains("(" + why + "): merge would miss its 3 results — create " + gone + " (the folder the link "
                        + reports.toAbsolutePath() + " points to), or remove the link, or point cognigy.report.dir at a folder that"
                        + " exists, and run this part again under run id run-5");
    }
}
