package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.platform.commons.annotation.Testable;

/**
 * A multi-turn test written in code: the method takes a {@link BotSession}, and every
 * {@link BotSession#say(String)} is one turn in the same bot session.
 *
 * <pre>{@code
 * @Conversation
 * void orderThenHuman(BotSession bot) {
 *     bot.say("hi").expectIntent("greeting");
 *     bot.say("where is my order ORD_99").expectEntity("order_id", "ORD_99");
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Testable
@API(status = STABLE, since = "0.1")
public @interface Conversation {

    /** Test id ({@code ^test_[a-zA-Z0-9_]+$}); defaults to {@code test_<methodName>}. */
    String id() default "";

    /**
     * User id: any text up to 128 characters without control characters, as a REST Endpoint takes it; through the
     * simulation API only {@code ^usr_[a-zA-Z0-9]+$}, else the test fails before sending. Defaults to the class's, then
     * to the engine's.
     */
    String user() default "";

    /** Tags of this test, in addition to the class's. */
    String[] tags() default {};

    /**
     * The test's id in a test-management tool — a Jira/Xray key such as {@code BOT-123}, a TestRail case {@code C1234} —
     * given to its results for that tool to import them by ({@code SimulationRecord.externalId()}, {@code external_id}
     * in {@code results.json} and the webhook payload): any text up to 128 characters without whitespace or control
     * characters, used by one method of the class; the conversation's one test carries it. The default, {@code ""}, gives none.
     */
    String externalId() default "";

    /**
     * How many times the whole conversation runs, each time in a fresh session and a new instance of the class, from 1
     * to 1,000; the default, 0, runs it as often as {@code cognigy.repeat} says (once unless set). A run passes when the
     * method returns; the test passes when at least {@code cognigy.repeat.pass-ratio} of its runs pass, and reports how
     * stable the bot's last answers were.
     */
    int repeat() default 0;
}
