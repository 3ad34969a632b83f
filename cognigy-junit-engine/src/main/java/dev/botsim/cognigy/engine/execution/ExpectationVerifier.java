package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/**
 * Checks a bot's answer against an {@link Expectation}. Every checked field is compared, and the
 * failure carries one expected/actual pair of all checked fields so an IDE shows a single diff.
 *
 * <p>Each field is a plain AssertJ assertion whose error is collected: AssertJ's
 * {@code SoftAssertions} would do the same through generated proxy classes, which cost every run
 * about three seconds of start-up on two cores.
 */
final class ExpectationVerifier {

    private ExpectationVerifier() {
    }

    /**
     * @throws BotMisconfigurationError when a turn carries an error code the test did not expect
     * @throws AssertionFailedError     when the answer differs from the expectation
     */
    public static void verify(Expectation expected, SimulationResult actual) {
        Optional<BotTurn> error = actual.error();
        if (expected.errorCode() == null && error.isPresent()) {
            BotTurn turn = error.get();
            throw new BotMisconfigurationError(turn.errorCode(), "bot misconfiguration " + turn.errorCode() + ": "
                    + Objects.toString(turn.errorMessage(), "(no message)") + "\n" + Transcript.of(actual.utterance(), actual.turns()));
        }
        List<AssertionError> errors = new ArrayList<>();
        Consumer<Runnable> check = assertion -> {
            try {
                assertion.run();
            } catch (AssertionError e) {
                errors.add(e);
            }
        };
        List<String> expectedView = new ArrayList<>();
        List<String> actualView = new ArrayList<>();
        if (expected.errorCode() != null) {
            String code = error.map(BotTurn::errorCode).orElse(null);
            view(expectedView, actualView, "error_code", expected.errorCode(), code);
            check.accept(() -> assertThat(code).as("error code").isEqualTo(expected.errorCode()));
        }
        if (expected.intent() != null) {
            view(expectedView, actualView, "intent", expected.intent(), actual.intent());
            check.accept(() -> assertThat(actual.intent()).as("intent").isEqualTo(expected.intent()));
        }
        if (expected.notIntent() != null) {
            view(expectedView, actualView, "not_intent", expected.notIntent(), actual.intent());
            check.accept(() -> assertThat(actual.intent()).as("intent (must not be)").isNotEqualTo(expected.notIntent()));
        }
        if (expected.intentMinScore() >= 0) {
            view(expectedView, actualView, "intent_min_score", ">= " + expected.intentMinScore(), actual.intentScore());
            check.accept(() -> assertThat(actual.intentScore()).as("intent score").isGreaterThanOrEqualTo(expected.intentMinScore()));
        }
        Map<String, Object> entities = actual.entities();
        expected.entities().forEach((name, value) -> {
            String found = entity(entities, name);
            view(expectedView, actualView, "entities." + name, value, found);
            check.accept(() -> assertThat(found).as("entity %s", name).isEqualTo(value));
        });
        if (expected.nextFlow() != null) {
            view(expectedView, actualView, "next_flow", expected.nextFlow(), actual.nextFlow());
            check.accept(() -> assertThat(actual.nextFlow()).as("next flow").isEqualTo(expected.nextFlow()));
        }
        if (expected.responseContains() != null) {
            view(expectedView, actualView, "response_contains", expected.responseContains(), actual.text());
            check.accept(() -> assertThat(actual.text()).as("response").containsIgnoringCase(expected.responseContains()));
        }
        if (expected.responseMatches() != null) {
            view(expectedView, actualView, "response_matches", expected.responseMatches(), actual.text());
            check.accept(() -> assertThat(actual.text()).as("response").containsPattern(expected.responseMatches()));
        }
        if (errors.isEmpty()) return;
        StringBuilder message = new StringBuilder("bot answer differs from the expectation for \"")
                .append(actual.utterance()).append('"');
        for (AssertionError e : errors) {
            message.append("\n- ").append(e.getMessage().strip().replace("\n", "\n  "));
        }
        message.append("\n").append(Transcript.of(actual.utterance(), actual.turns()));
        throw new AssertionFailedError(message.toString(), String.join("\n", expectedView), String.join("\n", actualView));
    }

    private static void view(List<String> expectedView, List<String> actualView, String field, Object expected, Object actual) {
        expectedView.add(field + ": " + expected);
        actualView.add(field + ": " + actual);
    }

    /** Entity names are matched ignoring case, as the bot's schema is. */
    private static String entity(Map<String, Object> entities, String name) {
        Object value = entities.get(name);
        if (value == null) {
            value = entities.entrySet().stream()
                    .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return value == null ? null : String.valueOf(value);
    }
}
