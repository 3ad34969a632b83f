package dev.botsim.cognigy.engine.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.RunInfo;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report a flow's Code node adds to the answers of a REST Endpoint (docs/real-cognigy.md, "Make the flow report
 * intent, flow and slots"), told apart from what the bot itself output as the backend tells it apart: an output's data
 * without a channel payload ({@code _cognigy}) that carries the intent, flow, intentFlow or error code at the run's
 * {@code cognigy.endpoint.data.*} pointers. Under Actual it is one line, the fields the engine reads from it; indented,
 * it would be a dozen lines or more in every answer, above and around what the bot said.
 */
final class CodeNodeReports {

    /** The backends whose answers a Code node reports on: a REST or Socket Endpoint's, and generated playbooks' read alike. */
    private static final Set<String> REPORTING_BACKENDS = Set.of("endpoint", "sandbox-endpoint", "socket", "sandbox-socket", "playbooks");

    /** For a run whose answers carry no Code node's report: every output's data is the bot's. */
    static final CodeNodeReports NONE = new CodeNodeReports(null);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The pointers, in the order the line names their fields; {@code null} when the run's backend has no report. */
    private final Pointers pointers;

    private CodeNodeReports(Pointers pointers) {
        this.pointers = pointers;
    }

    /**
     * The reports of the run's answers, where its configuration puts their fields: read by the rules the run read them
     * by (a value the run refused is its default there too), from the settings the run recorded, so a merged run's
     * page reads its parts' answers as they were read.
     */
    static CodeNodeReports of(RunInfo run) {
        if (!REPORTING_BACKENDS.contains(run.backend())) return NONE;
        BackendSettings.EndpointData data = EngineConfig.check(new MapParameters(run.configuration()), name -> null,
                config -> List.of()).config().backend().endpointData();
        return new CodeNodeReports(new Pointers(JsonPointer.compile(data.intent()), JsonPointer.compile(data.intentScore()),
                JsonPointer.compile(data.flow()), JsonPointer.compile(data.intentFlow()), JsonPointer.compile(data.slots()),
                JsonPointer.compile(data.errorCode()), JsonPointer.compile(data.errorMessage())));
    }

    /**
     * Whether the data carries a channel payload, which a channel shows: {@code _cognigy}, or {@code _data._cognigy} as an
     * Intent Default Reply nests it (the REST Endpoint backend reads both alike).
     */
    static boolean channelPayload(Map<String, Object> data) {
        return data.containsKey("_cognigy") || data.get("_data") instanceof Map<?, ?> nested && nested.containsKey("_cognigy");
    }

    /**
     * The report in one line, its fields named as the data names them: {@code Code node reported: intent check_order
     * (0.925), flowName flow_order_status, intentFlow af9a…, slots {order_id}}; empty when the data is not a report.
     * Slots are named only: their values as the engine read them are the answer's entity lines.
     */
    Optional<String> line(Map<String, Object> data) {
        if (pointers == null || channelPayload(data)) return Optional.empty();
        JsonNode report = JSON.valueToTree(data);
        if (!present(report, pointers.intent) && !present(report, pointers.flow) && !present(report, pointers.intentFlow)
                && !present(report, pointers.errorCode)) {
            return Optional.empty();
        }
        List<String> fields = new ArrayList<>();
        JsonNode intent = report.at(pointers.intent);
        JsonNode score = report.at(pointers.intentScore);
        if (present(report, pointers.intent)) {
            fields.add(name(pointers.intent) + " " + value(intent) + (present(report, pointers.intentScore) ? " (" + value(score) + ")" : ""));
        } else if (present(report, pointers.intentScore)) {
            fields.add(name(pointers.intentScore) + " " + value(score));
        }
        field(fields, report, pointers.flow);
        field(fields, report, pointers.intentFlow);
        JsonNode slots = report.at(pointers.slots);
        // A slot's name is the bot's, as a value is: written so too, or a line break in one would start a line of its own.
        if (slots.isObject()) {
            fields.add(name(pointers.slots) + " {" + String.join(", ", slots.propertyNames().stream().map(ConsoleText::oneLine).toList()) + "}");
        }
        else field(fields, report, pointers.slots);
        field(fields, report, pointers.errorCode);
        field(fields, report, pointers.errorMessage);
        return Optional.of("Code node reported: " + String.join(", ", fields));
    }

    private static void field(List<String> fields, JsonNode report, JsonPointer pointer) {
        if (present(report, pointer)) fields.add(name(pointer) + " " + value(report.at(pointer)));
    }

    /** A field's name as the data gives it: its pointer without the leading slash ({@code flowName}, {@code error/code}). */
    private static String name(JsonPointer pointer) {
        return pointer.toString().substring(1);
    }

    /** A value in one line: a text as it is, its line breaks escaped; anything else as compact JSON. */
    private static String value(JsonNode node) {
        return ConsoleText.oneLine(node.isString() ? node.stringValue() : node.toString());
    }

    private static boolean present(JsonNode data, JsonPointer pointer) {
        JsonNode node = data.at(pointer);
        return !node.isMissingNode() && !node.isNull();
    }

    private record Pointers(JsonPointer intent, JsonPointer intentScore, JsonPointer flow, JsonPointer intentFlow,
                            JsonPointer slots, JsonPointer errorCode, JsonPointer errorMessage) {
    }
}
