package dev.botsim.cognigy.spi;

/** How a simulation ended, as reports and the governance verdict count it. */
public enum Outcome {
    /** Every expectation held. */
    PASSED,
    /** The bot answered, but not as expected. */
    FAILED,
    /** The platform reported a configuration error (an error code on a turn, an unknown entity or flow). */
    MISCONFIGURATION,
    /** The simulation did not finish within its deadline. */
    TIMEOUT,
    /** Infrastructure failed: authentication, network, protocol. Says nothing about the bot. */
    ERROR,
    /** Not run: filtered, cancelled, or an earlier turn of its conversation failed. */
    SKIPPED
}
