package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.annotations.ExpectEntity;
import dev.botsim.cognigy.annotations.ExpectResponse;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.descriptor.SimulationCaseDescriptor;

/**
 * Item 1: a data file and an annotated class are checked by one rule set, so the same mistake
 * gives the same rule text and fix in both. Each input names the value its own way (the key
 * {@code not_intent} in a file, the attribute {@code @Utterance(notIntent)} in code) and says
 * where it is (file:line:column, Class#method); the words after that are the rule's.
 */
class SameRuleTest {

    /** 129 characters: one more than an id may have. */
    private static final String LONG_ID = "test_"
            + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            + "aaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String LONG_ID_SHOWN = LONG_ID.substring(0, 57) + "...";
    /** 129 characters, an e-mail address: one more than a user id may have, whatever the backend. */
    private static final String LONG_USER = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com";
    private static final String LONG_USER_SHOWN = LONG_USER.substring(0, 57) + "...";
    private static final Pattern FILE_POSITION = Pattern.compile("(?s)(.+):(\\d+):(\\d+): (.*)");

    @TempDir
    Path dir;

    private final ScriptedBackend backend = new ScriptedBackend();

    /**
     * @param yaml              a data file with the mistake, as its only problem
     * @param fileSubject       how the file's message names the value
     * @param annotated         a class with the same mistake on its method {@code check}, as its only problem
     * @param annotationSubject how the annotation's message names the value
     * @param rule              what is wrong and the fix: the same words for both
     */
    record Mistake(String name, String yaml, String fileSubject, Class<?> annotated, String annotationSubject,
                   String rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake("test id with a character outside the pattern",
                        "cases: [ { id: test_ordér, utterance: hi } ]", "id 'test_ordér' in cases[0]",
                        IdWithAccent.class, "test id 'test_ordér'",
                        "does not match ^test_[a-zA-Z0-9_]+$ — use only letters, digits and underscores after 'test_'"
                                + " (found 'é' U+00E9 LATIN SMALL LETTER E WITH ACUTE at position 9)"),
                new Mistake("test id longer than 128 characters",
                        "cases: [ { id: " + LONG_ID + ", utterance: hi } ]", "id '" + LONG_ID_SHOWN + "' in cases[0]",
                        LongId.class, "test id '" + LONG_ID_SHOWN + "'",
                        "is 129 characters long — use at most 128"),
                // Whether the run's backend takes a user id (the simulation API only usr_...) is the run's to say; what
                // no backend takes is refused here, alike for a file and an annotation.
                new Mistake("user id with a control character",
                        "cases: [ { id: test_a, utterance: hi, user: \"qa\\t01\" } ]", "user 'qa\\t01' in cases[0]",
                        UserWithTab.class, "user 'qa\\t01'",
                        "contains a control character — remove line breaks, tabs and other control characters"),
                new Mistake("external id with a space in it",
                        "cases: [ { id: test_a, utterance: hi, external_id: \"BOT 101\" } ]", "external_id 'BOT 101' in cases[0]",
                        ExternalIdWithSpace.class, "@Utterance(externalId) 'BOT 101'",
                        "contains ' ' U+0020 SPACE at position 4 — write the key alone, as the tool shows it (BOT-123), without"
                                + " spaces, line breaks or invisible characters"),
                new Mistake("external id of a conversation that is only a space",
                        "conversations: [ { id: test_a, external_id: \" \", turns: [ { say: hi } ] } ]",
                        "'external_id' in conversations[0]",
                        BlankConversationExternalId.class, "@Conversation(externalId) ' '",
                        "is empty — give the test's key in your test-management tool, such as BOT-123, or remove it"),
                new Mistake("user id of a conversation longer than 128 characters",
                        "conversations: [ { id: test_a, user: " + LONG_USER + ", turns: [ { say: hi } ] } ]",
                        "user '" + LONG_USER_SHOWN + "' in conversations[0]",
                        ConversationUserTooLong.class, "user '" + LONG_USER_SHOWN + "'",
                        "is 129 characters long — use at most 128"),
                new Mistake("utterance of invisible characters only",
                        "cases: [ { id: test_a, utterance: \"\\u00a0\" } ]", "'utterance' in cases[0]",
                        InvisibleUtterance.class, "@Utterance(value)",
                        "contains only invisible characters (U+00A0 NO-BREAK SPACE) — write what the user says"),
                new Mistake("no utterance at all",
                        "cases: [ { id: test_a, utterances: [] } ]", "'utterances' in cases[0]",
                        NoUtterance.class, "@Utterance(value)",
                        "is empty — list at least one utterance"),
                new Mistake("intent and not_intent naming the same intent",
                        "cases: [ { id: test_a, utterance: hi, expect: { intent: check_order, not_intent: check_order } } ]",
                        "'not_intent' in cases[0].expect",
                        IntentAndNotIntent.class, "@Utterance(notIntent)",
                        "equals 'intent' ('check_order') — a test cannot expect and forbid the same intent; remove one"),
                // The expectation holds its texts composed (NFC), as the answer is compared: "cafe" + U+0301 is "café".
                new Mistake("intent and not_intent naming the same intent in two Unicode forms",
                        "cases: [ { id: test_a, utterance: hi, expect: { intent: \"cafe\\u0301\", not_intent: \"caf\\u00e9\" } } ]",
                        "'not_intent' in cases[0].expect",
                        IntentAndNotIntentInTwoForms.class, "@Utterance(notIntent)",
                        "equals 'intent' ('cafe\u0301') — a test cannot expect and forbid the same intent; remove one"),
                new Mistake("no intent with an expected intent",
                        "cases: [ { id: test_a, utterance: hi, expect: { intent: check_order, no_intent: true } } ]",
                        "'no_intent' in cases[0].expect",
                        NoIntentWithIntent.class, "@Utterance(noIntent)",
                        "contradicts 'intent' ('check_order') — a test cannot expect no intent and an intent; remove one"),
                new Mistake("no intent with a forbidden intent",
                        "cases: [ { id: test_a, utterance: hi, expect: { not_intent: escalate, no_intent: true } } ]",
                        "'no_intent' in cases[0].expect",
                        NoIntentWithNotIntent.class, "@Utterance(noIntent)",
                        "already forbids every intent, so 'not_intent' ('escalate') checks nothing — remove 'not_intent'"),
                new Mistake("no intent with a minimum score",
                        "cases: [ { id: test_a, utterance: hi, expect: { no_intent: true, intent_min_score: 0.6 } } ]",
                        "'no_intent' in cases[0].expect",
                        NoIntentWithMinScore.class, "@Utterance(noIntent)",
                        "leaves no intent score for 'intent_min_score' (0.6) to check — remove 'intent_min_score', or expect an"
                                + " intent instead of no intent"),
                new Mistake("minimum score above 1",
                        "cases: [ { id: test_a, utterance: hi, expect: { intent_min_score: 1.5 } } ]",
                        "'intent_min_score' 1.5 in cases[0].expect",
                        ScoreAboveOne.class, "@Utterance(intentMinScore) 1.5",
                        "is outside [0, 1] — use a fraction such as 0.8"),
                new Mistake("minimum score below 0",
                        "cases: [ { id: test_a, utterance: hi, expect: { intent_min_score: -0.5 } } ]",
                        "'intent_min_score' -0.5 in cases[0].expect",
                        ScoreBelowZero.class, "@Utterance(intentMinScore) -0.5",
                        "is outside [0, 1] — use a fraction such as 0.8"),
                new Mistake("response pattern that is not a regular expression",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_matches: \"order (\" } } ]",
                        "'response_matches' in cases[0].expect",
                        BadPattern.class, "@Utterance(responseMatches)",
                        "is not a valid regular expression (Unclosed group near index 7) — fix the pattern;"
                                + " escape literal characters such as ( [ . ? with \\"),
                new Mistake("expectation of only whitespace",
                        "cases: [ { id: test_a, utterance: hi, expect: { intent: \" \" } } ]",
                        "'intent' in cases[0].expect",
                        BlankIntent.class, "@Utterance(intent)",
                        "is empty — give it a value or remove it"),
                new Mistake("tag JUnit cannot take",
                        "cases: [ { id: test_a, utterance: hi, tags: [\"a b\"] } ]", "tag 'a b' in cases[0]",
                        BadTag.class, "tag 'a b'",
                        "is not a valid JUnit tag — tags cannot contain whitespace, control characters or any of"
                                + " , ( ) & | !"),
                new Mistake("entity without a name",
                        "cases: [ { id: test_a, utterance: hi, expect: { entities: { \"\": ORD_99 } } } ]",
                        "entity in cases[0].expect.entities",
                        EntityWithoutName.class, "@ExpectEntity",
                        "has an empty name — name the entity"),
                new Mistake("entity without a value",
                        "cases: [ { id: test_a, utterance: hi, expect: { entities: { order_id: \" \" } } } ]",
                        "entity 'order_id' in cases[0].expect.entities",
                        EntityWithoutValue.class, "@ExpectEntity 'order_id'",
                        "has no value — write the value the bot must extract"),
                new Mistake("DATE written as a day that does not exist",
                        "cases: [ { id: test_a, utterance: hi, expect: { entities: { DATE: 2026-02-30 } } } ]",
                        "entity 'DATE' in cases[0].expect.entities",
                        DateThatDoesNotExist.class, "@ExpectEntity 'DATE'",
                        "is 2026-02-30, a day that does not exist — write a real day as YYYY-MM-DD (the day alone holds"
                                + " for any ISODate on that day) or the full ISODate"),
                new Mistake("approved answer naming a field it does not have",
                        "cases: [ { id: test_a, utterance: hi, expect: { approved: [intent, txt] } } ]",
                        "'approved' in cases[0].expect",
                        ApprovedUnknownField.class, "@Utterance(approvedFields)",
                        "names 'txt', which is not a field of an approved answer — did you mean 'text'?"),
                new Mistake("approved answer naming a field twice",
                        "cases: [ { id: test_a, utterance: hi, expect: { approved: [intent, intent] } } ]",
                        "'approved' in cases[0].expect",
                        ApprovedFieldTwice.class, "@Utterance(approvedFields)",
                        "names 'intent' twice — name each field once"),
                new Mistake("length range whose max lies below its min",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_length: { min: 50, max: 10 } } } ]",
                        "'max' in cases[0].expect.response_length",
                        LengthRangeUpsideDown.class, "@ExpectResponse(maxLength)",
                        "is 10, below min 50 — swap them, or make max at least min"),
                new Mistake("negative length",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_length: { min: -3 } } } ]",
                        "'min' in cases[0].expect.response_length",
                        NegativeLength.class, "@ExpectResponse(minLength)",
                        "is negative (-3) — give a number of characters from 0"),
                // Every answer has at least 0 characters: a range of min 0 alone checks nothing.
                new Mistake("length range of min 0 and no max",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_length: { min: 0 } } } ]",
                        "'min' in cases[0].expect.response_length",
                        LengthCheckingNothing.class, "@ExpectResponse(minLength)",
                        "is 0 and the range has no upper end, so every answer holds it, one with no text too — give a"
                                + " lower end of at least 1 or an upper end, or remove the length check"),
                new Mistake("forbidden text the required text contains",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_contains: order number,"
                                + " response_not_contains: Order } } ]",
                        "'response_not_contains' in cases[0].expect",
                        ForbidsRequiredText.class, "@ExpectResponse(notContains)",
                        "forbids 'Order', which the required text 'order number' contains — a test that requires and"
                                + " forbids the same text can never pass; remove one"),
                new Mistake("forbidden text the required text contains in another Unicode form",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_contains: \"cafe\\u0301 open\","
                                + " response_not_contains: \"CAF\\u00c9\" } } ]",
                        "'response_not_contains' in cases[0].expect",
                        ForbidsRequiredTextInAnotherForm.class, "@ExpectResponse(notContains)",
                        "forbids 'CAF\u00c9', which the required text 'cafe\u0301 open' contains — a test that requires and"
                                + " forbids the same text can never pass; remove one"),
                new Mistake("alternative of only whitespace",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_contains_any: [order, \"  \"] } } ]",
                        "'response_contains_any[1]' in cases[0].expect",
                        BlankAlternative.class, "@ExpectResponse(containsAny[1])",
                        "is empty — give it a value or remove it"),
                // Expected texts are compared trimmed: spaces written at their ends would silently not be compared.
                new Mistake("expected text with spaces written at an end",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_contains: \"order #1 \" } } ]",
                        "'response_contains' in cases[0].expect",
                        ContainsWithEdgeSpace.class, "@Utterance(responseContains)",
                        "'order #1 ' starts or ends with spaces, which are not compared — remove them, or to match a"
                                + " whole word use a regular expression with \\b at the word's ends"),
                new Mistake("response pattern with spaces written at an end",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_matches: \" h.ll\" } } ]",
                        "'response_matches' in cases[0].expect",
                        PatternWithEdgeSpace.class, "@Utterance(responseMatches)",
                        "' h.ll' starts or ends with spaces, which are not compared — remove them, or write \\s where"
                                + " a space must be"),
                new Mistake("forbidden text of invisible characters only",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_not_contains: \"\\u200b\" } } ]",
                        "'response_not_contains' in cases[0].expect",
                        InvisibleForbiddenText.class, "@ExpectResponse(notContains[0])",
                        "contains only invisible characters (U+200B ZERO WIDTH SPACE) — give it a value or remove it"),
                // Pasted with the quotes a word processor typed: the check could never fail.
                new Mistake("forbidden intent in typographic quotes",
                        "cases: [ { id: test_a, utterance: hi, expect: { not_intent: \u201cescalate\u201d } } ]",
                        "'not_intent' in cases[0].expect",
                        NotIntentInQuotes.class, "@Utterance(notIntent)",
                        "is \u201cescalate\u201d with the quotes as part of the intent's name (typographic quotes are never"
                                + " taken for quotes around it), so the check passes even when the bot recognises escalate"
                                + " — write it without the quotes: escalate"),
                new Mistake("forbidden text in typographic quotes",
                        "cases: [ { id: test_a, utterance: hi, expect: { response_not_contains: \u00absorry\u00bb } } ]",
                        "'response_not_contains' in cases[0].expect",
                        ForbiddenTextInQuotes.class, "@ExpectResponse(notContains[0])",
                        "is \u00absorry\u00bb with the quotes as part of the text (typographic quotes are never taken for"
                                + " quotes around it), so an answer saying sorry without them passes the check — write it"
                                + " without the quotes: sorry"));
    }

    @BotSimulation
    static class NotIntentInQuotes {
        @Utterance(value = "hi", notIntent = "\u201cescalate\u201d")
        void check() {
        }
    }

    @BotSimulation
    static class ForbiddenTextInQuotes {
        @Utterance("hi")
        @ExpectResponse(notContains = "\u00absorry\u00bb")
        void check() {
        }
    }

    @Test
    @DisplayName("a word written with spaces at its ends is refused in an annotation as in a file; each fix spells the"
            + " whole-word pattern as its own input writes it")
    void wordWithEdgeSpaces() throws IOException {
        Path file = Files.writeString(dir.resolve("word.sim.yaml"),
                "cases: [ { id: test_a, utterance: hi, expect: { response_contains_any: [\" hell \"] } } ]\n");

        assertThat(onlyIssue(selectFile(file.toFile()))).endsWith("'response_contains_any[0]' in cases[0].expect"
                + " ' hell ' starts or ends with spaces, which are not compared — remove them, or to match a whole word"
                + " use response_matches: '\\bhell\\b'");
        assertThat(onlyIssue(selectClass(WordWithEdgeSpaces.class))).isEqualTo(WordWithEdgeSpaces.class.getName()
                + "#check: @ExpectResponse(containsAny[0]) ' hell ' starts or ends with spaces, which are not compared"
                + " — remove them, or to match a whole word use @Utterance(responseMatches = \"\\\\bhell\\\\b\")");
    }

    @BotSimulation
    static class ContainsWithEdgeSpace {
        @Utterance(value = "hi", responseContains = "order #1 ")
        void check() {
        }
    }

    @BotSimulation
    static class PatternWithEdgeSpace {
        @Utterance(value = "hi", responseMatches = " h.ll")
        void check() {
        }
    }

    @BotSimulation
    static class InvisibleForbiddenText {
        @Utterance("hi")
        @ExpectResponse(notContains = "\u200b")
        void check() {
        }
    }

    @BotSimulation
    static class WordWithEdgeSpaces {
        @Utterance("hi")
        @ExpectResponse(containsAny = " hell ")
        void check() {
        }
    }

    @ParameterizedTest(name = "item 1: {0}")
    @MethodSource("mistakes")
    void sameMistakeSameRule(Mistake mistake) throws IOException {
        Path file = Files.writeString(dir.resolve("mistake.sim.yaml"), mistake.yaml() + "\n");

        String fromFile = onlyIssue(selectFile(file.toFile()));
        Matcher positioned = FILE_POSITION.matcher(fromFile);
        assertThat(positioned.matches()).as(fromFile).isTrue();
        assertThat(positioned.group(1)).endsWith("mistake.sim.yaml");
        assertThat(Integer.parseInt(positioned.group(2))).isEqualTo(1);
        assertThat(Integer.parseInt(positioned.group(3))).isPositive();
        assertThat(positioned.group(4)).isEqualTo(mistake.fileSubject() + " " + mistake.rule());

        assertThat(onlyIssue(selectClass(mistake.annotated())))
                .isEqualTo(mistake.annotated().getName() + "#check: " + mistake.annotationSubject() + " " + mistake.rule());
    }

    @Test
    @DisplayName("item 1: an id used twice in one class is reported at both methods, and neither runs, as in one file")
    void idUsedTwiceInOneContainer() throws IOException {
        Path file = Files.writeString(dir.resolve("twice.sim.yaml"), """
                cases:
                  - { id: test_same, utterance: hi }
                  - { id: test_same, utterance: hello }
                """);
        EngineDiscoveryResults fromFile = discover(selectFile(file.toFile()));
        EngineDiscoveryResults fromClass = discover(selectClass(IdUsedTwice.class));

        assertThat(fromFile.getDiscoveryIssues()).extracting(DiscoveryIssue::message).hasSize(2)
                .allSatisfy(m -> assertThat(m).endsWith(
                        "id 'test_same' is used 2 times in this file (at 2:11, 3:11) — give each case its own id"));
        String places = "(at " + IdUsedTwice.class.getName() + "#first, " + IdUsedTwice.class.getName() + "#second)";
        assertThat(fromClass.getDiscoveryIssues()).extracting(DiscoveryIssue::message).containsExactly(
                IdUsedTwice.class.getName() + "#first: test id 'test_same' is used 2 times in this class " + places
                        + " — give each case its own id",
                IdUsedTwice.class.getName() + "#second: test id 'test_same' is used 2 times in this class " + places
                        + " — give each case its own id");
        assertThat(tests(fromFile)).hasSize(2).allMatch(name -> name.startsWith("invalid: "));
        assertThat(tests(fromClass)).hasSize(2).allMatch(name -> name.startsWith("invalid: "));
    }

    @Test
    @DisplayName("an external id given to two methods of one class is reported at both, and neither runs, as in one file;"
            + " each names it as the user wrote it: external_id in a file, @Utterance(externalId) in a class")
    void externalIdUsedTwiceInOneContainer() throws IOException {
        Path file = Files.writeString(dir.resolve("twice.sim.yaml"), """
                cases:
                  - { id: test_a, utterance: hi, external_id: BOT-7 }
                  - { id: test_b, utterance: hello, external_id: BOT-7 }
                """);
        EngineDiscoveryResults fromFile = discover(selectFile(file.toFile()));
        EngineDiscoveryResults fromClass = discover(selectClass(ExternalIdUsedTwice.class));

        String rule = " — give each case its own external id; texts that are one test in your tool are the variants of one"
                + " case (utterances: [...], @Utterance({...}))";
        assertThat(fromFile.getDiscoveryIssues()).extracting(DiscoveryIssue::message).hasSize(2)
                .allSatisfy(m -> assertThat(m).endsWith("external_id 'BOT-7' is used 2 times in this file (at 2:47, 3:50)" + rule));
        String places = "(at " + ExternalIdUsedTwice.class.getName() + "#first, " + ExternalIdUsedTwice.class.getName() + "#second)";
        assertThat(fromClass.getDiscoveryIssues()).extracting(DiscoveryIssue::message).containsExactly(
                ExternalIdUsedTwice.class.getName() + "#first: @Utterance(externalId) 'BOT-7' is used 2 times in this class " + places
                        + rule,
                ExternalIdUsedTwice.class.getName() + "#second: @Utterance(externalId) 'BOT-7' is used 2 times in this class " + places
                        + rule);
        assertThat(tests(fromFile)).hasSize(2).allMatch(name -> name.startsWith("invalid: "));
        assertThat(tests(fromClass)).hasSize(3).filteredOn(name -> name.startsWith("invalid: ")).hasSize(2);
    }

    @Test
    @DisplayName("item 1: an entity named twice is reported as a repeated key is in a file; neither value is picked silently")
    void entityNamedTwice() throws IOException {
        Path file = Files.writeString(dir.resolve("entities.sim.yaml"),
                "cases: [ { id: test_a, utterance: hi, expect: { entities: { order_id: A, order_id: B } } } ]\n");

        assertThat(discover(selectFile(file.toFile())).getDiscoveryIssues()).extracting(DiscoveryIssue::message)
                .hasSize(2).allSatisfy(m -> assertThat(m).contains("key 'order_id' appears 2 times").endsWith(" — keep only one"));
        assertThat(onlyIssue(selectClass(EntityNamedTwice.class))).isEqualTo(
                EntityNamedTwice.class.getName() + "#check: @ExpectEntity 'order_id' appears 2 times — keep only one");
    }

    @Test
    @DisplayName("item 1: an entity named in two Unicode forms is one entity named twice, in a file and an annotation alike;"
            + " neither value is dropped silently")
    void entityNamedInTwoUnicodeForms() throws IOException {
        // "\u00fc" and "u\u0308" are two keys to YAML, and one entity to the expectation, which holds names composed.
        Path file = Files.writeString(dir.resolve("entities.sim.yaml"),
                "cases: [ { id: test_a, utterance: hi, expect: { entities: { \"\\u00fc\": A, \"u\\u0308\": B } } } ]\n");
        String forms = "appears 2 times, in spellings that look the same but differ in Unicode form (U+00FC; U+0075 U+0308)";

        assertThat(discover(selectFile(file.toFile())).getDiscoveryIssues()).extracting(DiscoveryIssue::message)
                .hasSize(2).allSatisfy(m -> assertThat(m).contains(".expect.entities " + forms + " (at 1:")
                        .endsWith(" — keep only one"));
        assertThat(onlyIssue(selectClass(EntityNamedInTwoForms.class))).isEqualTo(
                EntityNamedInTwoForms.class.getName() + "#check: @ExpectEntity '\u00fc' " + forms + " — keep only one");
    }

    @Test
    @DisplayName("item 1: a class tag JUnit cannot take is reported once at the class, like a file default; the tests still run")
    void classTag() {
        EngineDiscoveryResults results = discover(selectClass(BadClassTag.class));

        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.message()).isEqualTo(BadClassTag.class.getName() + ": tag 'a b' in @BotSimulation is not a"
                    + " valid JUnit tag — tags cannot contain whitespace, control characters or any of , ( ) & | !");
            assertThat(issue.source()).contains(ClassSource.from(BadClassTag.class));
        });
        TestDescriptor check = results.getEngineDescriptor().getDescendants().stream()
                .filter(d -> d.getDisplayName().equals("hi")).findFirst().orElseThrow();
        assertThat(check.getTags()).containsExactly(TestTag.create("smoke"));
    }

    @Test
    @DisplayName("item 1: an annotation's problem test points at its method, and a valid annotated test is unchanged")
    void positionsAndValidValues() {
        EngineDiscoveryResults bad = discover(selectClass(IntentAndNotIntent.class));
        assertThat(bad.getDiscoveryIssues()).singleElement().satisfies(issue -> assertThat(issue.source())
                .contains(org.junit.platform.engine.support.descriptor.MethodSource.from(IntentAndNotIntent.class.getName(), "check", "")));

        EngineDiscoveryResults good = discover(selectClass(Valid.class));
        assertThat(good.getDiscoveryIssues()).isEmpty();
        assertThat(tests(good)).containsExactly("where is my order");
        // Values are trimmed as a data file's are: " check_order " expects the intent check_order.
        assertThat(good.getEngineDescriptor().getDescendants()).filteredOn(SimulationCaseDescriptor.class::isInstance)
                .singleElement().extracting(d -> ((SimulationCaseDescriptor) d).simulation().expect())
                .satisfies(expect -> {
                    assertThat(expect.intent()).isEqualTo("check_order");
                    assertThat(expect.intentMinScore()).isEqualTo(0.7);
                    assertThat(expect.entities()).containsExactly(java.util.Map.entry("order_id", "ORD_99"));
                });
    }

    @Test
    @DisplayName("item 1: a data file's problem keeps its file source and position")
    void filePosition() throws IOException {
        Path file = Files.writeString(dir.resolve("pos.sim.yaml"),
                "cases:\n  - { id: test_a, utterance: hi, expect: { intent: x, not_intent: x } }\n");
        DiscoveryIssue issue = discover(selectFile(file.toFile())).getDiscoveryIssues().get(0);
        assertThat(issue.source().orElseThrow()).isInstanceOfSatisfying(FileSource.class,
                s -> assertThat(s.getPosition().orElseThrow().getLine()).isEqualTo(2));
    }

    @Test
    @DisplayName("a DATE written as a day that does not exist is reported at the value; a real day, a full ISODate and the"
            + " same text under another entity's name are not problems")
    void dateThatDoesNotExistAtItsValue() throws IOException {
        String line = "    expect: { entities: { DATE: 2026-13-01 } }";
        Path file = Files.writeString(dir.resolve("date.sim.yaml"), "cases:\n  - id: test_a\n    utterance: hi\n" + line + "\n");
        assertThat(onlyIssue(selectFile(file.toFile()))).endsWith("date.sim.yaml:4:" + (line.indexOf("2026") + 1) + ": entity 'DATE' in cases[0].expect.entities"
                + " is 2026-13-01, a day that does not exist — write a real day as YYYY-MM-DD (the day alone holds for any ISODate"
                + " on that day) or the full ISODate");

        Path valid = Files.writeString(dir.resolve("valid.sim.yaml"), """
                cases:
                  - { id: test_a, utterance: hi, expect: { entities: { DATE: 2026-12-25 } } }
                  - { id: test_b, utterance: hi, expect: { entities: { date: "2028-02-29" } } }
                  - { id: test_c, utterance: hi, expect: { entities: { DATE: "2026-12-25T00:00:00Z" } } }
                  - { id: test_d, utterance: hi, expect: { entities: { delivery_day: 2026-02-30 } } }
                """);
        EngineDiscoveryResults results = discover(selectFile(valid.toFile()));
        assertThat(results.getDiscoveryIssues()).isEmpty();
        assertThat(tests(results)).hasSize(4);
    }

    private EngineDiscoveryResults discover(DiscoverySelector selector) {
        return kit(backend).selectors(selector).discover();
    }

    private String onlyIssue(DiscoverySelector selector) {
        List<DiscoveryIssue> issues = discover(selector).getDiscoveryIssues();
        assertThat(issues).as("issues of %s", selector).hasSize(1);
        return issues.get(0).message();
    }

    private static List<String> tests(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName).toList();
    }

    @BotSimulation
    static class ApprovedUnknownField {
        @Utterance(value = "hi", approved = true, approvedFields = {"intent", "txt"})
        void check() {
        }
    }

    @BotSimulation
    static class LengthRangeUpsideDown {
        @Utterance("hi")
        @ExpectResponse(minLength = 50, maxLength = 10)
        void check() {
        }
    }

    @BotSimulation
    static class NegativeLength {
        @Utterance("hi")
        @ExpectResponse(minLength = -3)
        void check() {
        }
    }

    @BotSimulation
    static class LengthCheckingNothing {
        @Utterance("hi")
        @ExpectResponse(minLength = 0)
        void check() {
        }
    }

    @BotSimulation
    static class ForbidsRequiredText {
        @Utterance(value = "hi", responseContains = "order number")
        @ExpectResponse(notContains = "Order")
        void check() {
        }
    }

    @BotSimulation
    static class BlankAlternative {
        @Utterance("hi")
        @ExpectResponse(containsAny = {"order", "  "})
        void check() {
        }
    }

    @BotSimulation
    static class ApprovedFieldTwice {
        @Utterance(value = "hi", approved = true, approvedFields = {"intent", "intent"})
        void check() {
        }
    }

    @BotSimulation
    static class IdWithAccent {
        @Utterance(value = "hi", id = "test_ordér")
        void check() {
        }
    }

    @BotSimulation
    static class LongId {
        @Utterance(value = "hi", id = LONG_ID)
        void check() {
        }
    }

    @BotSimulation
    static class UserWithTab {
        @Utterance(value = "hi", user = "qa\t01")
        void check() {
        }
    }

    @BotSimulation
    static class ConversationUserTooLong {
        @Conversation(user = LONG_USER)
        void check(BotSession bot) {
        }
    }

    @BotSimulation
    static class InvisibleUtterance {
        @Utterance("\u00a0")
        void check() {
        }
    }

    @BotSimulation
    static class NoUtterance {
        @Utterance({})
        void check() {
        }
    }

    @BotSimulation
    static class NoIntentWithIntent {
        @Utterance(value = "hi", intent = "check_order", noIntent = true)
        void check() {
        }
    }

    @BotSimulation
    static class NoIntentWithNotIntent {
        @Utterance(value = "hi", notIntent = "escalate", noIntent = true)
        void check() {
        }
    }

    @BotSimulation
    static class NoIntentWithMinScore {
        @Utterance(value = "hi", noIntent = true, intentMinScore = 0.6)
        void check() {
        }
    }

    @BotSimulation
    static class IntentAndNotIntent {
        @Utterance(value = "hi", intent = "check_order", notIntent = "check_order")
        void check() {
        }
    }

    @BotSimulation
    static class IntentAndNotIntentInTwoForms {
        @Utterance(value = "hi", intent = "cafe\u0301", notIntent = "caf\u00e9")
        void check() {
        }
    }

    @BotSimulation
    static class ForbidsRequiredTextInAnotherForm {
        @Utterance(value = "hi", responseContains = "cafe\u0301 open")
        @ExpectResponse(notContains = "CAF\u00c9")
        void check() {
        }
    }

    @BotSimulation
    static class ScoreAboveOne {
        @Utterance(value = "hi", intentMinScore = 1.5)
        void check() {
        }
    }

    @BotSimulation
    static class ScoreBelowZero {
        @Utterance(value = "hi", intentMinScore = -0.5)
        void check() {
        }
    }

    @BotSimulation
    static class BadPattern {
        @Utterance(value = "hi", responseMatches = "order (")
        void check() {
        }
    }

    @BotSimulation
    static class BlankIntent {
        @Utterance(value = "hi", intent = " ")
        void check() {
        }
    }

    @BotSimulation
    static class BadTag {
        @Utterance(value = "hi", tags = "a b")
        void check() {
        }
    }

    @BotSimulation
    static class EntityWithoutName {
        @Utterance("hi")
        @ExpectEntity(name = "", value = "ORD_99")
        void check() {
        }
    }

    @BotSimulation
    static class DateThatDoesNotExist {
        @Utterance("hi")
        @ExpectEntity(name = "DATE", value = "2026-02-30")
        void check() {
        }
    }

    @BotSimulation
    static class EntityWithoutValue {
        @Utterance("hi")
        @ExpectEntity(name = "order_id", value = " ")
        void check() {
        }
    }

    @BotSimulation
    static class EntityNamedInTwoForms {
        @Utterance("hi")
        @ExpectEntity(name = "\u00fc", value = "A")
        @ExpectEntity(name = "u\u0308", value = "B")
        void check() {
        }
    }

    @BotSimulation
    static class EntityNamedTwice {
        @Utterance("hi")
        @ExpectEntity(name = "order_id", value = "A")
        @ExpectEntity(name = "order_id", value = "B")
        void check() {
        }
    }

    @BotSimulation
    static class IdUsedTwice {
        @Utterance(value = "hi", id = "test_same")
        void first() {
        }

        @Utterance(value = "hello", id = "test_same")
        void second() {
        }
    }

    @BotSimulation
    static class ExternalIdUsedTwice {
        @Utterance(value = "hi", externalId = "BOT-7")
        void first() {
        }

        @Utterance(value = "hello", externalId = "BOT-7")
        void second() {
        }

        @Utterance(value = "good morning", externalId = "BOT-8")
        void third() {
        }
    }

    @BotSimulation
    static class ExternalIdWithSpace {
        @Utterance(value = "hi", externalId = "BOT 101")
        void check() {
        }
    }

    @BotSimulation
    static class BlankConversationExternalId {
        @Conversation(externalId = " ")
        void check(BotSession bot) {
        }
    }

    @BotSimulation(tags = {"a b", "smoke"})
    static class BadClassTag {
        @Utterance("hi")
        void check() {
        }
    }

    @BotSimulation
    static class Valid {
        @Utterance(value = "  where is my order ", intent = " check_order ", intentMinScore = 0.7)
        @ExpectEntity(name = "order_id", value = "ORD_99")
        void check() {
        }
    }
}
