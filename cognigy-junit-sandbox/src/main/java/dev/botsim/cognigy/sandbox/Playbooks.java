package dev.botsim.cognigy.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The project's Playbooks: each a name, {@code abortOnError}, a per-step {@code timeout} and at most
 * {@value #MAX_STEPS} steps of user input ({@code text}, {@code data}) with their assertions. Ids are
 * object ids as a tenant's; seeded playbooks get ids derived from their names, so they are the same in
 * every run. Thread-safe: every method holds the store's lock.
 */
final class Playbooks {

    /** Cognigy's documented limit: "a Playbook can have at most 50 steps". */
    static final int MAX_STEPS = 50;

    /** The six assertion types of Cognigy's API enum (the docs' table spells {@code assertSlots}; the API does not). */
    static final Set<String> ASSERT_TYPES = Set.of("assertText", "assertData", "assertState", "assertContext", "assertIntent",
            "assertSlot");

    record Assert(String id, String type, JsonNode params) {
    }

    record Step(String id, String text, JsonNode data, List<Assert> asserts) {
    }

    record Playbook(String id, String name, boolean abortOnError, long timeout, Instant createdAt, List<Step> steps) {
    }

    private final Map<String, Playbook> playbooks = new LinkedHashMap<>();
    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();

    Playbooks(String prefix) {
        this.prefix = prefix;
    }

    private String nextId(String what) {
        return Ids.objectId(prefix + ":" + what + ":" + sequence.incrementAndGet());
    }

    synchronized Playbook create(String name, boolean abortOnError, long timeout, Instant now) {
        Playbook playbook = new Playbook(nextId("playbook"), name, abortOnError, timeout, now, List.of());
        playbooks.put(playbook.id(), playbook);
        return playbook;
    }

    synchronized List<Playbook> all() {
        return List.copyOf(playbooks.values());
    }

    synchronized Optional<Playbook> get(String id) {
        return Optional.ofNullable(playbooks.get(id));
    }

    synchronized boolean delete(String id) {
        return playbooks.remove(id) != null;
    }

    /** Appends a step; empty when the playbook does not exist. Refuses a step beyond {@value #MAX_STEPS}. */
    synchronized Optional<Step> addStep(String playbookId, String text, JsonNode data) {
        Playbook playbook = playbooks.get(playbookId);
        if (playbook == null) return Optional.empty();
        if (playbook.steps().size() >= MAX_STEPS) {
            throw new IllegalStateException("a playbook holds at most " + MAX_STEPS + " steps");
        }
        Step step = new Step(nextId("step"), text, data, List.of());
        List<Step> steps = new ArrayList<>(playbook.steps());
        steps.add(step);
        playbooks.put(playbookId, new Playbook(playbook.id(), playbook.name(), playbook.abortOnError(), playbook.timeout(),
                playbook.createdAt(), List.copyOf(steps)));
        return Optional.of(step);
    }

    /** Appends an assertion to a step; empty when the playbook or the step does not exist. */
    synchronized Optional<Assert> addAssert(String playbookId, String stepId, String type, JsonNode params) {
        Playbook playbook = playbooks.get(playbookId);
        if (playbook == null) return Optional.empty();
        List<Step> steps = new ArrayList<>(playbook.steps());
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.id().equals(stepId)) {
                Assert added = new Assert(nextId("assert"), type, params);
                List<Assert> asserts = new ArrayList<>(step.asserts());
                asserts.add(added);
                steps.set(i, new Step(step.id(), step.text(), step.data(), List.copyOf(asserts)));
                playbooks.put(playbookId, new Playbook(playbook.id(), playbook.name(), playbook.abortOnError(), playbook.timeout(),
                        playbook.createdAt(), List.copyOf(steps)));
                return Optional.of(added);
            }
        }
        return Optional.empty();
    }

    /**
     * Loads playbooks from a JSON export: {@code {"playbooks": [...]}} or a bare array, each as
     * {@code GET playbooks/{id}} shows one ({@code name, abortOnError, timeout, steps: [{text, data,
     * asserts: [{type, params}]}]}, ids ignored). Invalid input fails with the file and the playbook's
     * position in it.
     */
    synchronized void seed(Path file, Instant now, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidBotDefinitionException(file + ": cannot read the playbooks: " + BotDefinition.reason(e));
        } catch (JacksonException e) {
            // Where the syntax breaks, and what is wrong there: not Jackson's source description, which says nothing.
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new InvalidBotDefinitionException(where + ": JSON syntax error: "
                    + e.getOriginalMessage().lines().findFirst().orElse("invalid") + " (see docs/sandbox.md#playbooks)");
        }
        JsonNode list = root != null && root.isObject() ? root.path("playbooks") : root;
        if (list == null || !list.isArray()) {
            throw new InvalidBotDefinitionException(file + ": expected {\"playbooks\": [...]} or an array of playbooks");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String where = file + ": playbooks[" + i + "]";
            if (!p.path("name").isString()) throw new InvalidBotDefinitionException(where + " needs a 'name'");
            String name = p.path("name").stringValue();
            String id = Ids.objectId(prefix + ":seed:" + name);
            if (playbooks.containsKey(id)) throw new InvalidBotDefinitionException(where + ": the name " + name + " is used twice");
            List<Step> steps = new ArrayList<>();
            JsonNode stepNodes = p.path("steps");
            if (stepNodes.size() > MAX_STEPS) {
                throw new InvalidBotDefinitionException(where + " has " + stepNodes.size() + " steps; a playbook holds at most " + MAX_STEPS);
            }
            for (int s = 0; s < stepNodes.size(); s++) {
                JsonNode step = stepNodes.get(s);
                List<Assert> asserts = new ArrayList<>();
                JsonNode assertNodes = step.path("asserts");
                for (int a = 0; a < assertNodes.size(); a++) {
                    JsonNode node = assertNodes.get(a);
                    String type = node.path("type").asString("");
                    String problem = PlaybookAsserts.invalid(type, node.path("params"));
                    if (problem != null) {
                        throw new InvalidBotDefinitionException(where + ".steps[" + s + "].asserts[" + a + "]: " + problem);
                    }
                    asserts.add(new Assert(Ids.objectId(prefix + ":seed:" + name + ":" + s + ":" + a), type, node.path("params")));
                }
                steps.add(new Step(Ids.objectId(prefix + ":seed:" + name + ":" + s),
                        step.path("text").isString() ? step.path("text").stringValue() : null,
                        step.path("data").isObject() ? step.path("data") : null, List.copyOf(asserts)));
            }
            playbooks.put(id, new Playbook(id, name, p.path("abortOnError").asBoolean(false), p.path("timeout").asLong(20_000), now,
                    List.copyOf(steps)));
        }
    }

    /** An item of {@code GET playbooks?projectId=}. */
    static ObjectNode item(Playbook playbook, String projectId, ObjectMapper json) {
        ObjectNode item = json.createObjectNode();
        item.put("_id", playbook.id());
        item.put("name", playbook.name());
        item.put("abortOnError", playbook.abortOnError());
        item.put("timeout", playbook.timeout());
        item.put("projectId", projectId);
        item.put("createdAt", playbook.createdAt().getEpochSecond());
        return item;
    }

    /** {@code GET playbooks/{id}}: the item with its steps and their assertions. */
    static ObjectNode detail(Playbook playbook, String projectId, ObjectMapper json) {
        ObjectNode detail = item(playbook, projectId, json);
        ArrayNode steps = detail.putArray("steps");
        playbook.steps().forEach(step -> steps.add(step(step, json)));
        return detail;
    }

    static ObjectNode step(Step step, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("_id", step.id());
        node.put("text", step.text());
        node.set("data", step.data() == null ? json.createObjectNode() : step.data());
        ArrayNode asserts = node.putArray("asserts");
        step.asserts().forEach(a -> asserts.add(assertion(a, json)));
        return node;
    }

    static ObjectNode assertion(Assert a, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("_id", a.id());
        node.put("type", a.type());
        node.set("params", a.params());
        return node;
    }
}
