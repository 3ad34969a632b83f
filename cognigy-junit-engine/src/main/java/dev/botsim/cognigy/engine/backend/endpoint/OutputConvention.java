package dev.botsim.cognigy.engine.backend.endpoint;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.IntentScores;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.transport.Snippet;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Where in an output's {@code data} a flow reports what the REST Endpoint itself does not return:
 * intent, score, flow, slots and errors. The defaults follow the gated Code node users add to their flow
 * (see {@link #SNIPPET}).
 */
public record OutputConvention(JsonPointer intent, JsonPointer intentScore, JsonPointer flow, JsonPointer slots,
                               JsonPointer errorCode, JsonPointer errorMessage, JsonPointer intentFlow, boolean perFlow) {

    public static final OutputConvention CODE_NODE = of(BackendSettings.EndpointData.defaults());

    /** The convention the configuration names ({@code cognigy.endpoint.data.*}). */
    public static OutputConvention of(BackendSettings.EndpointData data) {
        return new OutputConvention(JsonPointer.compile(data.intent()), JsonPointer.compile(data.intentScore()),
                JsonPointer.compile(data.flow()), JsonPointer.compile(data.slots()), JsonPointer.compile(data.errorCode()),
                JsonPointer.compile(data.errorMessage()), JsonPointer.compile(data.intentFlow()), data.perFlow());
    }

    /** The key of {@code input.data} that marks a message as sent by cognigy-junit. */
    public static final String MARKER = "cognigyJunit";

    /**
     * The data a message carries: the test's, with the test marker {@code {runId, testId, turn}} added under
     * {@link #MARKER}, which the gated Code node waits for. A test whose data sets that key itself is refused before
     * anything is sent.
     */
    public static Map<String, Object> markedData(TurnRequest request) {
        if (request.data().containsKey(MARKER)) {
            throw new BackendException(BackendException.Kind.CONFIGURATION, "the data of test " + request.testId() + " sets '"
                    + MARKER + "', the key cognigy-junit sends its test marker under ({runId, testId, turn},"
                    + " which the Code node checks); rename that key in the test's data").withMessageUnsent();
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("runId", request.runId());
        marker.put("testId", request.testId());
        marker.put("turn", request.turn());
        Map<String, Object> data = new LinkedHashMap<>(request.data());
        data.put(MARKER, marker);
        return data;
    }

    /** The snippet shown to users whose flow reports none of it. */
    public static final String SNIPPET = """
            Add this Code node to the flows under test (it reports only for messages carrying cognigy-junit's \
            test marker, so production users never receive it):
                if (input.data && input.data.cognigyJunit) {
                    api.output(null, { intent: input.intent, intentScore: input.intentScore, intentFlow: input.intentFlow,
                        flowName: input.flowName, slots: input.slots, state: input.state });
                }
            Place it at the end of each flow and right before each Question node: a turn on which a flow asks its \
            question stops at the Question node, so a Code node only at the end of the flow does not run on it. \
            A Question node asking again after an answer it did not accept runs neither copy: on that turn expect the \
            question's text (response_contains), not an intent, flow or slot.
            cognigy-junit reads intent, score, flow and slots from that output's data (see docs/real-cognigy.md).""";

    /** Whether this output's data carries any of the convention's fields. */
    boolean reports(JsonNode data) {
        return present(data, intent) || present(data, flow) || present(data, intentFlow) || present(data, errorCode);
    }

    String intent(JsonNode data) {
        return text(data, intent, Constants.ENDPOINT_DATA_INTENT, "the intent's name (input.intent)");
    }

    double intentScore(JsonNode data) {
        String where = "the output data's " + intentScore + " (" + Constants.ENDPOINT_DATA_INTENT_SCORE + ")";
        return IntentScores.checked(score(data.at(intentScore), where), where);
    }

    String flow(JsonNode data) {
        return text(data, flow, Constants.ENDPOINT_DATA_FLOW, "the flow's name (input.flowName)");
    }

    /** The reference id of the flow in which the intent was found ({@code input.intentFlow}), or {@code null}. */
    String intentFlow(JsonNode data) {
        return text(data, intentFlow, Constants.ENDPOINT_DATA_INTENT_FLOW, "the flow's reference id (input.intentFlow)");
    }

    String errorCode(JsonNode data) {
        return text(data, errorCode, Constants.ENDPOINT_DATA_ERROR_CODE, "the error's code");
    }

    String errorMessage(JsonNode data) {
        return text(data, errorMessage, Constants.ENDPOINT_DATA_ERROR_MESSAGE, "the error's message");
    }

    /**
     * An intent score: a number; a number written as text ({@code "0.91"}, as a Code node that formats it gives it) as
     * that number; absent, {@code null} or blank none ({@code NaN}). Anything else — an object, a list, a boolean, a
     * text that is no number — is a pointer aimed at something else: refused, naming the key, rather than read as no
     * score, which would fail {@code intent_min_score} saying the intent came without one.
     */
    private static double score(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull() || node.isString() && node.stringValue().isBlank()) return Double.NaN;
        if (node.isNumber()) return node.doubleValue();
        if (node.isString()) {
            try {
                double parsed = Double.parseDouble(node.stringValue().strip());
                if (Double.isFinite(parsed)) return parsed;
            } catch (NumberFormatException notANumber) {
                // refused below, as any other value that is not a score
            }
        }
        throw new BackendException(BackendException.Kind.PROTOCOL, where + " is " + shown(node) + ", not an intent score:"
                + " point " + Constants.ENDPOINT_DATA_INTENT_SCORE + " at the score, a number from 0 to 1 (Cognigy's"
                + " input.intentScore); see docs/real-cognigy.md");
    }

    /**
     * Slots as entity values, by the shapes Cognigy gives them (docs/real-cognigy.md has the table): a list of
     * matches gives one value per match — the value itself when there is one match, a {@code List} of all
     * when there are several ({@code NUMBER: [100, 143]}); DURATION's object gives one value. A lexicon match is
     * its {@code keyphrase}, a DATE its {@code start.ISODate}, a MONEY or DISTANCE its {@code value}, a DURATION
     * ISO-8601 ({@code PT1H30M}), a scalar itself. A JSON number stays a number and a boolean a boolean, as the
     * simulation API's entities do: the expectation verifier compares a number by value, so {@code MONEY: 12.50}
     * holds for Cognigy's {@code 12.5} through a REST Endpoint as through the sandbox. Slots absent, {@code null} or a
     * blank text are none; anything else that is no object is refused, naming the key and what came.
     */
    Map<String, Object> entities(JsonNode data) {
        Map<String, Object> entities = new LinkedHashMap<>();
        JsonNode all = data.at(slots);
        if (all.isMissingNode() || all.isNull() || all.isString() && all.stringValue().isBlank()) return entities;
        if (!all.isObject()) {
            // Cognigy's input.slots is an object by slot name: anything else is a pointer aimed elsewhere, or a Code node
            // reporting something else. Read as no slots, every entity expectation would fail saying the bot found none.
            throw new BackendException(BackendException.Kind.PROTOCOL, "the output data's " + slots + " ("
                    + Constants.ENDPOINT_DATA_SLOTS + ") is " + shown(all) + ", not the slots (input.slots, an object by slot"
                    + " name such as {\"city\": [{\"keyphrase\": \"Berlin\"}]}): point " + Constants.ENDPOINT_DATA_SLOTS
                    + " at the slots, or report input.slots in the Code node; see docs/real-cognigy.md");
        }
        for (Map.Entry<String, JsonNode> slot : all.properties()) {
            List<Object> values = new ArrayList<>();
            if (slot.getValue().isArray()) {
                for (JsonNode match : slot.getValue()) {
                    Object value = value(match);
                    if (value != null) values.add(value);
                }
            } else {
                Object value = value(slot.getValue());
                if (value != null) values.add(value);
            }
            if (values.size() == 1) entities.put(slot.getKey(), values.get(0));
            else if (values.size() > 1) entities.put(slot.getKey(), List.copyOf(values));
        }
        return entities;
    }

    /** One slot match as the value expectations compare, or {@code null} when it carries none. */
    static Object value(JsonNode match) {
        if (match == null || match.isNull() || match.isMissingNode()) return null;
        if (match.isValueNode()) return scalar(match);
        if (!match.isObject()) return match.toString();
        JsonNode keyphrase = match.path("keyphrase");
        if (keyphrase.isValueNode() && !keyphrase.isNull()) return scalar(keyphrase);
        JsonNode isoDate = match.path("start").path("ISODate");
        if (isoDate.isValueNode() && !isoDate.isNull()) return isoDate.asString();
        JsonNode value = match.path("value");
        if (value.isValueNode() && !value.isNull()) return scalar(value);
        if (match.has("hour") || match.has("minute") || match.has("second")) return duration(match);
        // A shape not known here: its JSON, so a failure shows what the bot found.
        return match.toString();
    }

    /** A JSON number as a number, a boolean as a boolean, anything else as its text. */
    private static Object scalar(JsonNode node) {
        if (node.isNumber()) return node.numberValue();
        if (node.isBoolean()) return node.booleanValue();
        return node.asString();
    }

    /** Cognigy's DURATION ({@code {hour, minute, second}}) as ISO-8601, normalised: {@code PT1H30M}, {@code PT0S}. */
    private static String duration(JsonNode match) {
        BigDecimal seconds = number(match.path("hour")).multiply(BigDecimal.valueOf(3600))
                .add(number(match.path("minute")).multiply(BigDecimal.valueOf(60))).add(number(match.path("second")));
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).longValue();
        return Duration.ofSeconds(whole.longValueExact(), nanos).toString();
    }

    private static BigDecimal number(JsonNode node) {
        if (node.isNumber()) return node.decimalValue();
        if (node.isString()) {
            try {
                return new BigDecimal(node.stringValue().trim());
            } catch (NumberFormatException e) {
                return BigDecimal.ZERO;
            }
        }
        return BigDecimal.ZERO;
    }

    private static boolean present(JsonNode data, JsonPointer pointer) {
        JsonNode node = data.at(pointer);
        return !node.isMissingNode() && !node.isNull();
    }

    /**
     * The text at {@code pointer}, {@code null} when absent, {@code null} or blank. An object or a list there is no name: a pointer aimed at
     * something else ({@code /intent} at {@code input.nlu}, say). Read as no value it would let {@code not_intent} pass
     * whatever the bot understood, so it is refused, naming the key to change and what it points at.
     *
     * @param key  the setting that names the pointer
     * @param what what the pointer should point at, for the message
     */
    private static String text(JsonNode data, JsonPointer pointer, String key, String what) {
        JsonNode node = data.at(pointer);
        if (node.isContainer()) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "the output data's " + pointer + " (" + key + ") is "
                    + shown(node) + ", not " + what + ": point " + key + " at " + what + " in the Code node's output;"
                    + " see docs/real-cognigy.md");
        }
        // A blank name is none, as Cognigy's null: an intent "" is no intent recognised, not one named "".
        return node.isValueNode() && !node.isNull() && !node.asString().isBlank() ? node.asString() : null;
    }

    /** A value for a message: what it is and its start, on one line. */
    private static String shown(JsonNode node) {
        String kind = node.isObject() ? "an object, " : node.isArray() ? "a list, " : node.isString() ? "the text " : "";
        return kind + Snippet.of(node.toString(), 80);
    }
}
