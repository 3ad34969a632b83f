package dev.botsim.cognigy.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic NLU: entities by pattern and keyphrase, intents by cosine similarity of word,
 * word-pair and character-trigram features against every example sentence. Entity values are
 * replaced by their entity's name before comparing, so "order status ORD_12" matches the example
 * "order status ORD_99". Same input, same answer, always.
 */
final class Nlu {

    /**
     * What the NLU understood: the best intent (or {@code null}), its score and the entities; {@code askedBack} is the
     * confirmation sentence the bot asks when the best intent has one and scored between the thresholds, where it is not
     * taken ({@code intent} is then {@code null}), else {@code null}.
     */
    record Understanding(String intent, String flowId, double score, Map<String, Object> entities, String askedBack) {

        Understanding(String intent, String flowId, double score, Map<String, Object> entities) {
            this(intent, flowId, score, entities, null);
        }
    }

    private record Example(BotDefinition.Intent intent, String flowId, Map<String, Double> features, double norm) {
    }

    /**
     * An entity's extractor; {@code keyphrases} is empty for a pattern entity. A keyphrase found gives the keyphrase as
     * the bot lists it, whatever case it was written in, as a Cognigy lexicon slot's {@code keyphrase} is the lexicon's.
     */
    private record Extractor(String name, Pattern pattern, List<String> keyphrases) {

        String value(String found) {
            return keyphrases.stream().filter(k -> k.equalsIgnoreCase(found)).findFirst().orElse(found);
        }
    }

    private final BotDefinition bot;
    private final List<Extractor> extractors = new ArrayList<>();
    private final List<Example> examples = new ArrayList<>();

    Nlu(BotDefinition bot) {
        this.bot = bot;
        for (BotDefinition.Entity entity : bot.entities()) {
            Pattern pattern = entity.pattern() != null ? Pattern.compile(entity.pattern())
                    : Pattern.compile("(?<![\\p{L}\\p{N}_])(" + String.join("|", entity.keyphrases().stream().map(Pattern::quote).toList())
                            + ")(?![\\p{L}\\p{N}_])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            extractors.add(new Extractor(entity.name(), pattern, entity.keyphrases()));
        }
        for (BotDefinition.Flow flow : bot.flows()) {
            for (BotDefinition.Intent intent : flow.intents()) {
                for (String example : intent.examples()) {
                    Map<String, Double> features = features(masked(example));
                    examples.add(new Example(intent, flow.id(), features, norm(features)));
                }
            }
        }
    }

    Understanding understand(String text) {
        return understand(text, flowId -> true);
    }

    /**
     * What the model of a flow finds in {@code text}: only the intents of the flows {@code inScope} accepts compete, as
     * a Cognigy flow's model holds its own intents and those of the flows attached to it, and as Cognigy decides: a
     * disabled intent never competes; below the threshold, or with a reject intent best, no intent is recognised; an
     * intent with a confirmation sentence scoring below the confidence threshold is asked back, not taken.
     */
    Understanding understand(String text, java.util.function.Predicate<String> inScope) {
        Map<String, Object> entities = entities(text);
        Map<String, Double> features = features(masked(text));
        double norm = norm(features);
        Example best = null;
        double bestScore = 0;
        for (Example example : examples) {
            if (!inScope.test(example.flowId()) || example.intent().isDisabled()) continue;
            double score = cosine(features, norm, example);
            if (score > bestScore) {
                best = example;
                bestScore = score;
            }
        }
        double rounded = Math.round(bestScore * 1000) / 1000.0;
        if (best == null || bestScore < bot.threshold() || best.intent().isReject()) return new Understanding(null, null, rounded, entities);
        if (best.intent().confirmationSentence() != null && bestScore < bot.confidenceThreshold()) {
            return new Understanding(null, null, rounded, entities, best.intent().confirmationSentence());
        }
        return new Understanding(best.intent().name(), best.flowId(), rounded, entities);
    }

    /** One intent's score for a sentence: its best similarity to any of its examples. */
    record Score(BotDefinition.Intent intent, String flowId, double score) {
    }

    /**
     * Every intent's score for {@code text}, in the bot's order, rounded as {@link #understand} rounds: reject and
     * disabled intents too, as a model scores every intent it was trained on.
     */
    List<Score> scores(String text) {
        Map<String, Double> features = features(masked(text));
        double norm = norm(features);
        Map<String, Score> best = new LinkedHashMap<>();
        for (Example example : examples) {
            double score = Math.round(cosine(features, norm, example) * 1000) / 1000.0;
            String key = example.flowId() + "/" + example.intent().name();
            Score known = best.get(key);
            if (known == null || score > known.score()) best.put(key, new Score(example.intent(), example.flowId(), score));
        }
        return List.copyOf(best.values());
    }

    /** Entities found in the text; the first match of each. */
    Map<String, Object> entities(String text) {
        Map<String, Object> found = new LinkedHashMap<>();
        for (Extractor extractor : extractors) {
            Matcher m = extractor.pattern().matcher(text);
            if (m.find()) found.put(extractor.name(), extractor.value(m.group()));
        }
        return found;
    }

    /**
     * What the REST Endpoint's {@code input.slots} hold for the bot's entities, in order: every keyphrase a lexicon slot
     * finds, and the first match of a {@code pattern} entity. A pattern entity is a tenant's Regex Slot Filler node,
     * which stores all its matches only with the regular expression's {@code g} flag (a flow-wide slot filler never
     * does): with it here, an expectation on a later match would pass against a node without the flag, as Cognigy's
     * default is, and fail against the tenant.
     */
    Map<String, List<String>> slots(String text) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Extractor extractor : extractors) {
            Matcher m = extractor.pattern().matcher(text);
            boolean lexicon = !extractor.keyphrases().isEmpty();
            while (m.find()) {
                found.computeIfAbsent(extractor.name(), k -> new ArrayList<>()).add(extractor.value(m.group()));
                if (!lexicon) break;
            }
        }
        return found;
    }

    private String masked(String text) {
        String masked = text;
        for (Extractor extractor : extractors) {
            masked = extractor.pattern().matcher(masked).replaceAll(" " + extractor.name() + " ");
        }
        return masked;
    }

    private static Map<String, Double> features(String text) {
        String normal = caseless(text).replaceAll("[^\\p{L}\\p{N}_]+", " ").trim();
        Map<String, Double> features = new HashMap<>();
        if (normal.isEmpty()) return features;
        String[] words = normal.split(" ");
        for (int i = 0; i < words.length; i++) {
            features.merge("w:" + words[i], 1.0, Double::sum);
            if (i > 0) features.merge("b:" + words[i - 1] + " " + words[i], 1.0, Double::sum);
            String padded = "#" + words[i] + "#";
            for (int j = 0; j + 3 <= padded.length(); j++) {
                features.merge("c:" + padded.substring(j, j + 3), 0.3, Double::sum);
            }
        }
        return features;
    }

    /**
     * {@code text} with every letter in one case, letter by letter, as {@link String#equalsIgnoreCase} compares: the
     * upper case's lower case. {@code toLowerCase(java.util.Locale.ROOT)} made Turkish's capital dotted {@code İ} an {@code i}
     * followed by a combining dot, which split the word there ({@code İade} read as {@code i ade}), and left the
     * dotless pair apart ({@code IRMAK} is not {@code ırmak}): an utterance starting with a capital failed to reach the
     * intent its lower-case example reaches, which a tenant's NLU for the language recognises.
     */
    private static String caseless(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().map(cp -> Character.toLowerCase(Character.toUpperCase(cp))).forEach(folded::appendCodePoint);
        return folded.toString();
    }

    private static double norm(Map<String, Double> features) {
        double sum = 0;
        for (double v : features.values()) sum += v * v;
        return Math.sqrt(sum);
    }

    private static double cosine(Map<String, Double> features, double norm, Example example) {
        if (norm == 0 || example.norm() == 0) return 0;
        double dot = 0;
        for (Map.Entry<String, Double> f : features.entrySet()) {
            Double other = example.features().get(f.getKey());
            if (other != null) dot += f.getValue() * other;
        }
        return dot / (norm * example.norm());
    }
}
