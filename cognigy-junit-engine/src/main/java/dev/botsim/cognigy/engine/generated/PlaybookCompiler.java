package dev.botsim.cognigy.engine.generated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.spi.Expectation;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compiles the engine's cases and conversations into Cognigy Playbooks, or says why one cannot be.
 *
 * <p>Expectations Cognigy asserts itself: {@code intent} as {@code assertIntent}, {@code not_intent} as a negated
 * {@code assertIntent}, {@code response_contains} as a fuzzy {@code assertText}, each entity's presence as
 * {@code assertSlot}, {@code response_data} as a partial {@code assertData}. What no Playbook assertion checks is
 * judged by the engine from what the assertions read back ({@code actual}): {@code response_matches},
 * {@code response_contains_any}, {@code response_not_contains} and {@code response_length} from the texts a text
 * assertion saw (a negated fuzzy {@code assertText} would do for one forbidden text, but not for a list or a length, so
 * all four are read back alike); {@code intent_min_score}, {@code next_flow}, entity values, quick replies and buttons from the
 * output data a data assertion saw (the NLU report of the Code node, see docs/real-cognigy.md, and the channel
 * payloads). So every step carries a probe {@code assertText{text:"", fuzzy:true}} (the bot's texts: transcripts, and
 * silence never passes), and a probe {@code assertData{data:{}, partial:true}} when the engine needs the data.
 * What nothing in a run carries — error codes, context injected before the first message, a locale of the case's
 * own — is refused, as is a playbook of more than {@value #MAX_STEPS} steps.
 */
public final class PlaybookCompiler {

    /** Cognigy's documented limit: at most 50 steps per playbook. */
    public static final int MAX_STEPS = 50;
    /** Every generated playbook's name starts so; the sweep deletes only such playbooks. */
    public static final String NAME_PREFIX = "cognigy-junit/";
    /** The key of {@code input.data} the engine's test marker goes under (as the endpoint backend sends it). */
    public static final String MARKER = "cognigyJunit";

    /** One message as a data file or annotation gives it, with where it stands for refusals. */
    public record Message(String testId, String text, Map<String, Object> data, Expectation expect, String where) {
    }

    /** What the case or conversation asks for beyond its messages, each refused in generated mode. */
    public record Extras(String locale, boolean injectsContext) {
        public static final Extras NONE = new Extras(null, false);
    }

    /** A compiled playbook, or the reasons it cannot be one (each {@code file:line: what — fix}). */
    public record Compiled(GeneratedPlaybook playbook, List<String> refusals) {

        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlaybookCompiler() {
    }

    /**
     * @param testId the case's or conversation's id
     * @param where  where the case or conversation stands ({@code file:line:column}, {@code Class#method})
     */
    public static Compiled compile(String testId, String where, Extras extras, List<Message> messages) {
        return compile(testId, where, extras, messages, PlaybookCompiler::asserts);
    }

    /**
     * The turns a {@code @Conversation} method has sent so far, as one playbook to replay them: its expectations are
     * only stated once the answer is back, so every step carries the probes alone — the text probe and the data probe —
     * and the engine judges whatever the method then expects from what they read back.
     *
     * @param testId the id of the last turn's message ({@code test_greets#3}), the last part of the playbook's name
     */
    public static Compiled replay(String testId, List<Message> messages) {
        return compile(testId, testId, Extras.NONE, messages, expect -> PROBES);
    }

    /** What a step whose expectation is not known in advance carries: the bot's texts and its output data. */
    static final List<GeneratedPlaybook.Assertion> PROBES = List.of(textProbe(), dataProbe());

    private static Compiled compile(String testId, String where, Extras extras, List<Message> messages,
                                    java.util.function.Function<Expectation, List<GeneratedPlaybook.Assertion>> assertsOf) {
        List<String> refusals = new ArrayList<>();
        if (messages.size() > MAX_STEPS) {
            refusals.add(where + ": " + testId + " has " + messages.size() + " turns, and a Cognigy playbook holds at most " + MAX_STEPS
                    + " steps: split the conversation, or run it with another backend");
        }
        if (extras.locale() != null) {
            refusals.add(where + ": 'locale: " + extras.locale() + "' of " + testId + " cannot be run as a generated playbook: a playbook"
                    + " runs in the one locale cognigy.playbooks.locale (or the endpoint) names; remove the locale or run it with another"
                    + " backend");
        }
        if (extras.injectsContext()) {
            refusals.add(where + ": 'inject_context' of " + testId + " cannot be run as a generated playbook: a playbook has no way to"
                    + " set Cognigy's context before its first step; send the values as data, or run it with another backend");
        }
        List<GeneratedPlaybook.Step> steps = new ArrayList<>();
        for (Message message : messages) {
            if (message.data().containsKey(MARKER)) {
                refusals.add(message.where() + ": the data of " + message.testId() + " sets '" + MARKER + "', the key cognigy-junit"
                        + " sends its test marker under; rename that key");
            }
            Expectation expect = message.expect();
            if (expect.errorCode() != null) {
                refusals.add(message.where() + ": 'error_code: " + expect.errorCode() + "' of " + message.testId() + " cannot be"
                        + " checked by a Cognigy playbook: playbooks assert no error codes and their results carry none; remove it"
                        + " or run the test with cognigy.backend=simulation or sandbox");
            }
            if (expect.noIntent()) {
                // No playbook assertion says "no intent", and an answer whose flow reported nothing would pass for one.
                refusals.add(message.where() + ": 'no_intent' of " + message.testId() + " cannot be checked by a Cognigy playbook:"
                        + " playbooks assert a named intent only, and an answer without the flow's NLU report would pass for no"
                        + " intent; run the test with cognigy.backend=endpoint or nlu, or mode: nlu");
            }
            steps.add(new GeneratedPlaybook.Step(message.testId(), message.text(), message.data(), expect, assertsOf.apply(expect)));
        }
        return new Compiled(refusals.isEmpty() ? new GeneratedPlaybook(testId, steps) : null, List.copyOf(refusals));
    }

    /** The assertions an expectation maps to, then the probes the engine reads the rest from. */
    static List<GeneratedPlaybook.Assertion> asserts(Expectation expect) {
        List<GeneratedPlaybook.Assertion> asserts = new ArrayList<>();
        if (expect.intent() != null) asserts.add(check("assertIntent", params().put("intent", expect.intent()).put("negate", false)));
        if (expect.notIntent() != null) asserts.add(check("assertIntent", params().put("intent", expect.notIntent()).put("negate", true)));
        if (expect.responseContains() != null) {
            asserts.add(check("assertText", params().put("text", expect.responseContains()).put("fuzzy", true).put("negate", false)));
        }
        for (String entity : expect.entities().keySet()) asserts.add(check("assertSlot", params().put("slot", entity).put("negate", false)));
        if (!expect.responseData().isEmpty()) {
            ObjectNode params = params();
            params.set("data", JSON.valueToTree(expect.responseData()));
            asserts.add(check("assertData", params.put("partial", true).put("negate", false)));
        }
        // The bot's texts, read back whatever else is asserted: the transcript, response_matches and the other text
        // checks (contains any, not contains, length), and no silent pass.
        if (expect.responseContains() == null) asserts.add(textProbe());
        boolean needsData = expect.intentMinScore() >= 0 || expect.nextFlow() != null || !expect.entities().isEmpty()
                || !expect.quickReplies().isEmpty() || !expect.buttons().isEmpty()
                // An approved answer is intent, flow, text and slots: all but the text come from the output data.
                || expect.comparesApprovedAnswer();
        if (needsData && expect.responseData().isEmpty()) asserts.add(dataProbe());
        return asserts;
    }

    /** An empty fuzzy text: holds for any text, and its {@code actual} is the bot's texts. */
    private static GeneratedPlaybook.Assertion textProbe() {
        return new GeneratedPlaybook.Assertion("assertText", params().put("text", "").put("fuzzy", true).put("negate", false), true);
    }

    /** An empty partial data: holds for any output with data, and its {@code actual} is the bot's output data. */
    private static GeneratedPlaybook.Assertion dataProbe() {
        ObjectNode params = params();
        params.putObject("data");
        return new GeneratedPlaybook.Assertion("assertData", params.put("partial", true).put("negate", false), true);
    }

    private static GeneratedPlaybook.Assertion check(String type, ObjectNode params) {
        return new GeneratedPlaybook.Assertion(type, params, false);
    }

    private static ObjectNode params() {
        return JSON.createObjectNode();
    }
}
