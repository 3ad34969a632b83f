package dev.botsim.cognigy.engine.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.RunInfo;

/**
 * Which run this is and when it started, fixed as its start begins: before its backend starts and the bot's schema is
 * read (retried against a slow tenant, for minutes), so the report folder's mark, the run's reports and a run that did
 * not start all name the same batch, and its duration counts the start.
 *
 * @param batchId the run's batch id: {@code batch_} and 12 random hex digits
 * @param started when the run's start began
 */
record RunStart(String batchId, Instant started) {

    /** A new run, starting now. */
    static RunStart now(Clock clock) {
        return new RunStart("batch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), clock.instant());
    }

    /** This run, as the pair of a run that did not start names it: its {@code backend} and whether it was {@code partial}. */
    RunInfo notStartedInfo(EngineConfig config, String backend, boolean partial) {
        return RunInfo.builder().batchId(batchId).started(started).backend(backend).partial(partial)
                .configuration(config.parameters()).build();
    }
}
