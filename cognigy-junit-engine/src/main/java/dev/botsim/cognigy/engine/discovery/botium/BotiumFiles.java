package dev.botsim.cognigy.engine.discovery.botium;

import java.util.Locale;
import java.util.Optional;

/**
 * Botium's file names, told apart by suffix as Botium does. Botium reads any {@code *.yml} or {@code *.json} in its
 * convo folder; here a YAML or JSON file is a Botium file only with {@code .convo.} or {@code .utterances.} before
 * its extension, since a test folder holds other YAML and JSON too.
 */
public final class BotiumFiles {

    /** What a Botium file holds and how it is written. */
    enum Kind {
        CONVO_TXT(".convo.txt"),
        UTTERANCES_TXT(".utterances.txt"),
        CONVO_YAML(".convo.yml", ".convo.yaml"),
        CONVO_JSON(".convo.json"),
        UTTERANCES_YAML(".utterances.yml", ".utterances.yaml"),
        UTTERANCES_JSON(".utterances.json"),
        /**
         * Botium's scripting memory and CSV files: not read, but found and reported, as the convos that use them
         * would otherwise run as if they were not there ($variables sent as written, lists' names sent as text).
         */
        UNREAD(".scriptingmemory.txt", ".convo.csv", ".pconvo.csv", ".utterances.csv", ".utterance.csv");

        private final String[] suffixes;

        Kind(String... suffixes) {
            this.suffixes = suffixes;
        }

        boolean text() {
            return this == CONVO_TXT || this == UTTERANCES_TXT;
        }

        /** Whether the file holds utterance lists only ({@code *.utterances.txt|yml|yaml|json}). */
        boolean utterances() {
            return this == UTTERANCES_TXT || this == UTTERANCES_YAML || this == UTTERANCES_JSON;
        }

        boolean yaml() {
            return this == CONVO_YAML || this == UTTERANCES_YAML;
        }
    }

    private BotiumFiles() {
    }

    /** Whether the name is one of Botium's suite files (case-insensitive). */
    public static boolean isBotiumFile(String name) {
        return kind(name).isPresent();
    }

    /** Botium's suffixes of files that hold tests, as users write them: {@code *.convo.txt, *.utterances.txt, ...}. */
    public static String patterns() {
        return java.util.Arrays.stream(Kind.values()).filter(kind -> kind != Kind.UNREAD)
                .flatMap(kind -> java.util.Arrays.stream(kind.suffixes))
                .map(suffix -> "*" + suffix).collect(java.util.stream.Collectors.joining(", "));
    }

    static Optional<Kind> kind(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Kind kind : Kind.values()) {
            for (String suffix : kind.suffixes) {
                if (lower.endsWith(suffix)) return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The file's name without folders and without its Botium suffix: {@code greeting} for {@code a/greeting.convo.txt}. */
    static String baseName(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        for (String marker : new String[] {".convo.", ".utterances."}) {
            int at = lower.lastIndexOf(marker);
            if (at > 0) return name.substring(0, at);
        }
        return name;
    }
}
