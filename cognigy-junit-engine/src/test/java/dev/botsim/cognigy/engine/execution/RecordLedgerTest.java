package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A run concluded while its tests still run (the JVM shutting down) closes its ledger: its listeners hear of no test after
 * they are told the run ended, and the records they are told it ended with are every one they heard of.
 */
class RecordLedgerTest {

    private static SimulationRecord record(String testId) {
        return SimulationRecord.builder().uniqueId("u_" + testId).testId(testId).outcome(Outcome.PASSED).build();
    }

    @Test
    @DisplayName("a test that finishes after the ledger closed is neither recorded nor handed on to the listeners")
    void nothingAfterClosing() {
        List<String> heard = new CopyOnWriteArrayList<>();
        RecordLedger ledger = new RecordLedger(r -> heard.add(r.testId()));
        ledger.record(record("test_a"));

        assertThat(ledger.close(Duration.ZERO)).extracting(SimulationRecord::testId).containsExactly("test_a");
        ledger.record(record("test_late"));

        assertThat(heard).containsExactly("test_a");
        assertThat(ledger.records()).extracting(SimulationRecord::testId).containsExactly("test_a");
    }

    @Test
    @DisplayName("closing waits for a record a listener is still handling, so the run ends with it and nothing is handed on"
            + " after the end; a listener that does not return is waited for no longer than asked")
    void closingWaitsForARecordBeingHandedOn() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordLedger ledger = new RecordLedger(r -> {
            handling.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread test = new Thread(() -> ledger.record(record("test_busy")));
        test.start();
        assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicReference<List<SimulationRecord>> closed = new AtomicReference<>();
        Thread conclusion = new Thread(() -> closed.set(ledger.close(Duration.ofSeconds(10))));
        conclusion.start();
        // Still handing on: the conclusion waits rather than telling the listeners the run ended meanwhile.
        conclusion.join(200);
        assertThat(conclusion.isAlive()).isTrue();
        release.countDown();
        conclusion.join(10_000);
        test.join(10_000);

        assertThat(closed.get()).extracting(SimulationRecord::testId).containsExactly("test_busy");

        RecordLedger stuck = new RecordLedger(r -> {
            try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread hung = new Thread(() -> stuck.record(record("test_hung")));
        hung.setDaemon(true);
        hung.start();
        while (stuck.records().isEmpty()) Thread.onSpinWait();
        assertThat(stuck.close(Duration.ofMillis(20))).extracting(SimulationRecord::testId).containsExactly("test_hung");
        hung.interrupt();
    }
}
