package dev.botsim.cognigy.engine.backend.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.BackendInterruptedException;

/** Status polling's own timing, on a virtual clock: when it polls, how long it waits, and where it stops. */
class InterruptiblePollingTest {

    private final VirtualPollClock clock = new VirtualPollClock();
    private final List<Long> polledAt = new ArrayList<>();

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    @DisplayName("a simulation never done is polled after the first delay, then at each interval, the last poll made at the"
            + " deadline itself, not skipped: an answer that arrived just in time still counts")
    void lastPollAtTheDeadline() {
        boolean done = InterruptiblePolling.until(clock, ms(100), (count, previous) -> ms(30), ms(200), () -> {
            polledAt.add(clock.nanoTime());
            return false;
        });

        assertThat(done).isFalse();
        assertThat(clock.sleeps()).containsExactly(ms(100), ms(30), ms(30), ms(30), ms(10));
        assertThat(polledAt).containsExactly(ms(100).toNanos(), ms(130).toNanos(), ms(160).toNanos(), ms(190).toNanos(),
                ms(200).toNanos());
    }

    @Test
    @DisplayName("the poll made at the deadline that finds the simulation done counts: done, not a timeout")
    void doneAtTheDeadline() {
        boolean done = InterruptiblePolling.until(clock, ms(100), (count, previous) -> ms(30), ms(200), () -> {
            polledAt.add(clock.nanoTime());
            return clock.nanoTime() >= ms(200).toNanos();
        });

        assertThat(done).isTrue();
        assertThat(polledAt).hasSize(5).last().isEqualTo(ms(200).toNanos());
    }

    @Test
    @DisplayName("polling stops at the first poll that finds it done; the intervals are asked with the poll count from 1 and"
            + " the interval waited before")
    void stopsWhenDoneAndCountsPolls() {
        List<String> asked = new ArrayList<>();
        boolean done = InterruptiblePolling.until(clock, ms(100), (count, previous) -> {
            asked.add(count + "/" + previous.toMillis());
            return previous.plus(ms(10));
        }, Duration.ofSeconds(10), () -> {
            polledAt.add(clock.nanoTime());
            return polledAt.size() == 3;
        });

        assertThat(done).isTrue();
        assertThat(polledAt).hasSize(3);
        assertThat(asked).containsExactly("1/100", "2/110");
        assertThat(clock.sleeps()).containsExactly(ms(100), ms(110), ms(120));
    }

    @Test
    @DisplayName("a first delay beyond the deadline is cut to it: one poll at the deadline, whose done still counts, and"
            + " none after it, where a simulation done later than its timeout would pass")
    void firstDelayBeyondTheDeadline() {
        boolean done = InterruptiblePolling.until(clock, ms(500), (count, previous) -> ms(30), ms(200), () -> {
            polledAt.add(clock.nanoTime());
            return false;
        });

        assertThat(done).isFalse();
        assertThat(polledAt).containsExactly(ms(200).toNanos());
        assertThat(clock.sleeps()).containsExactly(ms(200));

        polledAt.clear();
        long start = clock.nanoTime();
        boolean doneLate = InterruptiblePolling.until(clock, ms(500), (count, previous) -> ms(30), ms(200), () -> {
            polledAt.add(clock.nanoTime() - start);
            return clock.nanoTime() - start >= ms(200).toNanos();
        });
        assertThat(doneLate).isTrue();
        assertThat(polledAt).containsExactly(ms(200).toNanos());
    }

    @Test
    @DisplayName("a thread interrupted during a poll stops before the next wait, even a wait of nothing, its interrupt kept")
    void interruptedDuringAPoll() {
        try {
            assertThatThrownBy(() -> InterruptiblePolling.until(clock, ms(100), (count, previous) -> Duration.ZERO,
                    ms(200), () -> {
                        polledAt.add(clock.nanoTime());
                        Thread.currentThread().interrupt();
                        return false;
                    })).isInstanceOf(BackendInterruptedException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(polledAt).hasSize(1);
        assertThat(clock.sleeps()).containsExactly(ms(100));
    }

    @Test
    @DisplayName("a wait ended by an interrupt ends the polling with an interruption, the thread's interrupt set again for"
            + " its caller to see")
    void interruptedWhileWaiting() {
        PollClock interrupting = new PollClock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                // As Thread.sleep does: the interrupt is taken, the flag cleared.
                throw new InterruptedException("sleep interrupted");
            }
        };
        try {
            assertThatThrownBy(() -> InterruptiblePolling.until(interrupting, ms(100), (count, previous) -> ms(30), ms(200),
                    () -> polledAt.add(0L))).isInstanceOf(BackendInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt set again").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(polledAt).as("not polled after the interrupt").isEmpty();
    }
}
