package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a sandbox starts. Faults can be changed later through {@link CognigySandbox#faults()}.
 *
 * @param port                     port on 127.0.0.1; 0 picks a free one
 * @param clientId                 OAuth2 client id it accepts
 * @param clientSecret             OAuth2 client secret it accepts; {@code null} makes up a random one
 * @param urlToken                 URL token of its REST Endpoint; {@code null} makes up a random one
 * @param processingTime           how long each simulation takes, and each REST Endpoint message before its answer
 * @param threads                  threads serving HTTP
 * @param seed                     seed of the random faults
 * @param clock                    time source (tokens, processing, quotas, DATE slots), replaceable in tests
 * @param nluOutput                when the REST Endpoint emits the Code node's NLU output; {@link NluOutput#WHEN_MARKED} by default
 * @param textOnlyTransformer      whether the REST Endpoint answers as behind an Execution-Finished transformer that
 *                                 returns {@code {text}} only (no {@code outputStack}, no data)
 * @param testMessagesPerHour      the test-mode quota of {@code /test/<token>}: messages in any hour, beyond them 429
 * @param managementApiKey         the {@code X-API-Key} its management API accepts; {@code null} makes up a random one
 * @param snapshot                 name of a snapshot the endpoint serves; {@code null}: it serves the project itself
 * @param playbooks                how the Playbook API behaves: run id delay, the #145 404, seeded playbooks
 * @param intentFlips              intents that flip to another with a probability, over the bot definition's {@code flips}
 * @param codeNodeFlow             the display name of the flow the REST Endpoint's reporting Code node runs in when it is
 *                                 placed once, in a flow every turn passes through: its {@code flowName} on every turn;
 *                                 {@code null} for a node in each handling flow, whose {@code flowName} is the flow
 *                                 that handled the message
 * @param endpointShape            how the REST Endpoint's bot is built where tenants' bots differ visibly: rich content
 *                                 nested as an Intent Default Reply's, the Code node before Question nodes or only at the
 *                                 end of each flow
 */
public record SandboxOptions(int port, String clientId, String clientSecret, String urlToken, Duration processingTime,
                             int threads, long seed, Clock clock, NluOutput nluOutput, boolean textOnlyTransformer,
                             int testMessagesPerHour, String managementApiKey, String snapshot,
                             PlaybookSettings playbooks, List<BotDefinition.IntentFlip> intentFlips, String codeNodeFlow,
                             EndpointShape endpointShape) {

    public SandboxOptions {
        intentFlips = intentFlips == null ? List.of() : List.copyOf(intentFlips);
        endpointShape = endpointShape == null ? EndpointShape.defaults() : endpointShape;
        if (codeNodeFlow != null && codeNodeFlow.isBlank()) {
            throw new IllegalArgumentException("the Code node's flow needs a display name; null for a node in each handling flow");
        }
    }

    /** Options without intent flips beyond the bot definition's, whose Code node runs in each handling flow. */
    public SandboxOptions(int port, String clientId, String clientSecret, String urlToken, Duration processingTime,
                          int threads, long seed, Clock clock, NluOutput nluOutput, boolean textOnlyTransformer,
                          int testMessagesPerHour, String managementApiKey, String snapshot, PlaybookSettings playbooks) {
        this(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput, textOnlyTransformer,
                testMessagesPerHour, managementApiKey, snapshot, playbooks, List.of(), null, EndpointShape.defaults());
    }

    /** Options whose REST Endpoint's bot is built as {@link EndpointShape#defaults()}. */
    public SandboxOptions(int port, String clientId, String clientSecret, String urlToken, Duration processingTime,
                          int threads, long seed, Clock clock, NluOutput nluOutput, boolean textOnlyTransformer,
                          int testMessagesPerHour, String managementApiKey, String snapshot, PlaybookSettings playbooks,
                          List<BotDefinition.IntentFlip> intentFlips, String codeNodeFlow) {
        this(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput, textOnlyTransformer,
                testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, EndpointShape.defaults());
    }

    /**
     * Whenever the NLU recognises {@code intent}, it answers {@code flipsTo} instead with {@code probability}, drawn
     * from {@code new java.util.Random(seed)} of these options (see {@link BotDefinition.IntentFlip}); replaces a flip
     * of the same intent in the bot definition.
     */
    public SandboxOptions withIntentFlip(String intent, String flipsTo, double probability) {
        if (!(probability >= 0 && probability <= 1)) throw new IllegalArgumentException("probability must be from 0 to 1, not " + probability);
        List<BotDefinition.IntentFlip> flips = new ArrayList<>(intentFlips);
        flips.removeIf(f -> f.intent().equals(intent));
        flips.add(new BotDefinition.IntentFlip(intent, flipsTo, probability, null));
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, flips, codeNodeFlow, endpointShape);
    }

    /** The seed of the random faults and of intent flips that name none. */
    public SandboxOptions withSeed(long seed) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    /**
     * The REST Endpoint's Code node runs once, in the flow {@code displayName} every turn passes through (an Execute
     * Flow at the end, say), as on a tenant with the node placed once: its {@code flowName} is that flow on every turn,
     * while {@code intentFlow} stays the reference id of the flow the intent was found in ({@code null} when none was).
     * {@code null}: the node runs in each handling flow, and {@code flowName} is the flow that handled the message.
     */
    public SandboxOptions withCodeNodeFlow(String displayName) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, displayName, endpointShape);
    }

    /**
     * The REST Endpoint's quick replies and buttons come nested as an Intent Default Reply's rich content, in
     * {@code data._data._cognigy._default}, instead of a Say node's {@code data._cognigy._default}.
     */
    public SandboxOptions withDefaultReplyNesting(boolean nested) {
        return withEndpointShape(endpointShape.withDefaultReplyNesting(nested));
    }

    /**
     * Whether the reporting Code node also stands right before each Question node (the default, as docs/real-cognigy.md
     * places it). {@code false}: it only ends each flow, so a turn on which a flow asks its question (a flow with
     * {@code asks_for} missing its entity) reports nothing, as on a tenant: a Question node stops the flow for that turn.
     */
    public SandboxOptions withCodeNodeBeforeQuestions(boolean beforeQuestions) {
        return withEndpointShape(endpointShape.withCodeNodeBeforeQuestions(beforeQuestions));
    }

    public SandboxOptions withEndpointShape(EndpointShape endpointShape) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow,
                endpointShape);
    }

    /** The bot's flips with these options' over them, intent by intent. */
    List<BotDefinition.IntentFlip> flipsOf(BotDefinition bot) {
        Map<String, BotDefinition.IntentFlip> byIntent = new LinkedHashMap<>();
        bot.flips().forEach(f -> byIntent.put(f.intent(), f));
        intentFlips.forEach(f -> byIntent.put(f.intent(), f));
        return List.copyOf(byIntent.values());
    }

    /** Cognigy's documented test-mode quota: "You can send up to 600 test messages per hour." */
    public static final int TEST_MESSAGES_PER_HOUR = 600;

    public static SandboxOptions defaults() {
        return new SandboxOptions(0, "sandbox-client", null, null, Duration.ZERO, 16, 42L, Clock.systemUTC(), NluOutput.WHEN_MARKED,
                false, TEST_MESSAGES_PER_HOUR, null, null, PlaybookSettings.defaults());
    }

    public SandboxOptions withPort(int port) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    public SandboxOptions withCredentials(String clientId, String clientSecret) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    public SandboxOptions withUrlToken(String urlToken) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    public SandboxOptions withProcessingTime(Duration processingTime) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    public SandboxOptions withThreads(int threads) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    public SandboxOptions withClock(Clock clock) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    /** When the REST Endpoint emits the Code node's NLU output. */
    public SandboxOptions withNluOutput(NluOutput nluOutput) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    /** The REST Endpoint answers {@code {text}} only, as behind an Execution-Finished transformer that drops the rest. */
    public SandboxOptions withTextOnlyTransformer(boolean textOnlyTransformer) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    /** The test-mode quota: messages to {@code /test/<token>} accepted in any hour. */
    public SandboxOptions withTestMessagesPerHour(int testMessagesPerHour) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    /** The {@code X-API-Key} the management API accepts. */
    public SandboxOptions withManagementApiKey(String managementApiKey) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    /** The endpoint serves a snapshot of this name (its {@code entrypoint} is the snapshot's id). */
    public SandboxOptions withSnapshot(String snapshot) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }

    /** A task's {@code data.playbookRunId} appears only this long after the task is {@code done}. */
    public SandboxOptions withPlaybookRunIdDelay(Duration delay) {
        return withPlaybooks(new PlaybookSettings(delay, playbooks.runMissingOnFirstRead(), playbooks.seed(), playbooks.stepAnswerTimes()));
    }

    /** The first read of each Playbook run answers 404 "Playbook run does not exist" (Cognigy's CLI issue #145). */
    public SandboxOptions withPlaybookRunMissingOnFirstRead(boolean missing) {
        return withPlaybooks(new PlaybookSettings(playbooks.runIdDelay(), missing, playbooks.seed(), playbooks.stepAnswerTimes()));
    }

    /** The project starts with the playbooks of this JSON export ({@code {"playbooks": [...]}}, docs/sandbox.md). */
    public SandboxOptions withPlaybookSeed(java.nio.file.Path file) {
        return withPlaybooks(new PlaybookSettings(playbooks.runIdDelay(), playbooks.runMissingOnFirstRead(), file, playbooks.stepAnswerTimes()));
    }

    /**
     * The bot takes {@code answerTime} to answer a Playbook step whose text is {@code stepText}, as a slow flow (an HTTP
     * Request or LLM node) does: beyond the playbook's {@code timeout} the step times out ({@code timeout: true}), as on a
     * tenant, and its time up to that timeout adds to the execution's.
     */
    public SandboxOptions withPlaybookStepAnswerTime(String stepText, Duration answerTime) {
        java.util.Map<String, Duration> times = new java.util.HashMap<>(playbooks.stepAnswerTimes());
        times.put(stepText, answerTime);
        return withPlaybooks(new PlaybookSettings(playbooks.runIdDelay(), playbooks.runMissingOnFirstRead(), playbooks.seed(), times));
    }

    public SandboxOptions withPlaybooks(PlaybookSettings playbooks) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock, nluOutput,
                textOnlyTransformer, testMessagesPerHour, managementApiKey, snapshot, playbooks, intentFlips, codeNodeFlow, endpointShape);
    }
}
