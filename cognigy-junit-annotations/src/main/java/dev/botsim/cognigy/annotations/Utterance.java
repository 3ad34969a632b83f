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
 * One single-turn simulation per text in {@link #value()}: the text is sent to the bot and the
 * outcome checked against the expectations given here and by {@link ExpectEntity}. An attribute
 * left at its default is not checked; any other value follows the rules of a data file's case
 * ({@code docs/data-files.md}): texts are trimmed, and one that is only whitespace is reported,
 * as is an intent both expected and forbidden or a pattern that does not compile.
 *
 * <p>The method may be empty, or take a {@link SimulationResult} parameter for its own assertions,
 * which run after the declared expectations have passed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Testable
@API(status = STABLE, since = "0.1")
public @interface Utterance {

    /** What the user says. Several texts (variants) run as one test each, with the same expectations. */
    String[] value();

    /** Test id ({@code ^test_[a-zA-Z0-9_]+$}); defaults to {@code test_<methodName>}. */
    String id() default "";

    /** Expected intent. */
    String intent() default "";

    /** Intent the bot must not recognise. */
    String notIntent() default "";

    /**
     * Whether the bot must recognise no intent at all: for an out-of-scope sentence ("what's the weather", gibberish)
     * that the bot should answer with its fallback, not with one of its intents. It holds when the answer names no
     * intent — the best intent scored below the threshold, or a reject intent rejected the sentence — and fails when an
     * intent is recognised or asked back with its confirmation sentence. Not given together with {@link #intent()},
     * {@link #notIntent()} or {@link #intentMinScore()}. {@code false}, the default, checks nothing.
     */
    @API(status = STABLE, since = "0.1")
    boolean noIntent() default false;

    /** Lowest acceptable intent score, from 0 to 1; the default, -1, means not checked. */
    double intentMinScore() default -1;

    /** Expected flow the conversation moves to. */
    String nextFlow() default "";

    /** Text the bot's answer must contain, ignoring case and typography (quotes, dashes, spacing, Markdown emphasis). */
    String responseContains() default "";

    /** Regular expression the bot's answer must match (find, not full match). */
    String responseMatches() default "";

    /**
     * Error code a turn must carry, for negative tests ({@code FLOW_NOT_DEPLOYED}); when set, that
     * error makes the test pass instead of reporting a misconfiguration.
     */
    String errorCode() default "";

    /**
     * Whether the bot's answer is compared with its approved answer (snapshot testing): the first run records
     * the answer (intent, flow, text, slots) in the class's approval file under {@code src/test/cognigy/approved/}
     * ({@code cognigy.approve.dir}) and passes with a report entry saying so, unless the run is in CI
     * ({@code CI=true}), where a missing approved answer fails; later runs fail on any difference, field by
     * field. {@code -Dcognigy.approve=true} accepts the current answers. The other attributes are checked as
     * well, before the approved answer, and an answer that fails them is never approved. Each text of
     * {@link #value()} has an approved answer of its own ({@code test_x[1]}, {@code test_x[2]}). See
     * {@code docs/approved-answers.md}.
     */
    boolean approved() default false;

    /**
     * With {@link #approved()}: only these fields of the answer are approved and compared, for an answer whose
     * text varies: any of {@code intent}, {@code next_flow}, {@code text}, {@code entities}. Empty (the default)
     * approves all four; given without {@code approved = true} it is reported.
     */
    String[] approvedFields() default {};

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
     * characters, used by one method of the class; every text of the method runs as a test of its own, and each carries it: the tool's one test, whose result is theirs together. The default, {@code ""}, gives none.
     */
    String externalId() default "";

    /**
     * How many times each text runs, each time in a fresh session, from 1 to 1,000; the default, 0, runs it as often as
     * {@code cognigy.repeat} says (once unless set). A test that runs more than once passes when at least
     * {@code cognigy.repeat.pass-ratio} of its runs pass, and reports how stable the bot's answers were.
     */
    int repeat() default 0;
}
