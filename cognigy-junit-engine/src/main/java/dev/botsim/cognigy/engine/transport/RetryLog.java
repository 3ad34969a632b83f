package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The retries made for one message, each as a line a person can read ("POST /api/bot/simulate
 * answered 503; retried after 180 ms"), so a test's report entries show what it cost to get the
 * answer. Secrets never reach it: lines name methods, paths and status codes only.
 */
public final class RetryLog {

    private final List<String> events = new ArrayList<>();

    public synchronized void add(String event) {
        events.add(event);
    }

    /** A request repeated after {@code wait}, for the reason given: one wording for every backend. */
    void add(String why, Duration wait) {
        add(why + "; retried after " + readable(wait));
    }

    private static String readable(Duration wait) {
        return wait.toMillis() < 1000 ? wait.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }
}
