package dev.botsim.cognigy.engine.execution;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.support.BotiumPattern;
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

    /**
     * Whether {@code pattern}'s {@code TEXT_REGEXP_*} parts ({@link BotiumPattern}) are searched in each output on its own:
     * where it has any and the outputs are known. With {@code outputsUnknown} the answer's lines stand for its outputs,
     * two of which may have been one, and the whole pattern is searched in their {@link #matchedOutputs}, as then.
     */
    static boolean searchesEachOutput(String pattern, boolean outputsUnknown) {
        return !outputsUnknown && BotiumPattern.marksAny(pattern);
    }

    /**
     * Whether {@code pattern} is found in the answer, each of its {@code TEXT_REGEXP_*} parts in some output on its own,
     * as Botium tests each bot message: no construct of such a part ({@code [\s\S]}, {@code \R}, {@code \W},
     * {@code [^x]}, {@code .} after {@code (?s)}) reaches from one output into the next, its {@code ^} and {@code $} are
     * an output's start and end, and no flag or group of one part reaches another. The rest of the pattern, its contained
     * texts and whole-output texts, is searched in {@code matched}, the answer's {@link #matchedOutputs}.
     *
     * @param outputs each output's text {@link #normalized}
     * @throws AssertionError when a search takes longer than {@link ResponsePattern#LIMIT}
     */
    static boolean finds(String pattern, List<String> outputs, String matched) {
        String resolved = BotiumPattern.resolved(pattern,
                part -> outputs.stream().anyMatch(output -> ResponsePattern.finds(part, output, ResponsePattern.LIMIT)));
        return ResponsePattern.finds(resolved, matched, ResponsePattern.LIMIT);
    }
}
