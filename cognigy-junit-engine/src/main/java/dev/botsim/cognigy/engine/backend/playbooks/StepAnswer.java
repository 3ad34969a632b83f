package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointAnswers;
import dev.botsim.cognigy.engine.generated.PlaybookCompiler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bot's answer to one step of a generated playbook, as the step's assertion results show it: the texts a text
 * assertion saw, the output data a data assertion saw (read as a REST Endpoint's outputs are, so the Code node's NLU
 * report gives score, flow and slot values), the intent an intent assertion saw. The engine then judges the test's
 * expectation on it as on any answer.
 *
 * <p>Cognigy's verdicts stay the word on what it asserted: an intent assertion it failed makes the answer's intent
 * the one it compared (a negated one's), and a slot assertion it failed removes that slot, so the engine never passes
 * what Cognigy failed even when an assertion's {@code actual} is missing. Nor does it fail what Cognigy passed: an intent
 * assertion it passed without giving what it saw makes the answer's intent the one it named, and a negated one it passed
 * leaves any intent but that one. A text or data assertion it failed (other than
 * the probes) fails the step as a failed answer naming the assertion and what Cognigy saw, whatever the engine's own
 * check on the same outputs says.
 */
final class StepAnswer {

    private final EndpointAnswers answers;
    private final JsonMapper json;

    StepAnswer(EndpointAnswers answers, JsonMapper json) {
        this.answers = answers;
        this.json = json;
    }

    TurnResult of(PlaybookRun.StepResult step, String sessionId, int turn, String shown) {
        ArrayNode outputs = json.createArrayNode();
        List<JsonNode> shownData = new ArrayList<>();
        boolean textsRead = false;
        boolean dataRead = false;
        for (PlaybookRun.AssertResult a : step.asserts()) {
            // What actual holds is not documented: a list of the texts, or one text, or the outputs (each with its text).
            if (a.type().equals("assertText") && !textsRead && (a.actual().isArray() || a.actual().isString())) {
                textsRead = true;
                listed(a.actual()).forEach(text -> {
                    JsonNode said = text.isObject() ? text.path("text") : text;
                    if (said.isString()) outputs.addObject().put("text", said.stringValue());
                });
            }
            // A list of the outputs' data, or one object.
            if (a.type().equals("assertData") && !dataRead && (a.actual().isArray() || a.actual().isObject())) {
                dataRead = true;
                listed(a.actual()).forEach(data -> {
                    // A step whose outputs carry no data has its data assertion checked against the step's own input data
                    // (Cognigy's assertion docs), which every generated step marks: the test's own data is no answer, and
                    // read as one it would pass a response_data the bot never sent.
                    if (data.isObject() && !data.has(PlaybookCompiler.MARKER)) shownData.add(data);
                });
            }
        }
        // After the texts, whichever assertion came first: an output's data joins the text it shows.
        shownData.forEach(data -> withText(outputs, data));
        ObjectNode root = json.createObjectNode();
        root.set("outputStack", outputs);
        TurnResult read = answers.read(root, sessionId, turn, List.of(), shown);
        String id = shown + " step " + turn;
        if (read.turns().isEmpty()) return new TurnResult(id, sessionId, "completed", List.of(), read.failure(), List.of(), 0);
        BotTurn answer = judged(read.turns().get(0), step);
        List<String> failed = failedAsserted(step);
        if (!failed.isEmpty()) {
            // The engine's own check on the same texts or data may pass what Cognigy failed (its fuzzy text match and its
            // partial data match are not the engine's): Cognigy asserted it, so its verdict stands and the step fails.
            return new TurnResult(id, sessionId, "failed", List.of(answer), "Cognigy judged step " + turn + " of " + shown
                    + " failed: " + String.join("; ", failed), List.of(), 0);
        }
        return new TurnResult(id, sessionId, read.status(), List.of(answer), null, List.of(), 0);
    }

    /**
     * Adds an output's {@code data} to the step's outputs: to the first output the text assertion saw that has no data yet
     * and is the text the data shows, every one of them in it (a Say node's quick replies or buttons, whose text the text
     * assertion saw and
     * whose payload the data assertion saw, are one output), else as an output of its own (a gallery, whose titles no
     * text assertion saw). Read apart, the one output's text would be said twice: once as its text, once as its payload's.
     */
    private void withText(ArrayNode outputs, JsonNode data) {
        List<String> shows = answers.richTexts(data);
        if (!shows.isEmpty()) {
            for (JsonNode output : outputs) {
                String said = output.path("text").asString(null);
                if (said != null && !output.has("data") && shows.contains(said) && shows.stream().allMatch(said::contains)) {
                    ((ObjectNode) output).set("data", data);
                    return;
                }
            }
        }
        outputs.addObject().set("data", data);
    }

    /** {@code actual} as a list: itself when it is one, else a list of it alone. */
    private static List<JsonNode> listed(JsonNode actual) {
        List<JsonNode> all = new ArrayList<>();
        if (actual.isArray()) actual.forEach(all::add);
        else all.add(actual);
        return all;
    }

    /**
     * Cognigy's failed text, data, state and context assertions, one line each with what it saw; its intent and slot
     * assertions are taken at their word in the answer itself ({@code judged}), and a failed probe (the empty text or
     * data every step reads the answer through) only says the bot gave no text or no data, which the answer shows.
     */
    private static List<String> failedAsserted(PlaybookRun.StepResult step) {
        List<String> failed = new ArrayList<>();
        for (PlaybookRun.AssertResult a : step.asserts()) {
            if (a.passed() || a.type().equals("assertIntent") || a.type().equals("assertSlot") || probe(a)) continue;
            String saw = a.actual().isMissingNode() || a.actual().isNull() ? "(none)" : a.actual().toString();
            failed.add(a.type() + " " + a.params() + " " + a.status() + ", it saw " + saw);
        }
        return failed;
    }

    /** The compiler's probes: {@code assertText{text:""}} and {@code assertData{data:{}}}, not negated. */
    private static boolean probe(PlaybookRun.AssertResult a) {
        if (a.negate()) return false;
        if (a.type().equals("assertText")) return a.params().path("text").isString() && a.params().path("text").stringValue().isEmpty();
        return a.type().equals("assertData") && a.params().path("data").isObject() && a.params().path("data").isEmpty();
    }

    /** The turn as the outputs give it, with the intent Cognigy saw and Cognigy's failed assertions taken at their word. */
    private static BotTurn judged(BotTurn turn, PlaybookRun.StepResult step) {
        String intent = turn.intent();
        Map<String, Object> entities = new LinkedHashMap<>(turn.entities());
        for (PlaybookRun.AssertResult a : step.asserts()) {
            if (a.type().equals("assertIntent")) {
                String compared = a.params().path("intent").asString(null);
                boolean seen = a.actual().isString();
                if (a.actual().isString()) intent = a.actual().stringValue();
                else if (a.actual().isNull()) intent = null;
                // Without the intent it saw (no actual, or null), Cognigy's verdict is still the word: an intent assertion it
                // passed saw the intent it names (the Code node's report, read from other outputs, cannot overrule it), and a
                // negated one it passed saw any intent but that one.
                if (!seen && a.passed() && !a.negate() && compared != null) intent = compared;
                if (!seen && a.passed() && a.negate() && compared != null && compared.equals(intent)) intent = null;
                // A negated intent assertion fails only when the intent was the one it names.
                if (!a.passed() && a.negate()) intent = compared;
                if (!a.passed() && !a.negate() && compared != null && compared.equals(intent)) intent = null;
            }
            if (a.type().equals("assertSlot") && !a.passed() && !a.negate()) entities.remove(a.params().path("slot").asString(""));
        }
        // The texts as the text assertion saw them, each output's own, in order: only the first text assertion's are read,
        // so a text there twice is an output the bot gave twice (a reprompt repeating a question), and kept twice, for the
        // checks of whole outputs and of the text alike.
        // The Code node's score is of the intent it reported: beside another intent, taken from Cognigy's word, it is no score.
        double score = java.util.Objects.equals(intent, turn.intent()) ? turn.intentScore() : Double.NaN;
        return new BotTurn(turn.turnIndex(), turn.flowId(), intent, score, entities, turn.text(), turn.errorCode(),
                turn.errorMessage(), turn.flowReferenceId(), turn.quickReplies(), turn.buttons(),
                turn.cardButtons(), new ArrayList<>(turn.outputData()), turn.outputTexts());
    }
}
