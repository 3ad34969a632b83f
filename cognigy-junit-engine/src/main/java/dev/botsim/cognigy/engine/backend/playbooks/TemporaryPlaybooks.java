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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.management.ManagementRefusal;
import dev.botsim.cognigy.engine.generated.GeneratedPlaybook;
import dev.botsim.cognigy.engine.generated.PlaybookCompiler;
import dev.botsim.cognigy.engine.support.ConsoleText;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run's temporary playbooks at the tenant: created from a {@link GeneratedPlaybook} (one request for the playbook,
 * one per step, one per assertion, each sent once: a repeated step would be a second step), deleted after their run,
 * and those a killed run left behind swept before the run creates its own. Every playbook created and not yet deleted
 * is known, and so is every create still out, so closing the run deletes what a cancelled or failed run could not,
 * also a playbook the tenant makes while the run is being closed.
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
    /**
     * Names whose create request is out — sent and not yet answered (nor, failing, looked for by name) —, with how many: a
     * repeated test's runs create playbooks of one name. Added to under this object's lock, with {@link #closed} read;
     * {@link #close()} waits, under it, until it is empty.
     */
    private final Map<String, Integer> creating = new ConcurrentHashMap<>();

    /** Set by {@link #close()}: no create is sent, and a playbook answered after it is deleted at once. */
    private boolean closed;
    private final Duration createAnswer;

    /** As {@link #TemporaryPlaybooks(ManagementClient, String, Clock, Duration)}, waiting up to a minute for creates out. */
    TemporaryPlaybooks(ManagementClient client, String projectId, Clock clock) {
        this(client, projectId, clock, Duration.ofMinutes(1));
    }

    /**
     * @param createAnswer how long {@link #close()} waits for creates still out, to delete the playbooks they make: the
     *                     management client's limit on one call ({@code cognigy.http.call-timeout})
     */
    TemporaryPlaybooks(ManagementClient client, String projectId, Clock clock, Duration createAnswer) {
        this.client = client;
        this.projectId = projectId;
        this.clock = clock;
        this.createAnswer = createAnswer;
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

    /**
     * Creates the playbook, its steps and their assertions; a playbook only partly made is deleted again. The playbook's
     * own request is sent from a thread of its own, which the run's cancellation does not reach ({@link #made}): an
     * interrupt during the request would lose its answer (OkHttp fails the next read of an interrupted thread), and with
     * it the id of a playbook the tenant may already have made. A thread interrupted meanwhile stops waiting at once, the
     * interrupt kept; the playbook the answer names is deleted when it comes, and {@link #close()} waits for it.
     *
     * @throws BackendInterruptedException when the thread was interrupted before or while the playbook was made
     * @throws BackendException            when the run's playbooks were closed before or while it was made: nothing is
     *                                     made for a run that is over
     */
    Playbook create(GeneratedPlaybook generated, String runId) {
        String name = generated.name(runId);
        if (Thread.currentThread().isInterrupted()) {
            // The create's own thread would not see this interrupt: nothing is sent for a run already cancelled.
            throw new BackendInterruptedException("playbook '" + ConsoleText.oneLine(name) + "' was not created: the waiting thread"
                    + " was interrupted");
        }
        ObjectNode body = json.createObjectNode();
        body.put("projectId", projectId);
        body.put("name", name);
        // Every step runs, whatever an earlier one asserted: the engine judges the turns, and a probe's failure is none.
        body.put("abortOnError", false);
        body.put("timeout", STEP_TIMEOUT_MS);
        Creation creation = new Creation();
        synchronized (this) {
            if (closed) throw closedMeanwhile(name);
            creating.merge(name, 1, Integer::sum);
        }
        FutureTask<String> request = new FutureTask<>(() -> made(name, body, creation));
        Thread sender = new Thread(request, "cognigy-playbook-create");
        sender.setDaemon(true);
        sender.start();
        String id = answer(name, request, creation);
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

    /** What became of one create whose request is out: guarded by the {@link TemporaryPlaybooks}' lock. */
    private static final class Creation {
        /** Its thread stopped waiting (it was interrupted): the playbook, once answered, is deleted at once. */
        boolean abandoned;
        /** The playbook's id once the answer named it and it was taken into {@link #live}. */
        String kept;
    }

    /**
     * {@code POST playbooks}, on the create's own thread: the playbook's id once the answer names it, taken into
     * {@link #live} — or, when the run's playbooks were closed or the create abandoned meanwhile, deleted at once. A
     * failure that may have made the playbook all the same has it looked for by its name and deleted. Only then is the
     * create no longer out, so {@link #close()}, waiting for it, finds every playbook it made deleted or known.
     */
    private String made(String name, ObjectNode body, Creation creation) {
        try {
            String id;
            try {
                id = client.postOnce("playbooks", body).path("_id").asString("");
                if (id.isBlank()) throw new BackendException(BackendException.Kind.PROTOCOL, "creating playbook " + name + " answered no _id");
            } catch (BackendException e) {
                // The tenant may have made the playbook and its answer been lost (a 5xx or a timeout after the request left, an
                // answer without _id): found by its name, which carries this run's id, it is deleted now rather than left in the
                // project's Playbooks until a later run's sweep, an hour on at the earliest.
                if (mayHaveCreated(e)) deleteUnknown(name);
                throw e;
            }
            boolean keep;
            synchronized (this) {
                keep = !closed && !creation.abandoned;
                if (keep) {
                    live.add(id);
                    creation.kept = id;
                }
            }
            if (keep) return id;
            delete(id);
            throw closedMeanwhile(name);
        } finally {
            creating.computeIfPresent(name, (n, count) -> count == 1 ? null : count - 1);
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * The create's answer: the playbook's id. A thread interrupted meanwhile stops waiting, the interrupt kept: the create
     * is abandoned, and the playbook is deleted — here, when its answer was already taken, else on the create's own thread
     * when it comes.
     */
    private String answer(String name, FutureTask<String> request, Creation creation) {
        try {
            return request.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            String kept;
            synchronized (this) {
                creation.abandoned = true;
                kept = creation.kept;
            }
            if (kept != null) delete(kept);
            throw new BackendInterruptedException("stopped waiting for playbook '" + ConsoleText.oneLine(name) + "' to be created:"
                    + " the waiting thread was interrupted; the playbook is deleted once the tenant answers");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error failure) throw failure;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static BackendException closedMeanwhile(String name) {
        return new BackendException(BackendException.Kind.PROTOCOL, "playbook '" + ConsoleText.oneLine(name) + "' was not kept:"
                + " the run's temporary playbooks were closed (the run is over or was cancelled), and one made meanwhile is deleted"
                + " at once").withMessageUnsent();
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

    /**
     * Deletes what is still there: playbooks of tests a cancelled or failed run abandoned. A create still out — a run
     * cancelled while the tenant was making a playbook — is waited for first, at most {@link #createAnswer} (the
     * management client's limit on one call), so the playbook it makes is deleted too; one answered later still is, at
     * once, and failing that the next run's sweep finds it. No create is sent once this is called.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            long left = createAnswer.toNanos();
            long deadline = System.nanoTime() + left;
            try {
                while (!creating.isEmpty() && left > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                    left = deadline - System.nanoTime();
                }
            } catch (InterruptedException e) {
                // What is known is deleted now; a create answered later deletes its own.
                Thread.currentThread().interrupt();
            }
        }
        for (String id : live()) delete(id);
    }
}
