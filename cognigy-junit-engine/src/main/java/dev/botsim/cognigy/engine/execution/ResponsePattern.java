package dev.botsim.cognigy.engine.execution;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@code response_matches} pattern searched in an answer with a time limit. Java's regular expressions backtrack, and
 * a pattern such as {@code ^(.+)+\1$} takes longer than any run on an answer of fifty characters; the search cannot be
 * interrupted, so the answer it reads stops it instead, once the limit has passed. A search given up on is not begun
 * again for the same answer: a test repeated a thousand times ({@code repeat:}) against a bot that answers the same
 * would otherwise spend its limit a thousand times, a quarter of an hour of CPU, to fail the same way each time.
 */
final class ResponsePattern {

    /** Far beyond what any sensible pattern needs on a chat answer, far below a stuck run. */
    static final Duration LIMIT = Duration.ofSeconds(1);

    /**
     * How many searches given up on are remembered: enough for every catastrophic pattern of a suite on each answer it
     * gets, bounded so a suite of long varying answers cannot fill the heap; past it, a search is simply made again.
     */
    private static final int REMEMBERED = 256;

    /** The searches given up on, by pattern, answer and limit: searching again would end the same way, a limit later. */
    private static final Set<Search> GIVEN_UP = ConcurrentHashMap.newKeySet();

    private record Search(String regex, String text, Duration limit) {
    }

    private ResponsePattern() {
    }

    /**
     * @return whether {@code regex} is found in {@code text}
     * @throws AssertionError when searching {@code text} for {@code regex} takes longer than {@code limit}
     */
    static boolean finds(String regex, String text, Duration limit) {
        Search search = new Search(regex, text, limit);
        if (GIVEN_UP.contains(search)) throw givenUp(search, " (given up on when it was first searched in this answer,"
                + " and not searched again)");
        long deadline = System.nanoTime() + limit.toNanos();
        Pattern pattern = Pattern.compile(regex);
        try {
            try {
                return pattern.matcher(new Bounded(text, deadline)).find();
            } catch (StackOverflowError tooDeep) {
                return onDeepStack(pattern, text, deadline, search);
            }
        } catch (TooLong e) {
            if (GIVEN_UP.size() < REMEMBERED) GIVEN_UP.add(search);
            throw givenUp(search, "");
        }
    }

    /**
     * The stack a search is made again on when it overflowed the test's own: Java's regular expressions recurse once per
     * repetition of a group with alternatives, so {@code (.|\n)*}, a common way to write "anything across lines", needs
     * some hundred bytes of stack per character and overflows a thread's usual stack on an answer of a few thousand
     * characters. 64 MiB (reserved, and used only as deep as the search goes) holds an answer of well over 100,000.
     */
    static final long DEEP_STACK = 64L << 20;

    /** The search made again on a thread of {@link #DEEP_STACK}, within the same deadline. */
    private static boolean onDeepStack(Pattern pattern, String text, long deadline, Search search) {
        boolean[] found = new boolean[1];
        Throwable[] failed = new Throwable[1];
        Thread searching = new Thread(null, () -> {
            try {
                found[0] = pattern.matcher(new Bounded(text, deadline)).find();
            } catch (TooLong | StackOverflowError e) {
                failed[0] = e;
            }
        }, "cognigy-response-matches", DEEP_STACK);
        searching.setDaemon(true);
        searching.start();
        boolean interrupted = false;
        while (true) {
            try {
                searching.join();
                break;
            } catch (InterruptedException e) {
                // The search ends by its deadline whatever happens; the interrupt is kept for whoever waits next.
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failed[0] instanceof TooLong tooLong) throw tooLong;
        if (failed[0] != null) {
            throw new AssertionError("[response] the pattern \"" + search.regex() + "\" recurses too deeply to search the"
                    + " answer (" + text.length() + " characters): Java's regular expressions recurse once per repetition of"
                    + " a group with alternatives — write (?s).* or [\\s\\S]* for any text across lines instead of (.|\\n)*");
        }
        return found[0];
    }

    private static AssertionError givenUp(Search search, String when) {
        return new AssertionError("[response] the pattern \"" + search.regex() + "\" did not finish searching the answer ("
                + search.text().length() + " characters) within " + search.limit().toMillis() + " ms" + when
                + ": it backtracks without end on it — simplify response_matches: no quantifier on a group that itself"
                + " repeats ((a+)+, (.+)+) and no back-reference after one");
    }

    private static final class TooLong extends RuntimeException {
        TooLong() {
            super(null, null, false, false);
        }
    }

    /** The answer, stopping whoever reads it once the deadline has passed (checked every 4096 characters read). */
    private static final class Bounded implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        Bounded(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
                throw new TooLong();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
