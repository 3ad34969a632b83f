package dev.botsim.cognigy.engine.lifecycle;

import java.io.PrintStream;
import java.time.Duration;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * Tells a run's listeners something while the JVM shuts down, on a thread of their own, and waits for them no longer than
 * what is left of the shutdown's budget. The listeners are the last step of an interrupted run — its audit record, its
 * outbox's payload and its reports are written before them — and one of them is the user's code: a QA platform's client
 * waiting on its server, or one that hangs, would otherwise hold the shutdown hook, and with it the JVM, until a CI runner
 * kills it, or for ever after a Ctrl-C in a terminal. The thread is a daemon: a JVM that has finished its hooks halts
 * without it.
 */
final class ListenersAtShutdown {

    /**
     * What the listeners get at least, even when the folder's or the audit trail's lock took the whole budget: the
     * built-in console summary among them is printed in a few milliseconds. Five seconds and this one stay within the
     * shortest grace a CI runner gives (GitHub Actions' 7.5 s).
     */
    static final Duration AT_LEAST = Duration.ofSeconds(1);

    private final PrintStream out;

    ListenersAtShutdown(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs {@code telling} on a daemon thread and waits for it for what is left of {@code budget}, at least
     * {@link #AT_LEAST}; past that, says on the console that the JVM exits without waiting for the listeners.
     *
     * @param what what the listeners are being told, for the console ("the run ended")
     * @return whether the listeners were told within the wait
     */
    boolean tell(ShutdownBudget budget, String what, Runnable telling) {
        Thread thread = new Thread(telling, "cognigy-listeners-at-shutdown");
        thread.setDaemon(true);
        thread.start();
        Duration wait = budget.remaining().compareTo(AT_LEAST) < 0 ? AT_LEAST : budget.remaining();
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) return true;
        ConsoleText.println(out, "[cognigy] WARNING the listeners were still being told " + what + " after the shutdown's "
                + ShutdownBudget.TOTAL.toSeconds() + " s: the JVM exits without waiting for them (what the run wrote before them"
                + " — its reports, audit record and webhook payload — is kept)");
        return false;
    }
}
