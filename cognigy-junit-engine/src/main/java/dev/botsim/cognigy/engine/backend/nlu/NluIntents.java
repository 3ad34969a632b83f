package dev.botsim.cognigy.engine.backend.nlu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.backend.IntentRanking.Role;
import dev.botsim.cognigy.engine.backend.management.ManagementReads;
import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import dev.botsim.cognigy.engine.support.ComposedText;
import tools.jackson.databind.JsonNode;

/**
 * What Cognigy does with each intent of the scored flow's model — the flow's own and its attached flows', child intents
 * included — when it scores best: takes it, rejects the sentence (a reject intent), or passes it over (a disabled
 * intent). The scores answer says neither ({@code {id, name, score, negated, flow, ...}}); the flows' intent lists do
 * ({@code GET flows/{id}/intents}: {@code isDisabled}, {@code isRejectIntent}), so each score is joined with them: by
 * its {@code id}, which is the intent's {@code referenceId} or {@code _id}, when the intent of that id has the score's
 * name, else by its flow and name, else by name. An id alone is not trusted: an id that names another intent than the
 * score says is a mismatch to pass over, not a reason to give the score another intent's kind. An intent the lists do
 * not hold is taken for an ordinary one; an item without a name is held by its id only.
 *
 * @param byId          role by the intent's {@code referenceId} and by its {@code _id}, each followed by a line break and
 *                      the intent's name
 * @param byFlowAndName role by the flow's reference id, a slash and the intent's name
 * @param byName        role by the intent's name, the first flow's where several flows hold the name
 */
record NluIntents(Map<String, Role> byId, Map<String, Role> byFlowAndName, Map<String, Role> byName) {

    NluIntents {
        byId = Map.copyOf(byId);
        byFlowAndName = Map.copyOf(byFlowAndName);
        byName = Map.copyOf(byName);
    }

    /**
     * Every intent of {@code scope} (the scored flow first), one list request each, unless the bot's schema made the same
     * request before.
     */
    static NluIntents read(ManagementReads reads, List<Flow> scope) {
        Map<String, Role> byId = new HashMap<>();
        Map<String, Role> byFlowAndName = new HashMap<>();
        Map<String, Role> byName = new HashMap<>();
        for (Flow flow : scope) {
            for (JsonNode intent : reads.list("flows/" + flow.id() + "/intents", List.of("includeChildren", "true"))) {
                // A disabled reject intent rejects nothing: disabled wins.
                Role role = intent.path("isDisabled").asBoolean(false) ? Role.DISABLED
                        : intent.path("isRejectIntent").asBoolean(false) ? Role.REJECT : Role.INTENT;
                String name = ComposedText.of(intent.path("name").asString(""));
                for (String id : List.of(intent.path("referenceId").asString(""), intent.path("_id").asString(""))) {
                    if (!id.isEmpty()) byId.put(id + "\n" + name, role);
                }
                // An item without a name (absent, null, blank) is known by its id only: read as "", its role went to any
                // score named "" of its flow or of none. Left out by name, as the bot's intents leave it out.
                if (name.isBlank()) continue;
                byFlowAndName.put(flow.referenceId() + "/" + name, role);
                byName.putIfAbsent(name, role);
            }
        }
        return new NluIntents(byId, byFlowAndName, byName);
    }

    static NluIntents none() {
        return new NluIntents(Map.of(), Map.of(), Map.of());
    }

    /** The role of the scored intent with this {@code id}, {@code flow} reference and {@code name} (composed, NFC). */
    Role roleOf(String id, String flow, String name) {
        if (id != null && byId.containsKey(id + "\n" + name)) return byId.get(id + "\n" + name);
        if (flow != null && byFlowAndName.containsKey(flow + "/" + name)) return byFlowAndName.get(flow + "/" + name);
        return byName.getOrDefault(name, Role.INTENT);
    }
}
