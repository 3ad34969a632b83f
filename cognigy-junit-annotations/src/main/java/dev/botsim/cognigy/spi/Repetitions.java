package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * How a test that ran several times in fresh sessions fared: how many runs passed, the ratio it needed, and what the
 * bot answered across the runs. Each distribution counts runs by the value their answer carried (for a conversation,
 * its last turn), most frequent first; a run without that value (no intent recognised, no text) counts under
 * {@link #NONE}, and a run whose message never reached the bot under {@link #NOT_SENT}.
 *
 * <p>Read it through its accessors: a component added later changes the canonical constructor and record patterns,
 * while the constructors taking the components of earlier versions stay, giving the later ones their defaults.
 *
 * @param runs          how many times the test ran, at least 1 (a split run's rerun adds its attempts to the earlier ones)
 * @param passed        how many of them passed
 * @param requiredRatio the share of runs that had to pass ({@code cognigy.repeat.pass-ratio}), 0 to 1
 * @param intents       runs by the intent recognised
 * @param texts         runs by the bot's answer text (its outputs' texts joined by a line break)
 * @param flows         runs by the flow the answer came from
 * @param unanswered    how many runs sent the message and got no turn of the bot in answer (an error, a timeout):
 *                      counted under {@link #NONE} in each distribution, they are no observation of what the bot
 *                      recognised; a run that never sent the message is not among them, but under {@link #NOT_SENT}
 * @param skipped       how many further runs the test's own code skipped (an assumption that did not hold): left out of
 *                      {@code runs} and every figure above, as JUnit leaves out a skipped repetition
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Repetitions(int runs, int passed, double requiredRatio, Map<String, Integer> intents,
                          Map<String, Integer> texts, Map<String, Integer> flows, int unanswered, int skipped) {

    /** The key of runs whose answer had no such value. */
    public static final String NONE = "(none)";

    /**
     * The key of runs that never sent the test's message (for a conversation, its last), in every distribution: an
     * earlier turn of that run of the conversation failed, or the message never left this machine (no connection, the
     * outage breaker open, held back, refused before sending). The bot was never asked, so such a run is neither
     * {@link #unanswered()} nor an observation of what the bot recognises. It counts in {@code runs} as a run that did not
     * pass (unless the test's own code let its failure pass: a {@code @Conversation} method that caught it).
     */
    public static final String NOT_SENT = "(not sent)";

    /** The runs that sent the test's message: every run but those under {@link #NOT_SENT}. */
    public int sent() {
        return runs - intents.getOrDefault(NOT_SENT, 0);
    }

    public Repetitions {
        if (runs < 1 || passed < 0 || passed > runs) {
            throw new IllegalArgumentException("passed " + passed + " of " + runs + " runs");
        }
        if (!(requiredRatio >= 0 && requiredRatio <= 1)) {
            throw new IllegalArgumentException("the required ratio is from 0 to 1, not " + requiredRatio);
        }
        if (unanswered < 0 || unanswered > runs) {
            throw new IllegalArgumentException(unanswered + " of " + runs + " runs unanswered");
        }
        if (skipped < 0) throw new IllegalArgumentException("skipped is a count of runs, not " + skipped);
        intents = copy(intents);
        texts = copy(texts);
        flows = copy(flows);
    }

    /**
     * Runs that all got an answer, none skipped by the test itself: the components of the first version,
     * {@link #unanswered} and {@link #skipped} 0.
     */
    public Repetitions(int runs, int passed, double requiredRatio, Map<String, Integer> intents, Map<String, Integer> texts,
                       Map<String, Integer> flows) {
        this(runs, passed, requiredRatio, intents, texts, flows, 0, 0);
    }

    /** {@link Stability#of} these runs. */
    public Stability stability() {
        return Stability.of(passed, runs);
    }

    /** Whether enough runs passed: {@code passed / runs >= requiredRatio}, compared exactly. */
    public boolean ratioMet() {
        // passed/runs >= r  <=>  passed >= r*runs, on the ratio as written: in binary, 0.7 * 10 is 7.000000000000001,
        // which seven passed runs would miss. Rounding r*runs up to a whole run would be kinder than written.
        return BigDecimal.valueOf(passed).compareTo(BigDecimal.valueOf(requiredRatio).multiply(BigDecimal.valueOf(runs))) >= 0;
    }

    private static Map<String, Integer> copy(Map<String, Integer> counts) {
        return counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counts)));
    }
}
