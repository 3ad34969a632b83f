package dev.botsim.cognigy.engine.discovery.rules;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules for what a test expects of the bot's answer, for data files and annotated classes
 * alike. Everything here is checked before anything is sent to a bot.
 */
public final class ExpectationRules {

    private ExpectationRules() {
    }

    /** A test cannot expect an intent and forbid it too: it could never pass. */
    public static Optional<Violation> notIntent(String intent, String notIntent) {
        if (intent == null || !intent.equals(notIntent)) {
            return Optional.empty();
        }
        return Optional.of(new Violation("equals 'intent' ('" + intent + "')",
                "a test cannot expect and forbid the same intent; remove one"));
    }

    /** A minimum intent score, when given, is a fraction: scores run from 0 to 1. */
    public static Optional<Violation> minScore(double score) {
        return score >= 0 && score <= 1 ? Optional.empty()
                : Optional.of(new Violation("is outside [0, 1]", "use a fraction such as 0.8"));
    }

    /** Compiled here so a broken pattern fails at discovery, not after the bot was called. */
    public static Optional<Violation> responseMatches(String pattern) {
        try {
            Pattern.compile(pattern);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(new Violation("is not a valid regular expression (" + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ")",
                    "fix the pattern; escape literal characters such as ( [ . ? with \\"));
        }
    }

    /** An entity is expected by its name. */
    public static Optional<Violation> entityName(String name) {
        return name == null || name.isBlank() ? Optional.of(new Violation("has an empty name", "name the entity"))
                : Optional.empty();
    }

    /** An entity's expected value is compared as text; an empty one would expect nothing. */
    public static Optional<Violation> entityValue(String value) {
        return value == null || value.isBlank()
                ? Optional.of(new Violation("has no value", "write the value the bot must extract"))
                : Optional.empty();
    }

    /** A score as written in code: {@code 2}, {@code 0.75}, {@code NaN}. */
    public static String shown(double score) {
        return Double.isFinite(score) ? BigDecimal.valueOf(score).stripTrailingZeros().toPlainString()
                : String.valueOf(score);
    }
}
