package dev.botsim.cognigy.engine.discovery.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulesTest {

    @ParameterizedTest(name = "item 1: a minimum score of {0} is refused")
    @ValueSource(doubles = {-0.0001, 1.0001, -1, 2, Double.NaN, Double.POSITIVE_INFINITY})
    void scoresOutsideZeroToOne(double score) {
        assertThat(ExpectationRules.minScore(score)).contains(new Violation("is outside [0, 1]", "use a fraction such as 0.8"));
    }

    @ParameterizedTest(name = "item 1: a minimum score of {0} is taken")
    @ValueSource(doubles = {0, 0.5, 1})
    void scoresFromZeroToOne(double score) {
        assertThat(ExpectationRules.minScore(score)).isEmpty();
    }

    @Test
    @DisplayName("item 1: scores are shown as written in code")
    void shownScores() {
        assertThat(List.of(2.0, 1.5, -0.5, 0.75, Double.NaN)).map(ExpectationRules::shown)
                .containsExactly("2", "1.5", "-0.5", "0.75", "NaN");
    }

    @Test
    @DisplayName("item 1: a violation reads <subject> <what> — <fix>")
    void message() {
        assertThat(ExpectationRules.notIntent("a", "a").orElseThrow().of("'not_intent' in cases[0].expect"))
                .isEqualTo("'not_intent' in cases[0].expect equals 'intent' ('a') — a test cannot expect and forbid the"
                        + " same intent; remove one");
        assertThat(ExpectationRules.notIntent("a", "b")).isEmpty();
        assertThat(ExpectationRules.notIntent(null, null)).isEmpty();
    }

    @Test
    @DisplayName("item 1: ids at the length limit are taken, one more is refused; a user is any text every backend keeps: not"
            + " empty, at most 128 characters, no control characters")
    void ids() {
        assertThat(CaseRules.testId("test_" + "a".repeat(CaseRules.MAX_ID_LENGTH - 5))).isEmpty();
        assertThat(CaseRules.testId("test_" + "a".repeat(CaseRules.MAX_ID_LENGTH - 4))).map(Violation::what)
                .contains("is 129 characters long");
        assertThat(CaseRules.userId("usr_qa01")).isEmpty();
        // A REST Endpoint's: whether the run's backend takes it is the run's to say.
        assertThat(CaseRules.userId("jane.doe@example.com")).isEmpty();
        assertThat(CaseRules.userId("usr_qa_01")).isEmpty();
        assertThat(CaseRules.userId("u".repeat(CaseRules.MAX_ID_LENGTH))).isEmpty();
        assertThat(CaseRules.userId("u".repeat(CaseRules.MAX_ID_LENGTH + 1))).map(Violation::what)
                .contains("is 129 characters long");
        assertThat(CaseRules.userId(" ")).map(Violation::what).contains("is empty");
        assertThat(CaseRules.userId("a\nb")).map(Violation::what).contains("contains a control character");
    }

    @Test
    @DisplayName("a value quoted in a problem cannot rewrite the console it is printed on: ESC, line breaks and"
            + " bidirectional overrides are written visibly, in the offending character and in shortened values")
    void quotedValuesEscaped() {
        assertThat(CaseRules.testId("test_a\u001b[2J")).map(Violation::fix).hasValueSatisfying(fix -> assertThat(fix)
                .contains("found '\\u001b' U+001B").doesNotContain("\u001b"));
        assertThat(CaseRules.shorten("evil\u202eflow\r\nnext")).isEqualTo("evil\\u202eflow\\r\\nnext");
        assertThat(CaseRules.shorten("x".repeat(100))).hasSize(60).endsWith("...");
        // Cut between characters, never inside an emoji or inside the escape written for a control character.
        assertThat(CaseRules.shorten("x".repeat(56) + "\uD83D\uDE00" + "y".repeat(40))).isEqualTo("x".repeat(56) + "...");
        assertThat(CaseRules.shorten("x".repeat(55) + "\u001b[31m" + "y".repeat(40))).isEqualTo("x".repeat(55) + "...");
        assertThat(CaseRules.shorten("x".repeat(50) + "\u001b" + "y".repeat(40))).isEqualTo("x".repeat(50) + "\\u001b" + "y" + "...");
    }

    @Test
    @DisplayName("item 1: blank values, invisible utterances, empty entity names and values, invalid tags are refused")
    void emptiness() {
        assertThat(CaseRules.text(" \t")).isPresent();
        assertThat(CaseRules.text("x")).isEmpty();
        assertThat(CaseRules.utterance("\u2060")).map(Violation::what)
                .contains("contains only invisible characters (U+2060 WORD JOINER)");
        assertThat(CaseRules.utterance("hi\u200bthere")).isEmpty();
        assertThat(ExpectationRules.entityName(" ")).isPresent();
        assertThat(ExpectationRules.entityValue(" ")).isPresent();
        assertThat(ExpectationRules.entityValue("0")).isEmpty();
        assertThat(CaseRules.tag("a|b")).isPresent();
        assertThat(CaseRules.tag("smoke")).isEmpty();
    }

    @ParameterizedTest(name = "item 1: a refused id names the position in ASCII digits under the default locale {0}")
    @ValueSource(strings = {"ar-EG", "fa-IR", "mr-IN", "th-TH-u-nu-thai"})
    void positionsInAsciiDigits(String locale) {
        // The messages are read in build logs and matched by scripts: the JVM's locale must not turn 7 into ٧ or ७.
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag(locale));
        try {
            assertThat(CaseRules.testId("test_my order")).map(Violation::fix)
                    .contains("use only letters, digits and underscores after 'test_' (found ' ' U+0020 SPACE at position 8)");
            assertThat(CaseRules.utterance("\u2060")).map(Violation::what)
                    .contains("contains only invisible characters (U+2060 WORD JOINER)");
        } finally {
            Locale.setDefault(before);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} beside {1} is named as its copy")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            simulations/orders - Copy.sim.yaml      | simulations/orders.sim.yaml
            simulations/orders - Copy (2).sim.yaml  | simulations/orders.sim.yaml
            simulations/orders copy.sim.yaml        | simulations/orders.sim.yaml
            simulations/orders copy 3.sim.yaml      | simulations/orders.sim.yaml
            simulations/orders 2.sim.yaml           | simulations/orders.sim.yaml
            simulations/Copy of orders.sim.yaml     | simulations/orders.sim.yaml
            smoke (1).SIM.CSV                       | smoke.sim.csv
            """)
    void duplicateInACopy(String copy, String original) {
        String copyName = copy.substring(copy.lastIndexOf('/') + 1);
        String originalName = original.substring(original.lastIndexOf('/') + 1);
        java.util.List<java.util.Optional<String>> noClass = java.util.Collections.nCopies(2, java.util.Optional.empty());

        assertThat(DuplicateTestId.of("test_order", java.util.List.of(original + ":3", copy + ":3"), noClass).message())
                .isEqualTo("test id test_order is used 2 times: " + original + ":3, " + copy + ":3; test ids must be unique"
                        + " in the run, rename all but one — '" + copyName + "' looks like a copy of '" + originalName
                        + "': delete it, or rename it to end in .bak to keep it out of the run");
        assertThat(DuplicateTestId.of("test_order", java.util.List.of(copy + ":3", original + ":3"), noClass).message())
                .endsWith(" — '" + copyName + "' looks like a copy of '" + originalName + "': delete it, or rename it to"
                        + " end in .bak to keep it out of the run");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} and {1} are not a file and its copy")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            a/orders copy.sim.yaml  | b/orders.sim.yaml
            orders2.sim.yaml        | orders.sim.yaml
            orders copy.sim.json    | orders.sim.yaml
            returns.sim.yaml        | orders.sim.yaml
            """)
    void duplicateInAnotherFile(String one, String other) {
        assertThat(DuplicateTestId.of("test_order", java.util.List.of(other + ":3", one + ":3"),
                java.util.Collections.nCopies(2, java.util.Optional.empty())).message())
                .endsWith("; test ids must be unique in the run, rename all but one");
    }

    @Test
    @DisplayName("an id used in many files names ten of its places and how many more")
    void duplicateAcrossFilesListsTenPlaces() {
        java.util.List<String> places = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) places.add("orders-" + i + ".sim.yaml:3");

        DuplicateTestId duplicate = DuplicateTestId.of("test_order", places,
                java.util.Collections.nCopies(12, java.util.Optional.empty()));

        assertThat(duplicate.message()).isEqualTo("test id test_order is used 12 times: orders-1.sim.yaml:3,"
                + " orders-2.sim.yaml:3, orders-3.sim.yaml:3, orders-4.sim.yaml:3, orders-5.sim.yaml:3, orders-6.sim.yaml:3,"
                + " orders-7.sim.yaml:3, orders-8.sim.yaml:3, orders-9.sim.yaml:3, orders-10.sim.yaml:3 and 2 more; test ids"
                + " must be unique in the run, rename all but one");
        assertThat(duplicate.longName(11)).isEqualTo("invalid: duplicate test_order at orders-12.sim.yaml:3");
    }
}

