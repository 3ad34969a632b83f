package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The run's governance verdict. Its {@link #name()} is what every report carries: {@code governance.status} in
 * {@code results.json}, the tile of {@code index.html}, {@code governance} in the audit record and the webhook
 * payload, and the console summary's {@code governance:} line. Those names do not change; a later version may add
 * a constant, so a {@code switch} over this type needs a default branch. Why a verdict is not {@link #COMPLIANT} is
 * said beside it, by {@link GovernanceReason}s ({@link RunSummary#governanceReasons()}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Governance {
    /**
     * The pass rate meets {@code cognigy.governance.threshold} with at least one test passed, no test stands for invalid
     * input, no answer was replayed or given by the sandbox ({@link RunInfo#standIn()}) when
     * {@code cognigy.governance.require-live} asks for the bot's own, and the audit record, when one is configured, was
     * written.
     */
    COMPLIANT,
    /**
     * The pass rate is below the threshold, nothing ran (every test skipped), no test passed (even at threshold 0), a test
     * stands for invalid input (tests that could not be built count as failed, and the run is never compliant with one), or
     * an answer was replayed, or the sandbox answered in the bot's place ({@link RunInfo#standIn()}), when
     * {@code cognigy.governance.require-live} asks for the bot's own answers.
     */
    REVIEW_REQUIRED,
    /** The audit record could not be written: without it the run cannot count as compliant, whatever its pass rate. */
    UNAUDITED,
    /**
     * The run was stopped before all its tests had reported: the JVM was shut down during it (a CI job's timeout,
     * Ctrl-C, an IDE's stop button), or JUnit cancelled it (Surefire's {@code skipAfterFailureCount}, the console
     * launcher's {@code --fail-fast}). Its reports, audit record and webhook payload hold the results it had; the tests it
     * never got to are in none of them, so it is never compliant.
     */
    INTERRUPTED,
    /**
     * This JVM ran one part of a split run (a CI shard, a Surefire fork with {@code cognigy.run.defer}): its figures are
     * that part's, and the run's verdict is given once by {@code merge}, over every part. Only in a part's own reports
     * and its listeners' {@link RunSummary}, never in an audit record or a webhook payload: a part writes neither.
     * {@link RunInfo#part()} says which part it is.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    DEFERRED
}
