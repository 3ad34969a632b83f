package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Redaction;
import dev.botsim.cognigy.spi.Expectation;

/**
 * A replayed answer of which a part the test checks was written to its cassette as {@code <redacted>}
 * ({@code cognigy.replay.redact}): that part says nothing of what the bot answered, so no check of it can be judged.
 * A check that the answer lacks something ({@code response_not_contains}, {@code not_intent}), keeps within a length,
 * or matches a pattern would otherwise pass on the placeholder whatever the bot said, where the run that recorded it
 * failed; and a check that it holds something would fail saying the bot answered {@code <redacted>}. The test fails
 * instead, naming the checks and the fix ({@link Unjudged}): its answer was compared with nothing, so tolerant governance
 * never tolerates it as a wrong answer, and its record says so ({@link dev.botsim.cognigy.spi.SimulationRecord#unjudged()}).
 *
 * <p>{@code response_data} is left to its match: it holds only when an output's data hold every expected value, which a
 * placeholder in an output (a slot named in {@code cognigy.replay.redact} reaches the outputs' data too) cannot give.
 */
final class RedactedAnswer {

    private RedactedAnswer() {
    }

    /**
     * A test's checks that could not be judged on its replayed answer: a failed test ({@link dev.botsim.cognigy.spi.Outcome#FAILED}),
     * but no wrong answer of the bot.
     */
    static final class Unjudged extends AssertionFailedError {
        private static final long serialVersionUID = 1L;

        Unjudged(String message) {
            super(message);
        }
    }

    /** Fails when {@code expected} checks a part of the replayed {@code answer} that was redacted when recorded. */
    static void refuseJudging(Expectation expected, SimulationResult answer) {
        List<String> checks = unjudgeable(expected, answer.turns());
        if (checks.isEmpty()) return;
        throw new Unjudged("cannot judge " + String.join(", ", checks) + " for \""
                + ConsoleText.oneLine(Objects.toString(answer.utterance(), "")) + "\" on its replayed answer: what "
                + (checks.size() == 1 ? "it checks" : "they check") + " was written to the cassette as " + Redaction.REDACTED
                + " (cognigy.replay.redact), which stands for whatever the bot said, so a check that the answer lacks a text"
                + " or an intent, or keeps within a length, would pass however the bot answered — leave what the test checks"
                + " out of cognigy.replay.redact and record the test again, or run it live (cognigy.replay=off or record)");
    }

    /** The checks of {@code expected}, as a data file names them, that read a redacted part of {@code turns}. */
    static List<String> unjudgeable(Expectation expected, List<BotTurn> turns) {
        List<String> checks = new ArrayList<>();
        boolean text = turns.stream().anyMatch(t -> redacted(t.text()));
        if (expected.errorCode() != null && turns.stream().anyMatch(t -> redacted(t.errorCode()))) checks.add("error_code");
        boolean intent = turns.stream().anyMatch(t -> redacted(t.intent()));
        if (expected.intent() != null && intent) checks.add("intent");
        if (expected.notIntent() != null && intent) checks.add("not_intent");
        if (expected.noIntent() && intent) checks.add("no_intent");
        expected.entities().keySet().forEach(name -> {
            if (turns.stream().anyMatch(t -> entity(t.entities(), name))) checks.add("entities." + name);
        });
        if (expected.nextFlow() != null && turns.stream().anyMatch(t -> redacted(t.flowId()) || redacted(t.flowReferenceId()))) {
            checks.add("next_flow");
        }
        if (text) {
            if (expected.responseContains() != null) checks.add("response_contains");
            if (expected.responseMatches() != null) checks.add("response_matches");
            if (!expected.responseContainsAny().isEmpty()) checks.add("response_contains_any");
            if (!expected.responseNotContains().isEmpty()) checks.add("response_not_contains");
            if (expected.checksResponseLength()) checks.add("response_length");
        }
        if (!expected.quickReplies().isEmpty() && turns.stream().anyMatch(t -> titled(t.quickReplies()))) checks.add("quick_replies");
        // Botium's buttons are looked for among the quick replies too.
        if (!expected.buttons().isEmpty() && turns.stream().anyMatch(t -> titled(t.buttons())
                || expected.matching() == Expectation.Matching.BOTIUM && titled(t.quickReplies()))) {
            checks.add("buttons");
        }
        return checks;
    }

    /** Whether the slot {@code name} (matched ignoring case, as the checks match it) holds a redacted value. */
    private static boolean entity(Map<String, Object> entities, String name) {
        return entities.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .anyMatch(value -> redacted(value) || value instanceof List<?> values && values.stream().anyMatch(RedactedAnswer::redacted));
    }

    private static boolean titled(List<BotChoice> choices) {
        return choices.stream().anyMatch(c -> redacted(c.title()) || redacted(c.payload()));
    }

    private static boolean redacted(Object value) {
        return Redaction.REDACTED.equals(value);
    }
}
