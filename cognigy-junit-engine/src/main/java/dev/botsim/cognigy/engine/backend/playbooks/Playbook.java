package dev.botsim.cognigy.engine.backend.playbooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A playbook as {@code GET /new/v2.0/playbooks/{id}} gives it: its steps in order, each with the
 * input it sends and the assertions Cognigy checks on the bot's answer, and {@code stepTimeout}, how long
 * Cognigy waits for the bot's answer to each step ({@code timeout}, in milliseconds; 20 s, Cognigy's default,
 * when not given).
 */
public record Playbook(String id, String name, boolean abortOnError, List<Step> steps, Duration stepTimeout) {

    /** Cognigy's default step timeout. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(20);

    public Playbook {
        steps = List.copyOf(steps);
    }

    /** A playbook with Cognigy's default step timeout. */
    public Playbook(String id, String name, boolean abortOnError, List<Step> steps) {
        this(id, name, abortOnError, steps, DEFAULT_STEP_TIMEOUT);
    }

    /** One input: {@code text} and/or {@code data}, and its assertions. */
    public record Step(String id, String text, JsonNode data, List<Assertion> asserts) {

        public Step {
            asserts = List.copyOf(asserts);
        }
    }

    /**
     * One assertion as written: {@code assertText}, {@code assertIntent}, ... with its parameters; {@code id} its
     * {@code _id} ({@code ""} when not given).
     */
    public record Assertion(String id, String type, JsonNode params, boolean negate) {

        /** An assertion without an {@code _id}. */
        public Assertion(String type, JsonNode params, boolean negate) {
            this("", type, params, negate);
        }
    }

    static Playbook of(JsonNode node) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : node.path("steps")) {
            List<Assertion> asserts = new ArrayList<>();
            for (JsonNode a : step.path("asserts")) {
                asserts.add(new Assertion(a.path("_id").asString(""), a.path("type").asString(""), a.path("params"), negate(a)));
            }
            steps.add(new Step(step.path("_id").asString(""), step.path("text").asString(""), step.path("data"), asserts));
        }
        JsonNode timeout = node.path("timeout");
        Duration stepTimeout = timeout.isNumber() && timeout.asLong() > 0 ? Duration.ofMillis(timeout.asLong()) : DEFAULT_STEP_TIMEOUT;
        return new Playbook(node.path("_id").asString(""), node.path("name").asString(""), node.path("abortOnError").asBoolean(true), steps,
                stepTimeout);
    }

    /** Cognigy keeps {@code negate} on the assertion and, as its create body has it, inside {@code params}. */
    static boolean negate(JsonNode assertion) {
        return assertion.path("negate").asBoolean(false) || assertion.path("params").path("negate").asBoolean(false);
    }
}
