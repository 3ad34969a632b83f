package dev.botsim.cognigy.engine.generated;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.spi.Expectation;
import tools.jackson.databind.JsonNode;

/**
 * A case or conversation compiled into what a Cognigy Playbook is made of: one step per message, each with the
 * assertions its expectation maps to. Named only when it is created, since the name carries the run's id.
 *
 * @param testId the case's or conversation's id, the last part of the playbook's name
 * @param steps  in the order the messages are sent, at most {@link PlaybookCompiler#MAX_STEPS}
 */
public record GeneratedPlaybook(String testId, List<Step> steps) {

    public GeneratedPlaybook {
        steps = List.copyOf(steps);
    }

    /** Cognigy's documented name pattern for temporary playbooks: {@code cognigy-junit/<run id>/<test id>}. */
    public String name(String runId) {
        return PlaybookCompiler.NAME_PREFIX + runId + "/" + testId;
    }

    /**
     * One message and its assertions.
     *
     * @param testId  the test this step answers ({@code test_order}, {@code test_conv#2}), sent in the test marker
     * @param text    what the user says, or {@code null} for a data-only message
     * @param data    Cognigy's {@code input.data} for the message, without the test marker
     * @param expect  the test's expectation, judged by the engine from what the assertions read back
     */
    public record Step(String testId, String text, Map<String, Object> data, Expectation expect, List<Assertion> asserts) {

        public Step {
            // JSON data may hold nulls, which Map.copyOf refuses.
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
            asserts = List.copyOf(asserts);
        }
    }

    /**
     * An assertion as Cognigy's create body has it ({@code {type, params}}, {@code negate} inside the params).
     *
     * @param probe whether it is there only to read the bot's output back through its {@code actual} (an empty fuzzy
     *              text, an empty partial data): its own status decides nothing
     */
    public record Assertion(String type, JsonNode params, boolean probe) {
    }
}
