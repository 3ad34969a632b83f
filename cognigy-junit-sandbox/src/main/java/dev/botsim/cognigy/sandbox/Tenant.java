package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bot as a tenant holds it: one project with the bot's flows, one locale, one lexicon of its
 * entities, one REST endpoint whose main flow is the fallback flow with the deployed flows attached,
 * and optionally a snapshot the endpoint serves. Every id is derived from the bot's name, so the
 * same definition has the same ids in every run.
 */
final class Tenant {

    /**
     * A flow of the project: the sandbox's flow id, Cognigy's {@code _id} and {@code referenceId}, its display name, and
     * when it was last changed ({@code lastChanged}, milliseconds since the epoch, as Cognigy's resources carry it).
     */
    record FlowResource(String flowId, String objectId, String referenceId, String name, List<BotDefinition.Intent> intents,
                        boolean attached, long lastChanged) {
    }

    /** The earliest last-change time a flow is given: 2024-01-01T00:00:00Z. */
    private static final long EPOCH_OF_EDITS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    /** Last-change times fall within a year after {@link #EPOCH_OF_EDITS}. */
    private static final long YEAR_MILLIS = 365L * 24 * 60 * 60 * 1000;

    /** A snapshot of the project, served by the endpoint. */
    record Snapshot(String id, String name, Instant createdAt) {
    }

    private final BotDefinition bot;
    private final String urlToken;
    private final List<FlowResource> flows = new ArrayList<>();
    private final FlowResource main;
    private final Snapshot snapshot;

    Tenant(BotDefinition bot, String urlToken, String snapshotName, Clock clock) {
        this.bot = bot;
        this.urlToken = urlToken;
        BotDefinition.Flow mainFlow = bot.flow(bot.fallback().flow());
        // The main flow holds the fallback: editing the fallback is editing that flow.
        this.main = resource(bot.fallback().flow(), bot.displayName(bot.fallback().flow()),
                mainFlow == null ? List.of() : mainFlow.intents(), true, definition(mainFlow) + bot.fallback());
        flows.add(main);
        for (BotDefinition.Flow flow : bot.flows()) {
            if (!flow.id().equals(main.flowId())) {
                flows.add(resource(flow.id(), flow.displayName(), flow.intents(), flow.isDeployed(), definition(flow)));
            }
        }
        this.snapshot = snapshotName == null ? null
                : new Snapshot(id("snapshot:" + snapshotName), snapshotName, clock.instant());
    }

    private FlowResource resource(String flowId, String name, List<BotDefinition.Intent> intents, boolean attached, String definition) {
        return new FlowResource(flowId, id("flow:" + flowId), Ids.referenceId(bot.bot() + ":flow:" + flowId), name, intents, attached,
                lastChanged(definition));
    }

    /** A flow's definition as text, the same in every run: its data map's keys sorted ({@code Map.copyOf} has no order). */
    private static String definition(BotDefinition.Flow flow) {
        if (flow == null) return "none";
        return String.join("\n", flow.id(), String.valueOf(flow.deployed()), flow.intents().toString(), flow.responses().toString(),
                String.valueOf(flow.asksFor()), String.valueOf(flow.name()), new java.util.TreeMap<>(flow.enteredByData()).toString())
                // Only a flow with question settings has them in its text: the others keep the time they had before.
                + (flow.question() == null ? "" : "\n" + flow.question());
    }

    /**
     * When a flow was last changed. The sandbox has no editor and no history: the time is derived from the flow's
     * definition, so the same definition gives the same time in every run and an edit to the flow (its intents,
     * responses, slots) gives another time, as saving a flow in Cognigy does. A flow left alone keeps its time.
     */
    private static long lastChanged(String definition) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(definition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long bits = java.nio.ByteBuffer.wrap(hash).getLong();
            return EPOCH_OF_EDITS + Math.floorMod(bits, YEAR_MILLIS);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String id(String what) {
        return Ids.objectId(bot.bot() + ":" + what);
    }

    BotDefinition bot() {
        return bot;
    }

    String projectId() {
        return id("project");
    }

    String endpointId() {
        return id("endpoint");
    }

    /** The Socket Endpoint's id: an endpoint of its own beside the REST Endpoint, as on a tenant. */
    String socketEndpointId() {
        return id("socket-endpoint");
    }

    String urlToken() {
        return urlToken;
    }

    String localeId() {
        return id("locale");
    }

    String localeReferenceId() {
        return Ids.referenceId(bot.bot() + ":locale");
    }

    String lexiconId() {
        return id("lexicon");
    }

    String slotId(String entity) {
        return id("slot:" + entity);
    }

    String intentId(String intent) {
        return id("intent:" + intent);
    }

    /** The id of an intent's example sentence, by its place in the intent's examples. */
    String sentenceId(String intent, int index) {
        return id("sentence:" + intent + ":" + index);
    }

    /** The flow every endpoint message enters; the deployed flows are attached to it. */
    FlowResource mainFlow() {
        return main;
    }

    /** Main flow first, then the bot's flows in their order. */
    List<FlowResource> flows() {
        return List.copyOf(flows);
    }

    /** The flow with this sandbox flow id (the fallback flow included). */
    FlowResource flow(String flowId) {
        return flows.stream().filter(f -> f.flowId().equals(flowId)).findFirst().orElse(main);
    }

    /**
     * The sandbox flow ids whose intents {@code flow}'s NLU model knows: its own and those of the flows attached to it
     * (the main flow attaches the deployed flows; the others attach none).
     */
    Set<String> modelScope(FlowResource flow) {
        Set<String> scope = new HashSet<>();
        scope.add(flow.flowId());
        if (flow.equals(main)) flows.stream().filter(FlowResource::attached).forEach(f -> scope.add(f.flowId()));
        return scope;
    }

    /** The flow a {@code flowReferenceId} or a task's {@code flowId} names. */
    Optional<FlowResource> flowByReferenceId(String referenceId) {
        return flows.stream().filter(f -> f.referenceId().equals(referenceId)).findFirst();
    }

    Optional<FlowResource> flowByObjectId(String objectId) {
        return flows.stream().filter(f -> f.objectId().equals(objectId)).findFirst();
    }

    Optional<Snapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** What the endpoint serves: the snapshot's id, or the project's. */
    String entrypoint() {
        return snapshot == null ? projectId() : snapshot.id();
    }

    /** The id of a flow inside the snapshot, distinct from the live flow's. */
    String snapshotResourceId(FlowResource flow) {
        return id("snapshot-resource:" + flow.flowId());
    }
}
