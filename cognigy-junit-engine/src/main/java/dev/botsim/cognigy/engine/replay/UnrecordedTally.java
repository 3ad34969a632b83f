package dev.botsim.cognigy.engine.replay;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * Counts the messages of one reason that recorded nothing into a cassette, and keeps the first of them for the console's
 * one line about them ({@link ReplayReport.Unrecorded}). Messages fail on several threads at once.
 */
final class UnrecordedTally {

    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicReference<String> first = new AtomicReference<>();

    /** One more message, which failed as {@code kind} says with {@code message}. */
    void add(String kind, String message) {
        messages.incrementAndGet();
        first.compareAndSet(null, kind.toLowerCase(Locale.ROOT) + ": " + ConsoleText.oneLine(String.valueOf(message)));
    }

    ReplayReport.Unrecorded report() {
        return new ReplayReport.Unrecorded(messages.get(), first.get());
    }
}
