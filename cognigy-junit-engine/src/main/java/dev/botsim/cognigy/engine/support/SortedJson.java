package dev.botsim.cognigy.engine.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON values (maps, lists, scalars) in a stable order: every map's keys sorted, at every depth. */
public final class SortedJson {

    private SortedJson() {
    }

    public static Map<String, Object> sorted(Map<String, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, sortedValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    public static Object sortedValue(Object value) {
        if (value instanceof Map<?, ?> m) return sorted((Map<String, ?>) m);
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object one : l) out.add(sortedValue(one));
            return out;
        }
        return value;
    }
}
