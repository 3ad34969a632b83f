package dev.botsim.cognigy.engine.support;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer of a voice bot as the caller hears it. A voice bot's Say node may write its text as SSML, a {@code <speak>}
 * document ({@code <speak>Your balance is <say-as interpret-as="currency">$42.10</say-as><break time="500ms"/> Anything
 * else?</speak>}), and a REST Endpoint returns that text as written. Read as spoken it is {@code Your balance is $42.10
 * Anything else?}: the markup left out, the text of {@code <say-as>}, {@code <prosody>}, {@code <emphasis>},
 * {@code <phoneme>}, {@code <lang>} and the like kept, a {@code <break>} and the bounds of {@code <p>}, {@code <s>} and
 * {@code <voice>} a space, a {@code <sub alias="…">} its alias (what the caller hears instead of the written text), an
 * {@code <audio>} a space and its content left out (a recording plays; its text is the fallback for a recording that
 * fails, read by {@link #ofFailedRecordings}),
 * comments left out, XML's character references decoded ({@code &amp;} as {@code &}, {@code &#8364;} as {@code €}) and
 * every run of white space one space.
 *
 * <p>Only a {@code <speak>} document is SSML: a text that starts with {@code <speak} is what Voice Gateway's speech
 * synthesis (jambonz's speech-utils) sends to the TTS vendor as SSML, and any other text as plain text. Here that is a
 * {@code <speak>} element standing on lines of its own in the answer — an output's text starts a line of the answer —
 * from {@code <speak>} (or {@code <speak …>} with attributes) at a line's start to the first {@code </speak>} that ends a
 * line. Everything else stays as written here, so {@code a < b}, {@code <b>bold</b>} of a chat answer (which
 * {@link ShownText} reads as a chat shows it) or {@code <speak>} quoted within a sentence is no speech. A document that is no well-formed markup (a tag never
 * closed with {@code >}, an element left open) stays as written too: a TTS vendor would refuse it.
 */
public final class SpokenText {


    /**
     * Elements whose bounds are a pause, a new sentence or a sound, read as a space: {@code Thanks.<break/>Bye} is two
     * words, and so is {@code moment.<audio src="…"/>Thanks}.
     */
    private static final java.util.Set<String> SPACED = java.util.Set.of("speak", "break", "p", "s", "voice", "paragraph", "sentence",
            "audio");

    private static final Pattern ALIAS = Pattern.compile("(?:^|[ \\t\\r\\n])alias[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:\"([^\"]*)\"|'([^']*)')");

    private SpokenText() {
    }

    /** Whether {@code text} holds a {@code <speak>} document that {@link #of} reads as spoken. */
    public static boolean holdsSpeech(String text) {
        return text != null && text.contains("<speak") && !of(text).equals(text);
    }

    /**
     * {@code text} with each {@code <speak>} document in it read as spoken, the rest as written; {@code text} itself when
     * it holds none.
     */
    public static String of(String text) {
        return read(text, false);
    }

    /**
     * {@code text} read as spoken ({@link #of}) when every recording fails: each {@code <audio>}'s fallback text spoken
     * in its place (its {@code <desc>}, a description of the recording for text-only output, still not). A caller hears
     * it when a recording's URL is unreachable or its format unplayable, so a phrase that must never be said is looked
     * for here too.
     */
    public static String ofFailedRecordings(String text) {
        return read(text, true);
    }

    private static String read(String text, boolean failedRecordings) {
        if (text == null || !text.contains("<speak")) return text;
        StringBuilder read = null;
        int written = 0;
        for (int[] document = document(text, 0); document != null; document = document(text, document[1])) {
            String spoken = spoken(text.substring(document[0], document[1]), failedRecordings);
            if (spoken == null) continue;
            if (read == null) read = new StringBuilder(text.length());
            read.append(text, written, document[0]).append(spoken);
            written = document[1];
        }
        if (read == null) return text;
        return read.append(text, written, text.length()).toString();
    }

    /**
     * The next {@code <speak>} element on lines of its own from {@code from}, as its start and end: {@code <speak>} or
     * {@code <speak …>} at a line's start (after spaces or tabs), to the first {@code </speak>} after its start tag that
     * ends a line (before spaces or tabs and a line break, or the text's end); {@code null} when there is none. Found in
     * one pass over the text: a search for each start that reads on to the text's end for its end took minutes on an
     * answer of many lines starting {@code <speak>} and none ending {@code </speak>}. A start whose element has no end has
     * none after it either (each later start's tag ends no earlier), so the search stops at the first such.
     */
    static int[] document(String text, int from) {
        for (int at = text.indexOf("<speak", from); at >= 0; at = text.indexOf("<speak", at + 1)) {
            if (!atLineStart(text, at)) continue;
            int after = at + "<speak".length();
            if (after == text.length()) return null;
            char next = text.charAt(after);
            int tagEnd;
            if (next == '>') {
                tagEnd = after;
            } else if (next == ' ' || next == '\t' || next == '\r' || next == '\n') {
                tagEnd = text.indexOf('>', after);
                if (tagEnd < 0) return null;
            } else {
                continue; // <speaker>, <speak-as>: no speak element
            }
            int end = endTag(text, tagEnd + 1);
            return end < 0 ? null : new int[] {at, end};
        }
        return null;
    }

    /** Whether only spaces and tabs stand between {@code at} and the start of its line (or of the text). */
    private static boolean atLineStart(String text, int at) {
        int i = at;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) i--;
        return i == 0 || lineBreak(text.charAt(i - 1));
    }

    /** Where the first {@code </speak>} from {@code from} that ends a line ends; -1 when none does. */
    private static int endTag(String text, int from) {
        for (int at = text.indexOf("</speak>", from); at >= 0; at = text.indexOf("</speak>", at + 1)) {
            int end = at + "</speak>".length();
            int i = end;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
            if (i == text.length() || lineBreak(text.charAt(i))) return end;
        }
        return -1;
    }

    /** A character that ends a line, as a regular expression's {@code ^} and {@code $} read it. */
    private static boolean lineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /**
     * Whether {@code text} is written with markup: it holds a tag or the start of one ({@code <say-as},
     * {@code </speak>}, {@code <break time="500ms"/>}, {@code <!--}), not only the {@code <} of a comparison
     * ({@code a < b}, {@code x<3}).
     */
    public static boolean markedUp(String text) {
        if (text == null) return false;
        for (int at = text.indexOf('<'); at >= 0 && at + 1 < text.length(); at = text.indexOf('<', at + 1)) {
            char next = text.charAt(at + 1);
            if (Character.isLetter(next) || next == '/' || next == '!' || next == '?') return true;
        }
        return false;
    }

    /**
     * A {@code <speak>} document's words as spoken, its recordings played or, when {@code failedRecordings}, their
     * fallback texts spoken; {@code null} when it is no well-formed markup.
     */
    private static String spoken(String document, boolean failedRecordings) {
        StringBuilder words = new StringBuilder(document.length());
        // The elements open, innermost last, each with whether what is written in it goes unspoken.
        java.util.ArrayDeque<Open> open = new java.util.ArrayDeque<>();
        // How many of the open elements leave what is written in them unspoken (<sub alias>, <audio>, <desc>).
        int unspoken = 0;
        int at = 0;
        while (at < document.length()) {
            if (document.charAt(at) != '<') {
                int next = document.indexOf('<', at);
                int end = next < 0 ? document.length() : next;
                if (unspoken == 0) words.append(decoded(document.substring(at, end)));
                at = end;
                continue;
            }
            if (document.startsWith("<!--", at)) {
                int end = document.indexOf("-->", at + 4);
                if (end < 0) return null;
                at = end + 3;
                continue;
            }
            int end = tagEnd(document, at);
            if (end < 0) return null;
            String tag = document.substring(at + 1, end);
            at = end + 1;
            boolean closing = tag.startsWith("/");
            boolean empty = !closing && tag.endsWith("/");
            String body = tag.substring(closing ? 1 : 0, empty ? tag.length() - 1 : tag.length());
            int nameEnd = 0;
            while (nameEnd < body.length() && !Character.isWhitespace(body.charAt(nameEnd))) nameEnd++;
            String name = body.substring(0, nameEnd);
            if (name.isEmpty() || !Character.isLetter(name.charAt(0))) return null;
            if (SPACED.contains(name)) words.append(' ');
            if (closing) {
                Open element = open.pollLast();
                if (element == null || !element.name().equals(name)) return null;
                if (element.unspoken()) unspoken--;
                continue;
            }
            if (empty) continue;
            boolean silent = name.equals("audio") && !failedRecordings || name.equals("desc");
            if (name.equals("sub")) {
                Matcher alias = ALIAS.matcher(body.substring(nameEnd));
                // A <sub> without an alias is spoken as written.
                if (alias.find()) {
                    if (unspoken == 0) words.append(decoded(alias.group(1) != null ? alias.group(1) : alias.group(2)));
                    silent = true;
                }
            }
            open.addLast(new Open(name, silent));
            if (silent) unspoken++;
        }
        if (!open.isEmpty()) return null;
        return words.toString().replaceAll("[\\s\\u00A0]+", " ").strip();
    }

    /** An element open in a document, and whether what is written in it goes unspoken. */
    private record Open(String name, boolean unspoken) {
    }

    /** Where the tag starting at {@code at} ends (its {@code >}), quoted attribute values skipped; -1 when it does not. */
    private static int tagEnd(String text, int at) {
        char quote = 0;
        for (int i = at + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            } else if (c == '<') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * XML's character references decoded: the five named ones and numeric ones of a character XML has; any other stays as
     * written ({@code &nbsp;}, and {@code &#xD800;}, which would be half a surrogate pair). A reference is at most ten
     * characters from {@code &} to {@code ;}, so its {@code ;} is looked for no further: the text is read in one pass
     * however many {@code &} it holds.
     */
    static String decoded(String text) {
        return decoded(text, SpokenText::character);
    }

    /**
     * {@code text} with each reference {@code character} knows ({@code amp}, {@code #39}: what stands between {@code &} and
     * {@code ;}) decoded, any other left as written; read in one pass, as {@link #decoded(String)}.
     */
    static String decoded(String text, Function<String, String> character) {
        if (text.indexOf('&') < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int semicolon = c == '&' ? semicolon(text, i) : -1;
            String reference = semicolon > i ? text.substring(i + 1, semicolon) : null;
            String decoded = reference == null ? null : character.apply(reference);
            if (decoded == null) {
                out.append(c);
                i++;
            } else {
                out.append(decoded);
                i = semicolon + 1;
            }
        }
        return out.toString();
    }

    /** The first {@code ;} after the {@code &} at {@code at} and at most ten characters from it, or -1. */
    private static int semicolon(String text, int at) {
        int last = Math.min(text.length() - 1, at + 10);
        for (int i = at + 1; i <= last; i++) {
            if (text.charAt(i) == ';') return i;
        }
        return -1;
    }

    /**
     * Whether {@code cp} is a character an XML document may hold (XML 1.0's {@code Char}): tab, line feed, carriage
     * return and every code point from U+0020 on but the surrogates, U+FFFE and U+FFFF.
     */
    private static boolean isXmlCharacter(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= Character.MAX_CODE_POINT);
    }

    static String character(String reference) {
        switch (reference) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            default: break;
        }
        boolean hex = reference.startsWith("#x") || reference.startsWith("#X");
        String digits = hex ? reference.substring(2) : reference.startsWith("#") ? reference.substring(1) : "";
        // ASCII digits alone: a sign (&#+65;) or another script's digits make no reference, though a number parses so.
        boolean digitsAlone = !digits.isEmpty() && digits.length() <= 8 && digits.chars()
                .allMatch(c -> c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'));
        if (!digitsAlone) return null;
        long cp = Long.parseLong(digits, hex ? 16 : 10);
        return cp <= Character.MAX_CODE_POINT && isXmlCharacter((int) cp) ? new String(Character.toChars((int) cp)) : null;
    }
}
