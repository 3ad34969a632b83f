package dev.botsim.cognigy.engine.backend.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.ExpectationFailureText;
import dev.botsim.cognigy.engine.transport.JsonRedaction;
import dev.botsim.cognigy.engine.transport.Snippet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a REST Endpoint's answer into the bot's turn: what it said (outputs' text and their rich content's),
 * the choices it offered, each output's data, and what the flow reported under the {@link OutputConvention}. Generated
 * playbooks read the outputs a run's assertions saw through it too.
 */
public final class EndpointAnswers {

    private final OutputConvention convention;
    private final Optional<BotManagement> management;
    private final ObjectMapper json;
    private final UnaryOperator<String> redaction;
    private final ClientChannel rendering;

    /** Reads answers whose secrets, if any, were masked before they were read: nothing is masked again here. */
    public EndpointAnswers(OutputConvention convention, Optional<BotManagement> management, ObjectMapper json) {
        this(convention, management, json, UnaryOperator.identity());
    }

    /**
     * @param redaction masks the secrets an endpoint may echo, as the answer was masked before it was read: applied again
     *                  to what reading decodes anew — a {@code data} sent as a JSON text
     */
    public EndpointAnswers(OutputConvention convention, Optional<BotManagement> management, ObjectMapper json,
                           UnaryOperator<String> redaction) {
        this(convention, management, json, redaction, ClientChannel.DEFAULT_CHANNEL);
    }

    private EndpointAnswers(OutputConvention convention, Optional<BotManagement> management, ObjectMapper json,
                            UnaryOperator<String> redaction, ClientChannel rendering) {
        this.convention = convention;
        this.management = management;
        this.json = json;
        this.redaction = redaction;
        this.rendering = rendering;
    }

    /** These answers read as {@code rendering}'s client shows them: Webchat's own payload, for a Socket Endpoint's. */
    public EndpointAnswers renderedBy(ClientChannel rendering) {
        return new EndpointAnswers(convention, management, json, redaction, rendering);
    }

    /**
     * @param root      the answer, its secrets already masked
     * @param sessionId the session the message ran in
     * @param turn      the test's turn the message was, for an id when the answer carries no trace id
     * @param shownUrl  the endpoint as messages may show it
     */
    public TurnResult read(JsonNode root, String sessionId, int turn, List<String> retries, String shownUrl) {
        return read(root, sessionId, turn, retries, shownUrl, null);
    }

    /**
     * The same, knowing the data the message carried ({@link OutputConvention#markedData}): an output's data identical to
     * it is that data echoed (a transformer answering {@code input.data}), never the Code node's report, whatever keys the
     * test's own data has — a test sending {@code {"intent": "refund"}} is not told the bot understood "refund".
     *
     * @param sentData the data the message carried, the test marker with it; {@code null} when not known
     */
    public TurnResult read(JsonNode root, String sessionId, int turn, List<String> retries, String shownUrl,
                           Map<String, Object> sentData) {
        // Masked as the answer was, so that an echo of it is the same data.
        JsonNode sent = sentData == null ? null : JsonRedaction.masked(json.valueToTree(sentData), redaction);
        List<JsonNode> outputs = outputs(root, shownUrl, sent);
        // Cognigy's id of the request, shared by its outputs: the one its logs and support go by.
        String id = outputs.stream().map(output -> output.path("traceId")).filter(JsonNode::isString)
                .map(JsonNode::stringValue).filter(trace -> !trace.isBlank()).findFirst().orElse(sessionId + "#" + turn);
        // The flow output nothing: that is no answer, not one turn with nothing in it.
        if (outputs.isEmpty()) return new TurnResult(id, sessionId, "completed", List.of(), null, retries, 0);
        List<String> texts = new ArrayList<>();
        List<BotChoice> quickReplies = new ArrayList<>();
        List<BotChoice> buttons = new ArrayList<>();
        List<BotChoice> cardButtons = new ArrayList<>();
        List<Map<String, Object>> outputData = new ArrayList<>();
        String intent = null;
        String flow = null;
        String flowReference = null;
        String errorCode = null;
        String errorMessage = null;
        double score = Double.NaN;
        Map<String, Object> entities = new LinkedHashMap<>();
        boolean shown = false;
        boolean reported = false;
        // The place in texts of each streamed message's text, by its id.
        Map<String, Integer> streams = new HashMap<>();
        for (int index = 0; index < outputs.size(); index++) {
            JsonNode output = outputs.get(index);
            // An output that is a bare text (a transformer's outputStack of strings) is what the bot said.
            JsonNode text = isSaid(output) ? output : output.path("text");
            JsonNode data = dataOf(output);
            String raw = said(text, index, outputs.size(), shownUrl);
            String said = raw != null && !raw.isBlank() ? raw : null;
            // An AI Agent's or LLM Prompt node's "Stream to Output" sends its answer as several outputs, a sentence each,
            // of one message (data._cognigy._messageId): one text, as Cognigy's Webchat collates them, not a line each.
            String stream = DefaultChannelFormats.streamedMessageId(data);
            if (stream != null && raw != null) {
                Integer at = streams.putIfAbsent(stream, texts.size());
                if (at == null) texts.add(raw);
                else texts.set(at, texts.get(at) + raw);
            } else if (said != null) {
                texts.add(said);
            }
            shown |= said != null;
            if (!data.isObject() || echoed(data, sent)) continue;
            // A streamed message's bookkeeping (its id, why it finished) shows nothing and is no output data.
            boolean bookkeeping = DefaultChannelFormats.onlyStreaming(data);
            if (!data.isEmpty() && !bookkeeping) outputData.add(asMap(data));
            DefaultChannelFormats formats = DefaultChannelFormats.of(data, rendering);
            // Data that only tells Webchat what to do (a rating asked for) shows nothing either, though it is kept above.
            shown |= !data.isEmpty() && !DefaultChannelFormats.onlyControl(data) && !isReport(data);
            // The rich content's text is what the bot said, unless the output's text already says it.
            for (String rich : formats.texts()) {
                if (said == null || !said.contains(rich)) texts.add(rich);
            }
            quickReplies.addAll(formats.quickReplies());
            buttons.addAll(formats.buttons());
            cardButtons.addAll(formats.cardButtons());
            if (!convention.reports(data)) continue;
            reported = true;
            if (intent == null) {
                intent = convention.intent(data);
                score = convention.intentScore(data);
            }
            if (convention.flow(data) != null) flow = convention.flow(data);
            if (flowReference == null) flowReference = convention.intentFlow(data);
            if (errorCode == null && convention.errorCode(data) != null) {
                errorCode = convention.errorCode(data);
                errorMessage = convention.errorMessage(data);
            }
            entities.putAll(convention.entities(data));
        }
        // input.flowName is the flow in execution, which a Code node placed once in a shared flow reports for
        // every turn; input.intentFlow is the flow the input was understood in. Named through the management API,
        // that one stands for the flow that handled the turn — unless the node runs in each handling flow, whose
        // flowName is that flow even when the NLU placed the text elsewhere (a follow-up answering its question).
        boolean named = false;
        if (flowReference != null && management.isPresent() && !convention.perFlow()) {
            Optional<String> name = management.get().flowName(flowReference);
            if (name.isPresent()) flow = name.get();
            named = name.isPresent();
        }
        // Otherwise the flow is flowName: with the node placed once, that shared flow, whichever flow handled the turn.
        String flowCaveat = flow != null && !named && !convention.perFlow() ? sharedCodeNode(flowReference)
                : flow == null && flowReference != null ? referenceOnly(flowReference) : null;
        // Outputs that show the user nothing are no answer either, even when the flow's Code node reported on them:
        // with or without the node, a flow that says nothing fails alike. A reported error is judged as one.
        if (!shown && errorCode == null) {
            return new TurnResult(id, sessionId, "completed", List.of(), silence(reported, intent, flow), retries, 0);
        }
        // A streamed message whose outputs were all blank said nothing.
        texts.removeIf(String::isBlank);
        String said = texts.isEmpty() ? null : String.join("\n", texts);
        // Each text whole, as the output said it: Botium's whole-output checks compare an output of several lines as one.
        BotTurn result = new BotTurn(0, flow, intent, score, entities, said, errorCode, errorMessage, flowReference,
                quickReplies, buttons, cardButtons, outputData, texts);
        return new TurnResult(id, sessionId, errorCode == null ? "completed" : "failed", List.of(result), null, retries, 0,
                false, flowCaveat);
    }

    /**
     * Why a turn's flow read from {@code flowName} under {@code cognigy.endpoint.code-node=shared} may not be the turn's,
     * and what to change.
     *
     * @param flowReference the turn's {@code intentFlow}, or {@code null} when no intent was found
     */
    private String sharedCodeNode(String flowReference) {
        String why = flowReference == null ? "this turn has no intentFlow (no intent was found)"
                : management.isEmpty() ? "its intentFlow " + ConsoleText.oneLine(flowReference) + " is named only through the"
                + " management API, which is not configured"
                : "the management API names no flow " + ConsoleText.oneLine(flowReference);
        return ExpectationFailureText.SHARED_FLOW_CAVEAT + "is the same flow on every turn with the node placed once ("
                + Constants.ENDPOINT_CODE_NODE + "=shared), and " + why + ": place the node in each handling flow and set "
                + Constants.ENDPOINT_CODE_NODE + "=per-flow"
                + (flowReference != null && management.isEmpty() ? ", or configure the management API (" + Constants.MANAGEMENT_URL
                + ", " + Constants.MANAGEMENT_PROJECT_ID + ", " + Constants.MANAGEMENT_API_KEY_ENV + ")" : "")
                + "; see docs/real-cognigy.md.";
    }

    /**
     * Why a turn whose report gave its flow only as {@code intentFlow}, a reference id, and no {@code flowName} has no
     * flow name for {@code next_flow} to compare, and what to change.
     */
    private String referenceOnly(String flowReference) {
        return ExpectationFailureText.REFERENCE_ONLY_CAVEAT + "(intentFlow " + ConsoleText.oneLine(flowReference)
                + ") and no flowName (" + Constants.ENDPOINT_DATA_FLOW + "), and "
                + (management.isEmpty() ? "only the management API names a reference id, which is not configured"
                : "the management API names no flow " + ConsoleText.oneLine(flowReference))
                + ": next_flow holds for that reference id; to name the flow, report input.flowName in the Code node"
                + (management.isEmpty() ? " or configure the management API (" + Constants.MANAGEMENT_URL + ", "
                + Constants.MANAGEMENT_PROJECT_ID + ", " + Constants.MANAGEMENT_API_KEY_ENV + ")" : "")
                + "; see docs/real-cognigy.md.";
    }

    /**
     * Whether an output's data is only the flow's report ({@link OutputConvention}): it carries the convention's
     * fields and no channel payload ({@code _cognigy}, also nested in {@code _data}). Any other data — a Webchat card, a custom payload — is content
     * a channel shows, so its output is an answer.
     */
    private boolean isReport(JsonNode data) {
        return convention.reports(data) && !DefaultChannelFormats.hasChannelPayload(data);
    }

    /** Why an answer whose outputs show nothing is no answer, naming what its flow reported. */
    private static String silence(boolean reported, String intent, String flow) {
        if (!reported) return "its outputs carry no text, rich content or data";
        return "its flow reported " + (intent == null ? "no intent" : "intent \"" + ConsoleText.oneLine(intent) + "\"")
                + (flow == null ? "" : " in flow \"" + ConsoleText.oneLine(flow) + "\"") + " but output nothing";
    }

    /**
     * The answer's outputs: {@code outputStack}, or — when an endpoint transformer reshaped the answer and left
     * none, or emptied it and left a top-level text or data that says something — the top-level {@code text} and
     * {@code data} as one output. An output may be a bare text, as a transformer
     * that keeps only the outputs' texts leaves them.
     */
    private List<JsonNode> outputs(JsonNode root, String shownUrl, JsonNode sent) {
        JsonNode stack = root.path("outputStack");
        List<JsonNode> outputs = new ArrayList<>();
        if (stack.isArray()) stack.forEach(outputs::add);
        boolean failed = isError(root.path("error"));
        // A stack with outputs is the answer. An empty one is Cognigy's answer to a flow that says nothing — unless an
        // error stands beside it, or the top-level text or data says something, as a transformer that emptied the stack
        // but kept them leaves it.
        if (!outputs.isEmpty() || stack.isArray() && !failed && !says(root, sent)) return outputs;
        // An error the endpoint, or what stands in front of it, answered with a success status: the flow's outputs are
        // not there, and a top-level text beside it is no answer of the bot's.
        if (failed) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint " + shownUrl + " answered an error"
                    + " instead of the bot's outputs (" + (stack.isArray() ? "an empty outputStack" : "no outputStack") + "): "
                    + Snippet.of(root.toString().getBytes(StandardCharsets.UTF_8), 200) + ". The message reached the"
                    + " endpoint and the flow gave no answer; if the error names the flow, fix it there, else check the"
                    + " endpoint (active, its flow and snapshot) and any transformer (see docs/real-cognigy.md).");
        }
        if (stack.isArray()) return List.of(root);
        boolean text = isSaid(root.path("text"));
        boolean data = dataOf(root).isObject();
        if (text || data) return List.of(root);
        throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint " + shownUrl
                + " answered without outputStack, text or data: "
                + Snippet.of(root.toString().getBytes(StandardCharsets.UTF_8), 200)
                + ". An endpoint transformer may have reshaped the answer; test through a REST Endpoint without"
                + " transformers (see docs/real-cognigy.md).");
    }

    /**
     * Whether the answer's {@code error} says one: any value but none ({@code null}, absent) and the values a
     * transformer writes for no error ({@code false}, {@code ""}, {@code {}}). A text of only whitespace names no error
     * either, as {@code ""} does not: it is no message Cognigy or a transformer gives. {@code true}, a text, a number, a
     * list or an object with fields is an error.
     */
    private static boolean isError(JsonNode error) {
        if (error.isMissingNode() || error.isNull()) return false;
        if (error.isBoolean()) return error.booleanValue();
        if (error.isString()) return !error.stringValue().isBlank();
        return !(error.isObject() && error.isEmpty());
    }

    /**
     * An output's text as the bot said it, {@code null} for none: a text as it is; a number or a boolean as written, what
     * a channel shows for it ({@code api.say(42)}, a transformer's number); {@code null} or absent, none. An object or a
     * list is no text: read as none, a test checking what the bot said would judge an answer it cannot see (a
     * {@code response_not_contains} passing on it), so it is refused, naming the output and what came.
     */
    private static String said(JsonNode text, int index, int outputs, String shownUrl) {
        if (isSaid(text)) return text.asString();
        if (!text.isContainer()) return null;
        throw new BackendException(BackendException.Kind.PROTOCOL, "the endpoint " + shownUrl + " answered an output whose"
                + " text is not a text: output " + (index + 1) + " of " + outputs + "'s text is "
                + (text.isObject() ? "an object, " : "a list, ") + Snippet.of(text.toString(), 120) + ". Cognigy gives an output's"
                + " text as a text (or null); what the bot said cannot be read from it. An endpoint transformer, or a Code"
                + " node's api.output given an object as its text, may have made it: test through an endpoint without"
                + " transformers, and give api.output a text (see docs/real-cognigy.md).");
    }

    /**
     * Whether {@code node} is something the bot said, as a text, a number or a boolean is (a channel shows one as
     * written); {@code null}, absent, an object or a list is not.
     */
    private static boolean isSaid(JsonNode node) {
        return node.isString() || node.isNumber() || node.isBoolean();
    }

    /**
     * Whether the answer's top-level {@code text} or {@code data} is to be read beside an empty {@code outputStack}: a
     * text not blank, or data not empty that is not the message's own data echoed ({@link #echoed}), by the rules each
     * output's data is read by (a JSON text holding an object is that object, {@link #dataOf}). The Code node's report
     * is read, and judged as a turn that said nothing unless something beside it (a text, a channel's payload) shows
     * the user something; a report spreading {@code input.data}, the test marker with it, is still the report.
     */
    private boolean says(JsonNode root, JsonNode sent) {
        JsonNode text = root.path("text");
        JsonNode data = dataOf(root);
        return isSaid(text) && !text.asString().isBlank() || data.isObject() && !data.isEmpty() && !echoed(data, sent);
    }

    /**
     * Whether an output's data is the message's own, echoed (a transformer answering {@code input.data}): the very data
     * the message carried ({@code sent}, numbers compared by value, as JavaScript writes {@code 1.0} as {@code 1}), or —
     * when that is not known, or the echo is not whole — data carrying the test marker and no report. The bot said nothing
     * with it, and read as an answer it would pass a flow that said nothing; read as the report, a test whose own data
     * has an {@code intent} or a {@code flowName} would be told the bot understood what the test sent.
     */
    private boolean echoed(JsonNode data, JsonNode sent) {
        if (sent != null && sent.equals(SAME_VALUE, data)) return true;
        return data.has(OutputConvention.MARKER) && !convention.reports(data);
    }

    /** Two JSON values alike: numbers by value ({@code 1} and {@code 1.0}), anything else as equal. */
    private static final java.util.Comparator<JsonNode> SAME_VALUE = (one, other) -> one.isNumber() && other.isNumber()
            ? one.decimalValue().compareTo(other.decimalValue()) : one.equals(other) ? 0 : 1;

    /**
     * The texts an output's {@code data} shows, as {@link #read} takes them for the bot's words: its rich content's (quick
     * replies', buttons', a card's); none for the Code node's report or data that shows nothing.
     */
    public List<String> richTexts(JsonNode data) {
        JsonNode object = dataOf(json.createObjectNode().set("data", data));
        return object.isObject() ? DefaultChannelFormats.of(object, rendering).texts() : List.of();
    }

    /**
     * An output's {@code data}. It may arrive as a JSON text ({@code "{\"intent\": …}"}), as clients report some
     * Cognigy versions send it: such a text holding an object is that object, so the Code node's report and rich
     * content in it are read, not taken for no report at all. Any other text stays what it is. The object is masked
     * ({@link JsonRedaction}): the answer was masked as its own escapes decode, and this text's escapes, written twice
     * ({@code ut\\u002dcanary}), decode only now — a token in them would show as the turn's flow in every report.
     */
    private JsonNode dataOf(JsonNode output) {
        JsonNode data = output.path("data");
        if (!data.isString() || !data.stringValue().strip().startsWith("{")) return data;
        try {
            JsonNode parsed = json.readTree(data.stringValue());
            return parsed.isObject() ? JsonRedaction.masked(parsed, redaction) : data;
        } catch (tools.jackson.core.JacksonException notJson) {
            return data;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(JsonNode data) {
        return json.treeToValue(data, LinkedHashMap.class);
    }
}
