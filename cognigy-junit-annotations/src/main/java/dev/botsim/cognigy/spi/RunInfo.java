package dev.botsim.cognigy.spi;

import java.time.Instant;
import java.util.List;

/**
 * The run as it starts.
 *
 * @param batchId       id of this run, shared by every report, audit record and webhook of it
 * @param started       when execution started
 * @param backend       backend name ({@code simulation}, {@code endpoint}, {@code sandbox})
 * @param botName       bot label, or {@code null}
 * @param expectedFlows flows the run's files and classes expect: the denominator of flow coverage
 * @param plannedTests  number of tests about to run
 * @param configuration the run's {@code cognigy.*} configuration parameters (never secrets: those
 *                      come from environment variables and are not included)
 * @param bot           what the backend knows of the bot: its intents, entities and flows, each
 *                      empty when the backend cannot tell
 */
public record RunInfo(String batchId, Instant started, String backend, String botName, List<String> expectedFlows,
                      long plannedTests, java.util.Map<String, String> configuration, BotFacts bot) {

    public RunInfo {
        expectedFlows = List.copyOf(expectedFlows);
        configuration = java.util.Map.copyOf(configuration);
        bot = bot == null ? BotFacts.UNKNOWN : bot;
    }

    public RunInfo(String batchId, Instant started, String backend, String botName, List<String> expectedFlows,
                   long plannedTests, java.util.Map<String, String> configuration) {
        this(batchId, started, backend, botName, expectedFlows, plannedTests, configuration, BotFacts.UNKNOWN);
    }

    /**
     * The bot's intents, entities and flows as the backend reports them; empty sets when unknown.
     *
     * @param unknown what the backend could not find out about the bot, and why, one phrase each
     *                (a server without the endpoint that describes the bot, say); empty when nothing is missing
     */
    public record BotFacts(java.util.Set<String> intents, java.util.Set<String> entities, java.util.Set<String> flows,
                           java.util.List<String> unknown) {
        public static final BotFacts UNKNOWN = new BotFacts(java.util.Set.of(), java.util.Set.of(), java.util.Set.of());

        public BotFacts {
            intents = java.util.Set.copyOf(intents);
            entities = java.util.Set.copyOf(entities);
            flows = java.util.Set.copyOf(flows);
            unknown = unknown == null ? java.util.List.of() : java.util.List.copyOf(unknown);
        }

        public BotFacts(java.util.Set<String> intents, java.util.Set<String> entities, java.util.Set<String> flows) {
            this(intents, entities, flows, java.util.List.of());
        }
    }
}
