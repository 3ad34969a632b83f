package dev.botsim.cognigy.engine.lifecycle;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.approval.Approvals;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.execution.RecordLedger;
import dev.botsim.cognigy.engine.replay.Replay;
import dev.botsim.cognigy.engine.reporting.Listeners;
import dev.botsim.cognigy.spi.RunInfo;

/**
 * What a run's start made that its end needs: the run's own end, or the one the JVM's shutdown hook gives it
 * ({@link InterruptedRun}), to which it is published by {@link InterruptedRunHook#started()}.
 *
 * @param backend           the run's backend, started
 * @param plan              the run's plan, its run info as the listeners were told it
 * @param listeners         the listeners, told the run started
 * @param ledger            the run's records, as the tests report them
 * @param approvals         the approved answers the tests are judged against; {@code null} when the run approves none
 * @param discoveredStandIn what discovery met in the bot's place ({@link RunSelection#discoveredStandIn()})
 */
record StartedRun(Backend backend, RunPlan plan, Listeners listeners, RecordLedger ledger, Approvals approvals,
                  Supplier<Optional<String>> discoveredStandIn) {

    /**
     * The run as its end knows it: with the stand-in its backend's answers revealed (a sandbox started on its own and
     * configured as a tenant), when the configuration named none.
     */
    RunInfo endedInfo() {
        RunInfo info = plan.info();
        if (info.standIn() != null) return info;
        return backend.standIn().or(discoveredStandIn).map(standIn -> info.toBuilder().standIn(standIn).build()).orElse(info);
    }

    /**
     * The SHA-256 of each file the run's verdict rests on, for the audit record: its data files, each approval file a test
     * was judged against and, under {@code cognigy.replay}, each cassette an answer was replayed from (all as read), so
     * an edited approved answer or cassette shows in the trail.
     */
    Map<String, String> filesJudgedBy() {
        Map<String, String> files = new TreeMap<>(plan.dataFiles());
        if (approvals != null) files.putAll(approvals.judgedBy());
        Replay.of(backend).ifPresent(replay -> files.putAll(replay.cassettesReplayed()));
        return files;
    }
}
