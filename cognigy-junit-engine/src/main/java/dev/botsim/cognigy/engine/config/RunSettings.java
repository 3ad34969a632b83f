package dev.botsim.cognigy.engine.config;

import java.util.Optional;

/**
 * Which logical run this JVM belongs to, and which part of it it runs.
 *
 * @param runId the logical run ({@code cognigy.run-id}, {@code COGNIGY_RUN_ID} or the CI's ids), or empty
 * @param shard the shard this JVM runs ({@code cognigy.shard}), or empty for every test
 * @param defer whether this JVM is one part of a split run even without a shard ({@code cognigy.run.defer})
 */
public record RunSettings(Optional<String> runId, Optional<Shard> shard, boolean defer) {

    public static RunSettings defaults() {
        return new RunSettings(Optional.empty(), Optional.empty(), false);
    }

    /**
     * Whether this JVM runs only a part of the run and leaves the verdict, the audit record and the webhook to
     * {@code merge}: with a run id, when it runs a shard or was told it is one part ({@code cognigy.run.defer}).
     */
    public boolean deferred() {
        return runId.isPresent() && (shard.isPresent() || defer);
    }

    /**
     * Which part of the run this JVM runs, as its reports, console and listeners name it ({@code run 4711, shard 1/2};
     * {@code run 4711, one part} without a shard), when it is one ({@link #deferred()}).
     */
    public Optional<String> part() {
        if (!deferred()) return Optional.empty();
        return Optional.of("run " + runId.orElseThrow() + shard.map(s -> ", shard " + s).orElse(", one part"));
    }

    public RunSettings withRunId(String runId) {
        return new RunSettings(Optional.of(runId), shard, defer);
    }

    public RunSettings withShard(Shard shard) {
        return new RunSettings(runId, Optional.of(shard), defer);
    }
}
