package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

class JsonSyntaxErrorTest {

    /** What stands in for a token a wrong file holds: it must appear in no complaint. */
    private static final String CANARY = "ghp_R3alT0kenOfTheCiUser";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JacksonException readingTree(String text) {
        return catchThrowableOfType(JacksonException.class, () -> JSON.readTree(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a word that is no JSON      | `\\n  %s x-oauth-basic\\n`  | Unrecognized token of 24 characters: was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 2, column 3
            a word after a value        | `{"a": 1 %s}`              | Unexpected character: was expecting comma to separate Object entries at line 1, column 9
            a word for a field's name   | `{%s: 1}`                  | Unexpected character: was expecting double-quote to start property name at line 1, column 2
            a quote never closed        | `{"a": "%s`                | Unexpected end-of-input: was expecting closing quote for a string value at line 1, column 32
            an object never closed      | `{"%s": 1`                 | Unexpected end-of-input: expected close marker for Object at line 1, column 31
            a close marker out of place | `["%s"}`                   | Unexpected close marker '}': expected ']' at line 1, column 28
            """)
    @DisplayName("a complaint says the kind of what the parser could not read and where, never the text it read")
    void saysKindAndPlaceNeverText(String what, String text, String said) {
        JacksonException e = readingTree(text.replace("\\n", "\n").formatted(CANARY));
        assertThat(JsonSyntaxError.of(e)).as(what).isEqualTo(said).doesNotContain(CANARY);
    }

    @Test
    @DisplayName("a number out of range is said by its length, a very long one too, and a word longer than the parser quotes as"
            + " at least that long")
    void numbersAndLongWordsByLength() {
        JacksonException number = catchThrowableOfType(JacksonException.class, () -> JSON.readValue("98765432109876", int.class));
        assertThat(JsonSyntaxError.what(number)).isEqualTo("Numeric value of 14 characters out of range of `int` (-2147483648"
                + " - 2147483647)");

        JacksonException word = readingTree("x".repeat(5_000));
        assertThat(JsonSyntaxError.what(word)).startsWith("Unrecognized token of at least 256 characters: was expecting")
                .doesNotContain("xx");
    }

    @Test
    @DisplayName("a parser built to show its source in a place shows none of it through the complaint")
    void sourceInThePlaceShownNot() {
        JsonMapper showing = JsonMapper.builder().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> showing.readTree("{\"" + CANARY + "\": 1"));
        assertThat(e.getOriginalMessage()).contains(CANARY);
        assertThat(JsonSyntaxError.of(e)).doesNotContain(CANARY)
                .startsWith("Unexpected end-of-input: expected close marker for Object").endsWith(" at line 1, column 31");
    }

    @Test
    @DisplayName("a property given twice is named when it is one the caller reads the file by, else said by its length")
    void propertyTwiceNamedOnlyWhenKnown() {
        JsonMapper strict = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        JacksonException known = catchThrowableOfType(JacksonException.class, () -> strict.readTree("{\"mac\": 1, \"mac\": 2}"));
        assertThat(JsonSyntaxError.of(known, java.util.Set.of("mac", "body"))).startsWith("Duplicate Object property \"mac\" at line 1");

        JacksonException other = catchThrowableOfType(JacksonException.class,
                () -> strict.readTree("{\"" + CANARY + "\": 1, \"" + CANARY + "\": 2}"));
        assertThat(JsonSyntaxError.of(other, java.util.Set.of("mac", "body"))).startsWith("Duplicate Object property of 24 characters at"
                + " line 1").doesNotContain(CANARY);
    }
}
