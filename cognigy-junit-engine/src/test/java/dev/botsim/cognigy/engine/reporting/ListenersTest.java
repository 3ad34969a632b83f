package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.WarningsLogged;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

class ListenersTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_0123456789ab")
            .started(Instant.parse("2026-03-01T10:00:00Z")).backend("scripted").expectedFlows(List.of()).plannedTests(0).build();
    /** The reason an UNAUDITED run gives, as the run's end makes it. */
    private static final dev.botsim.cognigy.spi.GovernanceReason NOT_WRITTEN =
            dev.botsim.cognigy.engine.analysis.VerdictReasons.auditNotWritten("audit trail audit.jsonl could not be written");
    private static final RunAnalysis UNAUDITED = RunAnalysis.of(RUN, List.of(), new BigDecimal("0.95")).unaudited(NOT_WRITTEN);
    private static final RunSummary.AuditCheckpoint CHECKPOINT = new RunSummary.AuditCheckpoint("ab".repeat(32), 4);

    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** Registered through a service file, as users register theirs; needs a public no-argument constructor. */
    public static final class OnTheClassPath implements SimulationListener {
    }

    @Test
    @DisplayName("listeners come in order: built-in, then those registered through a service file, then those the engine's services give")
    void order(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(SimulationListener.class.getName()), OnTheClassPath.class.getName() + "\n");
        SimulationListener builtIn = new SimulationListener() { };
        SimulationListener extra = new SimulationListener() { };
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            List<SimulationListener> all = Listeners.load(List.of(builtIn), loader, List.of(extra)).all();
            assertThat(all).hasSize(3);
            assertThat(all.get(0)).isSameAs(builtIn);
            assertThat(all.get(1)).isInstanceOf(OnTheClassPath.class);
            assertThat(all.get(2)).isSameAs(extra);
        }
    }

    @Test
    @DisplayName("at the run's end built-in reporters get the run with its analysis; user listeners get records and the summary with its checkpoint")
    void runFinished() {
        AnalysedRunListener reporter = run -> calls.add("reporter: " + run.analysis().verdict().status() + ", " + run.reports().describe());
        SimulationListener user = new SimulationListener() {
            @Override
            public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
                calls.add("user: " + summary.governance() + ", " + summary.audit().records() + " records in the trail");
            }
        };
        new Listeners(List.of(reporter, user)).runFinished(new FinishedRun(RUN, List.of(), UNAUDITED, CHECKPOINT,
                WrittenReports.notWritten("disk full")));

        assertThat(calls).containsExactly("reporter: UNAUDITED, not written (disk full)", "user: UNAUDITED, 4 records in the trail");
    }

    @Test
    @DisplayName("a listener failing on every record is warned of once per callback, naming it, not once per test")
    void repeatedFailureWarnedOnce() {
        SimulationListener throwing = new SimulationListener() {
            @Override
            public void simulationFinished(SimulationRecord record) {
                throw new IllegalStateException("broken on " + record.testId());
            }

            @Override
            public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
                throw new IllegalStateException("broken at the end");
            }
        };
        List<String> warnings;
        try (WarningsLogged logged = WarningsLogged.by(Listeners.class)) {
            Listeners listeners = new Listeners(List.of(throwing));
            for (int i = 1; i <= 3; i++) {
                listeners.simulationFinished(SimulationRecord.builder().uniqueId("[case:test_" + i + "]").testId("test_" + i)
                        .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
            }
            listeners.runFinished(new FinishedRun(RUN, List.of(), UNAUDITED, CHECKPOINT, WrittenReports.notWritten("disk full")));
            warnings = logged.messages();
        }

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains(throwing.getClass().getName()).contains("failed on simulationFinished")
                .contains("broken on test_1").contains("later failures of this listener on simulationFinished are logged at DEBUG");
        assertThat(warnings.get(1)).contains("failed on runFinished").contains("broken at the end");
    }

    @Test
    @DisplayName("a listener that throws is skipped; the others still hear of the run")
    void throwingListener() {
        SimulationListener throwing = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                throw new IllegalStateException("broken listener");
            }
        };
        SimulationListener after = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                calls.add("started " + run.batchId());
            }
        };
        new Listeners(List.of(throwing, after)).runStarted(RUN);
        assertThat(calls).containsExactly("started batch_0123456789ab");
    }

    @Test
    @DisplayName("a listener that recurses until its stack overflows is skipped as one that throws: the listeners after it"
            + " still hear of the run, and the run's end goes on to the webhook; running out of memory still stops it")
    void listenerOverflowingItsStack() {
        SimulationListener recursing = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                runStarted(run);
            }
        };
        SimulationListener after = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                calls.add("started " + run.batchId());
            }
        };
        new Listeners(List.of(recursing, after)).runStarted(RUN);
        assertThat(calls).containsExactly("started batch_0123456789ab");

        SimulationListener outOfMemory = new SimulationListener() {
            @Override
            public void runStarted(RunInfo run) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Listeners(List.of(outOfMemory, after)).runStarted(RUN))
                .isInstanceOf(OutOfMemoryError.class);
        assertThat(calls).as("none after a JVM out of memory").containsExactly("started batch_0123456789ab");
    }
}
