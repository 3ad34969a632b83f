package dev.botsim.cognigy.engine.backend.playbooks;

import static dev.botsim.cognigy.engine.config.Constants.ENDPOINT_URL_ENV;
import static dev.botsim.cognigy.engine.config.Constants.EXPECTED_SNAPSHOT;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_ENTRYPOINT;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_FLOW;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_LOCALE;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.management.ProjectResources;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.PlaybooksSettings;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * What playbooks run against, told from the settings (flow and locale by name or reference id) or from the endpoint
 * the tenant names, and described as reports show a deployment: project, endpoint (when the target was read from it),
 * flow, locale and snapshot by id and name. The entrypoint is the project, or a snapshot named by id or name. The
 * project's flows, locales, snapshots and name are read once, on first need, and kept for the session.
 */
final class PlaybookTargets {

    private final ManagementClient api;
    private final ManagementApiSchema.Settings management;
    private List<ProjectResources.Flow> flows;
    private List<ProjectResources.Locale> locales;
    private String projectName;
    private List<ProjectResources.Snapshot> snapshots;
    private final Map<String, Optional<String>> snapshotNames = new HashMap<>();
    /** The endpoint each target was read from, by name, when it was. */
    private final Map<Target, String> endpointNames = new HashMap<>();

    /** What names the endpoint targets are read from, for messages: the variable, or the sandbox that serves it. */
    private final String endpointNamedBy;

    PlaybookTargets(ManagementClient api, PlaybookTenant tenant) {
        this.api = api;
        this.management = tenant.management();
        this.endpointNamedBy = tenant.standIn().isPresent() ? "the embedded sandbox serves" : ENDPOINT_URL_ENV + " names";
    }

    /**
     * The one target of the project's playbooks: the configured flow and locale (names or reference ids), else the
     * endpoint's; without an endpoint, the locale defaults to the project's primary one.
     */
    Target configured(PlaybooksSettings settings) {
        String project = management.projectId();
        Optional<BotUnderTest> endpoint = settings.flow().isPresent() && settings.locale().isPresent() ? Optional.empty() : endpoint();
        String flow = settings.flow().map(wanted -> ProjectResources.flow(flows(), PLAYBOOKS_FLOW, wanted).referenceId())
                .or(() -> endpoint.map(BotUnderTest::flowReferenceId))
                .orElseThrow(() -> new ConfigurationException("cognigy.backend=playbooks needs the flow playbooks run in: set "
                        + PLAYBOOKS_FLOW + " (a name or reference id), or " + ENDPOINT_URL_ENV + " to read it from that endpoint"));
        String locale = settings.locale().map(wanted -> ProjectResources.locale(locales(), PLAYBOOKS_LOCALE, wanted).referenceId())
                .or(() -> endpoint.map(BotUnderTest::localeReferenceId))
                .or(() -> ProjectResources.primary(locales()).map(ProjectResources.Locale::referenceId))
                .orElseThrow(() -> new ConfigurationException("cognigy.backend=playbooks needs the locale playbooks run in: set "
                        + PLAYBOOKS_LOCALE + " (a name such as en-US, or a reference id); the project marks no locale primary"));
        String entrypoint = settings.entrypoint().map(this::entrypoint)
                .or(() -> endpoint.map(BotUnderTest::snapshotId)).orElse(project);
        Target target = new Target(entrypoint, flow, locale);
        // Reports name the endpoint a target was read from, as the endpoint backend's do.
        endpoint.map(BotUnderTest::endpointName).filter(name -> name != null).ifPresent(name -> endpointNames.put(target, name));
        requireExpectedSnapshot(target, settings.entrypoint().isPresent() ? PLAYBOOKS_ENTRYPOINT + "=" + settings.entrypoint().get()
                : endpoint.map(e -> "the entrypoint of the endpoint" + (e.endpointName() == null ? "" : " '" + e.endpointName() + "'")
                + " " + endpointNamedBy).orElse("no " + PLAYBOOKS_ENTRYPOINT + " is set"));
        return target;
    }

    /**
     * With {@code cognigy.expected-snapshot}, the snapshot (by id or name) playbooks must run against: a target whose
     * entrypoint is the live project or another snapshot fails the run before anything is scheduled.
     *
     * @param why where the target's entrypoint came from, for the message
     */
    void requireExpectedSnapshot(Target target, String why) {
        if (management.expectedSnapshot().isEmpty()) return;
        String expected = management.expectedSnapshot().get();
        boolean live = target.entrypoint().equals(management.projectId());
        String name = live ? null : snapshotName(target.entrypoint());
        if (!live && (expected.equals(target.entrypoint()) || expected.equals(name))) return;
        String runs = live ? "the live project" : "snapshot " + (name == null ? target.entrypoint()
                : "'" + ConsoleText.oneLine(name) + "' (" + target.entrypoint() + ")");
        throw new ConfigurationException(EXPECTED_SNAPSHOT + "=" + expected + ", but playbooks would run against " + runs + " ("
                + why + "). Point the entrypoint at snapshot '" + expected + "' or change " + EXPECTED_SNAPSHOT + "; no playbook was run.");
    }

    /**
     * The entrypoint {@code cognigy.playbooks.entrypoint} names: the project by its id, or a snapshot by its id or
     * name, resolved through the project's snapshot list (whose names then describe it without a read each).
     */
    private String entrypoint(String wanted) {
        if (wanted.equals(management.projectId())) return wanted;
        ProjectResources.Snapshot snapshot = ProjectResources.snapshot(snapshots(), PLAYBOOKS_ENTRYPOINT, wanted);
        snapshotNames.put(snapshot.id(), Optional.of(snapshot.name()).filter(n -> !n.isEmpty()));
        return snapshot.id();
    }

    private List<ProjectResources.Snapshot> snapshots() {
        if (snapshots == null) snapshots = ProjectResources.snapshots(api, management.projectId());
        return snapshots;
    }

    /** The bot behind the endpoint the tenant names, if it names one. */
    private Optional<BotUnderTest> endpoint() {
        if (management.endpointToken().isEmpty()) return Optional.empty();
        // The snapshot the endpoint serves is checked as the playbooks' entrypoint, which cognigy.playbooks.entrypoint may name instead.
        try (ManagementApiSchema schema = new ManagementApiSchema(management.withExpectedSnapshot(Optional.empty()))) {
            return schema.read().underTest();
        }
    }

    /** {@code target} as reports name a deployment; what cannot be read stays {@code null}. */
    BotUnderTest describe(Target target) {
        boolean live = target.entrypoint().equals(management.projectId());
        return BotUnderTest.builder().projectId(management.projectId()).projectName(projectName())
                .endpointName(endpointNames.get(target))
                .flowReferenceId(target.flowId())
                .flowName(ProjectResources.flowByReference(flows(), target.flowId()).map(ProjectResources.Flow::name).orElse(null))
                .localeReferenceId(target.localeId())
                .locale(ProjectResources.localeByReference(locales(), target.localeId()).map(ProjectResources.Locale::tag).orElse(null))
                .snapshotId(live ? null : target.entrypoint()).snapshotName(live ? null : snapshotName(target.entrypoint()))
                .build();
    }

    /**
     * When each flow of the project was last changed, by name, from the flow list {@link #describe} reads anyway: the
     * live project's version.
     */
    Map<String, String> flowsLastChanged() {
        return ProjectResources.lastChanged(flows());
    }

    private List<ProjectResources.Flow> flows() {
        if (flows == null) flows = ProjectResources.flows(api, management.projectId());
        return flows;
    }

    private List<ProjectResources.Locale> locales() {
        if (locales == null) locales = ProjectResources.locales(api, management.projectId());
        return locales;
    }

    private String projectName() {
        if (projectName == null) projectName = api.get("projects/" + management.projectId(), List.of()).path("name").asString("");
        return projectName.isEmpty() ? null : projectName;
    }

    /** A snapshot's name; a snapshot the key may not read is named by its id only. */
    private String snapshotName(String id) {
        return snapshotNames.computeIfAbsent(id, s -> {
            try {
                return Optional.ofNullable(api.get("snapshots/" + s, List.of()).path("name").asString(null));
            } catch (BackendException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }
}
