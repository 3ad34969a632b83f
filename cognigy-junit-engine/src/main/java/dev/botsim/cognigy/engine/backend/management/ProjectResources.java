package dev.botsim.cognigy.engine.backend.management;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.botsim.cognigy.engine.config.ConfigurationException;
import tools.jackson.databind.JsonNode;

/**
 * A project's flows, locales and snapshots as the management API lists them, and the one a setting names: by name or
 * reference id (a flow also by its object id, a snapshot by its id), so {@code cognigy.nlu.flow} and {@code cognigy.playbooks.flow} accept
 * what a user sees in Cognigy's UI as well as what its API takes. One list request each.
 */
public final class ProjectResources {

    /**
     * A flow: {@code referenceId} is what scoring and scheduling name it by; {@code lastChanged} when it was last edited
     * (an ISO instant), {@code null} when the list does not say.
     */
    public record Flow(String id, String referenceId, String name, boolean trainingOutOfDate, String lastChanged) {
    }

    /** A locale: {@code referenceId} is what scoring and scheduling name it by; {@code primary} the project's default. */
    public record Locale(String referenceId, String name, boolean primary) {
    }

    private ProjectResources() {
    }

    public static List<Flow> flows(ManagementClient api, String projectId) {
        return flows(api.list("flows", List.of("projectId", projectId)));
    }

    /** The same list, taken from {@code reads} when the bot's schema read it. */
    public static List<Flow> flows(ManagementReads reads, String projectId) {
        return flows(reads.list("flows", List.of("projectId", projectId)));
    }

    private static List<Flow> flows(List<JsonNode> items) {
        List<Flow> flows = new ArrayList<>();
        for (JsonNode f : items) {
            flows.add(new Flow(f.path("_id").asString(""), f.path("referenceId").asString(""), f.path("name").asString(""),
                    f.path("isTrainingOutOfDate").asBoolean(false), changed(f.path("lastChanged"))));
        }
        return flows;
    }

    /**
     * When each flow was last changed, by name: the live project's version, which no id names (a snapshot's id is its
     * own version). What {@code cognigy.replay=auto} compares to tell an edit inside a flow.
     */
    public static SortedMap<String, String> lastChanged(List<Flow> flows) {
        return lastChanged(flows, Flow::name, Flow::lastChanged);
    }

    /** The same from flows of any shape: each one's name and last-change time ({@code null}: unknown, left out). */
    static <F> SortedMap<String, String> lastChanged(java.util.Collection<F> flows, java.util.function.Function<F, String> name,
                                                     java.util.function.Function<F, String> lastChanged) {
        SortedMap<String, String> changed = new TreeMap<>();
        flows.forEach(f -> {
            if (lastChanged.apply(f) != null) changed.put(name.apply(f), lastChanged.apply(f));
        });
        return changed;
    }

    /**
     * A list item's {@code lastChanged}: a number (seconds or milliseconds since the epoch, see {@link Timestamps}) shown
     * here as an ISO instant; text is kept as given; {@code null} when absent.
     */
    static String changed(JsonNode lastChanged) {
        if (lastChanged.isIntegralNumber()) return Timestamps.instant(lastChanged).map(Instant::toString).orElse(null);
        if (lastChanged.isString() && !lastChanged.stringValue().isBlank()) return lastChanged.stringValue().trim();
        return null;
    }

    /** A snapshot: {@code id} is what an endpoint's or a playbook run's {@code entrypoint} names it by. */
    public record Snapshot(String id, String name) {
    }

    public static List<Snapshot> snapshots(ManagementClient api, String projectId) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (JsonNode s : api.list("snapshots", List.of("projectId", projectId))) {
            snapshots.add(new Snapshot(s.path("_id").asString(""), s.path("name").asString("")));
        }
        return snapshots;
    }

    /**
     * The snapshot {@code key=wanted} names: its id or its name, as {@code cognigy.expected-snapshot} takes either.
     *
     * @throws ConfigurationException naming the key and the project's snapshots when none matches
     */
    public static Snapshot snapshot(List<Snapshot> snapshots, String key, String wanted) {
        return snapshots.stream().filter(s -> wanted.equals(s.id()) || wanted.equals(s.name())).findFirst()
                .orElseThrow(() -> new ConfigurationException(key + "=" + wanted + " names no snapshot of the project (snapshots: "
                        + (snapshots.isEmpty() ? "none" : String.join(", ", snapshots.stream().map(Snapshot::name).toList()))
                        + "); use a snapshot's name or id, or the project id to run against the live project"));
    }

    public static List<Locale> locales(ManagementClient api, String projectId) {
        List<Locale> locales = new ArrayList<>();
        for (JsonNode l : api.list("locales", List.of("projectId", projectId))) {
            locales.add(new Locale(l.path("referenceId").asString(""), l.path("name").asString(""), l.path("primary").asBoolean(false)));
        }
        return locales;
    }

    /**
     * The flow {@code key=wanted} names: its reference id, name or object id.
     *
     * @throws ConfigurationException naming the key and the project's flows when none matches
     */
    public static Flow flow(List<Flow> flows, String key, String wanted) {
        return flows.stream().filter(f -> wanted.equals(f.referenceId()) || wanted.equals(f.name()) || wanted.equals(f.id()))
                .findFirst().orElseThrow(() -> new ConfigurationException(key + "=" + wanted + " names no flow of the project (flows: "
                        + String.join(", ", flows.stream().map(Flow::name).toList()) + "); use a flow's name or reference id"));
    }

    /** The flow with reference id {@code referenceId}, if the project has it. */
    public static Optional<Flow> flowByReference(List<Flow> flows, String referenceId) {
        return flows.stream().filter(f -> referenceId.equals(f.referenceId())).findFirst();
    }

    /**
     * The locale {@code key=wanted} names: its reference id, or its name in any case ({@code en-US}).
     *
     * @throws ConfigurationException naming the key and the project's locales when none matches
     */
    public static Locale locale(List<Locale> locales, String key, String wanted) {
        return locales.stream().filter(l -> wanted.equals(l.referenceId()) || wanted.equalsIgnoreCase(l.name())).findFirst()
                .orElseThrow(() -> new ConfigurationException(key + "=" + wanted + " names no locale of the project (locales: "
                        + String.join(", ", locales.stream().map(Locale::name).toList()) + "); use a locale's name or reference id"));
    }

    /** The locale with reference id {@code referenceId}, if the project has it. */
    public static Optional<Locale> localeByReference(List<Locale> locales, String referenceId) {
        return locales.stream().filter(l -> referenceId.equals(l.referenceId())).findFirst();
    }

    /** The project's primary locale ({@code primary: true}), if the list marks one. */
    public static Optional<Locale> primary(List<Locale> locales) {
        return locales.stream().filter(Locale::primary).findFirst();
    }
}
