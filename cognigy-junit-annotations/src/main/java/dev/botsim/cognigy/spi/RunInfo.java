package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apiguardian.api.API;

/**
 * The run as it starts.
 *
 * <p>Read it through its accessors; build it with {@link #builder()}, which gives a component added later a
 * default. The canonical constructor changes with the components.
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
 * @param replayMode    {@code cognigy.replay}: {@code off} (every answer live), {@code record}, {@code replay} or
 *                      {@code auto}; whether each test was replayed is {@link SimulationRecord#replayed()}
 * @param botFingerprint what the answers are known to come from when recorded or replayed: backend, endpoint (never its
 *                      token), project, flow, locale, snapshot or bot definition hash, engine version; empty when
 *                      replay is off
 * @param partial       whether the run's tests were picked one by one (by unique id, method or line: an IDE's run of a
 *                      test, Surefire's rerun of failures) rather than being a suite or a part of one: its verdict and
 *                      coverage are those tests', not the suite's
 * @param part          which part of a split run this JVM runs, as its reports name it ({@code run 4711, shard 1/2};
 *                      {@code run 4711, one part} for a Surefire fork with {@code cognigy.run.defer}), or {@code null} for
 *                      a whole run (a merged one included): a part's {@link RunSummary#governance()} is
 *                      {@link Governance#DEFERRED}, the run's verdict being the merge's
 * @param standIn       what answered the run in the bot's place, and why, as a phrase for messages: the embedded sandbox
 *                      the engine started ({@code the embedded sandbox (cognigy.backend=endpoint with cognigy.sandbox.bot,
 *                      and the environment variable COGNIGY_ENDPOINT_URL is not set)}), or a server whose answers carry
 *                      the sandbox's identifying header (a sandbox started on its own); {@code null} when, as far as the
 *                      engine can tell, the answers are a Cognigy's. Known at the start for the embedded sandbox (and for a
 *                      server the project's playbooks were listed at, at discovery), at the
 *                      end for a server (the run as its end sees it). {@code cognigy.governance.require-live} refuses a
 *                      run with a stand-in as it refuses replayed answers
 * @param filteredOut   how many tests discovery found that a filter of the launcher took out of the run after discovery
 *                      (a tag filter: Surefire's {@code groups} and {@code excludedGroups}, Gradle's {@code includeTags},
 *                      the console launcher's {@code --include-tag} and {@code --exclude-tag}; Surefire's method-name
 *                      filter), so that they never ran: the verdict and coverage are of the {@link #plannedTests()} that
 *                      did, out of {@code plannedTests + filteredOut} discovered. 0 when no filter took any out. A shard
 *                      ({@code cognigy.shard}) leaves tests out by design, and those are not counted; tests standing for
 *                      invalid input that a filter took out are in {@link #plannedTests()}, recorded as failed. A merged
 *                      run's is the sum of its parts'
 * @param rerunAttempts for a merged run, each part that its CI ran in a later attempt of the workflow run than the first
 *                      (GitHub Actions' {@code GITHUB_RUN_ATTEMPT} above 1: "Re-run failed jobs"), that attempt, by the
 *                      part's shard ({@code 2/4}), or its batch id for a part without one: the results of its earlier
 *                      attempts are in no part, so a shard re-run into a pass reads as one that passed at once but for
 *                      this. Empty for a part, a run that is not split, and a merge of first attempts (or of parts that
 *                      do not say theirs)
 * @param target        where the run's backend is configured to send its messages, each address as messages show it — a
 *                      REST Endpoint URL with its URL token as {@code ****} and no query, never a user name, password or
 *                      secret: {@code endpoint} (and {@code endpoint de-DE} for a locale's endpoint the tests name),
 *                      {@code simulation_api}, {@code management_api} and {@code project}, or {@code sandbox} with the bot
 *                      definition; what tells a staging run from a production run where the management API does not name
 *                      the deployment ({@link BotFacts#underTest()}). Empty when unknown (a part written by an engine
 *                      before it)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunInfo(String batchId, Instant started, String backend, String botName, List<String> expectedFlows,
                      long plannedTests, Map<String, String> configuration, BotFacts bot, String replayMode,
                      Map<String, String> botFingerprint, boolean partial, String part, String standIn,
                      long filteredOut, Map<String, Integer> rerunAttempts, Map<String, String> target) {

    @API(status = INTERNAL, since = "0.1")
    public RunInfo {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(backend, "backend");
        expectedFlows = expectedFlows == null ? List.of() : List.copyOf(expectedFlows);
        configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
        bot = bot == null ? BotFacts.UNKNOWN : bot;
        replayMode = replayMode == null ? "off" : replayMode;
        botFingerprint = botFingerprint == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(botFingerprint));
        rerunAttempts = rerunAttempts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(rerunAttempts));
        target = target == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(target));
    }

    /** A run to fill in; {@link Builder#build()} needs at least the batch id, start and backend. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this run's components, to change some of them. */
    public Builder toBuilder() {
        return new Builder().batchId(batchId).started(started).backend(backend).botName(botName)
                .expectedFlows(expectedFlows).plannedTests(plannedTests).configuration(configuration).bot(bot).replay(replayMode, botFingerprint)
                .partial(partial).part(part).standIn(standIn).filteredOut(filteredOut)
                .rerunAttempts(rerunAttempts).target(target);
    }

    /** Collects a {@link RunInfo}'s components; those not set are {@code null}, empty, 0 or {@link BotFacts#UNKNOWN}. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private String batchId;
        private Instant started;
        private String backend;
        private String botName;
        private List<String> expectedFlows = List.of();
        private long plannedTests;
        private Map<String, String> configuration = Map.of();
        private BotFacts bot = BotFacts.UNKNOWN;
        private String replayMode = "off";
        private boolean partial;
        private String part;
        private Map<String, String> botFingerprint = Map.of();
        private String standIn;
        private long filteredOut;
        private Map<String, Integer> rerunAttempts = Map.of();
        private Map<String, String> target = Map.of();

        private Builder() {
        }

        public Builder batchId(String batchId) {
            this.batchId = batchId;
            return this;
        }

        public Builder started(Instant started) {
            this.started = started;
            return this;
        }

        public Builder backend(String backend) {
            this.backend = backend;
            return this;
        }

        public Builder botName(String botName) {
            this.botName = botName;
            return this;
        }

        public Builder expectedFlows(List<String> expectedFlows) {
            this.expectedFlows = expectedFlows;
            return this;
        }

        public Builder plannedTests(long plannedTests) {
            this.plannedTests = plannedTests;
            return this;
        }

        public Builder configuration(Map<String, String> configuration) {
            this.configuration = configuration;
            return this;
        }

        public Builder bot(BotFacts bot) {
            this.bot = bot;
            return this;
        }

        /** The run's {@code cognigy.replay} mode and the fingerprint of the bot its answers come from. */
        public Builder replay(String replayMode, Map<String, String> botFingerprint) {
            this.replayMode = replayMode;
            this.botFingerprint = botFingerprint;
            return this;
        }

        /** Whether the run's tests were picked one by one; {@code false} (the default) for a suite or a part of one. */
        public Builder partial(boolean partial) {
            this.partial = partial;
            return this;
        }

        /**
         * Which part of a split run this JVM runs ({@code run 4711, shard 1/2}); {@code null} (the default) for a whole
         * run.
         */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder part(String part) {
            this.part = part;
            return this;
        }

        /**
         * What answered the run in the bot's place, and why ({@code the embedded sandbox (cognigy.backend=sandbox)});
         * {@code null} (the default) when the answers are, as far as the engine can tell, a Cognigy's.
         */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder standIn(String standIn) {
            this.standIn = standIn;
            return this;
        }

        /**
         * How many tests discovery found that a filter of the launcher took out of the run (tags, method names); 0 (the
         * default) when none.
         */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder filteredOut(long filteredOut) {
            this.filteredOut = filteredOut;
            return this;
        }

        /**
         * For a merged run, the attempt of the CI's workflow run each part ran in, by shard (or batch id), for the parts
         * that ran in an attempt above 1; empty (the default) when none did.
         */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder rerunAttempts(Map<String, Integer> rerunAttempts) {
            this.rerunAttempts = rerunAttempts;
            return this;
        }

        /**
         * Where the run's backend is configured to send its messages, each address as messages show it (never a
         * secret); empty (the default) when unknown.
         */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder target(Map<String, String> target) {
            this.target = target;
            return this;
        }

        /** @throws NullPointerException without a batch id, start or backend */
        public RunInfo build() {
            return new RunInfo(batchId, started, backend, botName, expectedFlows, plannedTests, configuration, bot, replayMode,
                    botFingerprint, partial, part, standIn, filteredOut, rerunAttempts, target);
        }
    }

    /**
     * The bot's intents, entities and flows as the backend reports them; empty sets when unknown. Built with
     * {@link #builder()}, like the run.
     *
     * @param intents  the bot's intents
     * @param entities the bot's entities
     * @param flows    the bot's flows
     * @param unknown  what the backend could not find out about the bot, and why, or what makes its answers
     *                 incomplete (an endpoint without NLU, say), one phrase each; empty when nothing is missing
     * @param underTest which deployment was tested (project, endpoint, flow, locale, snapshot), or {@code null} when the
     *                 backend cannot tell (the simulation API, the sandbox, an endpoint without the management API)
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record BotFacts(Set<String> intents, Set<String> entities, Set<String> flows, List<String> unknown,
                           BotUnderTest underTest) {

        /** Nothing is known of the bot, and nothing said about why. */
        public static final BotFacts UNKNOWN = builder().build();

        @API(status = INTERNAL, since = "0.1")
        public BotFacts {
            intents = intents == null ? Set.of() : Set.copyOf(intents);
            entities = entities == null ? Set.of() : Set.copyOf(entities);
            flows = flows == null ? Set.of() : Set.copyOf(flows);
            unknown = unknown == null ? List.of() : List.copyOf(unknown);
        }

        /** Facts to fill in; those not set are empty. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these facts, to change some of them. */
        public Builder toBuilder() {
            return new Builder().intents(intents).entities(entities).flows(flows).unknown(unknown).underTest(underTest);
        }

        /** Collects a {@link BotFacts}' components; those not set are empty ({@code null} for the bot under test). */
        @API(status = EXPERIMENTAL, since = "0.1")
        public static final class Builder {
            private Set<String> intents = Set.of();
            private Set<String> entities = Set.of();
            private Set<String> flows = Set.of();
            private List<String> unknown = List.of();
            private BotUnderTest underTest;

            private Builder() {
            }

            public Builder intents(Set<String> intents) {
                this.intents = intents;
                return this;
            }

            public Builder entities(Set<String> entities) {
                this.entities = entities;
                return this;
            }

            public Builder flows(Set<String> flows) {
                this.flows = flows;
                return this;
            }

            public Builder unknown(List<String> unknown) {
                this.unknown = unknown;
                return this;
            }

            public Builder underTest(BotUnderTest underTest) {
                this.underTest = underTest;
                return this;
            }

            public BotFacts build() {
                return new BotFacts(intents, entities, flows, unknown, underTest);
            }
        }
    }
}
