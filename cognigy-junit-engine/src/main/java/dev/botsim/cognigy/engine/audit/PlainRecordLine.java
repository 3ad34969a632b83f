package dev.botsim.cognigy.engine.audit;

import java.util.Map;

/**
 * A record whose members are texts and whole numbers as one line of JSON, written as {@link RecordLine} writes it —
 * {@code "}, {@code \} and control characters escaped, other characters as they are, half of a surrogate pair standing
 * alone as U+FFFD — with the JDK alone: the records the rotation writes ({@code CONTINUATION}, {@code TRUNCATED_TAIL}),
 * from the engine's jar without its dependencies.
 */
final class PlainRecordLine {

    private PlainRecordLine() {
    }

    static String of(Map<String, Object> record) {
        StringBuilder line = new StringBuilder("{");
        record.forEach((name, value) -> {
            if (line.length() > 1) line.append(',');
            text(line, name);
            line.append(':');
            if (value instanceof String text) text(line, text);
            else if (value instanceof Long || value instanceof Integer) line.append(value);
            else throw new IllegalArgumentException("a text or a whole number, not " + value.getClass().getSimpleName());
        });
        return line.append('}').toString();
    }

    private static void text(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\b' -> line.append("\\b");
                case '\f' -> line.append("\\f");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        line.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        line.append('\uFFFD');
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
