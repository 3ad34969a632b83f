package dev.botsim.cognigy.engine.backend.management;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import tools.jackson.databind.JsonNode;

/**
 * A flow and the flows attached to it, whose intents its NLU model maps too, as {@code GET flows/{id}} gives them in
 * {@code attachedFlows}. The one rule the bot's schema, the NLU backend and the import read it by:
 *
 * <ul>
 *   <li>An entry is a flow's id as a string. Cognigy's API reference types the field {@code string[]} without saying
 *       which id; the sandbox gives reference ids, and Botium's Cognigy connector, which runs against tenants, reads
 *       each entry as the {@code _id} it asks {@code GET flows/{flowId}} with. So an entry names the flow whose
 *       {@code referenceId} or {@code _id} it is. An object with a string {@code _id} is taken as that id; any other
 *       entry (an object without {@code _id}, a number, a blank string) names no flow.</li>
 *   <li>The flow first, then its attached flows in {@code attachedFlows}' order, each once: an entry naming a flow
 *       already taken, the flow itself included, adds nothing.</li>
 *   <li>{@code attachedFlows} missing, {@code null} or anything but a list attaches nothing.</li>
 *   <li>An entry naming none of the flows given (an attached flow since deleted) is kept in {@link #unknown()}, once,
 *       for the reader to say or pass over.</li>
 * </ul>
 *
 * <p>Attached flows of attached flows are not followed: only the flow's own attached flows are mapped with it.
 *
 * @param detail   the flow as {@code GET flows/{id}} answered ({@code attachedLexicons} and the rest)
 * @param scope    the flow, then the flows attached to it
 * @param unknown  the entries that name no flow given, in their order
 */
public record AttachedFlows(JsonNode detail, List<Flow> scope, List<String> unknown) {

    public AttachedFlows {
        scope = List.copyOf(scope);
        unknown = List.copyOf(unknown);
    }

    /** {@code GET flows/{id}} of {@code flow}, its entries matched against {@code flows} (the project's or snapshot's). */
    public static AttachedFlows read(ManagementClient api, Flow flow, Collection<Flow> flows) {
        return of(api.get("flows/" + flow.id(), List.of()), flow, flows);
    }

    /** {@code detail}'s {@code attachedFlows} matched against {@code flows}; {@code flow} is the flow {@code detail} is. */
    public static AttachedFlows of(JsonNode detail, Flow flow, Collection<Flow> flows) {
        List<Flow> scope = new ArrayList<>(List.of(flow));
        Set<String> unknown = new LinkedHashSet<>();
        JsonNode entries = detail.path("attachedFlows");
        // Anything but a list (missing, null, one id, an object) attaches nothing: an object's values are no entries.
        for (JsonNode entry : entries.isArray() ? entries : List.<JsonNode>of()) {
            Optional<String> id = id(entry);
            if (id.isEmpty()) continue;
            Optional<Flow> named = named(flows, id.get());
            if (named.isEmpty()) unknown.add(id.get());
            else if (scope.stream().noneMatch(f -> same(f, named.get()))) scope.add(named.get());
        }
        return new AttachedFlows(detail, scope, List.copyOf(unknown));
    }

    /** The flow the detail is of. */
    public Flow flow() {
        return scope.get(0);
    }

    /** The flows attached to it, without the flow itself. */
    public List<Flow> attached() {
        return scope.subList(1, scope.size());
    }

    /** The id an entry gives: a non-blank string, or an object's string {@code _id}. */
    private static Optional<String> id(JsonNode entry) {
        JsonNode id = entry.isObject() ? entry.path("_id") : entry;
        return id.isString() && !id.stringValue().isBlank() ? Optional.of(id.stringValue()) : Optional.empty();
    }

    /** The flow whose reference id is {@code id}, else the one whose {@code _id} is. */
    private static Optional<Flow> named(Collection<Flow> flows, String id) {
        return flows.stream().filter(f -> id.equals(f.referenceId())).findFirst()
                .or(() -> flows.stream().filter(f -> id.equals(f.id())).findFirst());
    }

    private static boolean same(Flow a, Flow b) {
        return a.id().equals(b.id()) && a.referenceId().equals(b.referenceId());
    }
}
