package dev.botsim.cognigy.engine.support;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Texts in Unicode's composed form (NFC), the form expectations hold theirs in: "u" followed by U+0308 COMBINING
 * DIAERESIS, as a file saved on macOS or a name copied from a file name may hold it, is the "ü" a reader sees.
 */
public final class ComposedText {

    private ComposedText() {
    }

    /** {@code text} composed (NFC): itself when it already is; {@code null} stays {@code null}. */
    public static String of(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /**
     * {@code value} with every text in it composed, the texts of its lists and the keys and values of its maps too (a
     * slot's value, as JSON gives it): itself when all already are. Numbers, booleans and {@code null} stay as they are.
     */
    public static Object value(Object value) {
        if (value instanceof String text) return of(text);
        if (value instanceof List<?> list) {
            List<Object> composed = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object item : list) {
                Object one = value(item);
                changed |= one != item;
                composed.add(one);
            }
            return changed ? Collections.unmodifiableList(composed) : list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> composed = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = value(entry.getKey());
                Object one = value(entry.getValue());
                changed |= key != entry.getKey() || one != entry.getValue();
                composed.put(key, one);
            }
            return changed ? Collections.unmodifiableMap(composed) : map;
        }
        return value;
    }
}
