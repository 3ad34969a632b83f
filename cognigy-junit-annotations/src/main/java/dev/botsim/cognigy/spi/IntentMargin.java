package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.math.BigDecimal;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * The two best intents an NLU scored one utterance with, and how far apart they are: an utterance whose best intent
 * wins by a hair is fragile, whether or not its test passed, since the next example sentence added to the runner-up
 * may turn it. Known only where the backend sees the whole ranking (the {@code nlu} backend); a backend that reports
 * the recognised intent's score alone claims no margin.
 *
 * @param first        the best non-negated intent
 * @param firstScore   its score, 0 to 1
 * @param second       the next best non-negated intent
 * @param secondScore  its score, at most {@code firstScore}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record IntentMargin(String first, double firstScore, String second, double secondScore) {

    public IntentMargin {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (secondScore > firstScore) {
            throw new IllegalArgumentException("the runner-up " + second + " (" + secondScore + ") scores above the best "
                    + first + " (" + firstScore + ")");
        }
    }

    /**
     * The best score less the runner-up's, 0 when they tie; in decimal, so 0.7 less 0.6 is 0.1 and not the
     * 0.09999999999999998 of binary subtraction, which would call a lead of exactly the margin fragile.
     */
    public double margin() {
        return BigDecimal.valueOf(firstScore).subtract(BigDecimal.valueOf(secondScore)).doubleValue();
    }
}
