package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.ArrayList;
import java.util.List;

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

    /** A run as the run list gives it: its id, when it was made and, as far as the list says, what it ran against. */
    record ListedRun(String id, RunOrigin origin) {
    }

    /**
     * How many of a playbook's newest runs {@link #recentRuns} reads: far more than are made in the seconds a run waits
     * for its own (Cognigy CLI #145), and one page of the run list.
     */
    static final int RECENT_RUNS = 25;

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

    /** {@code GET playbooks/{id}/runs?sort=createdAt:desc&limit=25}: the {@link #RECENT_RUNS} newest runs, newest first. */
    List<ListedRun> recentRuns(String playbookId) {
        JsonNode items = api.get("playbooks/" + playbookId + "/runs", List.of("sort", "createdAt:desc", "limit",
                String.valueOf(RECENT_RUNS))).path("items");
        List<ListedRun> runs = new ArrayList<>();
        for (JsonNode item : items) runs.add(new ListedRun(item.path("_id").asString(""), RunOrigin.of(item)));
        return runs;
    }
}
