package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;

/** What a budget says of the requests to come, on a clock moved by hand. */
class RequestBudgetTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock();
    /** Written by the threads {@link #waiting} holds at once: a plain list lost one of their three waits once. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    /** Records each wait; the window passes on the clock, which the tests move by hand, only ever forward. */
    private final Sleeper recording = waits::add;
    private final RequestBudget budget = new RequestBudget(1000, WINDOW, clock, recording.on(VirtualTicker.of(clock)));

    private void send(int requests) throws InterruptedException {
        for (int i = 0; i < requests; i++) budget.acquire();
    }

    @Test
    @DisplayName("the requests already spent in the window count: after 29 reads, 971 more fit now and 1,000 take 5 minutes")
    void readsCount() throws InterruptedException {
        send(29);
        assertThat(budget.spent()).isEqualTo(29);
        assertThat(budget.timeFor(971)).isZero();
        assertThat(budget.timeFor(1000)).isEqualTo(WINDOW);
        assertThat(budget.timeFor(1971)).isEqualTo(WINDOW);
        assertThat(budget.timeFor(1972)).isEqualTo(WINDOW.multipliedBy(2));
        assertThat(budget.timeFor(3000)).as("3,029 requests start a fourth window").isEqualTo(WINDOW.multipliedBy(3));
        assertThat(budget.describe()).isEqualTo("1,000 requests per 5 minutes");
    }

    @Test
    @DisplayName("reads spread over the window leave it one by one: the estimate follows the oldest of them")
    void readsLeaveTheWindow() throws InterruptedException {
        send(500);
        clock.advance(Duration.ofMinutes(2));
        send(500);
        clock.advance(Duration.ofMinutes(1));
        // The first 500 leave at minute 5 (2 minutes from now), the next 500 at minute 7.
        assertThat(budget.timeFor(1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(budget.timeFor(501)).isEqualTo(Duration.ofMinutes(4));
        clock.advance(Duration.ofMinutes(2));
        assertThat(budget.spent()).isEqualTo(500);
        assertThat(budget.timeFor(500)).isZero();
    }

    @Test
    @DisplayName("while requests wait for the window: how many, until when, and how long until the rest have gone too")
    void waiting() throws Exception {
        assertThat(budget.waiting("the management API's", 10)).isEmpty();
        send(1000);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) held.add(threads.submit(() -> {
                budget.acquire();
                return null;
            }));
            for (Future<?> f : held) f.get();
        } finally {
            threads.shutdown();
        }
        assertThat(waits).containsExactly(WINDOW, WINDOW, WINDOW);

        clock.advance(Duration.ofSeconds(3));
        BudgetWait wait = budget.waiting("the management API's", 0).orElseThrow();
        assertThat(wait.budget()).isEqualTo("the management API's budget of 1,000 requests per 5 minutes");
        assertThat(wait.held()).isEqualTo(3);
        assertThat(wait.until()).isEqualTo(Instant.parse("2026-11-24T10:05:00Z"));
        assertThat(wait.left()).isEqualTo(Duration.ofSeconds(297));
        assertThat(budget.waiting("the management API's", 997).orElseThrow().left()).as("997 more fill the second window")
                .isEqualTo(Duration.ofSeconds(297));
        assertThat(budget.waiting("the management API's", 998).orElseThrow().left()).as("the 998th opens a third")
                .isEqualTo(Duration.ofSeconds(597));

        clock.advance(Duration.ofMinutes(5));
        assertThat(budget.waiting("the management API's", 10)).as("nothing waits once the window reopened").isEmpty();
    }

    /**
     * A budget of 2 requests per 5 minutes on a ticker of its own, its waits recorded in {@code slept}: they pass on the
     * wall clock and the ticker alike, as real waits do.
     */
    private RequestBudget onTicker(VirtualTicker ticker, List<Duration> slept) {
        Sleeper sleeper = duration -> {
            slept.add(duration);
            clock.advance(duration);
            ticker.advance(duration);
        };
        return new RequestBudget(2, WINDOW, clock, sleeper.on(ticker));
    }

    @Test
    @DisplayName("the wall clock set back 3 h a minute after the window filled holds the next request the 4 minutes left, not"
            + " 3 h 4 min")
    void windowIgnoresAClockSetBack() throws InterruptedException {
        VirtualTicker ticker = new VirtualTicker();
        List<Duration> slept = new ArrayList<>();
        RequestBudget budget = onTicker(ticker, slept);
        budget.acquire();
        budget.acquire();
        clock.advance(Duration.ofMinutes(1));
        ticker.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofHours(-3));
        assertThat(budget.timeFor(1)).isEqualTo(Duration.ofMinutes(4));
        budget.acquire();
        assertThat(slept).containsExactly(Duration.ofMinutes(4));
    }

    @Test
    @DisplayName("the wall clock set forward 3 h a minute after the window filled empties no window: the next request still"
            + " waits the 4 minutes left, no burst past the limit")
    void windowIgnoresAClockSetForward() throws InterruptedException {
        VirtualTicker ticker = new VirtualTicker();
        List<Duration> slept = new ArrayList<>();
        RequestBudget budget = onTicker(ticker, slept);
        budget.acquire();
        budget.acquire();
        clock.advance(Duration.ofMinutes(1));
        ticker.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofHours(3));
        assertThat(budget.spent()).isEqualTo(2);
        budget.acquire();
        budget.acquire();
        assertThat(slept).as("the third request waits for the first two to leave the window; the fourth goes with it")
                .containsExactly(Duration.ofMinutes(4));
    }

    @Test
    @DisplayName("a budget of one request a window is a budget; none is refused")
    void limitOfOne() throws InterruptedException {
        RequestBudget one = new RequestBudget(1, WINDOW, clock, recording.on(VirtualTicker.of(clock)));
        one.acquire();
        one.acquire();
        assertThat(waits).containsExactly(WINDOW);
        assertThat(one.limit()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RequestBudget(0, WINDOW, clock, recording))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be at least 1: 0");
    }

    @Test
    @DisplayName("requests sent a window ago or more no longer count: the next goes at once and the window has room again")
    void requestsLeaveAfterTheWindow() throws InterruptedException {
        RequestBudget sending = new RequestBudget(2, WINDOW, clock, recording.on(VirtualTicker.of(clock)));
        RequestBudget estimating = new RequestBudget(2, WINDOW, clock, recording.on(VirtualTicker.of(clock)));
        for (RequestBudget budget : List.of(sending, estimating)) {
            budget.acquire();
            budget.acquire();
        }
        clock.advance(WINDOW.multipliedBy(2));
        sending.acquire();
        assertThat(waits).isEmpty();
        assertThat(sending.spent()).isEqualTo(1);
        assertThat(estimating.timeFor(2)).isZero();
    }

    @Test
    @DisplayName("the least time a number of requests takes from an empty window: none within the limit, a window for each"
            + " limit's worth after the first (1,500 test-mode messages at 600 an hour: 2 h)")
    void expectedDuration() {
        RequestBudget testMode = new RequestBudget(600, Duration.ofHours(1), clock, recording);
        assertThat(testMode.expectedDuration(600)).isZero();
        assertThat(testMode.expectedDuration(601)).isEqualTo(Duration.ofHours(1));
        assertThat(testMode.expectedDuration(1200)).isEqualTo(Duration.ofHours(1));
        assertThat(testMode.expectedDuration(1500)).isEqualTo(Duration.ofHours(2));
        assertThat(testMode.window()).isEqualTo(Duration.ofHours(1));
        assertThat(testMode.describe()).isEqualTo("600 requests per hour");
        assertThat(new RequestBudget(10, Duration.ofSeconds(30), clock, recording).describe()).isEqualTo("10 requests per 30 seconds");
    }
}
