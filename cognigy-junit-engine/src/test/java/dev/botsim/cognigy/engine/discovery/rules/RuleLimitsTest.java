package dev.botsim.cognigy.engine.discovery.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.spi.Expectation;

/**
 * The limits of each rule, at both sides of the edge: a value one past a limit is refused with its fix, the value at the
 * limit is taken, so a test valid by the documentation is never refused and a broken one never accepted.
 */
class RuleLimitsTest {

    private static String of(Optional<Violation> violation) {
        return violation.map(v -> v.of("it")).orElse("none");
    }

    @Test
    void idsUpToTheLongestAreTaken() {
        String longest = "test_" + "a".repeat(CaseRules.MAX_ID_LENGTH - 5);
        assertThat(CaseRules.testId(longest)).isEmpty();
        assertThat(of(CaseRules.testId(longest + "a"))).isEqualTo("it is 129 characters long — use at most 128");

        assertThat(CaseRules.externalId("C" + "1".repeat(127))).isEmpty();
        assertThat(of(CaseRules.externalId("C" + "1".repeat(128)))).isEqualTo("it is 129 characters long — use at most 128");
    }

    @Test
    void theCharacterThatBreaksAnIdIsNamed() {
        assertThat(of(CaseRules.testId("test_order-status"))).endsWith("(found '-' U+002D HYPHEN-MINUS at position 11)");
        assertThat(of(CaseRules.testId("test_order_status-2"))).endsWith("(found '-' U+002D HYPHEN-MINUS at position 18)");
        assertThat(of(CaseRules.testId("test_ord\u0435r"))).endsWith("(found '\u0435' U+0435 CYRILLIC SMALL LETTER IE at"
                + " position 9)");
    }

    @Test
    void tenPlacesAreListedAndMoreAreCounted() {
        List<String> places = new ArrayList<>();
        for (int i = 1; i <= 10; i++) places.add("a.sim.yaml:" + i);
        assertThat(CaseRules.idUsedMoreThanOnce("file", places).what()).isEqualTo("is used 10 times in this file (at "
                + String.join(", ", places) + ")");
        places.add("a.sim.yaml:11");
        assertThat(CaseRules.idUsedMoreThanOnce("file", places).what()).endsWith("a.sim.yaml:10 and 1 more)");
    }

    @Test
    void repeatRunsFromOnceToTheMost() {
        assertThat(CaseRules.repeat(1)).isEmpty();
        assertThat(CaseRules.repeat(Constants.MAX_REPEAT)).isEmpty();
        assertThat(of(CaseRules.repeat(0))).isEqualTo("it is 0, outside 1 to " + Constants.MAX_REPEAT
                + " — write how many times the test runs, such as 20 (1 runs it once)");
        assertThat(of(CaseRules.repeat(Constants.MAX_REPEAT + 1L))).startsWith("it is " + (Constants.MAX_REPEAT + 1) + ",");
    }

    @Test
    void textsAreShortenedPastSixtyCharacters() {
        String sixty = "x".repeat(60);
        assertThat(CaseRules.shorten(sixty)).isEqualTo(sixty);
        assertThat(CaseRules.shorten(sixty + "y")).isEqualTo("x".repeat(57) + "...");
        // Never cut inside the visible form of a character: a line break shown as \n stays whole or goes.
        assertThat(CaseRules.shorten("x".repeat(56) + "\n" + "y".repeat(10))).isEqualTo("x".repeat(56) + "...");
    }

    @Test
    void noIntentLeavesNothingForTheOtherIntentChecks() {
        assertThat(of(ExpectationRules.noIntent(true, null, "greeting", -1))).isEqualTo("it already forbids every intent,"
                + " so 'not_intent' ('greeting') checks nothing — remove 'not_intent'");
        assertThat(of(ExpectationRules.noIntent(true, null, null, 0))).isEqualTo("it leaves no intent score for"
                + " 'intent_min_score' (0) to check — remove 'intent_min_score', or expect an intent instead of no intent");
        assertThat(ExpectationRules.noIntent(true, null, null, -1)).isEmpty();
        assertThat(ExpectationRules.noIntent(false, "greeting", "menu", 0.5)).isEmpty();
    }

    @Test
    void brokenPatternSaysWhereEvenAtItsStart() {
        assertThat(of(ExpectationRules.responseMatches("*hello"))).contains("near index 0");
    }

    @Test
    void responseLengthFromZeroToTheLongest() {
        assertThat(ExpectationRules.responseLengthBound(0)).isEmpty();
        assertThat(ExpectationRules.responseLengthBound(ExpectationRules.MAX_RESPONSE_LENGTH)).isEmpty();
        assertThat(of(ExpectationRules.responseLengthBound(-1))).isEqualTo("it is negative (-1) — give a number of"
                + " characters from 0");
        assertThat(of(ExpectationRules.responseLengthBound(100_001))).isEqualTo("it is 100001, more than 100000 — give a"
                + " number of characters up to 100000");
        assertThat(ExpectationRules.responseLengthRange(5, 5)).isEmpty();
        assertThat(of(ExpectationRules.responseLengthRange(5, 0))).isEqualTo("it is 0, below min 5 — swap them, or make"
                + " max at least min");
        assertThat(of(ExpectationRules.responseLengthRange(5, 4))).startsWith("it is 4, below min 5");
    }

    @Test
    void quotedForbiddenTextsFromThreeCharacters() {
        assertThat(of(ExpectationRules.forbiddenInQuotes("\"a\"", false))).isEqualTo("it is \"a\" with the quotes as part"
                + " of the text, so an answer saying a without them passes the check — write it without the quotes: a");
        assertThat(ExpectationRules.forbiddenInQuotes("\"\"", false)).isEmpty();
        // A quote right inside the pair: the text quotes a part of itself.
        assertThat(ExpectationRules.forbiddenInQuotes("\"\"no\" or \"yes\"", false)).isEmpty();
        assertThat(ExpectationRules.forbiddenInQuotes("\u201C\u201Dno\u201D", false)).isEmpty();
        assertThat(ExpectationRules.forbiddenInQuotes("\u201E\u201Eno\u201C", false)).isEmpty();
        assertThat(of(ExpectationRules.forbiddenInQuotes("\u201Csorry\u201D", true))).isEqualTo("it is \u201Csorry\u201D"
                + " with the quotes as part of the intent's name (typographic quotes are never taken for quotes around"
                + " it), so the check passes even when the bot recognises sorry — write it without the quotes: sorry");
    }

    @Test
    void entityRepeatedInTwoUnicodeFormsNamesTheirCodePoints() {
        assertThat(ExpectationRules.entityRepeated(List.of("city", "city")).of("it"))
                .isEqualTo("it appears 2 times — keep only one");
        assertThat(ExpectationRules.entityRepeated(List.of("stra\u00DFe_\u00FC", "stra\u00DFe_u\u0308")).of("it"))
                .isEqualTo("it appears 2 times, in spellings that look the same but differ in Unicode form (U+00DF U+00FC;"
                        + " U+00DF U+0075 U+0308) — keep only one");
        // A mark with nothing before it, or after a letter beyond ASCII, is named alone.
        assertThat(ExpectationRules.entityRepeated(List.of("\u0308a", "\u00E9\u0301")).what())
                .endsWith("(U+0308; U+00E9 U+0301)");
    }

    @Test
    void expectedDayMustExist() {
        assertThat(of(ExpectationRules.entityValue("DATE", "2026-02-30"))).isEqualTo("it is 2026-02-30, a day that does"
                + " not exist — write a real day as YYYY-MM-DD (the day alone holds for any ISODate on that day) or the"
                + " full ISODate");
        assertThat(ExpectationRules.entityValue("DATE", "2026-02-28")).isEmpty();
        assertThat(ExpectationRules.entityValue("DATE", "tomorrow")).isEmpty();
        assertThat(ExpectationRules.entityValue("city", "2026-02-30")).isEmpty();
        assertThat(of(ExpectationRules.entityValue("DATE", " "))).isEqualTo("it has no value — write the value the bot"
                + " must extract");
    }

    @Test
    void everyExpectationBeyondIntentsIsNamedForNluScoring() {
        Map<String, Consumer<Expectation.Builder>> each = new java.util.LinkedHashMap<>();
        each.put("entities", b -> b.entities(Map.of("city", "Berlin")));
        each.put("next_flow", b -> b.nextFlow("menu"));
        each.put("response_contains", b -> b.responseContains("hi"));
        each.put("response_matches", b -> b.responseMatches("h.*"));
        each.put("response_contains_any", b -> b.responseContainsAny(List.of("hi")));
        each.put("response_not_contains", b -> b.responseNotContains(List.of("sorry")));
        each.put("response_length", b -> b.responseLength(1, 10));
        each.put("error_code", b -> b.errorCode("E1"));
        each.put("quick_replies", b -> b.quickReplies(List.of("Yes")));
        each.put("buttons", b -> b.buttons(List.of("Menu")));
        each.put("response_data", b -> b.responseData(Map.of("a", 1)));
        each.put("approved", b -> b.approved(List.of("intent")));
        each.forEach((name, set) -> {
            Expectation.Builder builder = Expectation.builder().intent("greeting").intentMinScore(0.5);
            set.accept(builder);
            assertThat(ExpectationRules.beyondIntents(builder.build())).as(name).containsExactly(name);
        });
        assertThat(ExpectationRules.beyondIntents(Expectation.builder().intent("greeting").notIntent("menu").build())).isEmpty();
    }
}
