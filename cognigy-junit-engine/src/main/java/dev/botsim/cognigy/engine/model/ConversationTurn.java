package dev.botsim.cognigy.engine.model;

import java.util.Map;

import dev.botsim.cognigy.spi.Expectation;

/**
 * One user message of a conversation.
 *
 * @param number   1-based position in the conversation
 * @param say      trimmed text sent, or {@code null} for a data-only message (a postback, a quick-reply payload)
 * @param data     data sent with this turn (Cognigy's {@code input.data}), merged over the conversation's
 * @param expect   expectations for the bot's answer
 * @param position where the turn stands
 */
public record ConversationTurn(int number, String say, Map<String, Object> data, Expectation expect,
                               SourcePosition position) {

    public ConversationTurn {
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        expect = expect == null ? Expectation.NONE : expect;
    }
}
