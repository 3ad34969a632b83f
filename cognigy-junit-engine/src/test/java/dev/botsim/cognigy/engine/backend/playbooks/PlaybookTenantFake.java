package dev.botsim.cognigy.engine.backend.playbooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's playbook and task routes in Cognigy's shapes (API reference, {@code @cognigy/rest-api-client} types):
 * tasks go {@code queued -> active -> done}, or {@code error} with a {@code failReason}, on the test's clock (a running
 * one cancelled goes {@code cancelling -> cancelled} when {@link #cancellingFor} is set, as at a tenant); the
 * run appears in {@code data.playbookRunId} when the task is done. A run carries the flow, locale and entrypoint it
 * ran against and lists its step results with their step's {@code _id}; the run list gives runs newest first, up to
 * its {@code limit}. Tests set a playbook's duration and failures, a number of 404s on the run read (Cognigy CLI issue
 * #145), a 429 with {@code Retry-After}, and runs someone else made of a playbook. Times ({@code createdAt}) are
 * integer Unix timestamps in seconds, as the API reference types them.
 */
public final class PlaybookTenantFake extends Dispatcher {

    public static final String KEY = "mgmt-api-key-canary-456";
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    /** Playbooks by id, in their {@code GET playbooks/{id}} shape. */
    public final Map<String, Map<String, Object>> playbooks = Collections.synchronizedMap(new LinkedHashMap<>());
    /** How long a playbook's run takes once scheduled; queued for the first fifth of it. */
    public final Map<String, Duration> durations = new ConcurrentHashMap<>();
    /** A playbook's task ends in {@code error} with this {@code failReason}. */
    public final Map<String, String> failReasons = new ConcurrentHashMap<>();
    /** Playbooks whose task someone at the tenant cancels: it ends {@code cancelled}, not by the run's own cancel request. */
    public final java.util.Set<String> cancelledAtTenant = ConcurrentHashMap.newKeySet();
    /** Indexes of steps whose first assertion fails, per playbook. */
    public final Map<String, List<Integer>> failingSteps = new ConcurrentHashMap<>();
    /** Indexes of steps the bot did not answer within the playbook's step timeout, per playbook: {@code timeout: true}. */
    public final Map<String, List<Integer>> timingOutSteps = new ConcurrentHashMap<>();
    /**
     * How long a running task this client cancels stays {@code cancelling}, holding its execution, before it is
     * {@code cancelled}, as a tenant's worker first ends the step under way; zero: cancelled at once. A queued task is
     * cancelled at once.
     */
    public volatile Duration cancellingFor = Duration.ZERO;
    /** What the tenant did, in order: {@code schedule pb2 -> task2}, and each task status a poll answered ({@code task1 cancelling}). */
    public final List<String> log = Collections.synchronizedList(new ArrayList<>());
    public volatile int pageSize = 100;
    /** The API key the tenant accepts. */
    public volatile String key = KEY;
    /** Run reads answered 404 "Playbook run does not exist" before the run is found. */
    public volatile int missingRunReads;
    /** Whether the run list gives runs created an hour before anything was scheduled. */
    public volatile boolean staleRunList;
    /** Whether the run list leaves out the runs this client's tasks made: listed, as read, only once stored (#145). */
    public volatile boolean ownRunsUnlisted;
    /** How far the tenant's clock, which stamps {@code createdAt}, runs behind the test's. */
    public volatile Duration clockBehind = Duration.ZERO;
    /** Whether a task leaves out its {@code createdAt}, so only the client's own clock says when it was scheduled. */
    public volatile boolean tasksWithoutCreatedAt;
    /** Whether the run list gives only {@code _id}, {@code status} and {@code createdAt}, the fields its client types name. */
    public volatile boolean bareRunList;
    /** The next request to a task is answered 429 with {@code Retry-After: 3}. */
    public volatile boolean rateLimitNextPoll;
    /** Statuses the next schedule requests are answered with before one is accepted (429 with {@code Retry-After: 3}). */
    public final java.util.Deque<Integer> scheduleRefusals = new java.util.concurrent.ConcurrentLinkedDeque<>();

    /** Applied to the answer of every schedule the tenant accepted, its task started: a test holds or reshapes it there. */
    public volatile java.util.function.UnaryOperator<MockResponse> scheduleAnswer = answer -> answer;

    /** Answers a request in place of the tenant when it gives a response (after the key is checked); null lets the tenant answer. */
    public volatile java.util.function.Function<RecordedRequest, MockResponse> override = request -> null;

    public final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Map<String, Object>> tasks = new ConcurrentHashMap<>();
    private final Map<String, Instant> taskStart = new ConcurrentHashMap<>();
    private final Map<String, Instant> cancelEnds = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> runs = new ConcurrentHashMap<>();
    /** The playbook each run is of. */
    private final Map<String, String> runPlaybooks = new ConcurrentHashMap<>();
    /** The runs this client's tasks made, not {@link #otherRun}s. */
    private final java.util.Set<String> ownRuns = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger runReads = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    public PlaybookTenantFake(Clock clock) {
        this.clock = clock;
    }

    /** A playbook with one step per text, each with an {@code assertText} and an {@code assertIntent} (negated on odd steps). */
    public void playbook(String id, String name, Duration duration, String... texts) {
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            steps.add(map("_id", id + "-s" + i, "text", texts[i], "data", map(), "asserts", List.of(
                    map("_id", id + "-a" + i + "t", "type", "assertText", "params", map("text", "reply " + i, "fuzzy", true), "negate", false),
                    map("_id", id + "-a" + i + "i", "type", "assertIntent", "params", map("intent", "intent_" + i), "negate", i % 2 == 1))));
        }
        playbooks.put(id, map("_id", id, "name", name, "abortOnError", true, "timeout", 20000, "steps", steps));
        durations.put(id, duration);
    }

    public List<RecordedRequest> to(String pathPart) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.getUrl().encodedPath().contains(pathPart)).toList();
        }
    }

    /** The most runs scheduled and not yet ended at any moment. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        if (!key.equals(request.getHeaders().get("X-API-Key"))) return problem(401, "Unauthorized");
        MockResponse overridden = override.apply(request);
        if (overridden != null) return overridden;
        String path = request.getUrl().encodedPath().substring("/new/v2.0/".length());
        String[] parts = path.split("/");
        String method = request.getMethod();
        if (parts[0].equals("tasks") && rateLimitNextPoll) {
            rateLimitNextPoll = false;
            return new MockResponse.Builder().code(429).setHeader("Retry-After", "3").body("{\"title\":\"Too Many Requests\"}").build();
        }
        if (path.equals("flows") && method.equals("GET")) {
            return ok(map("items", List.of(map("_id", "flow-obj-1", "referenceId", "flow-ref-1", "name", "Main"),
                    map("_id", "flow-obj-2", "referenceId", "flow-ref-2", "name", "Returns")), "total", 2, "nextCursor", null));
        }
        if (path.equals("locales") && method.equals("GET")) {
            return ok(map("items", List.of(map("_id", "locale-obj-1", "referenceId", "locale-ref-1", "name", "en-US", "primary", true),
                    map("_id", "locale-obj-2", "referenceId", "locale-ref-2", "name", "de-DE", "primary", false)), "total", 2,
                    "nextCursor", null));
        }
        if (parts[0].equals("projects") && parts.length == 2) return ok(map("_id", parts[1], "name", "Order bot"));
        if (path.equals("snapshots") && method.equals("GET")) {
            return ok(map("items", List.of(map("_id", "snap-1", "name", "release 7"), map("_id", "snap-2", "name", "release 8")),
                    "total", 2, "nextCursor", null));
        }
        if (parts[0].equals("snapshots") && parts.length == 2) return ok(map("_id", parts[1], "name", "release 7"));
        if (path.equals("playbooks") && method.equals("GET")) return page(request);
        if (parts[0].equals("playbooks") && parts.length == 2) {
            Map<String, Object> playbook = playbooks.get(parts[1]);
            return playbook == null ? problem(404, "Playbook does not exist") : ok(playbook);
        }
        if (parts[0].equals("playbooks") && parts.length == 3 && parts[2].equals("schedule")) return schedule(parts[1], request);
        if (parts[0].equals("playbooks") && parts.length == 3 && parts[2].equals("runs")) return runList(parts[1], request);
        if (parts[0].equals("playbooks") && parts.length == 4 && parts[2].equals("runs")) {
            if (runReads.incrementAndGet() <= missingRunReads) return problem(404, "Playbook run does not exist");
            Map<String, Object> run = runs.get(parts[3]);
            return run == null ? problem(404, "Playbook run does not exist") : ok(run);
        }
        if (parts[0].equals("tasks") && parts.length == 2) {
            Map<String, Object> task = task(parts[1]);
            log.add(parts[1] + " " + task.get("status"));
            return ok(task);
        }
        if (parts[0].equals("tasks") && parts.length == 3 && parts[2].equals("cancel")) {
            cancelled.add(parts[1]);
            cancel(parts[1]);
            return ok(map());
        }
        return problem(404, "no route " + method + " " + path);
    }

    private MockResponse page(RecordedRequest request) {
        List<Map<String, Object>> all;
        synchronized (playbooks) {
            all = new ArrayList<>(playbooks.values());
        }
        String next = request.getUrl().queryParameter("next");
        int from = next == null ? 0 : Integer.parseInt(next.substring(1));
        int to = Math.min(all.size(), from + pageSize);
        List<Object> items = new ArrayList<>();
        for (Map<String, Object> p : all.subList(from, to)) items.add(map("_id", p.get("_id"), "name", p.get("name")));
        Map<String, Object> body = map("items", items, "total", all.size());
        body.put("nextCursor", to < all.size() ? "c" + to : null);
        return ok(body);
    }

    private MockResponse schedule(String playbookId, RecordedRequest request) {
        Integer refusal = scheduleRefusals.poll();
        if (refusal != null) {
            return new MockResponse.Builder().code(refusal).setHeader("Retry-After", "3").body("{\"title\":\"refused\"}").build();
        }
        if (!playbooks.containsKey(playbookId)) return problem(404, "Playbook does not exist");
        JsonNode body = json.readTree(request.getBody().utf8());
        String id = "task" + ids.incrementAndGet();
        Map<String, Object> task = map("_id", id, "type", "runPlaybook", "status", "queued", "createdAt",
                clock.instant().minus(clockBehind).getEpochSecond(), "parameters", map("playbookId", playbookId, "entrypoint", body.path("entrypoint").asString(), "flowId",
                        body.path("flowId").asString(), "localeId", body.path("localeId").asString()), "data", map(), "progress", 0);
        if (tasksWithoutCreatedAt) task.remove("createdAt");
        // The executions under way now, as the tenant counts them: tasks that ended (a cancelled one let go) are not.
        List.copyOf(tasks.keySet()).forEach(this::task);
        tasks.put(id, task);
        taskStart.put(id, clock.instant());
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        log.add("schedule " + playbookId + " -> " + id);
        return scheduleAnswer.apply(ok(task));
    }

    /** A queued task is cancelled at once; a running one is {@code cancelling} for {@link #cancellingFor}, holding its execution. */
    private synchronized void cancel(String id) {
        if (!tasks.containsKey(id)) return;
        Map<String, Object> task = task(id);
        if (List.of("done", "error", "cancelled", "cancelling").contains(task.get("status"))) return;
        if (task.get("status").equals("active") && !cancellingFor.isZero()) {
            task.put("status", "cancelling");
            cancelEnds.put(id, clock.instant().plus(cancellingFor));
            return;
        }
        task.put("status", "cancelled");
        inFlight.decrementAndGet();
    }

    private synchronized Map<String, Object> task(String id) {
        Map<String, Object> task = tasks.get(id);
        if (List.of("done", "error", "cancelled").contains(task.get("status"))) return task;
        if (task.get("status").equals("cancelling")) {
            if (!clock.instant().isBefore(cancelEnds.get(id))) {
                task.put("status", "cancelled");
                inFlight.decrementAndGet();
            }
            return task;
        }
        @SuppressWarnings("unchecked")
        String playbookId = (String) ((Map<String, Object>) task.get("parameters")).get("playbookId");
        Duration elapsed = Duration.between(taskStart.get(id), clock.instant());
        Duration duration = durations.get(playbookId);
        if (elapsed.compareTo(duration) >= 0) {
            inFlight.decrementAndGet();
            String failReason = failReasons.get(playbookId);
            if (cancelledAtTenant.contains(playbookId)) {
                task.put("status", "cancelled");
            } else if (failReason != null) {
                task.put("status", "error");
                task.put("failReason", failReason);
            } else {
                task.put("status", "done");
                String runId = "run" + ids.incrementAndGet();
                @SuppressWarnings("unchecked")
                Map<String, Object> parameters = (Map<String, Object>) task.get("parameters");
                runs.put(runId, run(runId, playbookId, taskStart.get(id).minus(clockBehind), parameters, failingSteps.getOrDefault(playbookId, List.of())));
                runPlaybooks.put(runId, playbookId);
                ownRuns.add(runId);
                task.put("data", map("playbookRunId", runId));
            }
        } else {
            task.put("status", elapsed.compareTo(duration.dividedBy(5)) < 0 ? "queued" : "active");
        }
        return task;
    }

    /**
     * A run of {@code playbookId} someone else made (in Cognigy's UI, from another CI job) against {@code target}, created
     * at {@code created}, every step passed: the run list shows it beside this run's own.
     */
    public void otherRun(String playbookId, String runId, Target target, Instant created) {
        runs.put(runId, run(runId, playbookId, created, map("entrypoint", target.entrypoint(), "flowId", target.flowId(),
                "localeId", target.localeId()), List.of()));
        runPlaybooks.put(runId, playbookId);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(String runId, String playbookId, Instant created, Map<String, Object> target, List<Integer> failing) {
        List<Object> results = new ArrayList<>();
        boolean failed = false;
        for (Object s : (List<Object>) playbooks.get(playbookId).get("steps")) {
            Map<String, Object> step = (Map<String, Object>) s;
            int index = results.size();
            boolean timesOut = timingOutSteps.getOrDefault(playbookId, List.of()).contains(index);
            boolean fails = failing.contains(index) || timesOut;
            List<Object> asserts = new ArrayList<>();
            for (Object a : (List<Object>) step.get("asserts")) {
                Map<String, Object> assertion = new LinkedHashMap<>((Map<String, Object>) a);
                boolean bad = timesOut || fails && asserts.isEmpty();
                assertion.put("status", bad ? "failed" : "successful");
                assertion.put("actual", timesOut ? null : bad ? "something else" : "reply " + index);
                asserts.add(assertion);
            }
            results.add(map("_id", step.get("_id"), "status", fails ? "failed" : "successful", "text", step.get("text"),
                    "data", map(), "timeout", timesOut, "asserts", asserts));
            failed |= fails;
        }
        return map("_id", runId, "status", failed ? "failed" : "successful", "flowId", target.get("flowId"), "localeId",
                target.get("localeId"), "entrypoint", target.get("entrypoint"), "createdAt", created.getEpochSecond(), "stepResults", results);
    }

    /**
     * Runs by {@code createdAt} (whole seconds, so runs can share one), then by id: the ids count up as runs are made, as
     * a tenant's ObjectIds grow; a run someone else made is taken as made after this run's of the same second.
     */
    private static final java.util.Comparator<Map<String, Object>> CREATION = java.util.Comparator
            .comparingLong((Map<String, Object> run) -> (Long) run.get("createdAt"))
            .thenComparingInt(run -> number((String) run.get("_id")));

    private static int number(String runId) {
        return runId.matches("run\\d+") ? Integer.parseInt(runId.substring("run".length())) : Integer.MAX_VALUE;
    }

    /** {@code GET playbooks/{id}/runs?sort=createdAt:desc&limit=n}: the playbook's runs, newest first, as index items. */
    private MockResponse runList(String playbookId, RecordedRequest request) {
        List<Map<String, Object>> all = runs.values().stream().filter(run -> playbookId.equals(runPlaybooks.get((String) run.get("_id"))))
                .filter(run -> !ownRunsUnlisted || !ownRuns.contains((String) run.get("_id")))
                .sorted(CREATION.reversed()).toList();
        String limit = request.getUrl().queryParameter("limit");
        List<Object> items = new ArrayList<>();
        for (Map<String, Object> run : all.subList(0, Math.min(all.size(), limit == null ? 25 : Integer.parseInt(limit)))) {
            Map<String, Object> item = map("_id", run.get("_id"), "status", run.get("status"), "createdAt",
                    staleRunList ? clock.instant().minus(Duration.ofHours(1)).getEpochSecond() : run.get("createdAt"));
            if (!bareRunList) {
                for (String field : List.of("flowId", "localeId", "entrypoint")) item.put(field, run.get(field));
            }
            items.add(item);
        }
        return ok(map("items", items, "total", all.size(), "nextCursor", null));
    }

    private MockResponse ok(Object body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(json.writeValueAsString(body)).build();
    }

    static MockResponse problem(int code, String detail) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json")
                .body("{\"status\":" + code + ",\"title\":\"Error\",\"detail\":\"" + detail + "\",\"traceId\":\"trace-1\"}").build();
    }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }
}
