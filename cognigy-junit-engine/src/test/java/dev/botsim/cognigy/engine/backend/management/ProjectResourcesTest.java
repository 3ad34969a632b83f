package dev.botsim.cognigy.engine.backend.management;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.FAQ_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.LEGACY_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.LOCALE_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.MAIN_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.PROJECT;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import dev.botsim.cognigy.engine.backend.management.ProjectResources.Snapshot;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;

/** A project's flows, snapshots and locales as a tenant lists them, and the one a setting names. */
class ProjectResourcesTest {

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private ManagementClient api;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        api = ManagementClient.open(ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY), PROJECT)
                .withSleeper(wait -> { }));
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    @Test
    @DisplayName("each flow's lastChanged: epoch milliseconds or seconds as an ISO instant, ISO text as given without its"
            + " blanks, blank or absent as unknown and left out of the versions by name")
    void lastChangedOfEachShape() {
        tenant.flows.get(2).put("lastChanged", " 2024-06-03T08:30:00.000Z ");
        tenant.flows.add(map("_id", "f-secs", "referenceId", "ref-secs", "name", "Billing", "lastChanged", 1717243200));
        tenant.flows.add(map("_id", "f-blank", "referenceId", "ref-blank", "name", "Drafts", "lastChanged", "  "));
        List<Flow> flows = ProjectResources.flows(api, PROJECT);

        assertThat(flows).extracting(Flow::name, Flow::lastChanged).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Main Flow", "2024-06-01T12:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("FAQ", "2024-06-02T12:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("Legacy", "2024-06-03T08:30:00.000Z"),
                org.assertj.core.groups.Tuple.tuple("Billing", "2024-06-01T12:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("Drafts", null));
        assertThat(ProjectResources.lastChanged(flows)).containsExactly(Map.entry("Billing", "2024-06-01T12:00:00Z"),
                Map.entry("FAQ", "2024-06-02T12:00:00Z"), Map.entry("Legacy", "2024-06-03T08:30:00.000Z"),
                Map.entry("Main Flow", "2024-06-01T12:00:00Z"));
    }

    @Test
    @DisplayName("flows without a name, or sharing one, each keep their own last-change time, under their reference id: under"
            + " one key, one flow's time stood for all, and an edit inside another went unnoticed by cognigy.replay=auto")
    void lastChangedOfFlowsWithoutANameOrSharingOne() {
        tenant.flows.add(map("_id", "f-x", "referenceId", "ref-x", "lastChanged", 1717243200));
        tenant.flows.add(map("_id", "f-y", "referenceId", "ref-y", "name", " ", "lastChanged", 1717329600));
        tenant.flows.add(map("_id", "f-faq2", "referenceId", "ref-faq2", "name", "FAQ", "lastChanged", 1717416000));
        tenant.flows.add(map("_id", "f-z", "referenceId", "ref-z", "name", null));

        assertThat(ProjectResources.lastChanged(ProjectResources.flows(api, PROJECT))).containsExactly(
                Map.entry("(no name) ref-x", "2024-06-01T12:00:00Z"), Map.entry("(no name) ref-y", "2024-06-02T12:00:00Z"),
                Map.entry("FAQ (" + FAQ_REF + ")", "2024-06-02T12:00:00Z"), Map.entry("FAQ (ref-faq2)", "2024-06-03T12:00:00Z"),
                Map.entry("Main Flow", "2024-06-01T12:00:00Z"));
    }

    @Test
    @DisplayName("a flow is found by its reference id among others, not taken for the first; a setting names it by reference"
            + " id, name or object id, and one naming none lists the project's flows")
    void flowByReferenceNameOrId() {
        List<Flow> flows = ProjectResources.flows(api, PROJECT);
        assertThat(ProjectResources.flowByReference(flows, LEGACY_REF)).map(Flow::name).contains("Legacy");
        assertThat(ProjectResources.flowByReference(flows, "no-such-reference")).isEmpty();
        assertThat(ProjectResources.flow(flows, "cognigy.nlu.flow", FAQ_REF).id()).isEqualTo("f-faq");
        assertThat(ProjectResources.flow(flows, "cognigy.nlu.flow", "Legacy").referenceId()).isEqualTo(LEGACY_REF);
        assertThat(ProjectResources.flow(flows, "cognigy.nlu.flow", "f-faq").referenceId()).isEqualTo(FAQ_REF);
        assertThatThrownBy(() -> ProjectResources.flow(flows, "cognigy.nlu.flow", "Billing"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.nlu.flow=Billing names no flow of the project (flows: Main Flow, FAQ, Legacy); use a flow's"
                        + " name or reference id");
        // Flows without a name are counted, not listed as blanks.
        List<Flow> nameless = List.of(new Flow("f-main", "ref-main", "Main Flow", false, null),
                new Flow("f-x", "ref-x", "", false, null), new Flow("f-y", "ref-y", " ", false, null));
        assertThatThrownBy(() -> ProjectResources.flow(nameless, "cognigy.nlu.flow", "Billing"))
                .hasMessage("cognigy.nlu.flow=Billing names no flow of the project (flows: Main Flow; 2 without a name); use a"
                        + " flow's name or reference id");
        assertThat(tenant.to("flows")).singleElement().satisfies(r -> assertThat(r.getUrl().queryParameter("projectId"))
                .isEqualTo(PROJECT));
    }

    @Test
    @DisplayName("a snapshot is named by its id or its name; one naming none lists the project's snapshots by name, or says"
            + " there are none")
    void snapshotByIdOrName() throws Exception {
        tenant.overrides.put("snapshots", tenant.ok(map("items", List.of(
                map("_id", "snap13", "name", "v1.3", "createdAt", 1763000000),
                map("_id", "snap14", "name", "v1.4", "createdAt", 1764000000)), "total", 2, "nextCursor", null)));
        List<Snapshot> snapshots = ProjectResources.snapshots(api, PROJECT);
        assertThat(snapshots).containsExactly(new Snapshot("snap13", "v1.3"), new Snapshot("snap14", "v1.4"));
        assertThat(ProjectResources.snapshot(snapshots, "cognigy.playbooks.entrypoint", "snap14").name()).isEqualTo("v1.4");
        assertThat(ProjectResources.snapshot(snapshots, "cognigy.playbooks.entrypoint", "v1.3").id()).isEqualTo("snap13");
        assertThatThrownBy(() -> ProjectResources.snapshot(snapshots, "cognigy.playbooks.entrypoint", "v1.5"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.playbooks.entrypoint=v1.5 names no snapshot of the project (snapshots: v1.3, v1.4); use a"
                        + " snapshot's name or id, or the project id to run against the live project");
        assertThatThrownBy(() -> ProjectResources.snapshot(List.of(), "cognigy.playbooks.entrypoint", "v1.5"))
                .hasMessageContaining("(snapshots: none)");
        assertThat(server.takeRequest().getUrl().queryParameter("projectId")).isEqualTo(PROJECT);
    }

    @Test
    @DisplayName("the project's locales as listed: by reference id, the primary one, and each one's language")
    void localesByReference() {
        tenant.tenantShapedLocales();
        List<ProjectResources.Locale> locales = ProjectResources.locales(api, PROJECT);
        assertThat(locales).extracting(ProjectResources.Locale::shown).containsExactly("Deutsch (de-DE)", "English (en-US)");
        assertThat(ProjectResources.localeByReference(locales, LOCALE_REF)).map(ProjectResources.Locale::tag).contains("en-US");
        assertThat(ProjectResources.localeByReference(locales, "d1e2f3a4-0000-4000-8000-000000000001"))
                .map(ProjectResources.Locale::name).contains("Deutsch");
        assertThat(ProjectResources.localeByReference(locales, MAIN_REF)).isEmpty();
        assertThat(ProjectResources.primary(locales)).map(ProjectResources.Locale::referenceId).contains(LOCALE_REF);
    }
}
