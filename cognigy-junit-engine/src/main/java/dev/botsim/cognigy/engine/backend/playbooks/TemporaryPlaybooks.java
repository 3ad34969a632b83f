package dev.botsim.cognigy.engine.backend.playbooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.management.ManagementRefusal;
import dev.botsim.cognigy.engine.generated.GeneratedPlaybook;
import dev.botsim.cognigy.engine.generated.PlaybookCompiler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run's temporary playbooks at the tenant: created from a {@link GeneratedPlaybook} (one request for the playbook,
 * one per step, one per assertion, each sent once: a repeated step would be a second step), deleted after their run,
 * and those a killed run left behind swept before the run creates its own. Every playbook created and not yet deleted
 * is known, so closing the run deletes what a cancelled or failed run could not.
 */
final class TemporaryPlaybooks implements AutoCloseable {

    /**
     * A generated playbook older than this belongs to a run that was killed: a playbook lives from its creation, made
     * once a run slot is free, to the end of its run, which is given up after {@link PlaybookSession#timeout(int)} —
     * 26 minutes for 50 steps. Twice the longest, rounded up, leaves a run on another machine its playbooks.
     */
    static final Duration SAFE_AGE = Duration.ofHours(1);
    /** Cognigy's per-step timeout, its UI's default: how long a step waits for the bot's answer. */
    static final long STEP_TIMEOUT_MS = 20_000;

    private final ManagementClient client;
    private final String projectId;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    /** Names whose create request is out, with how many: a repeated test's runs create playbooks of one name. */
    private final Map<String, Integer> creating = new ConcurrentHashMap<>();

    TemporaryPlaybooks(ManagementClient client, String projectId, Clock clock) {
        this.client = client;
        this.projectId = projectId;
        this.clock = clock;
    }

    /**
     * Deletes the generated playbooks ({@code cognigy-junit/...}) created more than {@link #SAFE_AGE} ago; one
     * without a creation time is left, as its age cannot be told. Their age is on the tenant's clock, which stamped
     * {@code createdAt}, as its answer's {@code Date} tells ({@link ManagementClient#tenantNow}), else on this machine's:
     * a machine whose clock runs an hour ahead of the tenant's would take another run's playbook, made a moment ago, for
     * a killed run's and delete it under that run.
     *
     * @return the names deleted
     */
    List<String> sweep() {
        List<JsonNode> listed = client.list("playbooks", List.of("projectId", projectId));
        Instant before = client.tenantNow().orElseGet(clock::instant).minus(SAFE_AGE);
        List<String> swept = new ArrayList<>();
        for (JsonNode item : listed) {
            String name = item.path("name").asString("");
            Optional<Instant> created = Task.instant(item.path("createdAt"));
            if (!name.startsWith(PlaybookCompiler.NAME_PREFIX) || created.isEmpty() || !created.get().isBefore(before)) continue;
            if (delete(item.path("_id").asString(""))) swept.add(name);
        }
        return swept;
    }

    /** Creates the playbook, its steps and their assertions; a playbook only partly made is deleted again. */
    Playbook create(GeneratedPlaybook generated, String runId) {
        String name = generated.name(runId);
        ObjectNode body = json.createObjectNode();
        body.put("projectId", projectId);
        body.put("name", name);
        // Every step runs, whatever an earlier one asserted: the engine judges the turns, and a probe's failure is none.
        body.put("abortOnError", false);
        body.put("timeout", STEP_TIMEOUT_MS);
        String id;
        creating.merge(name, 1, Integer::sum);
        try {
            id = client.postOnce("playbooks", body).path("_id").asString("");
            if (id.isBlank()) throw new BackendException(BackendException.Kind.PROTOCOL, "creating playbook " + name + " answered no _id");
            live.add(id);
        } catch (BackendException e) {
            // The tenant may have made the playbook and its answer been lost (a 5xx or a timeout after the request left, an
            // answer without _id): found by its name, which carries this run's id, it is deleted now rather than left in the
            // project's Playbooks until a later run's sweep, an hour on at the earliest.
            if (mayHaveCreated(e)) deleteUnknown(name);
            throw e;
        } finally {
            creating.computeIfPresent(name, (n, count) -> count == 1 ? null : count - 1);
        }
        try {
            List<Playbook.Step> steps = new ArrayList<>();
            for (int i = 0; i < generated.steps().size(); i++) {
                GeneratedPlaybook.Step step = generated.steps().get(i);
                ObjectNode stepBody = json.createObjectNode();
                if (step.text() != null) stepBody.put("text", step.text());
                stepBody.set("data", json.valueToTree(data(step, runId, i + 1)));
                String stepId = client.postOnce("playbooks/" + id + "/steps", stepBody).path("_id").asString("");
                List<Playbook.Assertion> asserts = new ArrayList<>();
                for (GeneratedPlaybook.Assertion a : step.asserts()) {
                    ObjectNode assertBody = json.createObjectNode();
                    assertBody.put("type", a.type());
                    assertBody.set("params", a.params());
                    String assertId = client.postOnce("playbooks/" + id + "/steps/" + stepId + "/asserts", assertBody).path("_id").asString("");
                    asserts.add(new Playbook.Assertion(assertId, a.type(), a.params(), a.params().path("negate").asBoolean(false)));
                }
                steps.add(new Playbook.Step(stepId, step.text(), stepBody.get("data"), asserts));
            }
            return new Playbook(id, name, false, steps);
        } catch (RuntimeException e) {
            delete(id);
            throw e;
        }
    }

    /**
     * Whether a failed create may have made the playbook all the same: every failure but a refusal the tenant answered
     * before acting (a 4xx other than 408).
     */
    private static boolean mayHaveCreated(BackendException failure) {
        return !(failure instanceof ManagementRefusal refusal && refusal.status() >= 400 && refusal.status() < 500
                && refusal.status() != 408);
    }

    /**
     * Deletes the project's playbooks named {@code name} that this run does not know, also from a thread whose run was
     * cancelled; one that cannot be deleted now is left to {@link #close()} and, failing that, to the next run's sweep.
     * The name is the test's in this run: a repeated test's runs share it, so a playbook of that name this run knows is
     * another run's of the test, in use, and while another create of the name is out, which is whose cannot be told: then
     * nothing is deleted.
     */
    private void deleteUnknown(String name) {
        if (creating.getOrDefault(name, 0) > 1) return;
        boolean interrupted = Thread.interrupted();
        try {
            for (JsonNode item : client.list("playbooks", List.of("projectId", projectId))) {
                String id = item.path("_id").asString("");
                if (!name.equals(item.path("name").asString("")) || id.isBlank() || live.contains(id)) continue;
                live.add(id);
                delete(id);
            }
        } catch (BackendException e) {
            // Not listed now: the sweep of a later run finds it by its age.
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** The step's data with the test marker the Code node waits for, as the endpoint backend sends it. */
    private static Map<String, Object> data(GeneratedPlaybook.Step step, String runId, int turn) {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("runId", runId);
        marker.put("testId", step.testId());
        marker.put("turn", turn);
        Map<String, Object> data = new LinkedHashMap<>(step.data());
        data.put(PlaybookCompiler.MARKER, marker);
        return data;
    }

    /**
     * Deletes a playbook, also from a thread whose run was cancelled: the interrupt is what asks for the clean-up,
     * and is kept. A playbook already gone counts as deleted.
     *
     * @return whether it is gone
     */
    boolean delete(String id) {
        boolean interrupted = Thread.interrupted();
        try {
            client.delete("playbooks/" + id);
            live.remove(id);
            return true;
        } catch (ManagementRefusal e) {
            if (e.status() != 404) return false;
            live.remove(id);
            return true;
        } catch (BackendException e) {
            // Left for close(), and for the next run's sweep.
            return false;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Playbooks created and not yet deleted. */
    Set<String> live() {
        return Set.copyOf(live);
    }

    /** Deletes what is still there: playbooks of tests a cancelled or failed run abandoned. */
    @Override
    public void close() {
        for (String id : live()) delete(id);
    }
}
