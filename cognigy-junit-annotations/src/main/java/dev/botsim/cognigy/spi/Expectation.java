package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.text.Normalizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

/**
 * What a test expects of the bot's answer to one message. {@code null} (or an empty map, or a
 * negative score) means the field is not checked.
 *
 * <p>Its texts (intents, flows, entity names and values, the response checks, titles) are held in Unicode's composed
 * form (NFC), as bots answer: a text written decomposed ("u" followed by U+0308, as files saved on macOS may hold it)
 * is the same text to a reader and is compared as such.
 *
 * <p>Built with {@link #builder()}: a field added later gets a default there, so code that builds
 * expectations keeps compiling. The canonical constructor is the engine's and changes with the fields.
 *
 * @param intent           expected intent
 * @param notIntent        intent that must not be recognised
 * @param noIntent         whether the answer must recognise no intent at all: an out-of-scope sentence, answered with
 *                         no intent (below the threshold, or rejected by a reject intent), not asked back with an
 *                         intent's confirmation sentence; never given with {@code intent}, {@code notIntent} or
 *                         {@code intentMinScore}
 * @param intentMinScore   lowest acceptable score, or a negative number
 * @param entities         expected entities by name, values compared as text (a number the bot sent: by value)
 * @param nextFlow         flow the conversation must end in
 * @param responseContains text the bot's answer must contain, ignoring case and typography (quotes, dashes, spacing,
 *                         Markdown emphasis: docs/data-files.md)
 * @param responseMatches  regular expression the bot's answer must match (find)
 * @param errorCode        error code a turn must carry (negative tests)
 * @param quickReplies     titles that must each be among the quick replies the bot offered, in any order
 * @param buttons          titles that must each be among the buttons the bot offered, in any order
 * @param responseData     JSON that some output's {@code data} must contain: objects compared as subsets, key by
 *                         key and recursively, scalars by equality, and each element of an expected array matched
 *                         by some element of the actual one
 * @param approved         the fields of the answer compared with the answer approved for this test (see
 *                         {@link #APPROVABLE}), in that list's order; empty when the test has no approved answer.
 *                         Its first run records the answer, later runs fail on any difference
 *                         ({@code docs/approved-answers.md})
 * @param responseContainsAny texts of which the bot's answer must contain at least one, ignoring case and typography: for an answer
 *                         whose wording varies; empty when not checked
 * @param responseNotContains texts the bot's answer must contain none of, ignoring case and typography; empty when not checked
 * @param responseMinLength fewest characters (Unicode code points) the answer's text may have, or a negative number
 * @param responseMaxLength most characters (Unicode code points) the answer's text may have, or a negative number
 * @param matching         how texts, entity values and button titles are compared: {@link Matching#EXACT} as this
 *                         record's fields describe, or {@link Matching#BOTIUM} for expectations read from Botium's files
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Expectation(String intent, String notIntent, boolean noIntent, double intentMinScore, Map<String, String> entities,
                          String nextFlow, String responseContains, String responseMatches, String errorCode,
                          List<String> quickReplies, List<String> buttons, Map<String, Object> responseData,
                          List<String> approved, List<String> responseContainsAny, List<String> responseNotContains,
                          int responseMinLength, int responseMaxLength, Matching matching) {

    /** How an expectation's texts, entity values and button titles are compared with the answer. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Matching {
        /** As each field describes: entity values and button titles whole and case-sensitive. */
        EXACT,
        /**
         * As Botium compares them, for expectations read from Botium's convo files: an entity value, or a button's or
         * quick reply's title or payload, that contains the expected text ({@code *} standing for anything), ignoring
         * case; the answer's text with markup removed and any run of whitespace (a line break too) as one space.
         */
        BOTIUM
    }

    /**
     * The fields of a bot's answer an approved answer holds, in the order approval files write them: the first
     * intent, the flow the answer ended in, all text of the answer (turns joined by a line break), and the slots.
     */
    public static final List<String> APPROVABLE = List.of("intent", "next_flow", "text", "entities");

    /** Nothing is checked. */
    public static final Expectation NONE = builder().build();

    @API(status = INTERNAL, since = "0.1")
    public Expectation {
        // Texts are kept composed (Unicode NFC), as bots answer: "u" followed by U+0308 COMBINING DIAERESIS, as a file
        // saved on macOS or text copied from a file name may hold it, is the same "ü" a reader sees, and is compared so.
        intent = composed(intent);
        notIntent = composed(notIntent);
        nextFlow = composed(nextFlow);
        responseContains = composed(responseContains);
        responseMatches = composed(responseMatches);
        if (entities != null && !entities.isEmpty()) {
            Map<String, String> composedEntities = new LinkedHashMap<>();
            entities.forEach((name, value) -> composedEntities.put(composed(name), composed(value)));
            entities = composedEntities;
        }
        quickReplies = composed(quickReplies);
        buttons = composed(buttons);
        responseContainsAny = composed(responseContainsAny);
        responseNotContains = composed(responseNotContains);
        // Empty ones shared: a suite of tens of thousands of tests holds one expectation each.
        entities = entities == null || entities.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        // JSON may hold nulls, which Map.copyOf refuses.
        responseData = responseData == null || responseData.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(responseData));
        approved = approved == null ? List.of() : APPROVABLE.stream().filter(approved::contains).toList();
        responseContainsAny = responseContainsAny == null ? List.of() : List.copyOf(responseContainsAny);
        responseNotContains = responseNotContains == null ? List.of() : List.copyOf(responseNotContains);
        matching = matching == null ? Matching.EXACT : matching;
    }

    /** {@code text} in Unicode's composed form (NFC), the form bots answer in; {@code null} stays {@code null}. */
    private static String composed(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    private static List<String> composed(List<String> texts) {
        return texts == null ? null : texts.stream().map(Expectation::composed).toList();
    }

    /** An empty expectation to fill in: nothing is checked until a field is set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this expectation's fields, to change some of them. */
    public Builder toBuilder() {
        return new Builder().intent(intent).notIntent(notIntent).noIntent(noIntent).intentMinScore(intentMinScore).entities(entities)
                .nextFlow(nextFlow).responseContains(responseContains).responseMatches(responseMatches).errorCode(errorCode)
                .quickReplies(quickReplies).buttons(buttons).responseData(responseData).approved(approved)
                .responseContainsAny(responseContainsAny).responseNotContains(responseNotContains)
                .responseLength(responseMinLength, responseMaxLength).matching(matching);
    }

    /**
     * Whether the answer is compared with an approved answer. Not named {@code isApproved}: serializers would take
     * that for the {@code approved} component and write a boolean where the field list belongs.
     */
    public boolean comparesApprovedAnswer() {
        return !approved.isEmpty();
    }

    /** Whether any field is checked. */
    public boolean isEmpty() {
        return intent == null && notIntent == null && !noIntent && intentMinScore < 0 && entities.isEmpty() && nextFlow == null
                && responseContains == null && responseMatches == null && errorCode == null && quickReplies.isEmpty()
                && buttons.isEmpty() && responseData.isEmpty() && approved.isEmpty() && responseContainsAny.isEmpty()
                && responseNotContains.isEmpty() && !checksResponseLength();
    }

    /** Whether the length of the answer's text is checked ({@link #responseMinLength()} or {@link #responseMaxLength()}). */
    public boolean checksResponseLength() {
        return responseMinLength >= 0 || responseMaxLength >= 0;
    }

    /** Collects an {@link Expectation}'s fields; every field not set is not checked. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private String intent;
        private String notIntent;
        private boolean noIntent;
        private double intentMinScore = -1;
        private Map<String, String> entities = Map.of();
        private String nextFlow;
        private String responseContains;
        private String responseMatches;
        private String errorCode;
        private List<String> quickReplies = List.of();
        private List<String> buttons = List.of();
        private Map<String, Object> responseData = Map.of();
        private List<String> approved = List.of();
        private List<String> responseContainsAny = List.of();
        private List<String> responseNotContains = List.of();
        private int responseMinLength = -1;
        private int responseMaxLength = -1;
        private Matching matching = Matching.EXACT;

        private Builder() {
        }

        public Builder intent(String intent) {
            this.intent = intent;
            return this;
        }

        public Builder notIntent(String notIntent) {
            this.notIntent = notIntent;
            return this;
        }

        /**
         * Whether the answer must recognise no intent at all (an out-of-scope sentence); {@code false} (the default)
         * leaves it unchecked.
         */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder noIntent(boolean noIntent) {
            this.noIntent = noIntent;
            return this;
        }

        /** Lowest acceptable score, 0 to 1; a negative number (the default) leaves the score unchecked. */
        public Builder intentMinScore(double intentMinScore) {
            this.intentMinScore = intentMinScore;
            return this;
        }

        /** Expected entities by name, in the order given; values compared as text (a number the bot sent: by value). */
        public Builder entities(Map<String, String> entities) {
            this.entities = entities;
            return this;
        }

        public Builder nextFlow(String nextFlow) {
            this.nextFlow = nextFlow;
            return this;
        }

        public Builder responseContains(String responseContains) {
            this.responseContains = responseContains;
            return this;
        }

        public Builder responseMatches(String responseMatches) {
            this.responseMatches = responseMatches;
            return this;
        }

        public Builder errorCode(String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        /** Titles of quick replies the bot must offer, each matched exactly, in any order. */
        public Builder quickReplies(List<String> quickReplies) {
            this.quickReplies = quickReplies;
            return this;
        }

        /** Titles of buttons the bot must offer, each matched exactly, in any order. */
        public Builder buttons(List<String> buttons) {
            this.buttons = buttons;
            return this;
        }

        /** JSON some output's data must contain (see {@link Expectation#responseData()}). */
        public Builder responseData(Map<String, Object> responseData) {
            this.responseData = responseData;
            return this;
        }

        /**
         * The fields compared with the test's approved answer, names from {@link #APPROVABLE} (others are dropped);
         * empty for none.
         */
        public Builder approved(List<String> approved) {
            this.approved = approved;
            return this;
        }

        /** Texts of which the answer must contain at least one, ignoring case and typography; empty for none. */
        public Builder responseContainsAny(List<String> responseContainsAny) {
            this.responseContainsAny = responseContainsAny;
            return this;
        }

        /** Texts the answer must contain none of, ignoring case and typography; empty for none. */
        public Builder responseNotContains(List<String> responseNotContains) {
            this.responseNotContains = responseNotContains;
            return this;
        }

        /**
         * The length range of the answer's text in characters (Unicode code points), both ends included; a negative
         * number leaves that end open.
         */
        public Builder responseLength(int min, int max) {
            this.responseMinLength = min;
            this.responseMaxLength = max;
            return this;
        }

        /** How texts, entity values and button titles are compared; {@link Matching#EXACT} unless set. */
        public Builder matching(Matching matching) {
            this.matching = matching;
            return this;
        }

        public Expectation build() {
            return new Expectation(intent, notIntent, noIntent, intentMinScore, entities, nextFlow, responseContains, responseMatches,
                    errorCode, quickReplies, buttons, responseData, approved, responseContainsAny, responseNotContains,
                    responseMinLength, responseMaxLength, matching);
        }
    }
}
