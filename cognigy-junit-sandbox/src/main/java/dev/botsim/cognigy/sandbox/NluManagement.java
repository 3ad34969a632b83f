package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The NLU part of the management API, from the sandbox's own NLU: {@code POST projects/{projectId}/nlu/scores}
 * (the score of every intent the named flow's model knows — its own and its attached flows', reject and disabled ones
 * too, with their confirmation sentences — for a sentence, as the documented bare array), each flow's training state
 * ({@code isTrainingOutOfDate}, false until {@link #markOutOfDate()}) and training
 * ({@code POST flows/{id}/intents/train}, a task done after the sandbox's processing time, read with
 * {@code GET tasks/{id}}). Tasks it did not issue are left to the rest of the management API.
 */
final class NluManagement {

    /** A training task: done once the processing time has passed since it was created. */
    private record Task(String id, String flowObjectId, Instant created) {
    }

    private final Tenant tenant;
    private final Nlu nlu;
    private final Duration processingTime;
    private final Clock clock;
    private final ObjectMapper json;
    private final Set<String> outOfDate = ConcurrentHashMap.newKeySet();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    NluManagement(Tenant tenant, Duration processingTime, Clock clock, ObjectMapper json) {
        this.tenant = tenant;
        this.nlu = new Nlu(tenant.bot());
        this.processingTime = processingTime;
        this.clock = clock;
        this.json = json;
    }

    /** Every flow's model out of date, as after its intents were edited, until it is trained. */
    void markOutOfDate() {
        tenant.flows().forEach(f -> outOfDate.add(f.objectId()));
    }

    boolean outOfDate(Tenant.FlowResource flow) {
        return outOfDate.contains(flow.objectId());
    }

    /** The answer to {@code method p[0]/p[1]/...} when it is one of these routes, else empty. */
    Optional<Answer> answer(String method, String[] p, byte[] body) {
        if (method.equals("POST") && p.length == 4 && p[0].equals("projects") && p[2].equals("nlu") && p[3].equals("scores")) {
            if (!p[1].equals(tenant.projectId())) return Optional.empty();
            return Optional.of(scores(body));
        }
        if (method.equals("POST") && p.length == 4 && p[0].equals("flows") && p[2].equals("intents") && p[3].equals("train")) {
            return tenant.flowByObjectId(p[1]).map(this::train);
        }
        if (method.equals("GET") && p.length == 2 && p[0].equals("tasks")) {
            return Optional.ofNullable(tasks.get(p[1])).map(this::task);
        }
        return Optional.empty();
    }

    private Answer scores(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JacksonException e) {
            throw new ManagementApi.BadRequest("the body is not valid JSON");
        }
        if (request == null || !request.path("sentence").isString()) throw new ManagementApi.BadRequest("the body needs a 'sentence'");
        String reference = request.path("flowReferenceId").asString("");
        Tenant.FlowResource flow = tenant.flowByReferenceId(reference)
                .orElseThrow(() -> new ManagementApi.BadRequest("flowReferenceId " + reference + " is no flow of the project"));
        Set<String> scored = tenant.modelScope(flow);
        if (!request.path("localeReferenceId").asString("").equals(tenant.localeReferenceId())) {
            throw new ManagementApi.BadRequest("localeReferenceId is no locale of the project");
        }
        ArrayNode scores = json.createArrayNode();
        // As a tenant's answer: every intent of the model with its score, reject and disabled intents too, which the
        // answer does not mark (the intent lists do); an intent's confirmation sentence in both fields.
        nlu.scores(request.path("sentence").stringValue()).stream()
                .filter(s -> scored.contains(s.flowId()))
                .sorted(Comparator.comparingDouble(Nlu.Score::score).reversed())
                .forEach(s -> {
                    ObjectNode item = scores.addObject().put("id", tenant.intentId(s.intent().name())).put("name", s.intent().name())
                            .put("score", s.score()).put("negated", false);
                    String sentence = s.intent().confirmationSentence();
                    if (sentence == null) item.putNull("confirmationSentence");
                    else item.put("confirmationSentence", sentence);
                    ArrayNode sentences = item.putArray("confirmationSentences");
                    if (sentence != null) sentences.add(sentence);
                    item.putNull("disambiguationSentence").put("flow", tenant.flow(s.flowId()).referenceId()).put("description", "");
                });
        return Answer.of(200, scores);
    }

    private Answer train(Tenant.FlowResource flow) {
        Task task = new Task("task-" + UUID.randomUUID(), flow.objectId(), clock.instant());
        tasks.put(task.id(), task);
        return Answer.of(200, json.createObjectNode().put("_id", task.id()).put("type", "trainNlu").put("status", "queued"));
    }

    private Answer task(Task task) {
        boolean done = !clock.instant().isBefore(task.created().plus(processingTime));
        if (done) outOfDate.remove(task.flowObjectId());
        return Answer.of(200, json.createObjectNode().put("_id", task.id()).put("type", "trainNlu")
                .put("status", done ? "done" : "active"));
    }
}
