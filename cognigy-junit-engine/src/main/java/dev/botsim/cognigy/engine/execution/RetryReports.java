package dev.botsim.cognigy.engine.execution;

import java.util.List;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;

import dev.botsim.cognigy.engine.support.ReportEntries;

/**
 * Publishes each retry a test's messages took as a report entry of the test
 * ({@code cognigy.retry.1}, ...), so the cost of a flaky environment is visible where the test's
 * result is (IDE, Surefire, console launcher).
 */
public record RetryReports(EngineExecutionListener listener) {

    /** Report entries of a test that are not retries (a repeated test's distribution). */
    void publish(TestDescriptor test, java.util.Map<String, String> entries) {
        if (!entries.isEmpty()) listener.reportingEntryPublished(test, ReportEntries.of(entries));
    }

    void publish(TestDescriptor test, List<String> retries) {
        for (int i = 0; i < retries.size(); i++) {
            listener.reportingEntryPublished(test, ReportEntries.of("cognigy.retry." + (i + 1), retries.get(i)));
        }
    }
}
