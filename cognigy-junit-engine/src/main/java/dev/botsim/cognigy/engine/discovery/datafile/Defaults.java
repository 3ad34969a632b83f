package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The file's {@code defaults:}; what a case says itself wins, tags add up, context merges by key. */
record Defaults(String user, String platform, Map<String, Object> context, Set<String> tags) {

    static final Defaults NONE = new Defaults(null, null, Map.of(), Set.of());

    String user(String own) {
        return own != null ? own : user;
    }

    String platform(String own) {
        return own != null ? own : platform;
    }

    Map<String, Object> context(Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(context);
        merged.putAll(own);
        return merged;
    }

    Set<String> tags(Set<String> own) {
        Set<String> union = new LinkedHashSet<>(tags);
        union.addAll(own);
        return union;
    }
}
