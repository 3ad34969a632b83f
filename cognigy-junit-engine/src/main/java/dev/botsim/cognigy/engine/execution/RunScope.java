package dev.botsim.cognigy.engine.execution;

import java.util.Optional;
import java.util.function.LongSupplier;

import dev.botsim.cognigy.engine.stability.RepeatPolicy;

/**
 * What the tests of one run share, as the run's start made it: which tests cannot pass against the
 * bot, where messages are sent, how a message becomes a request, where records and retries go, and
 * the few settings a test reads. Nothing here reaches back to the test tree or the run's end.
 *
 * @param missingNluDataHint what the user must change for the bot to report NLU data, shown when a
 *                           test expecting it got none; empty when the backend always reports it
 * @param intentUnknownWithoutNluData whether an answer without NLU data leaves the intent unknown, so that a
 *                           {@code not_intent} cannot hold on it ({@link dev.botsim.cognigy.engine.backend.Backend#intentUnknownWithoutNluData})
 * @param tolerant           whether failures are tolerated one by one and judged at the end
 *                           ({@code cognigy.governance.mode=tolerant})
 * @param nanoTime           the monotonic time tests' durations are measured on ({@link EngineServices#nanoTime()})
 * @param approvals          the run's approved answers, for tests that have one
 * @param repeat             how many times a test runs and how many runs must pass ({@code cognigy.repeat})
 * @param fullStackTraces    whether failed tests keep their stack traces as thrown
 *                           ({@code cognigy.report.full-stack-traces})
 */
public record RunScope(Preflight preflight, Dispatcher dispatcher, TurnRequests requests, RecordLedger ledger,
                       RetryReports retries, Optional<String> missingNluDataHint, boolean intentUnknownWithoutNluData, boolean tolerant, LongSupplier nanoTime,
                       dev.botsim.cognigy.engine.approval.Approvals approvals, RepeatPolicy repeat,
                       boolean fullStackTraces) {
}
