package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.transport.RetryLog;

class BackendExceptionTest {

    private static BackendException after(int retries) {
        RetryLog log = new RetryLog();
        for (int i = 1; i <= retries; i++) log.add("503 Service Unavailable; retried after " + i + " s");
        return new BackendException(BackendException.Kind.PROTOCOL, "gave up").withRetries(log);
    }

    @Test
    @DisplayName("a failure lists its first three retries and says how many more there were, never \"0 more\"")
    void retriesSaid() {
        assertThat(after(0).retriesSaid()).isEmpty();
        assertThat(after(1).retriesSaid()).isEqualTo("\nretried 1 time before it gave up:\n  503 Service Unavailable; retried after 1 s");
        assertThat(after(3).retriesSaid()).endsWith("retried after 3 s").doesNotContain("more");
        assertThat(after(5).retriesSaid()).startsWith("\nretried 5 times before it gave up:")
                .endsWith("retried after 3 s\n  … and 2 more");
        BackendException failure = after(5);
        assertThat(BackendException.withoutRetriesSaid("gave up" + failure.retriesSaid())).isEqualTo("gave up");
    }

    @Test
    @DisplayName("only a message that never left is said to be unsent, and only authentication, permission and configuration"
            + " failures are the run's setup")
    void unsentAndSetup() {
        assertThat(after(0).messageUnsent()).isFalse();
        assertThat(after(0).withMessageUnsent().messageUnsent()).isTrue();
        assertThat(BackendException.Kind.AUTHENTICATION.ofTheRunsSetup()).isTrue();
        assertThat(BackendException.Kind.PERMISSION.ofTheRunsSetup()).isTrue();
        assertThat(BackendException.Kind.CONFIGURATION.ofTheRunsSetup()).isTrue();
        assertThat(BackendException.Kind.PROTOCOL.ofTheRunsSetup()).isFalse();
    }
}
