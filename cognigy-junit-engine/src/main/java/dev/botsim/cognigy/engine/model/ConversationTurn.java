package dev.botsim.cognigy.engine.model;

import java.util.Map;

import dev.botsim.cognigy.spi.Expectation;

/**
 * One user message of a conversation.
 *
 * @param number   1-based position in the conversation
 * @param say      trimmed text sent
 * @param context  context (session data) sent with this turn, merged over the conversation's
 * @param expect   expectations for the bot's answer
 * @param position where the turn stands
 */
public record ConversationTurn(int number, String say, Map<String, Object> context, Expectation expect,
                               SourcePosition position) {

    public ConversationTurn {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
        expect = expect == null ? Expectation.NONE : expect;
    }
}
