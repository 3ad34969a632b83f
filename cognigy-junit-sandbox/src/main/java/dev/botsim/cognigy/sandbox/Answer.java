package dev.botsim.cognigy.sandbox;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/** An HTTP answer before it is written: status, JSON body and extra headers ({@code Retry-After}). */
record Answer(int code, JsonNode body, Map<String, String> headers) {

    Answer {
        headers = Map.copyOf(headers);
    }

    static Answer of(int code, JsonNode body) {
        return new Answer(code, body, Map.of());
    }

    Answer withHeader(String name, String value) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new Answer(code, body, all);
    }
}
