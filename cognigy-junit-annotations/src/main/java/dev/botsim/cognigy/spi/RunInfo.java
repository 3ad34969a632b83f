package dev.botsim.cognigy.spi;

import java.time.Instant;
import java.util.List;

/**
 * The run as it starts.
 *
 * @param batchId       id of this run, shared by every report, audit record and webhook of it
 * @param started       when execution started
 * @param backend       backend name ({@code simulation}, {@code endpoint}, {@code sandbox})
 * @param bot           bot label, or {@code null}
 * @param expectedFlows flows the run's files and classes expect: the denominator of flow coverage
 * @param plannedTests  number of tests about to run
 * @param configuration the run's {@code cognigy.*} configuration parameters (never secrets: those
 *                      come from environment variables and are not included)
 */
public record RunInfo(String batchId, Instant started, String backend, String bot, List<String> expectedFlows,
                      long plannedTests, java.util.Map<String, String> configuration) {

    public RunInfo {
        expectedFlows = List.copyOf(expectedFlows);
        configuration = java.util.Map.copyOf(configuration);
    }
}
