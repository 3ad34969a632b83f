package dev.botsim.cognigy.engine.execution;

import org.assertj.core.presentation.StandardRepresentation;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * How failure messages quote what the bot said: AssertJ's own representation, with every line break and control
 * character inside a quoted text escaped as {@link ConsoleText#oneLine} does. A failure message keeps the lines the
 * engine gives it, but a bot answer, an intent or a slot value can start none of its own: quoted raw,
 * {@code "Hello!\n::error::…"} or {@code "\n[INFO] BUILD SUCCESS"} would become a line of the CI log that the CI reads as
 * a command (a workflow annotation) or a reader as the build's verdict. Spaces and marks a reader cannot tell apart
 * (a no-break space, a zero-width space) are written as {@link ConsoleText#visible} writes them.
 */
final class OneLineRepresentation extends StandardRepresentation {

    static final OneLineRepresentation INSTANCE = new OneLineRepresentation(false);

    /**
     * The same for the checks of an answer's text: a long answer is quoted by its beginning, as
     * {@link ResponseText#excerpt} shortens it, since the failure's transcript shows it whole.
     */
    static final OneLineRepresentation ANSWER = new OneLineRepresentation(true);

    private final boolean excerpt;

    private OneLineRepresentation(boolean excerpt) {
        this.excerpt = excerpt;
    }

    @Override
    protected String toStringOf(String text) {
        return super.toStringOf(ConsoleText.visible(excerpt && text != null ? ResponseText.excerpt(text) : text));
    }

    @Override
    protected String toStringOf(Character c) {
        return c == null ? super.toStringOf((Character) null) : "'" + ConsoleText.oneLine(c.toString()) + "'";
    }

    @Override
    protected String fallbackToStringOf(Object object) {
        return ConsoleText.oneLine(super.fallbackToStringOf(object));
    }
}
