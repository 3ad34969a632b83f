package dev.botsim.cognigy.engine.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;

/**
 * A bot's turn as a cassette holds it: its fields under the names {@code cognigy.replay.redact}'s pointers use
 * ({@code /answer/turns/<n>/slots/email}, {@code …/text}), slots and outputs' data with their keys sorted, the outputs'
 * texts ({@code output_texts}) for a text of several lines or outputs that are not its lines. One shape for
 * the cassettes that record answers and for the redaction of what leaves the machine ({@link NamedValues}), so a pointer
 * names the same value in both.
 */
public final class CassetteTurn {

    private CassetteTurn() {
    }

    /** {@code turn}'s fields, those it has, in a fixed order. */
    public static Map<String, Object> of(BotTurn turn) {
        return of(turn, false);
    }

    /**
     * The same; {@code outputsUnknown}: the backend did not say the turn's outputs, only its text, whose lines were taken
     * for them ({@code TurnResult#outputsUnknown()}): those are not written as its outputs' texts, so its replay judges
     * Botium's whole-output checks as the live run did.
     */
    public static Map<String, Object> of(BotTurn turn, boolean outputsUnknown) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", turn.turnIndex());
        putIfSet(out, "flow", turn.flowId());
        putIfSet(out, "flow_reference_id", turn.flowReferenceId());
        putIfSet(out, "intent", turn.intent());
        if (!Double.isNaN(turn.intentScore())) out.put("score", turn.intentScore());
        if (!turn.entities().isEmpty()) out.put("slots", SortedJson.sorted(turn.entities()));
        putIfSet(out, "text", turn.text());
        // The outputs' texts for every text of several lines, even where each of its lines is an output: a text of several
        // lines without them was recorded before they were, when two of its lines may have been one output, and is replayed
        // so (Exchange). A turn saying one line, the text its only output, records the same bytes as before.
        List<String> lines = lines(turn.text());
        if (lines.size() > 1 && !outputsUnknown || !turn.outputTexts().equals(lines)) out.put("output_texts", turn.outputTexts());
        putIfSet(out, "error_code", turn.errorCode());
        putIfSet(out, "error_message", turn.errorMessage());
        if (!turn.quickReplies().isEmpty()) out.put("quick_replies", choices(turn.quickReplies()));
        if (!turn.buttons().isEmpty()) out.put("buttons", choices(turn.buttons()));
        if (!turn.cardButtons().isEmpty()) out.put("card_buttons", choices(turn.cardButtons()));
        if (!turn.outputData().isEmpty()) {
            out.put("outputs", turn.outputData().stream().map(d -> (Object) SortedJson.sorted(d)).toList());
        }
        return out;
    }

    /** Each line of {@code text}: the outputs a turn without its outputs' own texts has ({@link BotTurn#outputTexts()}). */
    private static List<String> lines(String text) {
        return text == null ? List.of() : List.of(text.split("\n", -1));
    }

    private static List<Object> choices(List<BotChoice> choices) {
        List<Object> out = new ArrayList<>();
        for (BotChoice choice : choices) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("title", choice.title());
            putIfSet(one, "payload", choice.payload());
            putIfSet(one, "type", choice.type());
            out.add(one);
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String key, String value) {
        if (value != null) out.put(key, value);
    }
}
