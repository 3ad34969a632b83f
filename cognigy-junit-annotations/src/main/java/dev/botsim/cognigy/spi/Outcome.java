package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How a simulation ended, as reports and the governance verdict count it. A later version may add a constant, so
 * a {@code switch} over this type needs a default branch.
 */
@API(status = EXPERIMENTAL, since = "0.1")
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
