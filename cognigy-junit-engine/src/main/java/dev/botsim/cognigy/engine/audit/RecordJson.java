package dev.botsim.cognigy.engine.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one audit record: a JSON object (RFC 8259, nothing more lenient) on one line. The verifier
 * must not accept a line it cannot read as a record, and must run without the engine's JSON
 * library, hence this small reader. It keeps what the checks need: the record's top-level members
 * in order, each with its value and where the value is written; nested values are checked for
 * syntax and otherwise skipped.
 */
final class RecordJson {

    /** Deep enough for any record the engine writes; a limit keeps a hostile line from exhausting the stack. */
    static final int MAX_DEPTH = 64;

    /** A number as written: whether it is a whole number, and how big, is for the caller to judge. */
    record NumberLiteral(String text) {

        boolean isWholeNumber() {
            return text.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9'));
        }
    }

    /** The value of an object or array member, which the checks never look into. */
    enum Nested { OBJECT, ARRAY }

    /**
     * One top-level member: a {@code String}, {@link NumberLiteral}, {@code Boolean}, {@link Nested}
     * or {@code null} value, and the characters [start, end) it occupies in the line.
     */
    record Member(Object value, int start, int end) {
    }

    /** Why a line is not a JSON object, at which character (from 1). */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson(String problem, int position) {
            this(problem + " at character " + (position + 1));
        }

        NotJson(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Text from a record as a message shows it: quoted, control characters escaped so that one anomaly stays one
     * line, and cut short so that a hostile line cannot flood the output.
     */
    static String quoted(String text) {
        StringBuilder shown = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < 40; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
                shown.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        shown.append('"');
        if (text.length() > 40) shown.append("… (").append(text.length()).append(" characters)");
        return shown.toString();
    }

    private final String text;
    private int position;

    private RecordJson(String text) {
        this.text = text;
    }

    /** The line's top-level members in written order; a repeated key is refused, as readers disagree on it. */
    static Map<String, Member> members(String line) throws NotJson {
        RecordJson reader = new RecordJson(line);
        reader.skipWhitespace();
        if (reader.atEnd()) throw new NotJson("the line is empty", 0);
        if (reader.peek() != '{') throw new NotJson("a record is a JSON object, but the line starts with " + reader.shown(), reader.position);
        Map<String, Member> members = reader.object(1, true);
        reader.skipWhitespace();
        if (!reader.atEnd()) throw new NotJson("text follows the record's closing brace", reader.position);
        return members;
    }

    private Map<String, Member> object(int depth, boolean keep) throws NotJson {
        if (depth > MAX_DEPTH) throw new NotJson("values nested deeper than " + MAX_DEPTH + " levels", position);
        Map<String, Member> members = new LinkedHashMap<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        position++; // {
        skipWhitespace();
        if (!atEnd() && peek() == '}') {
            position++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (atEnd() || peek() != '"') throw new NotJson("expected a key in double quotes, found " + shown(), position);
            int keyAt = position;
            String key = string();
            if (!keys.add(key)) throw new NotJson("key " + quoted(key) + " appears twice (readers differ on which value counts)", keyAt);
            skipWhitespace();
            expect(':', "after a key");
            skipWhitespace();
            int start = position;
            Object value = value(depth);
            if (keep) members.put(key, new Member(value, start, position));
            skipWhitespace();
            if (atEnd()) throw new NotJson("the object is not closed", position);
            char next = text.charAt(position++);
            if (next == '}') return members;
            if (next != ',') throw new NotJson("expected ',' or '}' after a value, found " + quoted(String.valueOf(next)), position - 1);
        }
    }

    private void array(int depth) throws NotJson {
        if (depth > MAX_DEPTH) throw new NotJson("values nested deeper than " + MAX_DEPTH + " levels", position);
        position++; // [
        skipWhitespace();
        if (!atEnd() && peek() == ']') {
            position++;
            return;
        }
        while (true) {
            skipWhitespace();
            value(depth);
            skipWhitespace();
            if (atEnd()) throw new NotJson("the array is not closed", position);
            char next = text.charAt(position++);
            if (next == ']') return;
            if (next != ',') throw new NotJson("expected ',' or ']' after a value, found " + quoted(String.valueOf(next)), position - 1);
        }
    }

    private Object value(int depth) throws NotJson {
        if (atEnd()) throw new NotJson("expected a value, found the end of the line", position);
        char c = peek();
        switch (c) {
            case '{' -> {
                object(depth + 1, false);
                return Nested.OBJECT;
            }
            case '[' -> {
                array(depth + 1);
                return Nested.ARRAY;
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw new NotJson("expected a value, found " + shown(), position);
            }
        }
    }

    private String string() throws NotJson {
        int start = position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) throw new NotJson("the string is not closed", start);
            char c = text.charAt(position++);
            if (c == '"') return value.toString();
            if (c < 0x20) throw new NotJson("a control character inside a string", position - 1);
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (atEnd()) throw new NotJson("the string is not closed", start);
            char escaped = text.charAt(position++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    if (position + 4 > text.length()) throw new NotJson("a \\u escape needs four hex digits", position - 2);
                    String hex = text.substring(position, position + 4);
                    if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw new NotJson("a \\u escape needs four hex digits", position - 2);
                    }
                    value.append((char) Integer.parseInt(hex, 16));
                    position += 4;
                }
                default -> throw new NotJson("unknown escape \\" + escaped, position - 2);
            }
        }
    }

    private NumberLiteral number() throws NotJson {
        int start = position;
        if (peek() == '-') position++;
        if (atEnd() || !isDigit(peek())) throw new NotJson("a number needs digits", position);
        if (peek() == '0') {
            position++;
        } else {
            digits();
        }
        if (!atEnd() && peek() == '.') {
            position++;
            if (atEnd() || !isDigit(peek())) throw new NotJson("a number needs digits after '.'", position);
            digits();
        }
        if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
            position++;
            if (!atEnd() && (peek() == '+' || peek() == '-')) position++;
            if (atEnd() || !isDigit(peek())) throw new NotJson("a number needs digits in its exponent", position);
            digits();
        }
        return new NumberLiteral(text.substring(start, position));
    }

    private void digits() {
        while (!atEnd() && isDigit(peek())) position++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws NotJson {
        if (!text.startsWith(word, position)) throw new NotJson("expected a value, found " + shown(), position);
        position += word.length();
    }

    private void expect(char c, String where) throws NotJson {
        if (atEnd() || peek() != c) throw new NotJson("expected '" + c + "' " + where + ", found " + shown(), position);
        position++;
    }

    private void skipWhitespace() {
        while (!atEnd()) {
            char c = peek();
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return;
            position++;
        }
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return text.charAt(position);
    }

    /** The character at the current position as a message shows it: quoted, or "the end of the line". */
    private String shown() {
        if (atEnd()) return "the end of the line";
        return quoted(String.valueOf(peek()));
    }
}
