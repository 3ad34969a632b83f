package dev.botsim.cognigy.engine.backend;

/**
 * A message of a conversation whose earlier messages were answered from recordings ({@code cognigy.replay=auto}) and
 * that must itself go to the bot, as it changed since it was recorded: it is not sent. The bot never heard the earlier
 * messages in this session, and the test judged them on answers the bot gave in another one; so the conversation runs
 * again from its first message, every message sent to the bot and judged on the answer it gives in this run (a
 * {@code @Conversation} method is called again). Not an answer of the bot.
 */
public final class ConversationGoesLiveException extends BackendException {

    private static final long serialVersionUID = 1L;

    private final String why;

    /** @param why what changed: {@code turn 3's text (recorded "…", now "…") changed since it was recorded} */
    public ConversationGoesLiveException(String test, String why) {
        super(Kind.REJECTED, why + ", after the turns before it in " + test + " were answered from its cassette: the"
                + " conversation is sent to the bot again from its first turn (cognigy.replay=auto), so that every turn is"
                + " judged on the answer the bot gives in this run");
        this.why = why;
    }

    /** What changed, as the reports say why the conversation went live. */
    public String why() {
        return why;
    }
}
