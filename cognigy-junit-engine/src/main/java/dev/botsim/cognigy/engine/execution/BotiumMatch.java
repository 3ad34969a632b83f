package dev.botsim.cognigy.engine.execution;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.support.BotiumText;

/**
 * How Botium compares, for expectations read from its convo files ({@code Expectation.Matching.BOTIUM}): its default
 * matching mode ({@code wildcardIgnoreCase}) looks for the expected text, {@code *} standing for anything, anywhere
 * in the actual one, ignoring case; its default normalization ({@code SCRIPTING_NORMALIZE_TEXT}) first removes
 * markup from texts and turns every run of whitespace, a line break too, into one space.
 */
final class BotiumMatch {

    /** Said in a failure: how the expected text was compared. */
    static final String HOW = "Botium's matching: contained, ignoring case, * for anything";

    private BotiumMatch() {
    }

    /** Whether {@code actual} contains {@code expected}, ignoring case, each {@code *} of it standing for anything. */
    static boolean contains(String actual, String expected) {
        if (actual == null) return false;
        String in = actual.toLowerCase(Locale.ROOT);
        int from = 0;
        // The first place each piece occurs leaves the most room for the pieces after it.
        for (String piece : expected.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            int at = in.indexOf(piece, from);
            if (at < 0) return false;
            from = at + piece.length();
        }
        return true;
    }

    /** A text as Botium compares it: markup removed, its entities decoded, whitespace (line breaks too) as one space. */
    static String normalized(String text) {
        return BotiumText.normalized(text);
    }

    /**
     * The answer as Botium compares each of its messages, for patterns that tell its outputs apart: each output
     * {@link #normalized} on its own, whole — its own line breaks as spaces — and a line break between two outputs, so
     * that a line of it is an output.
     */
    static String normalizedOutputs(List<String> outputTexts) {
        return outputTexts.stream().map(BotiumMatch::normalized).collect(Collectors.joining("\n"));
    }

    /**
     * The answer as Botium's patterns are matched in ({@code discovery.botium.ConvoBinder}), from its
     * {@link #normalizedOutputs}: between two outputs a line separator (U+2028), which {@code ^}, {@code $} and {@code .}
     * take for a line's end but {@code \s} not for whitespace, so that no whitespace of a whole output's text matches the
     * break between two outputs, as Botium compares each message whole. With {@code outputsUnknown} — the turns' lines
     * taken for the outputs, two of which may have been one when a cassette recorded before the outputs' texts were
     * recorded the answer — the line break between two of them, which {@code \s} matches, as then. A normalized output
     * holds no line break of its own, so each one there is the break between two outputs.
     */
    static String matchedOutputs(String normalizedOutputs, boolean outputsUnknown) {
        return outputsUnknown ? normalizedOutputs : normalizedOutputs.replace('\n', '\u2028');
    }
}
