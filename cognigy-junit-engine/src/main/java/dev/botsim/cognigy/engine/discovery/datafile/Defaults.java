package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The file's {@code defaults:} and top-level {@code locale:}; what a case says itself wins, tags add up, data
 * merges by key.
 */
record Defaults(String user, String platform, Map<String, Object> data, Set<String> tags, String locale) {

    static final Defaults NONE = new Defaults(null, null, Map.of(), Set.of(), null);

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
