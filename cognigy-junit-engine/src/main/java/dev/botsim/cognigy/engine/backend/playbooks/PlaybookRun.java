package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A finished run as {@code GET /new/v2.0/playbooks/{id}/runs/{runId}} gives it: the run's status, per step the step's
 * status and each assertion's outcome (each result with its step's {@code _id}), and what the run ran against.
 */
public record PlaybookRun(String id, String status, List<StepResult> stepResults, RunOrigin origin) {

    public PlaybookRun {
        stepResults = List.copyOf(stepResults);
    }

    /** A run that says nothing of what it ran against. */
    public PlaybookRun(String id, String status, List<StepResult> stepResults) {
        this(id, status, stepResults, RunOrigin.UNKNOWN);
    }

    public boolean successful() {
        return "successful".equals(status);
    }

    /** Whether Cognigy has given the run its verdict: {@code successful} or {@code failed}, the run statuses it documents. */
    public boolean judged() {
        return successful() || "failed".equals(status);
    }

    /** One step's outcome; {@code timeout} when the bot did not answer within the playbook's step timeout. */
    public record StepResult(String id, String status, String text, boolean timeout, List<AssertResult> asserts) {

        public StepResult {
            asserts = List.copyOf(asserts);
        }

        /**
         * Whether Cognigy passed the step: marked {@code successful}, in time, and every assertion result it lists
         * {@code successful} too. A step marked successful beside an assertion result that is not contradicts itself, and
         * the assertion is what checked the bot's answer: taken at the step's word, it would pass an answer Cognigy failed.
         */
        public boolean passed() {
            return !timeout && "successful".equals(status) && asserts.stream().allMatch(AssertResult::passed);
        }
    }

    /**
     * One assertion's outcome; {@code actual} is what Cognigy saw, in whatever shape it gives it; {@code id} the result's
     * {@code _id} ({@code ""} when not given), which may or may not be the assertion's: the reference does not say.
     */
    public record AssertResult(String id, String type, JsonNode params, boolean negate, String status, JsonNode actual) {

        /** A result without an {@code _id}. */
        public AssertResult(String type, JsonNode params, boolean negate, String status, JsonNode actual) {
            this("", type, params, negate, status, actual);
        }

        public boolean passed() {
            return "successful".equals(status);
        }
    }

    static PlaybookRun of(JsonNode node) {
        List<StepResult> steps = new ArrayList<>();
        for (JsonNode step : node.path("stepResults")) {
            List<AssertResult> asserts = new ArrayList<>();
            for (JsonNode a : step.path("asserts")) {
                asserts.add(new AssertResult(a.path("_id").asString(""), a.path("type").asString(""), a.path("params"), Playbook.negate(a),
                        a.path("status").asString(""), a.path("actual")));
            }
            steps.add(new StepResult(step.path("_id").asString(""), step.path("status").asString(""), step.path("text").asString(""),
                    step.path("timeout").asBoolean(false), asserts));
        }
        return new PlaybookRun(node.path("_id").asString(""), node.path("status").asString(""), steps, RunOrigin.of(node));
    }
}
