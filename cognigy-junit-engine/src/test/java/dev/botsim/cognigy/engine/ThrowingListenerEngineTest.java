package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;
import dev.botsim.cognigy.engine.reporting.Listeners;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/** A listener that throws anything short of the JVM failing changes no test's result and stops nothing after it. */
class ThrowingListenerEngineTest {

    /** Fails as a listener written with assertions, or in a language without checked exceptions, does. */
    static final class FailingListener implements SimulationListener {
        @Override
        public void simulationFinished(SimulationRecord record) {
            throw new AssertionError("expected every test to pass, " + record.testId() + " did not");
        }

        @Override
        public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
            ThrowingListenerEngineTest.<RuntimeException>sneakyThrow(new IOException("chat server unreachable"));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    @DisplayName("a listener throwing an AssertionError or a checked exception changes no test's result, fails no engine node,"
            + " and the listeners after it still hear of the run; the warning names the listener")
    void errorsAndCheckedExceptionsAreSkipped(@TempDir Path reports) {
        RecordingListener only = new RecordingListener();
        EngineExecutionResults alone = run(reports.resolve("alone"), only);

        RecordingListener after = new RecordingListener();
        EngineExecutionResults withFailing;
        List<String> warnings;
        try (WarningsLogged logged = WarningsLogged.by(Listeners.class)) {
            withFailing = run(reports.resolve("failing"), new FailingListener(), after);
            warnings = logged.messages();
        }

        assertThat(failed(withFailing)).as("the same tests fail as without the failing listener").isEqualTo(failed(alone))
                .isNotEmpty();
        assertThat(withFailing.testEvents().succeeded().count()).isEqualTo(alone.testEvents().succeeded().count());
        assertThat(withFailing.containerEvents().failed().count()).as("no container fails for the listener").isZero();
        assertThat(after.finished).as("the listener after the failing one hears of every test").isNotEmpty()
                .hasSameSizeAs(only.finished);
        assertThat(after.summaries).as("the listener after the failing one hears of the run's end").hasSize(1);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(FailingListener.class.getName())
                        .contains("failed on simulationFinished").contains("AssertionError"))
                .anySatisfy(w -> assertThat(w).contains(FailingListener.class.getName()).contains("failed on runFinished")
                        .contains("java.io.IOException: chat server unreachable"));
    }

    private static EngineExecutionResults run(Path reports, SimulationListener... listeners) {
        return kit(new ScriptedBackend(), listeners).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClass(ConversationSimulation.class)).execute();
    }

    private static List<String> failed(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(Event::getTestDescriptor).map(d -> d.getUniqueId().toString())
                .sorted().toList();
    }
}
