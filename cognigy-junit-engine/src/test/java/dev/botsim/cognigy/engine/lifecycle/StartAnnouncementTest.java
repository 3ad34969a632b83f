package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who tells the listeners the run started: the run's thread, or a shutdown hook that came while the run was starting —
 * once, and the hook tells the run's end only after the run's thread's telling is over, or its bounded wait is.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS) // hang guard only
class StartAnnouncementTest {

    @Test
    @DisplayName("a shutdown that comes first tells the start itself: the run's thread, later, tells nothing")
    void hookFirst() {
        StartAnnouncement announcement = new StartAnnouncement();

        assertThat(announcement.claimOrAwait(Duration.ofSeconds(10))).isTrue();
        AtomicBoolean told = new AtomicBoolean();
        assertThat(announcement.tell(() -> told.set(true))).isFalse();
        assertThat(told).isFalse();
    }

    @Test
    @DisplayName("a shutdown while the run's thread tells the listeners the run started waits for it, then tells the end")
    void runFirst() throws InterruptedException {
        StartAnnouncement announcement = new StartAnnouncement();
        List<String> heard = new CopyOnWriteArrayList<>();
        CountDownLatch telling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread run = new Thread(() -> announcement.tell(() -> {
            telling.countDown();
            awaitQuietly(release);
            heard.add("runStarted");
        }), "run");
        run.start();
        assertThat(telling.await(10, TimeUnit.SECONDS)).isTrue();

        Thread hook = new Thread(() -> {
            if (!announcement.claimOrAwait(Duration.ofSeconds(20))) heard.add("runFinished");
        }, "shutdown");
        hook.start();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hook.getState() != Thread.State.TIMED_WAITING && hook.isAlive() && System.nanoTime() < giveUp) Thread.sleep(1);
        release.countDown();
        run.join(10_000);
        hook.join(10_000);

        assertThat(heard).containsExactly("runStarted", "runFinished");
    }

    @Test
    @DisplayName("a run's thread stuck telling the start holds a shutdown no longer than its wait")
    void boundedWait() {
        StartAnnouncement announcement = new StartAnnouncement();
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch telling = new CountDownLatch(1);
        Thread run = new Thread(() -> announcement.tell(() -> {
            telling.countDown();
            awaitQuietly(never);
        }), "stuck run");
        run.setDaemon(true);
        run.start();
        awaitQuietly(telling);

        assertThat(announcement.claimOrAwait(Duration.ofMillis(50))).as("the run's thread told it").isFalse();
        never.countDown();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
