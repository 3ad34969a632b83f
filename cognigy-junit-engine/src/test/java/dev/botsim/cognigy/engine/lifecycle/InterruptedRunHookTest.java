package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which of the run's own end (or its start's failure) and the JVM's shutdown concludes the run, how a shutdown during the
 * start concludes it, and that a shutdown during the end waits for it. The JVM's shutdown is played by running the
 * registered hook's thread, as the JVM would.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS) // hang guard only
class InterruptedRunHookTest {

    private final List<Thread> registered = new ArrayList<>();
    private final InterruptedRunHook.ShutdownHooks hooks = new InterruptedRunHook.ShutdownHooks() {
        @Override
        public void add(Thread hook) {
            registered.add(hook);
        }

        @Override
        public void remove(Thread hook) {
            registered.remove(hook);
        }
    };
    private final AtomicInteger concluded = new AtomicInteger();
    private final AtomicInteger notStarted = new AtomicInteger();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    /** The hook of a run that is still starting. */
    private InterruptedRunHook installStarting(Duration grace) {
        InterruptedRunHook hook = InterruptedRunHook.install(notStarted::incrementAndGet, concluded::incrementAndGet, out, grace, hooks);
        assertThat(registered).hasSize(1);
        return hook;
    }

    /** The hook of a run that has started. */
    private InterruptedRunHook install(Duration grace) {
        InterruptedRunHook hook = installStarting(grace);
        assertThat(hook.started()).isTrue();
        return hook;
    }

    private void shutDown() throws InterruptedException {
        Thread shutdown = registered.get(0);
        shutdown.start();
        shutdown.join(10_000);
        assertThat(shutdown.isAlive()).isFalse();
    }

    @Test
    @DisplayName("a shutdown while the run starts says it did not start, and the start then finds the hook came first: no test"
            + " runs, and neither a failure of the start nor an end writes anything")
    void shutdownWhileStarting() throws InterruptedException {
        InterruptedRunHook hook = installStarting(Duration.ofSeconds(10));
        shutDown();

        assertThat(notStarted).hasValue(1);
        assertThat(concluded).hasValue(0);
        assertThat(hook.started()).as("the start may end").isFalse();
        assertThat(hook.ending()).as("a failed start may say so, or the run end").isFalse();
    }

    @Test
    @DisplayName("a shutdown while a failed start says it did not start waits for that, concluding nothing itself")
    void shutdownWhileTheFailedStartIsReportedWaitsForIt() throws InterruptedException {
        InterruptedRunHook hook = installStarting(Duration.ofSeconds(20));
        assertThat(hook.ending()).isTrue();
        Thread shutdown = registered.get(0);
        shutdown.start();

        shutdown.join(300);
        assertThat(shutdown.isAlive()).as("the shutdown waits while the failure is reported").isTrue();
        hook.ended();
        shutdown.join(10_000);

        assertThat(shutdown.isAlive()).isFalse();
        assertThat(notStarted).hasValue(0);
        assertThat(concluded).hasValue(0);
        assertThat(registered).isEmpty();
    }

    @Test
    @DisplayName("a shutdown while the tests run concludes the run, and the run's own end then does nothing")
    void shutdownFirst() throws InterruptedException {
        InterruptedRunHook hook = install(Duration.ofSeconds(10));
        Thread shutdown = registered.get(0);
        shutdown.start();
        shutdown.join();

        assertThat(concluded).hasValue(1);
        assertThat(hook.ending()).as("the run's own end may begin").isFalse();
    }

    @Test
    @DisplayName("a shutdown while the run ends waits for the end to be over, concluding nothing itself")
    void shutdownDuringTheEndWaitsForIt() throws InterruptedException {
        InterruptedRunHook hook = install(Duration.ofSeconds(20));
        assertThat(hook.ending()).isTrue();
        Thread shutdown = registered.get(0);
        shutdown.start();

        shutdown.join(300);
        assertThat(shutdown.isAlive()).as("the shutdown waits while the end is under way").isTrue();
        hook.ended();
        shutdown.join(10_000);

        assertThat(shutdown.isAlive()).as("the shutdown goes on once the end is over").isFalse();
        assertThat(concluded).hasValue(0);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    @DisplayName("a shutdown waits for the end no longer than its grace, and says what that means")
    void shutdownWaitsNoLongerThanItsGrace() throws InterruptedException {
        InterruptedRunHook hook = install(Duration.ofMillis(50));
        assertThat(hook.ending()).isTrue();
        Thread shutdown = registered.get(0);
        shutdown.start();
        shutdown.join(10_000);

        assertThat(shutdown.isAlive()).isFalse();
        assertThat(concluded).hasValue(0);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("the run's end did not finish within")
                .contains("waits in the outbox");
    }

    @Test
    @DisplayName("the run's own end over, the hook is taken away and a late shutdown has nothing to do")
    void endedTakesTheHookAway() throws InterruptedException {
        InterruptedRunHook hook = install(Duration.ofSeconds(10));
        Thread shutdown = registered.get(0);
        assertThat(hook.ending()).isTrue();
        hook.ended();

        assertThat(registered).isEmpty();
        shutdown.start();
        shutdown.join(10_000);
        assertThat(concluded).hasValue(0);
    }

    @Test
    @DisplayName("a run stopped without its end (a start that failed) takes the hook away too")
    void endedWithoutEnding() {
        InterruptedRunHook hook = install(Duration.ofSeconds(10));
        hook.ended();

        assertThat(registered).isEmpty();
        assertThat(hook.ending()).isFalse();
    }
}
