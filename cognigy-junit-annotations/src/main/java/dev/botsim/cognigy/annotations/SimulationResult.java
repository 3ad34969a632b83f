package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

/**
 * What the bot did with one user message: the turns it produced, with shortcuts to the values most
 * tests look at. An {@link Utterance} method may take it as a parameter.
 *
 * <p>Read it through its accessors: a component added later changes the canonical constructor and record
 * patterns (the old constructor is then deprecated for at least one minor release).
 *
 * @param testId       id of the test that sent the message
 * @param utterance    the message sent; a data-only message (a postback) as its data, {@code data {"action":"GO"}}
 * @param simulationId the backend's id of the simulation (or session turn)
 * @param turns        the bot's turns, in order
 */
@API(status = MAINTAINED, since = "0.1")
public record SimulationResult(String testId, String utterance, String simulationId, List<BotTurn> turns) {

    public SimulationResult {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(utterance, "utterance");
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** The first intent any turn recognised, or {@code null}. */
    public String intent() {
        return turns.stream().map(BotTurn::intent).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Score of {@link #intent()}, or {@code NaN}. */
    public double intentScore() {
        return turns.stream().filter(t -> t.intent() != null).mapToDouble(BotTurn::intentScore).findFirst().orElse(Double.NaN);
    }

    /** Entities of all turns, later turns overriding earlier ones. */
    public Map<String, Object> entities() {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        turns.forEach(t -> all.putAll(t.entities()));
        return java.util.Collections.unmodifiableMap(all);
    }

    /** The flow the conversation ended in: the last turn's flow, or {@code null}. */
    public String nextFlow() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).flowId() != null) return turns.get(i).flowId();
        }
        return null;
    }

    /** Every flow a turn was handled by, in order of first appearance. */
    public List<String> flows() {
        return turns.stream().map(BotTurn::flowId).filter(Objects::nonNull).distinct().toList();
    }

    /** Everything the bot said, turns joined by a line break. */
    public String text() {
        return turns.stream().map(BotTurn::text).filter(Objects::nonNull).collect(Collectors.joining("\n"));
    }

    /** The first turn that carries an error code. */
    public Optional<BotTurn> error() {
        return turns.stream().filter(BotTurn::hasError).findFirst();
    }
}
