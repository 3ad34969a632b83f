package dev.botsim.cognigy.engine.support;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A chat answer written with HTML as a chat that renders HTML shows it. Cognigy's Webchat (v3) puts a text output's
 * text into the page as HTML, its sanitizer letting through the elements of ordinary text ({@code <b>}, {@code <a>},
 * {@code <p>}, {@code <ul>}, …) and removing scripts; so {@code we can&#39;t offer a <b>full</b> refund} is shown as
 * {@code we can't offer a full refund}. Read as shown, the tags of HTML's elements are left out, the text inside them kept,
 * a {@code <br>} and the bounds of a paragraph, a list item, a heading, a table row and other blocks a line break, a
 * table cell's a space, {@code <script>} and {@code <style>} elements and comments left out with what they hold, HTML's
 * character references a bot sends decoded ({@code &amp;}, {@code &nbsp;}, {@code &rsquo;}, {@code &#39;},
 * {@code &#x20AC;}) and every run of white space one space, or one line break where it holds one.
 *
 * <p>Only HTML is read so: a {@code <} followed by no HTML element's name ({@code a < b}, {@code <3}, {@code <ORD_99>},
 * {@code <customer name>}) is no tag, a browser shows it as written and so does this, and an {@code &} that starts no
 * reference this knows stays too. A text with neither tags nor references is returned as it is. The tags are found in one
 * pass ({@link Tags}) and the references too (a reference's {@code ;} is looked for at most ten characters on), so an
 * answer of 1 MiB of {@code <} with no {@code >}, or of {@code &} with no {@code ;}, is read at once.
 */
public final class ShownText {

    /** Elements of HTML a chat message may hold: their tags are markup, not words. */
    private static final Set<String> ELEMENTS = Set.of("a", "abbr", "address", "area", "article", "aside", "audio", "b",
            "bdi", "bdo", "big", "blockquote", "body", "br", "button", "caption", "center", "cite", "code", "col", "colgroup",
            "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "fieldset",
            "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup",
            "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "main", "map", "mark", "menu",
            "meter", "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "picture", "pre", "progress", "q",
            "rp", "rt", "ruby", "s", "samp", "section", "select", "small", "source", "span", "strike", "strong", "sub",
            "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "tr",
            "track", "tt", "u", "ul", "var", "video", "wbr");

    /** Elements a chat shows on lines of their own: their tags are a line break. */
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "br", "caption", "center",
            "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
            "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
            "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul");

    /** Table cells, shown side by side: their tags are a space. */
    private static final Set<String> CELLS = Set.of("td", "th");

    /**
     * HTML's named character references a bot's text really holds: punctuation and typography an editor or an LLM writes,
     * currency, and the accented letters of European languages; the five XML has and every numeric one are decoded as
     * {@link SpokenText} decodes them.
     */
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("nbsp", "\u00A0"), Map.entry("ensp", "\u2002"), Map.entry("emsp", "\u2003"), Map.entry("thinsp", "\u2009"),
            Map.entry("zwnj", "\u200C"), Map.entry("zwj", "\u200D"), Map.entry("shy", "\u00AD"),
            Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"), Map.entry("sbquo", "\u201A"),
            Map.entry("ldquo", "\u201C"), Map.entry("rdquo", "\u201D"), Map.entry("bdquo", "\u201E"),
            Map.entry("laquo", "\u00AB"), Map.entry("raquo", "\u00BB"), Map.entry("lsaquo", "\u2039"), Map.entry("rsaquo", "\u203A"),
            Map.entry("ndash", "\u2013"), Map.entry("mdash", "\u2014"), Map.entry("hellip", "\u2026"), Map.entry("bull", "\u2022"),
            Map.entry("middot", "\u00B7"), Map.entry("iexcl", "\u00A1"), Map.entry("iquest", "\u00BF"),
            Map.entry("copy", "\u00A9"), Map.entry("reg", "\u00AE"), Map.entry("trade", "\u2122"), Map.entry("deg", "\u00B0"),
            Map.entry("sect", "\u00A7"), Map.entry("para", "\u00B6"), Map.entry("plusmn", "\u00B1"), Map.entry("times", "\u00D7"),
            Map.entry("divide", "\u00F7"), Map.entry("micro", "\u00B5"), Map.entry("frac12", "\u00BD"),
            Map.entry("frac14", "\u00BC"), Map.entry("frac34", "\u00BE"), Map.entry("larr", "\u2190"), Map.entry("rarr", "\u2192"),
            Map.entry("euro", "\u20AC"), Map.entry("pound", "\u00A3"), Map.entry("yen", "\u00A5"), Map.entry("cent", "\u00A2"),
            Map.entry("auml", "\u00E4"), Map.entry("ouml", "\u00F6"), Map.entry("uuml", "\u00FC"), Map.entry("Auml", "\u00C4"),
            Map.entry("Ouml", "\u00D6"), Map.entry("Uuml", "\u00DC"), Map.entry("szlig", "\u00DF"),
            Map.entry("aacute", "\u00E1"), Map.entry("agrave", "\u00E0"), Map.entry("acirc", "\u00E2"), Map.entry("atilde", "\u00E3"),
            Map.entry("aring", "\u00E5"), Map.entry("aelig", "\u00E6"), Map.entry("ccedil", "\u00E7"),
            Map.entry("eacute", "\u00E9"), Map.entry("egrave", "\u00E8"), Map.entry("ecirc", "\u00EA"), Map.entry("euml", "\u00EB"),
            Map.entry("iacute", "\u00ED"), Map.entry("igrave", "\u00EC"), Map.entry("icirc", "\u00EE"), Map.entry("iuml", "\u00EF"),
            Map.entry("ntilde", "\u00F1"), Map.entry("oacute", "\u00F3"), Map.entry("ograve", "\u00F2"), Map.entry("ocirc", "\u00F4"),
            Map.entry("otilde", "\u00F5"), Map.entry("oslash", "\u00F8"), Map.entry("uacute", "\u00FA"), Map.entry("ugrave", "\u00F9"),
            Map.entry("ucirc", "\u00FB"), Map.entry("yacute", "\u00FD"), Map.entry("Aacute", "\u00C1"), Map.entry("Agrave", "\u00C0"),
            Map.entry("Ccedil", "\u00C7"), Map.entry("Eacute", "\u00C9"), Map.entry("Egrave", "\u00C8"), Map.entry("Ntilde", "\u00D1"),
            Map.entry("Oacute", "\u00D3"), Map.entry("Uacute", "\u00DA"), Map.entry("Aring", "\u00C5"), Map.entry("Oslash", "\u00D8"),
            Map.entry("AElig", "\u00C6"));

    private ShownText() {
    }

    /** Whether {@code text} holds HTML that {@link #of} reads otherwise than it is written. */
    public static boolean holdsHtml(String text) {
        return text != null && !of(text).equals(text);
    }

    /** {@code text} as a chat that renders HTML shows it; {@code text} itself when it holds no HTML. */
    public static String of(String text) {
        if (text == null || text.indexOf('<') < 0 && text.indexOf('&') < 0) return text;
        // A script or a style element is removed with what it holds; "<script" without its end tag is a word.
        String untagged = Tags.replaced(Tags.withoutScriptsAndStyles(text, ""), ShownText::replacement);
        String decoded = SpokenText.decoded(untagged, ShownText::character);
        if (decoded.equals(text)) return text;
        return spaced(decoded);
    }

    /**
     * What a tag is shown as: a line break, a space, or nothing; {@code null} when it is no tag of HTML and is shown as
     * written. A {@code <script>} or {@code <style>} tag is left for {@link Tags#withoutScriptsAndStyles}, which removes
     * the element with what it holds. Only the tag's beginning is read: its name ends within a few characters.
     */
    private static String replacement(CharSequence tag) {
        if (startsWith(tag, "<!--")) return endsWith(tag, "-->") ? "" : null;
        int at = tag.charAt(1) == '/' ? 2 : 1;
        int end = at;
        while (end < tag.length() && end - at <= 10 && isAsciiLetterOrDigit(tag.charAt(end))) end++;
        if (end == at || !isAsciiLetter(tag.charAt(at)) || end == tag.length()) return null;
        char after = tag.charAt(end);
        if (after != '>' && after != '/' && after != ' ' && after != '\t' && after != '\n' && after != '\r' && after != '\f') {
            return null;
        }
        String name = tag.subSequence(at, end).toString().toLowerCase(Locale.ROOT);
        if (name.equals("script") || name.equals("style")) return null;
        if (!ELEMENTS.contains(name)) return null;
        return BLOCKS.contains(name) ? "\n" : CELLS.contains(name) ? " " : "";
    }

    /** A reference's character: HTML's named ones above, XML's five and numeric ones as {@link SpokenText} has them. */
    private static String character(String reference) {
        String named = NAMED.get(reference);
        return named != null ? named : SpokenText.character(reference);
    }

    /**
     * Every run of HTML's white space (space, tab, line feed, form feed, carriage return) one space, or one line break
     * where it holds one; none at the text's ends. A no-break space is a character of the words, as a browser shows it.
     */
    private static String spaced(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!isHtmlSpace(c)) {
                out.append(c);
                i++;
                continue;
            }
            boolean lineBreak = false;
            while (i < text.length() && isHtmlSpace(text.charAt(i))) {
                lineBreak |= text.charAt(i) == '\n' || text.charAt(i) == '\r';
                i++;
            }
            if (!out.isEmpty() && i < text.length()) out.append(lineBreak ? '\n' : ' ');
        }
        return out.toString();
    }

    private static boolean isHtmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || c >= '0' && c <= '9';
    }

    private static boolean startsWith(CharSequence text, String prefix) {
        if (text.length() < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(i) != prefix.charAt(i)) return false;
        }
        return true;
    }

    private static boolean endsWith(CharSequence text, String suffix) {
        int from = text.length() - suffix.length();
        if (from < 0) return false;
        for (int i = 0; i < suffix.length(); i++) {
            if (text.charAt(from + i) != suffix.charAt(i)) return false;
        }
        return true;
    }
}
