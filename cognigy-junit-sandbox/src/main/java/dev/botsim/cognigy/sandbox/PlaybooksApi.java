package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Cognigy's Playbook and task API under {@code /new/v2.0/}: playbooks with steps and assertions,
 * {@code schedule} answering a {@code runPlaybook} task, the task's states, cancel, and the runs with
 * their step and assertion results. Authentication, the request budget, pagination and RFC 7807
 * problems are the management API's.
 */
final class PlaybooksApi {

    private final Playbooks playbooks;
    private final PlaybookRuns runs;
    private final Tenant tenant;
    private final Clock clock;
    private final ObjectMapper json;

    PlaybooksApi(Playbooks playbooks, PlaybookRuns runs, Tenant tenant, Clock clock, ObjectMapper json) {
        this.playbooks = playbooks;
        this.runs = runs;
        this.tenant = tenant;
        this.clock = clock;
        this.json = json;
    }

    /** Whether {@code p} (the path below {@code /new/v2.0/}, split at /) is this API's. */
    static boolean serves(String[] p) {
        return p[0].equals("playbooks") || p[0].equals("tasks");
    }

    Answer answer(ManagementApi api, String method, String[] p, Map<String, String> query, byte[] body, String path) {
        if (p[0].equals("tasks")) return tasks(api, method, p, path);
        if (p.length == 1) {
            if (method.equals("GET")) {
                return api.list(query, path, playbooks.all().stream().map(pb -> (JsonNode) Playbooks.item(pb, tenant.projectId(), json)).toList());
            }
            if (method.equals("POST")) return create(api, read(body), path);
            return api.notFoundResource(method, path);
        }
        Optional<Playbooks.Playbook> found = playbooks.get(p[1]);
        if (found.isEmpty()) return api.notFound("playbook", p[1], path);
        Playbooks.Playbook playbook = found.get();
        if (p.length == 2) {
            if (method.equals("GET")) return Answer.of(200, Playbooks.detail(playbook, tenant.projectId(), json));
            if (method.equals("DELETE")) {
                playbooks.delete(playbook.id());
                runs.deleted(playbook.id());
                return Answer.of(204, null);
            }
        }
        if (p.length == 3 && method.equals("POST") && p[2].equals("steps")) {
            JsonNode request = read(body);
            JsonNode data = request.path("data");
            if (request.has("text") && !request.get("text").isString()) throw new ManagementApi.BadRequest("text must be a string");
            if (request.has("data") && !data.isObject()) throw new ManagementApi.BadRequest("data must be an object");
            try {
                return playbooks.addStep(playbook.id(), request.path("text").isString() ? request.path("text").stringValue() : null,
                                data.isObject() ? data : null)
                        .map(step -> Answer.of(201, Playbooks.step(step, json))).orElseGet(() -> api.notFound("playbook", p[1], path));
            } catch (IllegalStateException full) {
                throw new ManagementApi.BadRequest(full.getMessage());
            }
        }
        if (p.length == 5 && method.equals("POST") && p[2].equals("steps") && p[4].equals("asserts")) {
            JsonNode request = read(body);
            String type = request.path("type").asString("");
            String invalid = PlaybookAsserts.invalid(type, request.path("params"));
            if (invalid != null) throw new ManagementApi.BadRequest(invalid);
            return playbooks.addAssert(playbook.id(), p[3], type, request.path("params"))
                    .map(a -> Answer.of(201, Playbooks.assertion(a, json))).orElseGet(() -> api.notFound("step", p[3], path));
        }
        if (p.length == 3 && method.equals("POST") && p[2].equals("schedule")) return schedule(api, playbook, read(body), path);
        if (p.length == 3 && method.equals("GET") && p[2].equals("runs")) {
            String sort = query.getOrDefault("sort", "createdAt:asc");
            if (!sort.equals("createdAt:desc") && !sort.equals("createdAt:asc")) {
                throw new ManagementApi.BadRequest("sort must be createdAt:asc or createdAt:desc");
            }
            return api.page(query, runs.runs(playbook.id(), sort.equals("createdAt:desc")));
        }
        if (p.length == 4 && p[2].equals("runs")) {
            if (method.equals("GET")) {
                return runs.run(playbook.id(), p[3]).map(run -> Answer.of(200, run))
                        .orElseGet(() -> api.problem(404, "Not Found", "Playbook run does not exist", path));
            }
            if (method.equals("DELETE")) {
                return runs.deleteRun(playbook.id(), p[3]) ? Answer.of(204, null)
                        : api.problem(404, "Not Found", "Playbook run does not exist", path);
            }
        }
        return api.notFoundResource(method, path);
    }

    private Answer create(ManagementApi api, JsonNode request, String path) {
        if (!request.path("projectId").isString()) throw new ManagementApi.BadRequest("the body needs a 'projectId'");
        if (!request.path("projectId").stringValue().equals(tenant.projectId())) {
            return api.notFound("project", request.path("projectId").stringValue(), path);
        }
        if (!request.path("name").isString() || request.path("name").stringValue().isBlank()) {
            throw new ManagementApi.BadRequest("the body needs a 'name'");
        }
        if (request.has("abortOnError") && !request.get("abortOnError").isBoolean()) {
            throw new ManagementApi.BadRequest("abortOnError must be true or false");
        }
        long timeout = request.path("timeout").asLong(20_000);
        if (request.has("timeout") && (!request.get("timeout").isIntegralNumber() || timeout < 1)) {
            throw new ManagementApi.BadRequest("timeout must be a whole number of milliseconds, at least 1");
        }
        Playbooks.Playbook created = playbooks.create(request.path("name").stringValue(), request.path("abortOnError").asBoolean(false),
                timeout, clock.instant());
        return Answer.of(201, Playbooks.detail(created, tenant.projectId(), json));
    }

    private Answer schedule(ManagementApi api, Playbooks.Playbook playbook, JsonNode request, String path) {
        for (String field : List.of("entrypoint", "flowId", "localeId")) {
            if (!request.path(field).isString()) throw new ManagementApi.BadRequest("the body needs '" + field + "'");
        }
        try {
            return Answer.of(201, runs.schedule(playbook.id(), request.path("entrypoint").stringValue(),
                    request.path("flowId").stringValue(), request.path("localeId").stringValue()));
        } catch (PlaybookRuns.NoSuchPlaybook gone) {
            return api.notFound("playbook", playbook.id(), path);
        }
    }

    private Answer tasks(ManagementApi api, String method, String[] p, String path) {
        if (p.length == 2 && method.equals("GET")) {
            return runs.task(p[1]).map(task -> Answer.of(200, (JsonNode) task)).orElseGet(() -> api.notFound("task", p[1], path));
        }
        if (p.length == 3 && method.equals("POST") && p[2].equals("cancel")) {
            return runs.cancel(p[1]).map(task -> Answer.of(200, (JsonNode) task)).orElseGet(() -> api.notFound("task", p[1], path));
        }
        return api.notFoundResource(method, path);
    }

    private JsonNode read(byte[] body) {
        try {
            JsonNode request = json.readTree(body);
            if (request == null || !request.isObject()) throw new ManagementApi.BadRequest("the body must be a JSON object");
            return request;
        } catch (JacksonException e) {
            throw new ManagementApi.BadRequest("the body is not valid JSON");
        }
    }

    /** Seeds the store from {@code settings}, if it names a file. */
    static void seed(Playbooks playbooks, PlaybookSettings settings, Clock clock, ObjectMapper json) {
        if (settings.seed() != null) playbooks.seed(settings.seed(), clock.instant(), json);
    }
}
