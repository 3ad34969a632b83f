package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/** {@link ExpectationVerifier} on {@code entities}: numbers the bot sent are compared by value, text as written. */
class EntityValuesVerifierTest {

    private static SimulationResult answer(Map<String, Object> entities) {
        return new SimulationResult("test_a", "twelve fifty to order 007", "sim_1",
                List.of(new BotTurn(0, "Payment", "pay", 0.9, entities, "Paying 12.5.", null, null, null, null, null, null)));
    }

    private static Expectation expecting(String name, String value) {
        Map<String, String> entities = new LinkedHashMap<>();
        entities.put(name, value);
        return Expectation.builder().entities(entities).build();
    }

    @Test
    @DisplayName("a number the bot sent holds for the same number however the file writes it: 12.50 for 12.5, 3.0 and 3 for 3,"
            + " also among the values of a multi-valued slot")
    void numbersByValue() {
        assertThatCode(() -> ExpectationVerifier.verify(expecting("amount", "12.50"), answer(Map.of("amount", 12.5))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expecting("count", "3.0"), answer(Map.of("count", 3L))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expecting("count", "3"), answer(Map.of("count", new BigDecimal("3.00")))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expecting("NUMBER", "143.0"), answer(Map.of("NUMBER", List.of(100, 143)))))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a different number still fails, shown as the bot sent it; text the bot sent is compared as written"
            + " (\"007\" is not 7), and a number never equals a word")
    void otherValuesStillFail() {
        AssertionError e = catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("amount", "12.51"), answer(Map.of("amount", 12.5))));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("entity amount", "12.51", "12.5");

        assertThat(catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("order_id", "7"), answer(Map.of("order_id", "007"))))).isNotNull();
        assertThat(catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("count", "three"), answer(Map.of("count", 3))))).isNotNull();
        assertThat(catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("count", "3"), answer(Map.of("count", Double.NaN))))).isNotNull();
    }

    @Test
    @DisplayName("an expected value with leading zeros (a postcode, an order number) is a code, not a number: the bot's"
            + " number 7 or 1234 lost its zeros and fails it; digits of another script are no number either")
    void leadingZerosAreNoNumber() {
        AssertionError zip = catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("zip", "01234"), answer(Map.of("zip", 1234L))));
        assertThat(zip).isNotNull();
        assertThat(zip.getMessage()).contains("[entity zip]", "expected: \"01234\"", "but was: \"1234\"");
        assertThat(catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("order", "007"), answer(Map.of("order", 7))))).isNotNull();
        assertThat(catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("NUMBER", "00.5"), answer(Map.of("NUMBER", List.of(0.5, 3)))))).isNotNull();
        assertThat(catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expecting("count", "\u0661\u0662"), answer(Map.of("count", 12))))).isNotNull();
        // Zero itself, a fraction below one and a sign are numbers as written.
        assertThatCode(() -> ExpectationVerifier.verify(expecting("count", "0"), answer(Map.of("count", 0L))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expecting("rate", "0.50"), answer(Map.of("rate", 0.5))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expecting("rate", ".5"), answer(Map.of("rate", 0.5))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expecting("delta", "-3"), answer(Map.of("delta", -3))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expecting("big", "1e3"), answer(Map.of("big", 1000))))
                .doesNotThrowAnyException();
    }
}
