package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How a test that ran several times ({@code cognigy.repeat}, {@code repeat:}) behaved across its runs. The verdict
 * describes the bot and depends on the runs alone, never on the pass ratio: the ratio decides whether the test passes,
 * the verdict says whether its answers held still. A FLAKY test may pass (its ratio met) or fail.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Stability {
    /** Every run passed. */
    STABLE,
    /** Some runs passed and some did not. */
    FLAKY,
    /** No run passed. */
    BROKEN;

    /** The verdict of {@code passed} runs out of {@code runs} (at least one). */
    public static Stability of(int passed, int runs) {
        if (runs < 1 || passed < 0 || passed > runs) {
            throw new IllegalArgumentException("passed " + passed + " of " + runs + " runs");
        }
        return passed == runs ? STABLE : passed == 0 ? BROKEN : FLAKY;
    }
}
