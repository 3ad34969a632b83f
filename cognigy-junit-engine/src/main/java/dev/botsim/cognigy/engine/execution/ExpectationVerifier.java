package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.support.BotiumPattern;
import dev.botsim.cognigy.engine.support.CalendarDay;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.ExpectationFailureText;
import dev.botsim.cognigy.engine.support.LooseText;
import dev.botsim.cognigy.engine.support.ScoreText;
import dev.botsim.cognigy.spi.Expectation;

/**
 * Checks a bot's answer against an {@link Expectation}. Every checked field is compared, and the
 * failure carries one expected/actual pair of all checked fields so an IDE shows a single diff.
 *
 * <p>Each field's check throws an {@link AssertionError} worded by the engine, which is collected: a bot's designer
 * reads "expected to contain", not {@code Expecting actual: … to contain: …}. The equality and text checks are AssertJ
 * assertions given the engine's words ({@code withFailMessage}); the others compare what AssertJ has no assertion for
 * (scores against thresholds, calendar days, Botium's matching). AssertJ's
 * {@code SoftAssertions} would collect through generated proxy classes, which cost every run about three seconds of
 * start-up on two cores. What the bot said is quoted on one line, its invisible characters visible
 * ({@link ResponseText#quoted}).
 */
final class ExpectationVerifier {

    private ExpectationVerifier() {
    }

    /**
     * @throws BotMisconfigurationError when a turn carries an error code the test did not expect
     * @throws AssertionFailedError     when the answer differs from the expectation
     */
    public static void verify(Expectation expected, SimulationResult actual) {
        verify(expected, actual, BotSchema.UNKNOWN);
    }

    /**
     * The same, a {@code next_flow} matched through {@code schema}: it may name the flow the answer reached by its
     * display name or any id the schema knows it by.
     */
    public static void verify(Expectation expected, SimulationResult answer, BotSchema schema) {
        verify(expected, answer, schema, null);
    }

    /**
     * The same; a failing {@code next_flow} also says {@code flowCaveat}, the backend's word on where the answer's flow
     * came from when that may not be the flow that handled the turn ({@code null}: none).
     */
    static void verify(Expectation expected, SimulationResult answer, BotSchema schema, String flowCaveat) {
        verify(expected, answer, schema, flowCaveat, false);
    }

    /**
     * The same; {@code outputsUnknown}: the answer's outputs are not known, only its turns' lines, taken for them
     * ({@link dev.botsim.cognigy.engine.backend.TurnResult#outputsUnknown()}), so Botium's whole-output checks let
     * whitespace match the break between two lines, as when the answer was recorded.
     */
    static void verify(Expectation expected, SimulationResult answer, BotSchema schema, String flowCaveat,
                       boolean outputsUnknown) {
        // Compared in the composed form the expectation holds its texts in, as the answer's names and texts arrive
        // (TurnResult): a bot answering "u" + U+0308 says "ü" too. Choice titles arrive as the bot offered them.
        SimulationResult actual = composedTitles(answer);
        Optional<BotTurn> error = actual.error();
        if (expected.errorCode() == null && error.isPresent()) {
            BotTurn turn = error.get();
            throw new BotMisconfigurationError(turn.errorCode(), "bot misconfiguration " + ConsoleText.oneLine(turn.errorCode()) + ": "
                    + ConsoleText.oneLine(Objects.toString(turn.errorMessage(), "(no message)")) + "\n" + Transcript.of(actual.utterance(), actual.turns()));
        }
        // Each failed check with the field it checked, as a data file names it: the message's first line lists them.
        Map<String, AssertionError> errors = new java.util.LinkedHashMap<>();
        BiConsumer<String, Runnable> check = (field, assertion) -> {
            try {
                assertion.run();
            } catch (AssertionError e) {
                errors.putIfAbsent(field, e);
            }
        };
        List<String> expectedView = new ArrayList<>();
        List<String> actualView = new ArrayList<>();
        if (expected.errorCode() != null) {
            String code = error.map(BotTurn::errorCode).orElse(null);
            view(expectedView, actualView, "error_code", expected.errorCode(), code);
            check.accept("error_code", () -> equal("error code", expected.errorCode(), code, "no error code: the turn reported no error"));
        }
        // Scored by an NLU (the nlu backend), the answer carries every intent's score.
        Optional<IntentRanking> ranking = actual.turns().stream().map(IntentRanking::of).flatMap(Optional::stream).findFirst();
        if (expected.intent() != null) {
            view(expectedView, actualView, "intent", expected.intent(), actual.intent());
            // Say where the expected intent came in the ranking.
            check.accept("intent", () -> {
                if (ranking.isPresent() && !expected.intent().equals(actual.intent())) {
                    throw new AssertionError("[intent] " + ConsoleText.oneLine(ranking.get().explain(expected.intent())));
                }
                equal("intent", expected.intent(), actual.intent(), "no intent: the answer names none");
            });
        }
        if (expected.notIntent() != null) {
            // Not the same line on both sides, or the IDE's diff shows two equal texts.
            view(expectedView, actualView, "not_intent", "any intent but " + expected.notIntent(), actual.intent());
            check.accept("not_intent", () -> {
                String scored = Double.isNaN(actual.intentScore()) ? "" : ", with the score " + ScoreText.of(actual.intentScore());
                if (expected.notIntent().equals(actual.intent())) {
                    throw new AssertionError("[intent] expected any intent but " + ConsoleText.oneLine(expected.notIntent())
                            + " (not_intent); the bot recognised it" + scored);
                }
                // Compared exactly, an intent the file names in another case (Escalate for the bot's escalate) would never
                // be recognised, and the check pass whatever the bot understood: the bot recognised the intent meant. Not
                // where the bot has an intent named exactly so: its escalate is then another intent than Escalate.
                Optional<String> only = LooseText.onlyDifference(expected.notIntent(), actual.intent());
                if (only.isPresent() && !namesIntent(schema, ranking, expected.notIntent())) {
                    throw new AssertionError("[intent] expected any intent but " + ConsoleText.oneLine(expected.notIntent())
                            + " (not_intent); the bot recognised " + ResponseText.quoted(actual.intent()) + scored
                            + ", which differs from it only in " + only.get() + " — write not_intent as the bot names the intent: "
                            + ConsoleText.oneLine(actual.intent()));
                }
            });
        }
        if (expected.noIntent()) {
            // An intent asked back with its confirmation sentence is no intent in the answer, but the bot took the sentence
            // for that intent's: only an NLU that gives the ranking (the nlu backend) tells it from a sentence not understood.
            Optional<IntentRanking.Outcome> askedBack = actual.intent() != null ? Optional.empty() : actual.turns().stream()
                    .map(IntentRanking::of).flatMap(Optional::stream).findFirst()
                    .filter(r -> r.outcome().verdict() == IntentRanking.Verdict.RECONFIRMATION_ASKED)
                    .map(IntentRanking::outcome);
            view(expectedView, actualView, "no_intent", "no intent", actual.intent() != null ? actual.intent()
                    : askedBack.map(o -> o.best().intent() + " asked back").orElse("no intent"));
            check.accept("no_intent", () -> {
                if (actual.intent() != null) {
                    throw new AssertionError("[intent] expected no intent, got " + ConsoleText.oneLine(actual.intent())
                            + (Double.isNaN(actual.intentScore()) ? " (no score)" : " (score " + ScoreText.of(actual.intentScore()) + ")"));
                }
                askedBack.ifPresent(outcome -> {
                    IntentRanking.Score best = outcome.best();
                    throw new AssertionError("[intent] expected no intent, got " + ConsoleText.oneLine(best.intent())
                            + " asked back: it scored " + ScoreText.of(best.score()) + ", below its confidence threshold, and has a"
                            + " confirmation sentence, so the bot asks " + ResponseText.quoted(best.confirmationSentence())
                            + " rather than saying it did not understand");
                });
            });
        }
        if (expected.intentMinScore() >= 0) {
            view(expectedView, actualView, "intent_min_score", ">= " + expected.intentMinScore(), ScoreText.of(actual.intentScore()));
            check.accept("intent_min_score", () -> {
                double score = actual.intentScore();
                if (score >= expected.intentMinScore()) return;
                String intent = actual.intent() == null ? null : ConsoleText.oneLine(actual.intent());
                throw new AssertionError("[intent score] expected at least " + expected.intentMinScore() + " (intent_min_score) but "
                        + (Double.isNaN(score) ? (intent == null ? "the answer has no intent score: it names no intent"
                                : "the intent " + intent + " came without a score")
                        : "was " + ScoreText.of(score) + (intent == null ? ", with no intent recognised" : " for the intent " + intent)));
            });
        }
        boolean botium = expected.matching() == Expectation.Matching.BOTIUM;
        Map<String, Object> entities = actual.entities();
        expected.entities().forEach((name, value) -> {
            List<String> found = entity(entities, name, value);
            Object shown = found.size() == 1 ? found.get(0) : found.isEmpty() ? null : found;
            view(expectedView, actualView, "entities." + name, value, shown);
            // A DATE written as the day alone (2026-12-25) holds for an ISODate on that day, whatever its time of day.
            boolean calendarDay = !botium && CalendarDay.isDateSlot(name) && CalendarDay.expected(value).isPresent();
            // A multi-valued slot (NUMBER: [100, 143]) matches when any of its values is the expected one.
            check.accept("entities." + name, () -> {
                if (calendarDay) {
                    if (found.stream().noneMatch(f -> f.equals(value) || CalendarDay.holds(value, f))) {
                        throw new AssertionError("[entity " + ConsoleText.oneLine(name) + (found.size() > 1 ? " (any of its values)" : "")
                                + "] expected the calendar day " + ResponseText.quoted(value) + " (a day alone is compared with"
                                + " the day of the answer's start.ISODate, in the ISODate's own offset) but "
                                + (found.isEmpty() ? "the answer has none" : found.size() == 1 ? "the ISODate was " + withDay(found.get(0))
                                : "the ISODates were " + String.join(", ", found.stream().map(ExpectationVerifier::withDay).toList())));
                    }
                } else if (botium) {
                    if (found.stream().noneMatch(f -> BotiumMatch.contains(f, value))) {
                        throw new AssertionError("[entity " + ConsoleText.oneLine(name) + "] expected a value containing "
                                + ResponseText.quoted(value) + " (" + BotiumMatch.HOW + ") but "
                                + (found.isEmpty() ? "the answer has none" : "was " + (found.size() == 1
                                ? ResponseText.quoted(found.get(0)) : ResponseText.quoted(found))));
                    }
                } else if (found.size() > 1 && !found.contains(value)) {
                    throw new AssertionError("[entity " + ConsoleText.oneLine(name) + " (any of its values)] expected "
                            + ResponseText.quoted(value) + " but the values were " + ResponseText.quoted(found));
                } else if (found.isEmpty()) {
                    // Say what the bot did find: the value under another name is the likeliest fix.
                    throw new AssertionError("[entity " + ConsoleText.oneLine(name) + "]\nexpected: " + ResponseText.quoted(value)
                            + "\n but was: not found: " + (entities.isEmpty() ? "the answer has no entities"
                            : "the answer's entities are " + entitiesShown(entities)));
                } else if (!found.contains(value)) equal("entity " + name, value, found.get(0), null);
            });
        });
        if (expected.nextFlow() != null) {
            Optional<BotTurn> last = lastFlow(actual.turns());
            String flow = last.map(BotTurn::flowId).orElse(null);
            String reference = last.map(BotTurn::flowReferenceId).orElse(null);
            // Shown by every name the schema knows each flow by: Welcome (flow_welcome).
            String shown = schema.flowLabel(flow);
            String wanted = schema.flowLabel(expected.nextFlow());
            // A reference id the schema does not name the flow by is shown beside the name, as it was compared too.
            String reached = reference == null || (shown != null && shown.contains(reference)) ? shown
                    : shown == null ? "reference id " + reference : shown + " (reference id " + reference + ")";
            view(expectedView, actualView, "next_flow", expected.nextFlow(), reached);
            // A flow is named by its display name, its reference id or another id the schema knows, whichever the test
            // author copied.
            check.accept("next_flow", () -> {
                if (schema.sameFlow(expected.nextFlow(), flow) || reference != null && schema.sameFlow(expected.nextFlow(), reference)) return;
                try {
                    // The reference id beside the quoted name, not in the quotes: the flow is not named so.
                    String byReference = reached == null || reached.equals(shown) ? "" : " (reference id " + reference + ")";
                    equal("next flow", wanted, shown, byReference, shown == null && reference != null
                            ? "no flow name, only the reference id " + reference : "no flow: the answer names none");
                } catch (AssertionError e) {
                    if (flowCaveat == null) throw e;
                    throw new AssertionError(e.getMessage().strip() + "\n" + ConsoleText.oneLine(flowCaveat), e);
                }
            });
        }
        if (expected.responseContains() != null && botium) {
            String text = BotiumMatch.normalized(actual.text());
            String contained = BotiumMatch.normalized(expected.responseContains());
            view(expectedView, actualView, "response_contains", contained, text);
            check.accept("response_contains", () -> {
                if (!BotiumMatch.contains(text, contained)) {
                    throw new AssertionError("[response] expected to contain " + ResponseText.quoted(contained) + " ("
                            + BotiumMatch.HOW + ", markup removed and whitespace collapsed) but was " + ResponseText.quoted(text));
                }
            });
        } else if (expected.responseContains() != null) {
            view(expectedView, actualView, "response_contains", expected.responseContains(), actual.text());
            // Compared letter by letter, in any locale (Turkish "İstanbul" contains "istanbul"), and as a reader sees it: an
            // LLM's "don’t", "Monday–Friday" or no-break space is the "don't", "Monday-Friday" or space the file types.
            check.accept("response_contains", () -> assertThat(actual.text()).withFailMessage("%s", worded(() ->
                    "[response] expected to contain " + ResponseText.quoted(expected.responseContains())
                            + " (ignoring case and typography) but did not: " + answerQuoted(actual.text())
                            + ResponseText.asSpoken(actual.text())))
                    .matches(text -> LooseText.contains(text, expected.responseContains())));
        }
        if (expected.responseMatches() != null) {
            // Botium's texts are compared with the answer as Botium normalizes each of its messages: an output a line.
            List<String> outputs = botium ? actual.turns().stream().flatMap(t -> t.outputTexts().stream())
                    .map(BotiumMatch::normalized).toList() : List.of();
            String text = botium ? String.join("\n", outputs) : actual.text();
            // An SSML answer is matched as spoken, its words, as the other text checks read it — so a pattern ruling a
            // phrase out fails on a phrase the caller hears across a <break/> —, and one written with HTML as a chat shows
            // it (a pattern ruling "full refund" out fails on "a <b>full</b> refund"), unless the pattern names markup
            // itself (a tag or a reference: a pause or a link is there), which is matched as written, as a text check's
            // markup is looked for. Botium's patterns are matched with its outputs apart, where they are known
            // (BotiumMatch.finds).
            String matched = botium ? BotiumMatch.matchedOutputs(text, outputsUnknown)
                    : text == null || ResponseText.namesMarkup(expected.responseMatches()) ? text : ResponseText.read(text);
            boolean eachOutput = botium && BotiumMatch.searchesEachOutput(expected.responseMatches(), outputsUnknown);
            view(expectedView, actualView, "response_matches", BotiumPattern.shown(expected.responseMatches()), text);
            // Searched with a time limit: a pattern that backtracks without end fails the test, not the run.
            check.accept("response_matches", () -> assertThat(text).withFailMessage("%s", worded(() -> "[response] expected to"
                    + " match the regular expression " + ResponseText.quoted(BotiumPattern.shown(expected.responseMatches()))
                    + (!botium ? "" : " (Botium's matching: markup removed, whitespace collapsed" + (eachOutput
                    ? "; each TEXT_REGEXP searched in each output on its own, " + (outputs.isEmpty() ? "no output with a text"
                    : outputs.size() == 1 ? "1 output" : outputs.size() + " outputs, one a line") : "") + ")") + " but did not: "
                    + answerQuoted(text) + (botium ? "" : ResponseText.asSpoken(text))
                    // A flag before the whole expression does not reach a pattern searched in each output alone.
                    + (text == null || eachOutput ? "" : patternHint(expected.responseMatches(), botium ? matched : text))))
                    .matches(t -> t != null && (eachOutput ? BotiumMatch.finds(expected.responseMatches(), outputs, matched)
                            : ResponsePattern.finds(expected.responseMatches(), matched, ResponsePattern.LIMIT))));
        }
        if (!expected.responseContainsAny().isEmpty()) {
            view(expectedView, actualView, "response_contains_any", expected.responseContainsAny(), actual.text());
            check.accept("response_contains_any", () -> {
                if (ResponseText.containedIn(actual.text(), expected.responseContainsAny()).isEmpty()) {
                    throw new AssertionError("[response] expected to contain any of " + ResponseText.quoted(expected.responseContainsAny())
                            + " (ignoring case and typography) but contained none: " + ResponseText.quoted(actual.text())
                            + ResponseText.asSpoken(actual.text()));
                }
            });
        }
        if (!expected.responseNotContains().isEmpty()) {
            // Also what the caller hears when a recording fails and its fallback text is spoken: ruled out either way.
            List<String> found = ResponseText.mayBeHeardIn(actual.text(), expected.responseNotContains());
            view(expectedView, actualView, "response_not_contains", expected.responseNotContains(), actual.text());
            check.accept("response_not_contains", () -> {
                if (!found.isEmpty()) {
                    throw new AssertionError("[response] expected to contain none of " + ResponseText.quoted(expected.responseNotContains())
                            + " (ignoring case and typography) but contained " + ResponseText.quoted(found) + ": " + ResponseText.quoted(actual.text())
                            + ResponseText.asHeard(actual.text(), found));
                }
            });
        }
        if (expected.checksResponseLength()) {
            int length = ResponseText.length(actual.text());
            String range = ResponseText.range(expected.responseMinLength(), expected.responseMaxLength());
            view(expectedView, actualView, "response_length", range, length + " characters");
            check.accept("response_length", () -> {
                if (!ResponseText.within(length, expected.responseMinLength(), expected.responseMaxLength())) {
                    throw new AssertionError("[response length] expected " + range + " but was " + length + " characters"
                            + ResponseText.countedAs(actual.text()) + ": "
                            + ResponseText.quoted(actual.text()) + ResponseText.asSpoken(actual.text()));
                }
            });
        }
        if (!expected.quickReplies().isEmpty()) {
            List<String> offered = actual.turns().stream().flatMap(t -> t.quickReplies().stream()).map(BotChoice::title).toList();
            view(expectedView, actualView, "quick_replies", expected.quickReplies(), offered);
            check.accept("quick_replies", () -> offeredEach("quick replies offered", "a quick reply", expected.quickReplies(), offered));
        }
        if (!expected.buttons().isEmpty() && botium) {
            // Botium's Cognigy connector reports quick replies as buttons too.
            List<BotChoice> offered = actual.turns().stream().flatMap(t -> java.util.stream.Stream.concat(
                    t.buttons().stream(), t.quickReplies().stream())).toList();
            List<String> shown = offered.stream()
                    .map(c -> c.payload() == null ? c.title() : c.title() + " (" + c.payload() + ")").toList();
            view(expectedView, actualView, "buttons", expected.buttons(), shown);
            List<String> missing = expected.buttons().stream().filter(b -> offered.stream().noneMatch(c -> offers(c, b))).toList();
            check.accept("buttons", () -> {
                if (!missing.isEmpty()) {
                    throw new AssertionError("[buttons offered] expected a button or quick reply whose title or payload contains "
                            + (missing.size() == 1 ? ResponseText.quoted(missing.get(0)) : "each of " + ResponseText.quoted(missing))
                            + " (" + BotiumMatch.HOW + ") but the bot offered "
                            + (shown.isEmpty() ? "none" : ResponseText.quoted(shown)));
                }
            });
        } else if (!expected.buttons().isEmpty()) {
            List<String> offered = actual.turns().stream().flatMap(t -> t.buttons().stream()).map(BotChoice::title).toList();
            view(expectedView, actualView, "buttons", expected.buttons(), offered);
            check.accept("buttons", () -> offeredEach("buttons offered", "a button", expected.buttons(), offered));
        }
        if (!expected.responseData().isEmpty()) {
            List<Map<String, Object>> data = actual.turns().stream().flatMap(t -> t.outputData().stream()).toList();
            view(expectedView, actualView, "response_data", json(expected.responseData()), json(data));
            check.accept("response_data", () -> {
                if (data.stream().noneMatch(d -> DataMatch.contains(d, expected.responseData()))) {
                    // As JSON, as the file writes it: a map's toString would show "7" and 7 alike, which this check tells apart.
                    throw new AssertionError("[output data] no output's data contains " + ConsoleText.oneLine(json(expected.responseData()))
                            + " (objects compared as subsets, lists by element); the outputs carried "
                            + (data.isEmpty() ? "no data" : ConsoleText.oneLine(json(data))));
                }
            });
        }
        if (errors.isEmpty()) return;
        StringBuilder message = new StringBuilder(ExpectationFailureText.firstLine(actual.utterance(),
                errors.keySet().stream().map(ConsoleText::oneLine).toList()));
        for (AssertionError e : errors.values()) {
            // AssertJ ends a description with a space before its line break: a line of the message never ends in one.
            message.append("\n- ").append(e.getMessage().strip().lines().map(String::stripTrailing)
                    .collect(java.util.stream.Collectors.joining("\n  ")));
        }
        message.append("\n").append(Transcript.of(actual.utterance(), actual.turns()));
        throw new AssertionFailedError(message.toString(), String.join("\n", expectedView), String.join("\n", actualView));
    }

    /**
     * Fails unless {@code actual} is {@code expected}, worded as AssertJ's {@code isEqualTo} lays it out (expected above
     * what it was, for the eye to compare), but with what is missing said in words rather than {@code null}, and, when
     * the two differ only in letter case or in spaces, quotes or dashes, saying so: a reader does not see it.
     *
     * @param missing what {@code actual} being {@code null} means: {@code no intent: the answer names none}
     */
    private static void equal(String label, String expected, String actual, String missing) {
        equal(label, expected, actual, "", missing);
    }

    /** The same, {@code besides} written after the quoted {@code actual}: what else the answer said of it. */
    private static void equal(String label, String expected, String actual, String besides, String missing) {
        assertThat(actual).withFailMessage("%s", worded(() -> {
            String only = LooseText.onlyDifference(expected, actual)
                    .map(what -> "\nthe two differ only in " + what + ", and this is compared exactly").orElse("");
            return "[" + ConsoleText.oneLine(label) + "]\nexpected: " + quotedOrNone(expected, "none")
                    + "\n but was: " + (actual == null ? missing : ResponseText.quoted(actual) + ConsoleText.oneLine(besides)) + only;
        })).isEqualTo(expected);
    }

    /**
     * A failure's text in the engine's words, for AssertJ to give as its message: built only when the assertion fails
     * (AssertJ formats its message then), so a passing check costs no wording.
     */
    private static Object worded(java.util.function.Supplier<String> message) {
        return new Object() {
            @Override
            public String toString() {
                return message.get();
            }
        };
    }

    private static String quotedOrNone(String text, String none) {
        return text == null ? none : ResponseText.quoted(text);
    }

    /** The answer's text as a failure quotes it, or what it is when the answer has none. */
    private static String answerQuoted(String text) {
        return text == null ? "the answer has no text" : ResponseText.quoted(text);
    }

    /**
     * The likely fix for a regular expression the answer does not match when a flag would make it match: {@code (?i)}
     * for case, {@code (?iu)} when the case differs in a letter beyond ASCII ({@code Ü}, {@code İ}), which {@code (?i)}
     * alone does not fold, {@code (?m)} for {@code ^} and {@code $} at the start and end of each of the answer's texts (they are
     * joined by line breaks). Empty when neither does.
     */
    private static String patternHint(String regex, String text) {
        try {
            if (ResponsePattern.finds("(?m)" + regex, text, ResponsePattern.LIMIT)) {
                return "\nit matches with (?m) at its start: the answer's texts are joined by line breaks, and without it ^ and $"
                        + " match only at the start and end of all of them";
            }
            if (ResponsePattern.finds("(?i)" + regex, text, ResponsePattern.LIMIT)) {
                return "\nit matches ignoring case: start the expression with (?i) to ignore case";
            }
            // Java's (?i) folds ASCII letters only: Ü and ü, İ and i differ under it and match only with (?iu).
            if (ResponsePattern.finds("(?iu)" + regex, text, ResponsePattern.LIMIT)) {
                return "\nit matches ignoring case: start the expression with (?iu) to ignore case, of letters beyond ASCII too";
            }
        } catch (AssertionError | RuntimeException tooLongOrInvalid) {
            // A hint is not worth another failure.
        }
        return "";
    }

    /** An answer's entities as a failure lists them: {@code order_id="ORD_12", email="a@b.c"}. */
    private static String entitiesShown(Map<String, Object> entities) {
        return entities.entrySet().stream().map(e -> ConsoleText.oneLine(e.getKey()) + "="
                        + (e.getValue() instanceof String text ? ResponseText.quoted(text) : ConsoleText.oneLine(json(e.getValue()))))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A value as JSON, as a data file's JSON or YAML states it. */
    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /**
     * Whether the bot has an intent named exactly {@code intent}, as its schema lists its intents or the answer's ranking
     * scores them: one differing from it only in case is then another intent of the bot's, not {@code intent} misspelt.
     */
    private static boolean namesIntent(BotSchema schema, Optional<IntentRanking> ranking, String intent) {
        return schema.intents().map(intents -> intents.contains(intent)).orElse(false)
                || ranking.map(r -> r.scores().stream().anyMatch(score -> intent.equals(score.intent()))).orElse(false);
    }

    /**
     * Fails unless every expected title is among the offered ones (exactly but for spaces at their ends, in any order),
     * naming the missing titles and
     * all that were offered, worded as the other checks are rather than as a collection assertion.
     */
    private static void offeredEach(String what, String one, List<String> expected, List<String> offered) {
        // Spaces at a title's ends are no part of what a chat shows, and a file cannot write them (its texts are trimmed):
        // a bot offering "Yes " offers the Yes a test expects.
        List<String> titles = offered.stream().map(title -> title == null ? null : title.strip()).toList();
        List<String> missing = expected.stream().filter(title -> !titles.contains(title.strip())).distinct().toList();
        if (missing.isEmpty()) return;
        throw new AssertionError("[" + what + "] expected " + one + " titled "
                + (missing.size() == 1 ? ResponseText.quoted(missing.get(0)) : "each of " + ResponseText.quoted(missing))
                + " but the bot offered " + (offered.isEmpty() ? "none" : ResponseText.quoted(offered)));
    }

    /** The answer with its quick replies' and buttons' titles in Unicode's composed form (NFC). */
    private static SimulationResult composedTitles(SimulationResult answer) {
        List<BotTurn> turns = answer.turns().stream().map(t -> t.quickReplies().isEmpty() && t.buttons().isEmpty()
                && t.cardButtons().isEmpty() ? t
                : new BotTurn(t.turnIndex(), t.flowId(), t.intent(), t.intentScore(), t.entities(), t.text(), t.errorCode(),
                t.errorMessage(), t.flowReferenceId(), composedChoices(t.quickReplies()), composedChoices(t.buttons()),
                composedChoices(t.cardButtons()), t.outputData(), t.outputTexts())).toList();
        return new SimulationResult(answer.testId(), answer.utterance(), answer.simulationId(), turns);
    }

    private static List<BotChoice> composedChoices(List<BotChoice> choices) {
        return choices.stream().map(c -> new BotChoice(ComposedText.of(c.title()), c.payload(), c.type())).toList();
    }

    /** Whether a choice's title or payload holds {@code expected} as Botium's BUTTONS asserter looks for it. */
    private static boolean offers(BotChoice choice, String expected) {
        String wanted = BotiumMatch.normalized(expected);
        return BotiumMatch.contains(BotiumMatch.normalized(choice.title()), wanted) || BotiumMatch.contains(choice.payload(), wanted);
    }

    /** An answer's DATE value and the day it falls on: {@code "2026-12-26T12:00:00Z" (the day 2026-12-26)}. */
    private static String withDay(String isoDate) {
        return ResponseText.quoted(isoDate) + CalendarDay.of(isoDate).map(day -> " (the day " + day + ")").orElse(" (no ISO date-time)");
    }

    private static void view(List<String> expectedView, List<String> actualView, String field, Object expected, Object actual) {
        expectedView.add(field + ": " + expected);
        actualView.add(field + ": " + actual);
    }

    /**
     * Whether the answer fails the NLU part of the expectation (intent, score, entities, flow): the part a backend
     * without NLU data cannot pass.
     */
    static boolean failsOnNlu(Expectation expected, SimulationResult actual) {
        Expectation nlu = Expectation.builder().intent(expected.intent()).notIntent(expected.notIntent()).noIntent(expected.noIntent())
                .intentMinScore(expected.intentMinScore()).entities(expected.entities()).nextFlow(expected.nextFlow())
                .errorCode(expected.errorCode()).matching(expected.matching()).build();
        if (nlu.isEmpty()) return false;
        try {
            verify(nlu, actual);
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }

    /** The turn that names the flow the conversation ended in, when any does. */
    private static Optional<BotTurn> lastFlow(List<BotTurn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            BotTurn turn = turns.get(i);
            if (turn.flowId() != null || turn.flowReferenceId() != null) return Optional.of(turn);
        }
        return Optional.empty();
    }

    /**
     * An entity's values as text: one, or several for a multi-valued slot; none when absent. Entity names are
     * matched ignoring case, as the bot's schema is.
     *
     * <p>The values the bot found for the entity {@code name}, as text. A value the bot sent as a JSON number that equals
     * {@code expected} in value is given as {@code expected} is written: a number has no one written form, so {@code 12.50}
     * or {@code 3.0} in a file holds for the bot's {@code 12.5} or {@code 3}. Text the bot sent stays as it is
     * ({@code "007"} is not {@code 7}), and so does an expected value no number is written as ({@code 007} does not hold
     * for the bot's {@code 7}).
     */
    private static List<String> entity(Map<String, Object> entities, String name, String expected) {
        Object value = entities.get(name);
        if (value == null) {
            value = entities.entrySet().stream()
                    .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (value == null) return List.of();
        if (value instanceof List<?> values) return values.stream().map(v -> asText(v, expected)).toList();
        return List.of(asText(value, expected));
    }

    private static String asText(Object value, String expected) {
        return value instanceof Number number && sameNumber(number, expected) ? expected : String.valueOf(value);
    }

    /**
     * How a number is written in a file, in ASCII digits and without leading zeros ({@code 12}, {@code 12.50}, {@code .5},
     * {@code 1e3}): {@code 007} or {@code 01234} is a code whose zeros a number cannot hold, and a bot sending {@code 7}
     * lost them.
     */
    private static final Pattern NUMBER_AS_WRITTEN =
            Pattern.compile("[+-]?(?:(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    private static boolean sameNumber(Number number, String expected) {
        String written = expected.strip();
        if (!NUMBER_AS_WRITTEN.matcher(written).matches()) return false;
        try {
            return new BigDecimal(number.toString()).compareTo(new BigDecimal(written)) == 0;
        } catch (NumberFormatException notANumber) {
            // NaN or infinity from the bot, or an expected value that is no number.
            return false;
        }
    }
}
