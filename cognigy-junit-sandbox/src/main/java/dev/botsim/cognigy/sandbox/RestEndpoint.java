package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's REST Endpoint, answering as a tenant's does: the bot's outputs in {@code outputStack}
 * under one {@code endpoint-httpIncomingMessage-<uuid>} trace id, quick replies and buttons in
 * {@code data._cognigy._default}, and the NLU data only as the gated Code node of docs/real-cognigy.md
 * emits it: for a message carrying {@code data.cognigyJunit}, with the NLU result of that text alone,
 * display names and flow reference ids, and slots in Cognigy's shapes. {@code data} is the message's
 * {@code input.data}, never kept; the session's context is set through the management API's inject.
 */
final class RestEndpoint {

    /** The key of {@code input.data} the engine sends with every message of a test. */
    static final String TEST_MARKER = "cognigyJunit";

    private final Conversations conversations;
    private final Tenant tenant;
    private final SandboxOptions options;
    private final Clock clock;
    private final ObjectMapper json;
    private final RequestWindow testMode;

    RestEndpoint(Tenant tenant, SandboxOptions options, ObjectMapper json) {
        // Only deployed flows are attached to the endpoint's main flow: the others' intents are not in its NLU.
        BotDefinition served = tenant.bot().servedByEndpoint();
        this.conversations = new Conversations(served, new IntentFlips(options.flipsOf(served), options.seed()));
        this.tenant = tenant;
        this.options = options;
        this.clock = options.clock();
        this.json = json;
        this.testMode = new RequestWindow(options.testMessagesPerHour(), Duration.ofHours(1), clock);
    }

    /** Sets Cognigy context of a session, as {@code POST /new/v2.0/sessions/{id}/context/inject} does; the context after. */
    Map<String, Object> injectContext(String sessionId, Map<String, Object> context) {
        return conversations.inject(sessionId, context);
    }

    /** Answers one message; {@code testMode} for {@code /test/<token>}, which counts against the hourly quota. */
    Answer answer(JsonNode request, boolean testMode) {
        String userId = request.path("userId").isString() ? request.path("userId").stringValue() : null;
        String sessionId = request.path("sessionId").isString() ? request.path("sessionId").stringValue() : null;
        String text = request.path("text").isString() ? request.path("text").stringValue() : null;
        JsonNode data = request.path("data");
        if (userId == null || sessionId == null || (text == null && !data.isObject())) {
            return Answer.of(400, error("invalid_request", "userId and sessionId are required, and text or data"));
        }
        if (testMode) {
            Optional<Duration> wait = admitTestMessage();
            if (wait.isPresent()) {
                return Answer.of(429, error("rate_limited", "more than " + options.testMessagesPerHour()
                        + " test messages in an hour; test mode allows " + options.testMessagesPerHour() + " per hour"))
                        .withHeader("Retry-After", RequestWindow.retryAfterSeconds(wait.get()));
            }
        }
        Map<String, Object> input = inputData(data);
        String said = text == null ? "" : text.strip();
        Message message = message(sessionId, said, input, flowId -> true, HTTP_TRACE);
        ArrayNode outputs = reported(message, data);
        ObjectNode answer = json.createObjectNode();
        answer.put("text", String.join(" ", message.texts()));
        if (options.textOnlyTransformer()) return Answer.of(200, answer);
        answer.set("data", json.createObjectNode());
        answer.set("outputStack", outputs);
        answer.put("userId", userId);
        answer.put("sessionId", sessionId);
        return Answer.of(200, answer);
    }

    /**
     * Admits one test-mode message against the hourly quota, which the REST Endpoint's {@code /test/<token>} and the
     * Socket Endpoint's {@code testMode=true} connections share: empty when admitted, else how long until one is.
     */
    Optional<Duration> admitTestMessage() {
        return testMode.admit();
    }

    /**
     * {@code message}'s outputs with the Code node's report where the node runs for a message of this {@code input.data}:
     * the copy at the end of a flow reports after its Say nodes; the copy right before a Question node runs before that
     * node outputs its question, so its report comes first, as in a tenant's outputStack.
     */
    ArrayNode reported(Message message, JsonNode data) {
        ArrayNode outputs = message.outputs();
        if (reports(message, data)) {
            if (message.stop() == Conversations.Stop.QUESTION_ASKED) outputs.insert(0, output(null, message.nlu(), message.traceId()));
            else outputs.add(output(null, message.nlu(), message.traceId()));
        }
        return outputs;
    }

    /** A message's {@code data} as the flow's {@code input.data}: empty unless it is an object. */
    Map<String, Object> inputData(JsonNode data) {
        return data.isObject()
                ? json.convertValue(data, json.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
                : Map.of();
    }

    /** The trace id prefix of a REST Endpoint's outputs (Cognigy's documentation shows it). */
    static final String HTTP_TRACE = "endpoint-httpIncomingMessage-";

    /**
     * One message through the endpoint's bot: its outputs (without the Code node's NLU output), their
     * texts, and the NLU data of the message whether or not the endpoint would emit it; {@code stop} where the turn's
     * flow stopped (its end, a Question node asking, or the Question node it waits at asking again).
     */
    record Message(ArrayNode outputs, List<String> texts, ObjectNode nlu, String traceId, Conversations.Stop stop) {
    }

    /** Sends {@code text} with {@code input.data} to the session, as the endpoint and a Playbook step do. */
    Message message(String sessionId, String said, Map<String, Object> input) {
        return message(sessionId, said, input, flowId -> true);
    }

    /** The same in a flow whose model knows the intents of the flows {@code inScope} accepts only (a Playbook's target). */
    Message message(String sessionId, String said, Map<String, Object> input, java.util.function.Predicate<String> inScope) {
        return message(sessionId, said, input, inScope, HTTP_TRACE);
    }

    /** The same, its outputs' trace id starting with {@code tracePrefix}: each endpoint kind names its own. */
    Message message(String sessionId, String said, Map<String, Object> input, java.util.function.Predicate<String> inScope,
                    String tracePrefix) {
        Conversations.Reply reply = conversations.reply(sessionId, said, null, input, inScope);
        String traceId = tracePrefix + UUID.randomUUID();
        ArrayNode outputs = json.createArrayNode();
        List<String> texts = new ArrayList<>();
        for (Conversations.Say say : reply.says()) {
            List<ObjectNode> rich = richData(say.text(), say.response());
            if (rich.isEmpty()) {
                texts.add(say.text());
                output(outputs, say.text(), json.createObjectNode(), traceId);
            }
            // A Say node with quick replies or buttons: the text lives in the channel payload.
            for (ObjectNode data : rich) output(outputs, null, data, traceId);
            // A Gallery Say node after it: the cards, whose titles and subtitles are its text.
            galleryData(say.text(), say.response()).ifPresent(data -> output(outputs, null, data, traceId));
        }
        return new Message(outputs, List.copyOf(texts), nluData(reply, said), traceId, reply.stop());
    }

    /**
     * Whether the flows' Code node reports this message, sent with this {@code input.data} (a Playbook step's too): it
     * reports for that data ({@link #emitsNlu}) and runs on its turn. A flow that asked its question stopped at the
     * Question node: a Code node only at the end of the flow does not run then, one right before the Question node does.
     * A Question node asking again runs neither: the flow's entry point is the Question node itself.
     */
    boolean reports(Message message, JsonNode data) {
        if (!emitsNlu(data)) return false;
        return switch (message.stop()) {
            case FLOW_END -> true;
            case QUESTION_ASKED -> options.endpointShape().codeNodeBeforeQuestions();
            case QUESTION_REPEATED, ASKED_BACK -> false;
        };
    }

    /** Whether the flows' Code node reports NLU data for a message with this {@code input.data}. */
    private boolean emitsNlu(JsonNode data) {
        return switch (options.nluOutput()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_MARKED -> data.isObject() && data.has(TEST_MARKER) && !data.get(TEST_MARKER).isNull();
        };
    }

    /**
     * The {@code data} of each Say node a response with buttons or quick replies is on a tenant, in order: a Say node
     * shows one of them ("Text with Buttons" or "Text with Quick Replies"), so a response with both is two Say nodes, two
     * outputs, each with the text — the buttons' first, then the quick replies'. Empty for a plain text response.
     */
    private List<ObjectNode> richData(String text, BotDefinition.Response response) {
        List<ObjectNode> says = new ArrayList<>();
        if (response == null) return says;
        if (!response.buttons().isEmpty()) {
            ObjectNode data = json.createObjectNode();
            ObjectNode buttons = channel(data).putObject("_buttons");
            buttons.put("type", "buttons");
            buttons.put("text", text);
            ArrayNode items = buttons.putArray("buttons");
            for (BotDefinition.Choice choice : response.buttons()) {
                items.addObject().put("title", choice.title()).put("payload", choice.effectivePayload())
                        .put("type", choice.effectiveType()).put("url", choice.url());
            }
            says.add(data);
        }
        if (!response.quickReplies().isEmpty()) {
            ObjectNode data = json.createObjectNode();
            ObjectNode quick = channel(data).putObject("_quickReplies");
            quick.put("type", "quick_replies");
            quick.put("text", text);
            ArrayNode items = quick.putArray("quickReplies");
            for (BotDefinition.Choice choice : response.quickReplies()) {
                items.addObject().put("title", choice.title()).put("payload", choice.effectivePayload()).put("contentType", "postback");
            }
            says.add(data);
        }
        return says;
    }

    /**
     * The {@code data} of the Gallery Say node a response with a {@code gallery} has after its text, as Cognigy's default
     * channel format gives it: {@code _gallery{type: carousel, items[{title, subtitle, imageUrl, buttons[]}], fallbackText}}.
     */
    private java.util.Optional<ObjectNode> galleryData(String text, BotDefinition.Response response) {
        if (response == null || response.gallery().isEmpty()) return java.util.Optional.empty();
        ObjectNode data = json.createObjectNode();
        ObjectNode gallery = channel(data).putObject("_gallery");
        gallery.put("type", "carousel");
        ArrayNode items = gallery.putArray("items");
        for (BotDefinition.Card card : response.gallery()) {
            ObjectNode item = items.addObject().put("title", card.title()).put("subtitle", card.subtitle())
                    .put("imageUrl", card.imageUrl());
            ArrayNode buttons = item.putArray("buttons");
            for (BotDefinition.Choice choice : card.buttons()) {
                buttons.addObject().put("title", choice.title()).put("payload", choice.effectivePayload())
                        .put("type", choice.effectiveType()).put("url", choice.url());
            }
        }
        gallery.put("fallbackText", text);
        return java.util.Optional.of(data);
    }

    /**
     * Where an output's default-channel formats go in its {@code data}: {@code _cognigy._default} as a Say node puts them,
     * or {@code _data._cognigy._default} as an Intent Default Reply does ({@link EndpointShape#defaultReplyNesting()}).
     */
    private ObjectNode channel(ObjectNode data) {
        ObjectNode holder = options.endpointShape().defaultReplyNesting() ? data.putObject("_data") : data;
        return holder.putObject("_cognigy").putObject("_default");
    }

    /**
     * What the gated Code node emits: {@code input.intent} and {@code input.intentScore} of this text
     * (null both when nothing matched, also on a follow-up that answers a question),
     * {@code intentFlow} the reference id of the flow the intent was found in ("the Flow ID in which the Intent is
     * detected": null when none was, and another flow's when a waiting flow takes an answer in which the NLU found
     * that flow's intent), and {@code flowName} the display name of the flow in execution, where the Code node runs:
     * the flow that handled the message with the node in each handling flow, or the one flow the node is placed in
     * ({@link SandboxOptions#codeNodeFlow()}) on every turn.
     */
    private ObjectNode nluData(Conversations.Reply reply, String text) {
        Nlu.Understanding understood = reply.understood();
        Tenant.FlowResource flow = tenant.flow(reply.flowId());
        ObjectNode nlu = json.createObjectNode();
        nlu.put("intent", understood.intent());
        if (understood.intent() == null) nlu.putNull("intentScore");
        else nlu.put("intentScore", understood.score());
        if (understood.intent() == null || understood.flowId() == null) nlu.putNull("intentFlow");
        else nlu.put("intentFlow", tenant.flow(understood.flowId()).referenceId());
        nlu.put("flowName", options.codeNodeFlow() != null ? options.codeNodeFlow() : flow.name());
        ObjectNode slots = nlu.putObject("slots");
        conversations.nlu().slots(text).forEach((name, values) -> {
            ArrayNode list = slots.putArray(name);
            values.forEach(value -> list.addObject().put("keyphrase", value));
        });
        // Dates are read and written in the project's time zone, as Cognigy's DATE slots are.
        java.time.ZoneId zone = tenant.bot().zone();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        SystemSlots.extract(text, tenant.bot().systemSlots(), today, zone).forEach((name, value) -> slots.set(name, json.valueToTree(value)));
        nlu.put("state", "default");
        return nlu;
    }

    private void output(ArrayNode outputs, String text, ObjectNode data, String traceId) {
        outputs.add(output(text, data, traceId));
    }

    private ObjectNode output(String text, ObjectNode data, String traceId) {
        ObjectNode output = json.createObjectNode();
        output.put("text", text);
        output.set("data", data);
        output.put("traceId", traceId);
        output.put("disableSensitiveLogging", false);
        output.put("source", "bot");
        return output;
    }

    private ObjectNode error(String code, String message) {
        return json.createObjectNode().put("error", code).put("message", message);
    }
}
