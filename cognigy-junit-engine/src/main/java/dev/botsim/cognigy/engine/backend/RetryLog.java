package dev.botsim.cognigy.engine.backend;

import java.util.ArrayList;
import java.util.List;

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

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized int size() {
        return events.size();
    }
}
