package dev.botsim.cognigy.engine.backend;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * What the backend knows of the bot. Each set is empty when known to be empty and absent when the
 * backend cannot tell (then expectations naming them are not validated up front). Its entity, flow and intent names
 * are held in Unicode's composed form (NFC), as expectations and the bot's answers ({@link TurnResult}) hold theirs: a
 * bot whose names are decomposed is named, checked and counted by the names a reader sees.
 *
 * @param unknown          what the backend could have told but could not, and why, or what makes the bot's answers
 *                         incomplete, one phrase each ("flows and intents unknown (GET /api/bot/info answered 404)",
 *                         "the endpoint uses the No NLU connector: ..."), for the run's summary
 * @param entityNamesExact whether entity names are compared exactly, as Cognigy names slots ({@code NUMBER} is not
 *                         {@code number}); else ignoring case, as the simulation API documents its entities
 * @param underTest        which deployment of the bot is tested, when the backend resolved it
 * @param flowsLastChanged when each flow of the live project was last changed, by flow name, as the management API's
 *                         flow list gives it (an ISO instant); empty when the bot is a snapshot (its id says all) or the
 *                         backend cannot tell. Edits inside a flow change nothing else the schema holds.
 * @param knownFlows       each flow of {@code flows} the backend knows by more than one name: its display name and
 *                         its ids ({@code next_flow} may write any of them); empty when it knows each by one name only
 * @param unlistedEntities how the user names an entity the bot has that {@code entities} cannot hold (a Cognigy slot
 *                         a Regex Slot Filler node or a Code node fills, which the management API lists nowhere), said
 *                         with an entity the schema does not know; empty when the backend lists every entity
 */
public record BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                        List<String> unknown, boolean entityNamesExact, Optional<BotUnderTest> underTest,
                        SortedMap<String, String> flowsLastChanged, List<KnownFlow> knownFlows,
                        Optional<String> unlistedEntities) {

    /**
     * One flow by every name the backend knows it by.
     *
     * @param reported how the backend's answers name it: its entry in {@link #flows()}
     * @param name     its display name
     * @param ids      its ids (the simulation API's flow id; a tenant's reference id and {@code _id}), none blank
     */
    public record KnownFlow(String reported, String name, List<String> ids) {
        public KnownFlow {
            reported = ComposedText.of(reported);
            name = ComposedText.of(name);
            String display = name;
            ids = ids.stream().filter(id -> id != null && !id.isBlank()).map(ComposedText::of).filter(id -> !id.equals(display))
                    .distinct().toList();
        }

        /** Whether {@code written}, composed, is its name or one of its ids. */
        boolean isNamed(String written) {
            return written.equals(reported) || written.equals(name) || ids.contains(written);
        }

        /** {@code Welcome (flow_welcome)}: its name, then its ids; only the name when it has none. */
        public String label() {
            return ids.isEmpty() ? name : name + " (" + String.join(", ", ids) + ")";
        }
    }

    public static final BotSchema UNKNOWN = new BotSchema(Optional.empty(), Optional.empty(), Optional.empty());

    public BotSchema {
        entities = entities.map(BotSchema::composed);
        flows = flows.map(BotSchema::composed);
        intents = intents.map(BotSchema::composed);
        unknown = List.copyOf(unknown);
        TreeMap<String, String> lastChanged = new TreeMap<>();
        flowsLastChanged.forEach((flow, changed) -> lastChanged.put(ComposedText.of(flow), changed));
        flowsLastChanged = Collections.unmodifiableSortedMap(lastChanged);
        knownFlows = List.copyOf(knownFlows);
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                     List<String> unknown, boolean entityNamesExact, Optional<BotUnderTest> underTest,
                     SortedMap<String, String> flowsLastChanged, List<KnownFlow> knownFlows) {
        this(entities, flows, intents, unknown, entityNamesExact, underTest, flowsLastChanged, knownFlows, Optional.empty());
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                     List<String> unknown, boolean entityNamesExact, Optional<BotUnderTest> underTest,
                     SortedMap<String, String> flowsLastChanged) {
        this(entities, flows, intents, unknown, entityNamesExact, underTest, flowsLastChanged, List.of());
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                     List<String> unknown, boolean entityNamesExact, Optional<BotUnderTest> underTest) {
        this(entities, flows, intents, unknown, entityNamesExact, underTest, new TreeMap<>());
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                     List<String> unknown) {
        this(entities, flows, intents, unknown, false, Optional.empty());
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents) {
        this(entities, flows, intents, List.of());
    }

    /** This schema with entity names compared exactly, as Cognigy compares slot names. */
    public BotSchema withExactEntityNames() {
        return new BotSchema(entities, flows, intents, unknown, true, underTest, flowsLastChanged, knownFlows, unlistedEntities);
    }

    /** This schema of the deployment {@code bot}. */
    public BotSchema withUnderTest(BotUnderTest bot) {
        return new BotSchema(entities, flows, intents, unknown, entityNamesExact, Optional.of(bot), flowsLastChanged, knownFlows,
                unlistedEntities);
    }

    /** This schema with the live project's flows' last-change times, by flow name. */
    public BotSchema withFlowsLastChanged(Map<String, String> lastChanged) {
        return new BotSchema(entities, flows, intents, unknown, entityNamesExact, underTest, new TreeMap<>(lastChanged), knownFlows,
                unlistedEntities);
    }

    /** This schema with its flows known by these names and ids too; only those known by more than one name are kept. */
    public BotSchema withKnownFlows(List<KnownFlow> known) {
        return new BotSchema(entities, flows, intents, unknown, entityNamesExact, underTest, flowsLastChanged,
                known.stream().filter(f -> !f.ids().isEmpty() || !f.name().equals(f.reported())).toList(), unlistedEntities);
    }

    /**
     * This schema with {@code names} among its entities (when it lists any), and {@code fix} said with an entity it does
     * not know: the entities the bot has that the backend's list cannot hold, as the user names them, and how to name
     * one more.
     */
    public BotSchema withUnlistedEntities(java.util.Collection<String> names, String fix) {
        Optional<Set<String>> all = entities.map(listed -> {
            Set<String> more = new java.util.TreeSet<>(listed);
            more.addAll(names);
            return Collections.unmodifiableSet(more);
        });
        return new BotSchema(all, flows, intents, unknown, entityNamesExact, underTest, flowsLastChanged, knownFlows,
                Optional.of(fix));
    }

    /**
     * The flow {@code written} stands for, as the backend's answers name it: itself when the bot's flows hold it, else
     * the flow it is the display name or an id of; empty when it names none the schema knows. {@code written} is looked
     * up composed: a {@code flows} list saved decomposed names the bot's flows too.
     */
    public Optional<String> reportedFlow(String written) {
        if (written == null) return Optional.empty();
        String composed = ComposedText.of(written);
        if (flows.map(all -> all.contains(composed)).orElse(false)) return Optional.of(composed);
        return knownFlows.stream().filter(f -> f.isNamed(composed)).map(KnownFlow::reported).findFirst();
    }

    /**
     * Whether {@code a} and {@code b} name one flow: written alike, or each a name or id of the same flow the schema
     * knows ({@code Welcome} and {@code flow_welcome}).
     */
    public boolean sameFlow(String a, String b) {
        if (a == null || b == null) return a == b;
        if (a.equals(b)) return true;
        Optional<String> flow = reportedFlow(a);
        return flow.isPresent() && flow.equals(reportedFlow(b));
    }

    /** How a flow is shown: {@code Welcome (flow_welcome)} when the schema knows it by more names, else as it is written. */
    public String flowLabel(String flow) {
        if (flow == null) return null;
        String reported = reportedFlow(flow).orElse(flow);
        return knownFlows.stream().filter(f -> f.reported().equals(reported)).findFirst().map(KnownFlow::label).orElse(flow);
    }

    /**
     * Each of the bot's flows as {@link #flowLabel} shows it — its display name with its ids, any of which a
     * {@code next_flow} or an expected flow may name —, in name order; empty when the backend gave no flow list.
     */
    public Optional<Set<String>> flowLabels() {
        return flows.map(names -> names.stream().map(this::flowLabel).collect(Collectors.toCollection(java.util.TreeSet::new)));
    }

    /** Every name and id the bot's flows are known by, for suggestions. */
    public Set<String> flowNamesAndIds() {
        Set<String> all = new java.util.TreeSet<>(flows.orElse(Set.of()));
        knownFlows.forEach(f -> {
            all.add(f.name());
            all.addAll(f.ids());
        });
        return all;
    }

    /**
     * Whether the bot defines this entity; {@code true} when unknown. Compared exactly when
     * {@link #entityNamesExact()}, else ignoring case.
     */
    public boolean knowsEntity(String name) {
        String composed = ComposedText.of(name);
        if (entityNamesExact) return entities.map(all -> all.contains(composed)).orElse(true);
        return entities.map(all -> lower(all).contains(composed.toLowerCase(Locale.ROOT))).orElse(true);
    }

    /**
     * Whether the bot has this flow, by the name its answers give it, its display name or one of its ids; {@code true}
     * when unknown. Compared exactly, as a turn's flow is compared with {@code next_flow}. An empty list counts as unknown: a bot without a flow
     * could not answer at all, so the list was left out, and judging by it would fail every test.
     */
    public boolean knowsFlow(String name) {
        return flows.filter(all -> !all.isEmpty()).map(all -> reportedFlow(name).isPresent()).orElse(true);
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** {@code names} composed, in their order: the same set when all already are. */
    private static Set<String> composed(Set<String> names) {
        if (names.stream().allMatch(n -> ComposedText.of(n) == n)) return names;
        Set<String> composed = new java.util.LinkedHashSet<>();
        names.forEach(n -> composed.add(ComposedText.of(n)));
        return Collections.unmodifiableSet(composed);
    }
}
