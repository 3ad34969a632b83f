package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * One turn of the bot's answer to a user message: where the conversation went, what the NLU
 * understood and what the bot said. Absent values are {@code null} (score: {@code NaN}).
 *
 * <p>Read it through its accessors: a component added later changes the canonical constructor and record
 * patterns (the old constructor is then deprecated for at least one minor release).
 *
 * <p>The constructor throws a {@link NullPointerException} when {@code quickReplies}, {@code buttons},
 * {@code cardButtons}, {@code outputData} or {@code outputTexts} holds a {@code null} element, or {@code entities} a
 * {@code null} key, naming the component, the element and why (a {@code null} list or map itself is none, or for
 * {@code outputTexts} the lines of {@code text}).
 *
 * @param turnIndex    position of the turn in the simulation, from 0
 * @param flowId       flow that handled the turn
 * @param intent       intent recognised
 * @param intentScore  its score, 0 to 1, or {@code NaN} when the backend reports none
 * @param entities     entities extracted, by name: a text, number or boolean, or a {@code List} of them when the
 *                     bot found several values for one slot (Cognigy's {@code NUMBER: [100, 143]})
 * @param text         what the bot said: its outputs' texts ({@link #outputTexts()}) together, joined by line breaks
 *                     when the backend reads the outputs themselves (a REST or Socket Endpoint's)
 * @param errorCode    error the platform reported for this turn ({@code FLOW_NOT_DEPLOYED}, ...)
 * @param errorMessage its explanation
 * @param flowReferenceId the handling flow's Cognigy reference id when the backend knows it besides its name
 *                        ({@link #flowId()}), else {@code null}; {@code next_flow} accepts either
 * @param quickReplies the quick replies the bot offered, in order
 * @param buttons      the buttons the bot offered, in order
 * @param cardButtons  the buttons on the cards of the galleries the bot showed, card by card, in order
 * @param outputData   the {@code data} of each of the bot's outputs that carried any, in order (plain maps, lists,
 *                     strings, numbers, booleans and {@code null}s, as JSON gives them)
 * @param outputTexts  what the bot said, one text per output, in order, each whole (an output's text may hold line
 *                     breaks): {@link #text()} says them together. The text of an output's rich content (a
 *                     quick replies' text, a card's title) counts as an output's own; the outputs of a streamed message
 *                     as one. {@code null}: each line of {@code text} taken for an output, as turns were read before this
 *                     component was added, and as a backend that does not tell a turn's outputs apart gives it
 */
@API(status = MAINTAINED, since = "0.1")
public record BotTurn(int turnIndex, String flowId, String intent, double intentScore,
                      Map<String, Object> entities, String text, String errorCode, String errorMessage,
                      String flowReferenceId, List<BotChoice> quickReplies, List<BotChoice> buttons,
                      List<BotChoice> cardButtons, List<Map<String, Object>> outputData, List<String> outputTexts) {

    public BotTurn {
        // In the order the bot gave them, the same in every run: Map.copyOf iterates in an order that changes from one
        // JVM to the next, and reports list a turn's entities in the order they are iterated.
        // A null name is refused as a null element of a list is: taken as it was, it was an entity named null in reports
        // and expectations' checks. Looked for among the keys: Map.of's and a TreeMap's containsKey(null) throw.
        if (entities != null && entities.keySet().stream().anyMatch(java.util.Objects::isNull)) {
            throw new NullPointerException("entities has a null key: each entity is named, as the slot the bot filled; a null"
                    + " map is none");
        }
        entities = entities == null || entities.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        // A null element is refused naming the component, the element and why: List.copyOf's bare NullPointerException
        // says none of it to whoever builds a turn (a custom backend, a test).
        quickReplies = quickReplies == null ? List.of() : copyOf(quickReplies, "quickReplies", CHOICE);
        buttons = buttons == null ? List.of() : copyOf(buttons, "buttons", CHOICE);
        cardButtons = cardButtons == null ? List.of() : copyOf(cardButtons, "cardButtons", CHOICE);
        // Output data is JSON: it may hold nulls, which Map.copyOf refuses.
        outputData = outputData == null ? List.of()
                : copyOf(outputData, "outputData", "each is the data of an output that carried any; a null list is none")
                .stream().map(d -> Collections.unmodifiableMap(new LinkedHashMap<>(d))).toList();
        outputTexts = outputTexts == null ? lines(text) : copyOf(outputTexts, "outputTexts", "each output has a text, \"\""
                + " when it said none; a null list takes each line of text for an output");
    }

    private static final String CHOICE = "each is a choice the bot offered; a null list is none";

    /**
     * {@code list}, unmodifiable, refusing a null element with a message naming {@code component}, its index and
     * {@code why} it cannot be null.
     */
    private static <T> List<T> copyOf(List<T> list, String component, String why) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) throw new NullPointerException(component + "[" + i + "] is null: " + why);
        }
        return List.copyOf(list);
    }

    /**
     * A turn read without its outputs' own texts: each line of {@code text} taken for an output. The record's canonical
     * constructor before {@link #outputTexts()} was added.
     *
     * @deprecated use the canonical constructor, giving each output's text
     */
    @Deprecated(since = "0.1")
    public BotTurn(int turnIndex, String flowId, String intent, double intentScore, Map<String, Object> entities, String text,
                   String errorCode, String errorMessage, String flowReferenceId, List<BotChoice> quickReplies,
                   List<BotChoice> buttons, List<BotChoice> cardButtons, List<Map<String, Object>> outputData) {
        this(turnIndex, flowId, intent, intentScore, entities, text, errorCode, errorMessage, flowReferenceId, quickReplies,
                buttons, cardButtons, outputData, null);
    }

    /**
     * A turn whose answer showed no gallery, or whose backend does not read galleries' buttons; each line of {@code text}
     * taken for an output.
     */
    public BotTurn(int turnIndex, String flowId, String intent, double intentScore, Map<String, Object> entities, String text,
                   String errorCode, String errorMessage, String flowReferenceId, List<BotChoice> quickReplies,
                   List<BotChoice> buttons, List<Map<String, Object>> outputData) {
        this(turnIndex, flowId, intent, intentScore, entities, text, errorCode, errorMessage, flowReferenceId, quickReplies,
                buttons, List.of(), outputData, null);
    }

    /**
     * A turn without choices, output data or flow reference id, each line of {@code text} taken for an output: the
     * record's first components, before those were added.
     *
     * @deprecated use the canonical constructor
     */
    @Deprecated(since = "0.1")
    public BotTurn(int turnIndex, String flowId, String intent, double intentScore, Map<String, Object> entities, String text,
                   String errorCode, String errorMessage) {
        this(turnIndex, flowId, intent, intentScore, entities, text, errorCode, errorMessage, null, List.of(), List.of(),
                List.of(), List.of(), null);
    }

    /** Each line of {@code text}, none for {@code null}: the outputs of a turn read without their own texts. */
    private static List<String> lines(String text) {
        return text == null ? List.of() : List.of(text.split("\n", -1));
    }

    /** Whether the platform reported an error on this turn. */
    public boolean hasError() {
        return errorCode != null && !errorCode.isBlank();
    }

    /**
     * The score as reported when it has at most three decimals, with at least two ({@code 0.90}, {@code 0.925}); a
     * longer one cut after the third and marked ({@code 0.749…}). Rounding half up made 0.749 read {@code 0.75} beside
     * an {@code intent_min_score} of 0.75 it missed. The engine's reports show scores by the same rule. Computed in
     * decimal, without a {@link java.util.Formatter}: a report of thousands of turns prints a score for each.
     */
    private static String shownScore(double value) {
        if (!Double.isFinite(value)) return Double.toString(value);
        BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
        if (exact.scale() > 3) return exact.setScale(3, RoundingMode.DOWN).toPlainString() + "…";
        return exact.setScale(Math.max(2, exact.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("#").append(turnIndex);
        if (flowId != null) out.append(" flow=").append(flowId);
        // A score without an intent is the NLU's best guess below its threshold: named as no intent, not left bare.
        if (intent != null || !Double.isNaN(intentScore)) out.append(" intent=").append(intent == null ? "(none)" : intent);
        if (!Double.isNaN(intentScore)) out.append(" (").append(shownScore(intentScore)).append(')');
        if (!entities.isEmpty()) out.append(" entities=").append(entities);
        if (text != null) out.append(" text=\"").append(text).append('"');
        if (!quickReplies.isEmpty()) out.append(" quickReplies=").append(quickReplies.stream().map(BotChoice::title).toList());
        if (!buttons.isEmpty()) out.append(" buttons=").append(buttons.stream().map(BotChoice::title).toList());
        if (!cardButtons.isEmpty()) out.append(" cardButtons=").append(cardButtons.stream().map(BotChoice::title).toList());
        if (hasError()) out.append(" error=").append(errorCode).append(": ").append(Objects.toString(errorMessage, ""));
        return out.toString();
    }
}
