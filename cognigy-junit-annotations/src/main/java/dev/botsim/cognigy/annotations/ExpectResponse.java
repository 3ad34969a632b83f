package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Checks of an {@link Utterance}'s answer text that leave its wording free, for bots whose answers vary (generative
 * answers, LLM prompt nodes): any of several phrasings, phrases that must never appear, and a length range. Each
 * attribute left at its default is not checked; texts are trimmed and compared ignoring case and typography (quotes,
 * dashes, spacing, Markdown emphasis: docs/data-files.md), and one that is empty
 * or only whitespace is reported, as in a data file's {@code response_contains_any}, {@code response_not_contains} and
 * {@code response_length} ({@code docs/data-files.md}).
 *
 * <pre>{@code
 * @Utterance("where is my order")
 * @ExpectResponse(containsAny = {"order number", "tracking"}, notContains = {"sorry", "error"}, minLength = 10, maxLength = 400)
 * void orderStatus() { }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@API(status = STABLE, since = "0.1")
public @interface ExpectResponse {

    /** Texts of which the answer must contain at least one, ignoring case and typography. */
    String[] containsAny() default {};

    /** Texts the answer must contain none of, ignoring case and typography. */
    String[] notContains() default {};

    /** Fewest characters (Unicode code points) the answer's text may have; the default, -1, leaves it open. */
    int minLength() default -1;

    /** Most characters (Unicode code points) the answer's text may have; the default, -1, leaves it open. */
    int maxLength() default -1;
}
