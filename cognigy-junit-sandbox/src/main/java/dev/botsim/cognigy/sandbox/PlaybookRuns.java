package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scheduled Playbook executions: tasks of type {@code runPlaybook} and the runs they produce. At most
 * {@value #MAX_ACTIVE} execute at once, as on a tenant; further tasks wait {@code queued} in the
 * order they were scheduled. Like the simulation API's simulations, no thread is held: every call
 * first replays what happened up to the sandbox's clock (each execution takes one draw of the
 * processing time; a finishing one frees its slot for the oldest queued task at that instant), so
 * the states follow from the clock alone. A playbook's steps run when its execution ends, through the
 * REST Endpoint's bot, all in one session of their own. A step the bot answers more slowly than the playbook's
 * {@code timeout} ({@link PlaybookSettings#stepAnswerTimes()}) times out. A cancelled execution stays {@code cancelling},
 * holding its slot, until it would have ended (a tenant's worker stops at the step under way), then is
 * {@code cancelled}; a queued task is cancelled at once.
 */
final class PlaybookRuns {

    /** Cognigy's documented limit: "at most 10 concurrent Playbook executions". */
    static final int MAX_ACTIVE = 10;

    private static final class Task {
        final String id;
        final String playbookId;
        final String entrypoint;
        final String flowId;
        final String localeId;
        final Instant createdAt;
        final Duration duration;
        final int totalSteps;
        final String name;
        Instant startedAt;
        Instant endsAt;
        Instant finishedAt;
        Instant cancelledAt;
        /** When a cancelled task is {@code cancelled}: at once when queued, else when its execution would have ended. */
        Instant cancelEnds;
        String failReason;
        String runId;

        Task(String id, Playbooks.Playbook playbook, String entrypoint, String flowId, String localeId, Instant createdAt,
             Duration duration) {
            this.id = id;
            this.playbookId = playbook.id();
            this.name = "Run Playbook " + playbook.name();
            this.totalSteps = playbook.steps().size();
            this.entrypoint = entrypoint;
            this.flowId = flowId;
            this.localeId = localeId;
            this.createdAt = createdAt;
            this.duration = duration;
        }
    }

    private static final class Run {
        final String id;
        final long order;
        final String playbookId;
        /** When the run started: its {@code createdAt}, which shows it in whole seconds. */
        final Instant startedAt;
        final ObjectNode body;
        int reads;

        Run(String id, long order, String playbookId, Instant startedAt, ObjectNode body) {
            this.id = id;
            this.order = order;
            this.playbookId = playbookId;
            this.startedAt = startedAt;
            this.body = body;
        }
    }

    /** Why a task cannot be scheduled: the playbook does not exist. */
    static final class NoSuchPlaybook extends RuntimeException {
        NoSuchPlaybook(String id) {
            super(id);
        }
    }

    private final Playbooks playbooks;
    private final Tenant tenant;
    private final RestEndpoint endpoint;
    private final Clock clock;
    private final Supplier<Duration> processingTime;
    private final PlaybookSettings settings;
    private final SandboxStats stats;
    private final ObjectMapper json;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final List<Task> active = new ArrayList<>();
    private final Deque<Task> queued = new ArrayDeque<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private long sequence;

    PlaybookRuns(Playbooks playbooks, Tenant tenant, RestEndpoint endpoint, Clock clock, Supplier<Duration> processingTime,
                 PlaybookSettings settings, SandboxStats stats, ObjectMapper json) {
        this.playbooks = playbooks;
        this.tenant = tenant;
        this.endpoint = endpoint;
        this.clock = clock;
        this.processingTime = processingTime;
        this.settings = settings;
        this.stats = stats;
        this.json = json;
    }

    private String nextId(String what) {
        return Ids.objectId(tenant.bot().bot() + ":" + what + ":" + (++sequence));
    }

    /** {@code POST playbooks/{id}/schedule}: a new task, answered {@code queued} as a tenant answers it. */
    synchronized ObjectNode schedule(String playbookId, String entrypoint, String flowId, String localeId) {
        Instant now = clock.instant();
        advance(now);
        Playbooks.Playbook playbook = playbooks.get(playbookId).orElseThrow(() -> new NoSuchPlaybook(playbookId));
        // The bot's time on each step, up to the playbook's timeout (when Cognigy stops waiting), adds to the execution's.
        Duration steps = playbook.steps().stream().map(step -> settings.answerTime(step.text()))
                .map(t -> t.compareTo(Duration.ofMillis(playbook.timeout())) > 0 ? Duration.ofMillis(playbook.timeout()) : t)
                .reduce(Duration.ZERO, Duration::plus);
        Task task = new Task(nextId("task"), playbook, entrypoint, flowId, localeId, now, processingTime.get().plus(steps));
        tasks.put(task.id, task);
        stats.playbookTaskScheduled();
        queued.add(task);
        // The answer shows the task as created, queued; a worker takes it up (at once, while a slot is free).
        ObjectNode answer = render(task, now);
        startQueued(now);
        return answer;
    }

    /** {@code GET tasks/{id}}. */
    synchronized Optional<ObjectNode> task(String taskId) {
        Instant now = clock.instant();
        advance(now);
        Task task = tasks.get(taskId);
        return task == null ? Optional.empty() : Optional.of(render(task, now));
    }

    /**
     * {@code POST tasks/{id}/cancel}: a queued or active task is {@code cancelling}, then {@code cancelled}. A queued one is
     * cancelled at once; an active one holds its execution slot while {@code cancelling}, until it would have ended, as a
     * tenant's does until the step under way is done: the slot is free only once it is {@code cancelled}.
     */
    synchronized Optional<ObjectNode> cancel(String taskId) {
        Instant now = clock.instant();
        advance(now);
        Task task = tasks.get(taskId);
        if (task == null) return Optional.empty();
        if (task.finishedAt == null && task.cancelledAt == null) {
            task.cancelledAt = now;
            stats.playbookTaskCancelled();
            task.cancelEnds = active.contains(task) ? task.endsAt : now;
            queued.remove(task);
        }
        return Optional.of(render(task, now));
    }

    /** {@code GET playbooks/{pid}/runs/{runId}}; empty for an unknown run, and on the first read when the #145 behaviour is on. */
    synchronized Optional<ObjectNode> run(String playbookId, String runId) {
        advance(clock.instant());
        Run run = runs.get(runId);
        if (run == null || !run.playbookId.equals(playbookId)) return Optional.empty();
        if (run.reads++ == 0 && settings.runMissingOnFirstRead()) return Optional.empty();
        return Optional.of(run.body.deepCopy());
    }

    /** The playbook's runs as index items, oldest first or, with {@code newestFirst}, newest first. */
    synchronized List<JsonNode> runs(String playbookId, boolean newestFirst) {
        advance(clock.instant());
        // createdAt shows whole seconds, so runs can share one: they are in the order they were created (the instant each
        // started, then the order they were stored), the order a tenant's ObjectId _ids, which grow as they are made, give.
        Comparator<Run> order = Comparator.comparing((Run r) -> r.startedAt).thenComparingLong(r -> r.order);
        return runs.values().stream().filter(r -> r.playbookId.equals(playbookId))
                .sorted(newestFirst ? order.reversed() : order)
                .map(r -> (JsonNode) runItem(r.body)).toList();
    }

    synchronized boolean deleteRun(String playbookId, String runId) {
        Run run = runs.get(runId);
        if (run == null || !run.playbookId.equals(playbookId)) return false;
        runs.remove(runId);
        return true;
    }

    /** Forgets a deleted playbook's runs. */
    synchronized void deleted(String playbookId) {
        runs.values().removeIf(r -> r.playbookId.equals(playbookId));
    }

    /** Executions running now. */
    synchronized int active() {
        advance(clock.instant());
        return active.size();
    }

    /** Replays every end of an execution up to {@code now}, in time order, each freeing its slot for the oldest queued task. */
    private void advance(Instant now) {
        while (true) {
            Task next = active.stream().filter(t -> !t.endsAt.isAfter(now)).min(Comparator.comparing((Task t) -> t.endsAt)).orElse(null);
            if (next == null) return;
            active.remove(next);
            // A cancelled execution ends without a run: its slot is free now that it is cancelled.
            if (next.cancelledAt == null) finish(next);
            startQueued(next.endsAt);
        }
    }

    private void startQueued(Instant at) {
        while (active.size() < MAX_ACTIVE && !queued.isEmpty()) {
            Task task = queued.poll();
            task.startedAt = at;
            task.endsAt = at.plus(task.duration);
            active.add(task);
            stats.playbookExecutions(active.size());
        }
    }

    private void finish(Task task) {
        task.finishedAt = task.endsAt;
        Optional<Playbooks.Playbook> playbook = playbooks.get(task.playbookId);
        String refused = playbook.isEmpty() ? "Playbook " + task.playbookId + " does not exist" : refusal(task);
        if (refused != null) {
            task.failReason = refused;
            return;
        }
        Run run = execute(playbook.get(), task);
        runs.put(run.id, run);
        task.runId = run.id;
    }

    /** Why the project cannot run the task's target, or null: the entrypoint, flow and locale must be the project's. */
    private String refusal(Task task) {
        boolean entrypoint = task.entrypoint.equals(tenant.projectId())
                || tenant.snapshot().map(s -> s.id().equals(task.entrypoint)).orElse(false);
        if (!entrypoint) return "entrypoint " + task.entrypoint + " is neither the project nor one of its snapshots";
        if (tenant.flowByReferenceId(task.flowId).isEmpty()) {
            return "flow " + task.flowId + " is not a flow reference id of the project";
        }
        if (!task.localeId.equals(tenant.localeReferenceId())) return "locale " + task.localeId + " is not a locale reference id of the project";
        return null;
    }

    private Run execute(Playbooks.Playbook playbook, Task task) {
        String runId = nextId("run");
        String sessionId = "playbook-run-" + runId;
        // The run starts in the task's flow: its model knows that flow's intents and its attached flows', no others.
        java.util.Set<String> scope = tenant.flowByReferenceId(task.flowId)
                .map(tenant::modelScope).orElseThrow();
        ObjectNode body = json.createObjectNode();
        body.put("_id", runId);
        ArrayNode results = json.createArrayNode();
        boolean failed = false;
        boolean aborted = false;
        for (Playbooks.Step step : playbook.steps()) {
            ObjectNode result = results.addObject();
            result.put("_id", step.id());
            result.put("text", step.text());
            result.set("data", step.data() == null ? json.createObjectNode() : step.data());
            boolean timedOut = !aborted && settings.answerTime(step.text()).compareTo(Duration.ofMillis(playbook.timeout())) > 0;
            result.put("timeout", timedOut);
            ArrayNode asserts = json.createArrayNode();
            if (timedOut) {
                // Sent, and answered too late: the flow still ran (the session moves on), but Cognigy stopped waiting at the
                // playbook's timeout, so each assertion failed on nothing seen.
                send(sessionId, step, scope);
                step.asserts().forEach(a -> assertResult(asserts, a, "failed", json.getNodeFactory().nullNode()));
                result.put("status", "failed");
                failed = true;
                aborted = playbook.abortOnError();
            } else if (aborted) {
                // abortOnError: the steps after a failed one are not sent.
                result.put("status", "skipped");
                step.asserts().forEach(a -> assertResult(asserts, a, "skipped", json.getNodeFactory().nullNode()));
            } else {
                PlaybookAsserts.Observed seen = send(sessionId, step, scope);
                boolean stepFailed = false;
                for (Playbooks.Assert a : step.asserts()) {
                    PlaybookAsserts.Result outcome = PlaybookAsserts.evaluate(a.type(), a.params(), seen, json);
                    stepFailed |= !outcome.passed();
                    assertResult(asserts, a, outcome.passed() ? "successful" : "failed", outcome.actual());
                }
                result.put("status", stepFailed ? "failed" : "successful");
                failed |= stepFailed;
                aborted = stepFailed && playbook.abortOnError();
            }
            result.set("asserts", asserts);
        }
        body.put("playbookId", playbook.id());
        body.put("status", failed ? "failed" : "successful");
        body.put("flowId", task.flowId);
        body.put("localeId", task.localeId);
        body.put("entrypoint", task.entrypoint);
        body.put("createdAt", task.startedAt.getEpochSecond());
        body.put("lastChanged", task.finishedAt.getEpochSecond());
        body.put("createdBy", "api");
        body.set("stepResults", results);
        return new Run(runId, sequence, playbook.id(), task.startedAt, body);
    }

    private void assertResult(ArrayNode asserts, Playbooks.Assert a, String status, JsonNode actual) {
        ObjectNode node = asserts.addObject();
        node.put("_id", a.id());
        node.put("type", a.type());
        node.put("status", status);
        node.set("params", a.params());
        node.put("negate", PlaybookAsserts.negate(a.params()));
        node.set("actual", actual);
    }

    private PlaybookAsserts.Observed send(String sessionId, Playbooks.Step step, java.util.Set<String> scope) {
        Map<String, Object> input = step.data() == null ? Map.of()
                : json.convertValue(step.data(), json.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        RestEndpoint.Message message = endpoint.message(sessionId, step.text() == null ? "" : step.text().strip(), input,
                scope::contains);
        List<String> texts = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (JsonNode output : message.outputs()) {
            if (output.path("text").isString()) texts.add(output.path("text").stringValue());
            JsonNode nested = output.path("data").path("_data").path("_cognigy").path("_default");
            JsonNode channel = nested.isObject() ? nested : output.path("data").path("_cognigy").path("_default");
            // A Say node's quick replies or buttons carry its text in the channel payload (an Intent Default Reply's nested).
            if (channel.path("_quickReplies").path("text").isString()) texts.add(channel.path("_quickReplies").path("text").stringValue());
            else if (channel.path("_buttons").path("text").isString()) texts.add(channel.path("_buttons").path("text").stringValue());
            if (!output.path("data").isEmpty()) data.add(output.path("data"));
        }
        ObjectNode nlu = message.nlu();
        // The flow runs as for any message: its Code node reports for a step whose data carries the test marker, unless
        // the flow stopped at its question before the node.
        if (endpoint.reports(message, step.data() == null ? json.createObjectNode() : step.data())) data.add(nlu);
        List<String> slots = new ArrayList<>(nlu.path("slots").propertyNames());
        String intent = nlu.path("intent").isString() ? nlu.path("intent").stringValue() : null;
        JsonNode context = json.valueToTree(endpoint.injectContext(sessionId, Map.of()));
        JsonNode sent = step.data() == null ? json.createObjectNode() : step.data();
        return new PlaybookAsserts.Observed(texts, data, intent, slots, nlu.path("state").asString("default"), context, sent);
    }

    private ObjectNode runItem(ObjectNode run) {
        ObjectNode item = json.createObjectNode();
        for (String field : List.of("_id", "playbookId", "status", "flowId", "localeId", "entrypoint", "createdAt", "lastChanged", "createdBy")) {
            item.set(field, run.get(field));
        }
        return item;
    }

    private String status(Task task, Instant now) {
        if (task.cancelledAt != null) return now.isAfter(task.cancelledAt) && !now.isBefore(task.cancelEnds) ? "cancelled" : "cancelling";
        if (task.finishedAt != null) return task.failReason != null ? "error" : "done";
        return task.startedAt != null ? "active" : "queued";
    }

    private static void seconds(ObjectNode node, String field, Instant at) {
        if (at == null) node.putNull(field);
        else node.put(field, at.getEpochSecond());
    }

    private ObjectNode render(Task task, Instant now) {
        String status = status(task, now);
        ObjectNode node = json.createObjectNode();
        node.put("_id", task.id);
        node.put("name", task.name);
        node.put("type", "runPlaybook");
        node.put("status", status);
        node.putObject("parameters").put("playbookId", task.playbookId).put("entrypoint", task.entrypoint)
                .put("flowId", task.flowId).put("localeId", task.localeId);
        ObjectNode data = node.putObject("data").put("playbookId", task.playbookId);
        // Cognigy's CLI reads the run id here; it can lag behind "done" (the delay option).
        if (task.runId != null && !now.isBefore(task.finishedAt.plus(settings.runIdDelay()))) data.put("playbookRunId", task.runId);
        boolean finished = status.equals("done") || status.equals("error");
        node.put("currentStep", finished ? task.totalSteps : 0);
        node.put("totalStep", task.totalSteps);
        node.put("progress", finished ? 100 : 0);
        node.put("failReason", task.failReason);
        // Times as Cognigy's API reference types them: integer Unix timestamps in seconds.
        node.put("createdAt", task.createdAt.getEpochSecond());
        Instant changed = task.cancelledAt != null ? task.cancelledAt
                : task.finishedAt != null ? task.finishedAt : task.startedAt != null ? task.startedAt : task.createdAt;
        node.put("lastChangedAt", changed.getEpochSecond());
        seconds(node, "lastRunAt", task.startedAt);
        seconds(node, "lastFinishedAt", task.finishedAt);
        return node;
    }
}
