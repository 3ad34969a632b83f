package dev.botsim.cognigy.engine.execution;

import java.util.List;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.LooseText;
import dev.botsim.cognigy.engine.support.ShownText;
import dev.botsim.cognigy.engine.support.SpokenText;

/**
 * The checks of an answer's text that leave its wording free ({@code response_contains_any},
 * {@code response_not_contains}, {@code response_length}), and how their failures show texts: as the bot sent them,
 * and an SSML answer also as the checks read it, spoken, and one written with HTML also as a chat shows it.
 */
final class ResponseText {

    private ResponseText() {
    }

    /**
     * The texts of {@code phrases} that {@code text} contains, ignoring case, in their order: as a reader sees them, with
     * typographic quotes, dashes and spaces as the plain ones ({@link LooseText#contains}).
     */
    static List<String> containedIn(String text, List<String> phrases) {
        return LooseText.containedIn(text, phrases);
    }

    /**
     * The texts of {@code phrases} a caller may hear in {@code text}, in their order: also those an SSML answer says
     * only when a recording fails and its fallback text is spoken ({@link LooseText#mayBeHeardIn}).
     */
    static List<String> mayBeHeardIn(String text, List<String> phrases) {
        return LooseText.mayBeHeardIn(text, phrases);
    }

    /**
     * What a failure of {@code response_not_contains} adds after quoting the answer: how the check read it
     * ({@link #asSpoken}) and, when some of {@code found} is said only if a recording fails, that reading too.
     */
    static String asHeard(String text, List<String> found) {
        if (LooseText.containedIn(text, found).size() == found.size()) return asSpoken(text);
        return asSpoken(text) + " (when a recording fails, its fallback text spoken: " + quoted(SpokenText.ofFailedRecordings(text)) + ")";
    }

    /**
     * The answer's length in characters as a reader counts them: Unicode code points, so an emoji is one; an SSML
     * answer's as spoken, its markup not counted ({@link SpokenText}), and one written with HTML as a chat shows it, its
     * tags not counted and its references one character each ({@link ShownText}): its tags are how the channel shows
     * the words, not words, and a bot writes HTML for a channel that renders it.
     */
    static int length(String text) {
        String read = read(text);
        return read.codePointCount(0, read.length());
    }

    /**
     * The answer as the checks read it besides as written: an SSML answer as spoken ({@link SpokenText}), one written
     * with HTML as a chat shows it ({@link ShownText}), any other as written.
     */
    static String read(String text) {
        String spoken = SpokenText.of(text);
        return spoken == null || !spoken.equals(text) ? spoken : ShownText.of(text);
    }

    /**
     * How {@code response_length} counted, said after its number of characters: {@code  as spoken, its SSML markup not
     * counted}, {@code  as shown, its HTML markup not counted}, or nothing for an answer counted as written.
     */
    static String countedAs(String text) {
        if (SpokenText.holdsSpeech(text)) return " as spoken, its SSML markup not counted";
        return ShownText.holdsHtml(text) ? " as shown, its HTML markup not counted" : "";
    }

    /**
     * What a failure adds after quoting an answer as the bot sent it: for an SSML answer, how the check read it
     * ({@code  (SSML, read as spoken: "Your balance is $42.10 Anything else?")}); for one written with HTML, what a chat
     * shows ({@code  (HTML, as a chat shows it: "we can't offer a full refund")}); nothing for any other answer.
     */
    static String asSpoken(String text) {
        if (SpokenText.holdsSpeech(text)) return " (SSML, read as spoken: " + quoted(SpokenText.of(text)) + ")";
        String shown = ShownText.of(text);
        return text == null || shown.equals(text) ? "" : " (HTML, as a chat shows it: " + quoted(shown) + ")";
    }

    /**
     * Whether a {@code response_matches} pattern names markup itself, and so is matched with the answer as written: a
     * tag or the start of one ({@code <break}, {@code </b>}, {@code <a\s+href}), spelt out or with the regular
     * expression's own constructs ({@code <\w+}, {@code <\/?b>}, {@code <[^>]+>}, {@code <(b|i)>}, {@code <.*?>}), or a
     * character reference ({@code &amp;}, {@code &#39;}, {@code &\w+;}, {@code &#\d+;}). A regular expression's own
     * {@code (?<name>…)}, {@code (?<=…)} and {@code (?<!…)} are no markup, nor a {@code <} of the words ({@code a < b},
     * {@code x <= y}, {@code <3}, {@code <\d}, {@code a\s*<\s*b}) or an {@code &} of them or of a set ({@code R&D},
     * {@code [a-z&&[^e]]}).
     */
    static boolean namesMarkup(String pattern) {
        for (int at = pattern.indexOf('<'); at >= 0 && at + 1 < pattern.length(); at = pattern.indexOf('<', at + 1)) {
            if (at >= 2 && pattern.charAt(at - 1) == '?' && pattern.charAt(at - 2) == '(') continue;
            char next = pattern.charAt(at + 1);
            if (Character.isLetter(next) || next == '/' || next == '!' || next == '?' || next == '[' || next == '('
                    || next == '.') {
                return true;
            }
            if (next == '\\' && at + 2 < pattern.length()) {
                char escaped = pattern.charAt(at + 2);
                // <\d and <\s are words (<3, a < b), as a digit or a space after '<' are.
                if (escaped == '/' || Character.isLetter(escaped) && "dDs".indexOf(escaped) < 0) return true;
            }
        }
        for (int at = pattern.indexOf('&'); at >= 0 && at + 1 < pattern.length(); at = pattern.indexOf('&', at + 1)) {
            char next = pattern.charAt(at + 1);
            if (next == '#' || next == '\\' || next == '[' || next == '(') {
                // A reference written with the expression's own constructs ends with ';' a few characters on.
                for (int i = at + 2; i < pattern.length() && i <= at + 20 && !Character.isWhitespace(pattern.charAt(i)); i++) {
                    if (pattern.charAt(i) == ';') return true;
                }
            }
        }
        return !ShownText.of(pattern.replace("<", "")).equals(pattern.replace("<", ""));
    }

    /** Whether {@code length} lies in the range, both ends included; a negative end is open. */
    static boolean within(int length, int min, int max) {
        return (min < 0 || length >= min) && (max < 0 || length <= max);
    }

    /** {@code between 10 and 400 characters}, {@code at least 10 characters}, {@code at most 400 characters}. */
    static String range(int min, int max) {
        if (min >= 0 && max >= 0) return "between " + min + " and " + max + " characters";
        return min >= 0 ? "at least " + min + " characters" : "at most " + max + " characters";
    }

    static String quoted(List<String> texts) {
        return texts.stream().map(ResponseText::quoted).collect(Collectors.joining(", ", "[", "]"));
    }

    static String quoted(String text) {
        return '"' + ConsoleText.visible(excerpt(text)) + '"';
    }

    /** The text, or its beginning and its length when it is longer than a failure message shows. */
    static String excerpt(String text) {
        // A failure message shows at most this much of an answer: a generative answer can run to pages.
        return Excerpt.of(text, Excerpt.QUOTED);
    }
}
