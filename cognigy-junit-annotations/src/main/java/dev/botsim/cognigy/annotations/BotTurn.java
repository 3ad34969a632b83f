package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.MAINTAINED;

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
 * @param turnIndex    position of the turn in the simulation, from 0
 * @param flowId       flow that handled the turn
 * @param intent       intent recognised
 * @param intentScore  its score, 0 to 1, or {@code NaN} when the backend reports none
 * @param entities     entities extracted, by name
 * @param text         what the bot said
 * @param errorCode    error the platform reported for this turn ({@code FLOW_NOT_DEPLOYED}, ...)
 * @param errorMessage its explanation
 */
@API(status = MAINTAINED, since = "0.1")
public record BotTurn(int turnIndex, String flowId, String intent, double intentScore,
                      Map<String, Object> entities, String text, String errorCode, String errorMessage) {

    public BotTurn {
        entities = entities == null ? Map.of() : Map.copyOf(entities);
    }

    /** Whether the platform reported an error on this turn. */
    public boolean hasError() {
        return errorCode != null && !errorCode.isBlank();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("#").append(turnIndex);
        if (flowId != null) out.append(" flow=").append(flowId);
        if (intent != null) out.append(" intent=").append(intent);
        if (!Double.isNaN(intentScore)) out.append(String.format(java.util.Locale.ROOT, " (%.2f)", intentScore));
        if (!entities.isEmpty()) out.append(" entities=").append(entities);
        if (text != null) out.append(" text=\"").append(text).append('"');
        if (hasError()) out.append(" error=").append(errorCode).append(": ").append(Objects.toString(errorMessage, ""));
        return out.toString();
    }
}
