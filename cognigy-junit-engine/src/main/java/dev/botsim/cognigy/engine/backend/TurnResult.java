package dev.botsim.cognigy.engine.backend;

import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.support.ComposedText;

/**
 * The bot's answer to one message, as every backend and a replayed cassette give it to the run. Its turns' names and
 * texts are held in Unicode's composed form (NFC), as expectations hold theirs: a bot whose intents, flows or slots are
 * named decomposed ("u" followed by U+0308, as a bot built from files named on macOS may hold them), or whose texts are,
 * is compared, counted and reported by the names a reader sees, in one form from here on.
 *
 * @param simulationId backend id of the simulation (or of the turn)
 * @param sessionId    session the message ran in; pass it on to continue the conversation
 * @param status       final status ({@code completed}, {@code failed})
 * @param turns        the bot's turns, their names and texts composed
 * @param failure      why a {@code failed} simulation failed when no turn carries an error code; for a completed one
 *                     without turns, what the bot did instead of answering when that is known (its flow reported an
 *                     intent but output nothing); else {@code null}
 * @param retries      the retries it took, one readable line each (see {@link dev.botsim.cognigy.engine.transport.RetryLog})
 * @param polls        status requests made
 * @param replayed     whether the answer came from a cassette ({@code cognigy.replay}) rather than from the bot
 * @param flowCaveat   where the turns' flow came from when it may not be the flow that handled the turn, and what to
 *                     change, in one line: a failing {@code next_flow} says it (a REST Endpoint's {@code flowName} of a
 *                     Code node placed once is that node's flow on every turn); {@code null} when the backend names the
 *                     handling flow
 * @param outputsUnknown whether a turn's outputs are not known, only its text, whose lines are then taken for them
 *                     ({@link BotTurn#outputTexts()}): an answer replayed from a cassette entry recorded before the
 *                     outputs' texts were, where two of those lines may have been one output. Botium's whole-output
 *                     checks then let whitespace match the break between two lines, as they did when it was recorded
 */
public record TurnResult(String simulationId, String sessionId, String status, List<BotTurn> turns, String failure,
                         List<String> retries, int polls, boolean replayed, String flowCaveat, boolean outputsUnknown) {

    public TurnResult {
        turns = turns == null ? List.of() : List.copyOf(turns.stream().map(TurnResult::composed).toList());
        retries = retries == null ? List.of() : List.copyOf(retries);
    }

    /** An answer whose turns' outputs are known. */
    public TurnResult(String simulationId, String sessionId, String status, List<BotTurn> turns, String failure,
                      List<String> retries, int polls, boolean replayed, String flowCaveat) {
        this(simulationId, sessionId, status, turns, failure, retries, polls, replayed, flowCaveat, false);
    }

    /** An answer from the bot itself. */
    public TurnResult(String simulationId, String sessionId, String status, List<BotTurn> turns, String failure,
                      List<String> retries, int polls) {
        this(simulationId, sessionId, status, turns, failure, retries, polls, false, null, false);
    }

    /**
     * {@code turn} with its flow and flow reference id, intent, slots (names and text values) and texts composed; itself
     * when all already are. Its quick replies and buttons stay as the bot offered them (clicking one sends its title back
     * to the bot as written), and its error, message and output data as the bot gave them.
     */
    @SuppressWarnings("unchecked")
    private static BotTurn composed(BotTurn turn) {
        String flow = ComposedText.of(turn.flowId());
        String intent = ComposedText.of(turn.intent());
        String text = ComposedText.of(turn.text());
        String reference = ComposedText.of(turn.flowReferenceId());
        Map<String, Object> entities = (Map<String, Object>) ComposedText.value(turn.entities());
        if (flow == turn.flowId() && intent == turn.intent() && text == turn.text() && reference == turn.flowReferenceId()
                && entities == turn.entities()) return turn;
        // The outputs' texts as the text is, a line break between two of them composing with neither.
        List<String> outputTexts = turn.outputTexts().stream().map(ComposedText::of).toList();
        return new BotTurn(turn.turnIndex(), flow, intent, turn.intentScore(), entities, text, turn.errorCode(),
                turn.errorMessage(), reference, turn.quickReplies(), turn.buttons(), turn.cardButtons(),
                turn.outputData(), outputTexts);
    }
}
