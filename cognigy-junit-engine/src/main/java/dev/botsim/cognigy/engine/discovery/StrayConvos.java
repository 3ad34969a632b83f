package dev.botsim.cognigy.engine.discovery;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.discovery.botium.BotiumFiles;
import dev.botsim.cognigy.engine.discovery.datafile.Documents;

/**
 * Botium reads every YAML and JSON file of its folders; discovery reads only those named {@code *.convo.*} or
 * {@code *.utterances.*}, since a test folder holds other YAML and JSON. A file beside Botium's files that holds
 * convos all the same would not run, and nothing would say so: it is pointed out with the name to give it. A warning,
 * not a failing test: the file may be something else that happens to have a {@code convos} key.
 */
final class StrayConvos {

    private StrayConvos() {
    }

    /** Whether a file of this name, beside Botium's files, may be a convo file that is not read. */
    static boolean candidate(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !DataFiles.isDataFile(name) && (lower.endsWith(".yml") || lower.endsWith(".yaml") || lower.endsWith(".json"));
    }

    /**
     * The warning for a file named {@code shown} whose bytes are a YAML or JSON mapping with Botium's {@code convos}
     * or {@code utterances}; empty for anything else, a file that cannot be read as such included.
     */
    static Optional<String> warning(String shown, byte[] bytes, int maxBytes) {
        Documents.Text text = Documents.text(shown, bytes, maxBytes);
        if (text.text() == null) return Optional.empty();
        String lower = shown.toLowerCase(Locale.ROOT);
        boolean yaml = !lower.endsWith(".json");
        Documents.Tree tree = Documents.tree(shown, text.text(), yaml, maxBytes);
        if (tree.root() == null || !(tree.root().content() instanceof Map<?, ?> fields)) return Optional.empty();
        String key = fields.containsKey("convos") ? "convos" : fields.containsKey("utterances") ? "utterances" : null;
        if (key == null) return Optional.empty();
        int dot = shown.lastIndexOf('.');
        String renamed = shown.substring(shown.lastIndexOf('/') + 1, dot) + (key.equals("convos") ? ".convo" : ".utterances")
                + shown.substring(dot);
        return Optional.of(shown + ": holds Botium " + key + " ('" + key + ":') beside Botium's files but is not read — a"
                + " YAML or JSON Botium file needs ." + (key.equals("convos") ? "convo" : "utterances") + ". before its"
                + " extension (Botium's " + BotiumFiles.patterns() + "): rename it " + renamed);
    }
}
