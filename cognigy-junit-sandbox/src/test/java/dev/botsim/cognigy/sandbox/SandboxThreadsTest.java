package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A sandbox that nobody closes keeps no JVM alive: one opened at discovery (playbooks listed from it) is closed by the run,
 * and a launcher that only discovers — a dry run, a listing of the tests — never runs it.
 */
class SandboxThreadsTest {

    @Test
    @DisplayName("every thread a sandbox starts, started from a thread that is no daemon, is a daemon")
    void daemonThreadsOnly() throws IOException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults())) {
            HttpURLConnection connection = (HttpURLConnection) URI.create(sandbox.baseUrl() + "/new/v2.0/simulation/nope")
                    .toURL().openConnection();
            assertThat(connection.getResponseCode()).isPositive();
            connection.disconnect();
            assertThat(Thread.currentThread().isDaemon()).isFalse();
            Set<Thread> started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .collect(Collectors.toSet());
            assertThat(started).extracting(Thread::getName).contains("HTTP-Dispatcher");
            assertThat(started).filteredOn(t -> !t.isDaemon()).extracting(Thread::getName).isEmpty();
        }
    }
}
