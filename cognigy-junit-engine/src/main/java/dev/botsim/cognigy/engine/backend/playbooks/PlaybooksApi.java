package dev.botsim.cognigy.engine.backend.playbooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The playbook and task routes of the management API, one method per request, on the shared
 * {@link ManagementClient} (its key, retries and request budget).
 */
public final class PlaybooksApi {

    /** A playbook as the project's list names it. */
    public record Listed(String id, String name) {
    }

    /** A run as the run list gives it: enough to find the newest one. */
    record ListedRun(String id, Optional<Instant> createdAt) {
    }

    private final ManagementClient api;
    private final String projectId;
    private final JsonMapper json = JsonMapper.builder().build();

    public PlaybooksApi(ManagementClient api, String projectId) {
        this.api = api;
        this.projectId = projectId;
    }

    /** {@code GET playbooks?projectId=}, every page. */
    public List<Listed> list() {
        return api.list("playbooks", List.of("projectId", projectId)).stream()
                .map(p -> new Listed(p.path("_id").asString(""), p.path("name").asString(""))).toList();
    }

    /** {@code GET playbooks/{id}}: its steps and assertions. */
    public Playbook read(String playbookId) {
        return Playbook.of(api.get("playbooks/" + playbookId, List.of()));
    }

    /**
     * {@code POST playbooks/{id}/schedule}: the task that runs it. The request that sends the playbook's messages to the
     * bot: when it fails before it left, the bot never got them ({@link ManagementClient#postMessageOnce}).
     */
    Task schedule(String playbookId, Target target) {
        ObjectNode body = json.createObjectNode();
        body.put("entrypoint", target.entrypoint());
        body.put("flowId", target.flowId());
        body.put("localeId", target.localeId());
        return Task.of(api.postMessageOnce("playbooks/" + playbookId + "/schedule", body));
    }

    /** {@code GET tasks/{id}}. */
    Task task(String taskId) {
        return Task.of(api.get("tasks/" + taskId, List.of()));
    }

    /** {@code POST tasks/{id}/cancel}. */
    void cancel(String taskId) {
        api.post("tasks/" + taskId + "/cancel", json.createObjectNode());
    }

    /** {@code GET playbooks/{id}/runs/{runId}}: the per-step results. */
    PlaybookRun run(String playbookId, String runId) {
        return PlaybookRun.of(api.get("playbooks/" + playbookId + "/runs/" + runId, List.of()));
    }

    /** {@code GET playbooks/{id}/runs?sort=createdAt:desc&limit=1}: the newest run, if any. */
    Optional<ListedRun> newestRun(String playbookId) {
        JsonNode items = api.get("playbooks/" + playbookId + "/runs", List.of("sort", "createdAt:desc", "limit", "1")).path("items");
        if (!items.isArray() || items.isEmpty()) return Optional.empty();
        JsonNode newest = items.get(0);
        return Optional.of(new ListedRun(newest.path("_id").asString(""), Task.instant(newest.path("createdAt"))));
    }
}
