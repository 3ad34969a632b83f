package dev.botsim.cognigy.engine.support;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The language a locale tag names, as the engine reads it wherever it compares languages: a two-letter language, as
 * Cognigy's NLU languages are ({@code en-US}, {@code de-DE}), then optional subtags of letters and digits, each after a
 * {@code -} (or a {@code _}, as {@code de_DE} is written elsewhere). A locale named {@code Eng}, {@code Deu} or
 * {@code German} says no language for sure, and is read as none. The sandbox's bot definition accepts no {@code locale}
 * this does not read (its own copy of the rule, the sandbox not depending on the engine).
 */
public final class LanguageTag {

    private static final Pattern TAG = Pattern.compile("([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*");

    private LanguageTag() {
    }

    /** The language of {@code tag} ({@code de} of {@code de-DE}, {@code de_DE}, {@code DE}), lower-case; empty when it is no such tag. */
    public static Optional<String> language(String tag) {
        if (tag == null) return Optional.empty();
        java.util.regex.Matcher read = TAG.matcher(tag.strip());
        return read.matches() ? Optional.of(read.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * {@code tag} in its usual case ({@code de-de} is {@code de-DE}, {@code zh-hant-tw} is {@code zh-Hant-TW}: tags are not
     * case-sensitive), so that one locale written two ways is one name; anything that is not such a tag, as written
     * (trimmed).
     */
    public static String canonical(String tag) {
        String trimmed = tag.strip();
        String canonical = Locale.forLanguageTag(trimmed).toLanguageTag();
        return canonical.equalsIgnoreCase(trimmed) ? canonical : trimmed;
    }

    /** Whether {@code tag} is a language alone, without region or script: {@code de}, {@code FR}. */
    public static boolean isLanguageAlone(String tag) {
        return tag != null && tag.length() == 2 && language(tag).isPresent();
    }
}
