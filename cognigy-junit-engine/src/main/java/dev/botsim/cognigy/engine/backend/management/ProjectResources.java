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

    /**
     * A locale: {@code referenceId} is what scoring and scheduling name it by; {@code name} what the project calls it, free
     * text ({@code English}); {@code nluLanguage} the language its NLU reads, a tag ({@code en-US}), empty when the list
     * does not say; {@code primary} the project's default.
     */
    public record Locale(String referenceId, String name, String nluLanguage, boolean primary) {

        /** The language tag the locale is in: {@code nluLanguage}, else its name (which may then be no tag). */
        public String tag() {
            return nluLanguage.isBlank() ? name : nluLanguage;
        }

        /** As messages list it: the name, with its language when that is not its name ({@code English (en-US)}). */
        public String shown() {
            return nluLanguage.isBlank() || nluLanguage.equalsIgnoreCase(name) ? name : name + " (" + nluLanguage + ")";
        }
    }

    /** A list item of {@code GET locales?projectId=}. */
    public static Locale locale(JsonNode item) {
        return new Locale(item.path("referenceId").asString(""), item.path("name").asString(""),
                item.path("nluLanguage").asString(""), item.path("primary").asBoolean(false));
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
     * own version). What {@code cognigy.replay=auto} compares to tell an edit inside a flow. A flow whose last-change
     * time is unknown ({@code null}) is left out. A flow without a name is kept as {@code (no name) <referenceId>}, and
     * flows sharing a name each as {@code <name> (<referenceId>)}: under one key, one flow's time stood for all of them,
     * and an edit inside the others went unnoticed.
     */
    public static SortedMap<String, String> lastChanged(java.util.Collection<Flow> flows) {
        List<Flow> known = flows.stream().filter(f -> f.lastChanged() != null).toList();
        java.util.Map<String, Long> uses = known.stream().collect(java.util.stream.Collectors.groupingBy(
                f -> f.name() == null ? "" : f.name(), java.util.stream.Collectors.counting()));
        SortedMap<String, String> changed = new TreeMap<>();
        for (Flow f : known) {
            String name = f.name() == null ? "" : f.name();
            String reference = f.referenceId() == null || f.referenceId().isEmpty() ? f.id() : f.referenceId();
            String key = name.isBlank() ? "(no name) " + reference : uses.get(name) > 1 ? name + " (" + reference + ")" : name;
            changed.put(key, f.lastChanged());
        }
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
            locales.add(locale(l));
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
                        + listedFlows(flows) + "); use a flow's name or reference id"));
    }

    /**
     * The project's flows as messages list them, by name: {@code Main Flow, FAQ}; flows without a name (absent or blank)
     * counted after them ({@code Main Flow; 2 without a name}), which a list of names would show as blanks
     * ({@code Main Flow, , }); {@code none} for no flow.
     */
    public static String listedFlows(List<Flow> flows) {
        List<String> named = flows.stream().map(Flow::name).filter(name -> name != null && !name.isBlank()).toList();
        int nameless = flows.size() - named.size();
        if (nameless == 0) return named.isEmpty() ? "none" : String.join(", ", named);
        String without = nameless + " without a name";
        return named.isEmpty() ? without : String.join(", ", named) + "; " + without;
    }

    /** The flow with reference id {@code referenceId}, if the project has it. */
    public static Optional<Flow> flowByReference(List<Flow> flows, String referenceId) {
        return flows.stream().filter(f -> referenceId.equals(f.referenceId())).findFirst();
    }

    /**
     * The locale {@code key=wanted} names: its reference id, its name in any case ({@code English}), or the language its
     * NLU reads in any case ({@code en-US}) when one locale of the project reads it. A Cognigy locale's name is free text
     * and its language a field of its own ({@code nluLanguage}), so a tag names the locale by its language.
     *
     * @throws ConfigurationException naming the key and the project's locales when none matches, or when the tag is the
     *                                language of several and no name is
     */
    public static Locale locale(List<Locale> locales, String key, String wanted) {
        try {
            return named(locales, wanted).orElseThrow(() -> new ConfigurationException(key + "=" + wanted + " names no locale"
                    + " of the project (locales: " + listed(locales) + "); use a locale's name, language or reference id"));
        } catch (AmbiguousLocale e) {
            throw new ConfigurationException(key + "=" + wanted + " " + e.getMessage());
        }
    }

    /**
     * The locale {@code wanted} names, as {@link #locale(List, String, String)} finds it; empty when none.
     *
     * @throws AmbiguousLocale when {@code wanted} is the language of several locales and the name of none
     */
    public static Optional<Locale> named(List<Locale> locales, String wanted) {
        Optional<Locale> exact = locales.stream().filter(l -> wanted.equals(l.referenceId())).findFirst()
                .or(() -> locales.stream().filter(l -> wanted.equalsIgnoreCase(l.name())).findFirst());
        if (exact.isPresent()) return exact;
        List<Locale> inLanguage = locales.stream().filter(l -> !l.nluLanguage().isBlank() && wanted.equalsIgnoreCase(l.nluLanguage()))
                .toList();
        if (inLanguage.size() > 1) {
            throw new AmbiguousLocale("is the language of " + inLanguage.size() + " locales of the project (" + listed(inLanguage)
                    + "); name one by its name or reference id");
        }
        return inLanguage.stream().findFirst();
    }

    /** The project's locales as messages list them: {@code Deutsch (de-DE), English (en-US)}. */
    public static String listed(List<Locale> locales) {
        return locales.isEmpty() ? "none" : String.join(", ", locales.stream().map(Locale::shown).toList());
    }

    /** A language tag that several locales of the project read, and whose name none has. */
    public static final class AmbiguousLocale extends RuntimeException {

        private static final long serialVersionUID = 1L;

        AmbiguousLocale(String message) {
            super(message);
        }
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
