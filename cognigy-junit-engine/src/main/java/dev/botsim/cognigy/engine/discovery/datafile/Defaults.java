package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The file's {@code defaults:} and top-level {@code locale:} and {@code repeat:}; what a case says itself wins, tags
 * add up, data merges by key.
 *
 * @param repeat the file's {@code repeat:}, or 0 when it has none (the run's {@code cognigy.repeat})
 */
record Defaults(String user, String platform, Map<String, Object> data, Set<String> tags, String locale, int repeat) {

    static final Defaults NONE = new Defaults(null, null, Map.of(), Set.of(), null, 0);

    Defaults withRepeat(int repeat) {
        return new Defaults(user, platform, data, tags, locale, repeat);
    }

    int repeat(int own) {
        return own > 0 ? own : repeat;
    }

    String user(String own) {
        return own != null ? own : user;
    }

    String platform(String own) {
        return own != null ? own : platform;
    }

    String locale(String own) {
        return own != null ? own : locale;
    }

    Map<String, Object> data(Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(data);
        merged.putAll(own);
        return merged;
    }

    Set<String> tags(Set<String> own) {
        Set<String> union = new LinkedHashSet<>(tags);
        union.addAll(own);
        return union;
    }
}
