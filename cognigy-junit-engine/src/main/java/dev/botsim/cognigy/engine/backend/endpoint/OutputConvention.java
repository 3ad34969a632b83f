package dev.botsim.cognigy.engine.backend.endpoint;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.backend.IntentScores;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Where in an output's {@code data} a flow reports what the REST Endpoint itself does not return:
 * intent, score, flow, slots and errors. The defaults follow the gated Code node users add to their flow
 * (see {@link #SNIPPET}).
 */
public record OutputConvention(JsonPointer intent, JsonPointer intentScore, JsonPointer flow, JsonPointer slots,
                               JsonPointer errorCode, JsonPointer errorMessage, JsonPointer intentFlow, boolean perFlow) {

    static final OutputConvention CODE_NODE = of(BackendSettings.EndpointData.defaults());

    /** The convention the configuration names ({@code cognigy.endpoint.data.*}). */
    public static OutputConvention of(BackendSettings.EndpointData data) {
        return new OutputConvention(JsonPointer.compile(data.intent()), JsonPointer.compile(data.intentScore()),
                JsonPointer.compile(data.flow()), JsonPointer.compile(data.slots()), JsonPointer.compile(data.errorCode()),
                JsonPointer.compile(data.errorMessage()), JsonPointer.compile(data.intentFlow()), data.perFlow());
    }

    /** The key of {@code input.data} that marks a message as sent by cognigy-junit. */
    static final String MARKER = "cognigyJunit";

    /** The snippet shown to users whose flow reports none of it. */
    static final String SNIPPET = """
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
        return text(data, intent);
    }

    double intentScore(JsonNode data) {
        JsonNode node = data.at(intentScore);
        return IntentScores.checked(node.isNumber() ? node.doubleValue() : Double.NaN, "the output data's " + intentScore
                + " (" + Constants.ENDPOINT_DATA_INTENT_SCORE + ")");
    }

    String flow(JsonNode data) {
        return text(data, flow);
    }

    /** The reference id of the flow in which the intent was found ({@code input.intentFlow}), or {@code null}. */
    String intentFlow(JsonNode data) {
        return text(data, intentFlow);
    }

    String errorCode(JsonNode data) {
        return text(data, errorCode);
    }

    String errorMessage(JsonNode data) {
        return text(data, errorMessage);
    }

    /**
     * Slots as entity values, by the shapes Cognigy gives them (docs/real-cognigy.md has the table): a list of
     * matches gives one value per match — the value itself when there is one match, a {@code List} of all
     * when there are several ({@code NUMBER: [100, 143]}); DURATION's object gives one value. A lexicon match is
     * its {@code keyphrase}, a DATE its {@code start.ISODate}, a MONEY or DISTANCE its {@code value}, a DURATION
     * ISO-8601 ({@code PT1H30M}), a scalar itself. A JSON number stays a number and a boolean a boolean, as the
     * simulation API's entities do: the expectation verifier compares a number by value, so {@code MONEY: 12.50}
     * holds for Cognigy's {@code 12.5} through a REST Endpoint as through the sandbox.
     */
    Map<String, Object> entities(JsonNode data) {
        Map<String, Object> entities = new LinkedHashMap<>();
        JsonNode all = data.at(slots);
        if (!all.isObject()) return entities;
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

    private static String text(JsonNode data, JsonPointer pointer) {
        JsonNode node = data.at(pointer);
        return node.isValueNode() && !node.isNull() ? node.asString() : null;
    }
}
