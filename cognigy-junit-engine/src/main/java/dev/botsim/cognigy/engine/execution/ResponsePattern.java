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
        try {
            return Pattern.compile(regex).matcher(new Bounded(text, deadline)).find();
        } catch (TooLong e) {
            if (GIVEN_UP.size() < REMEMBERED) GIVEN_UP.add(search);
            throw givenUp(search, "");
        }
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
