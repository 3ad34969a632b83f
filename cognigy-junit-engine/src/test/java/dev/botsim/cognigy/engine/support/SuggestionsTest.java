package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("id", "utterance", "utterances", "user", "platform", "context",
            "expect", "tags");

    @ParameterizedTest(name = "''{0}'' suggests ''{1}''")
    @CsvSource(textBlock = """
            utterence,   utterance
            utterances_, utterances
            Utterance,   utterance
            expected,    expect
            tag,         tags
            usr,         user
            contxt,      context
            """)
    @DisplayName("close misspellings get a suggestion")
    void suggests(String typed, String expected) {
        assertThat(Suggestions.closest(typed, KEYS)).contains(expected);
    }

    @ParameterizedTest(name = "''{0}'' gets no suggestion")
    @CsvSource(textBlock = """
            zzzzzzzz
            response_text
            """)
    @DisplayName("unrelated names get none")
    void noSuggestion(String typed) {
        assertThat(Suggestions.closest(typed, KEYS)).isEmpty();
    }

    @ParameterizedTest(name = "distance({0}, {1}) = {2}")
    @CsvSource(textBlock = """
            kitten, sitting, 3
            '',     abc,     3
            abc,    abc,     0
            flaw,   lawn,    2
            """)
    @DisplayName("Levenshtein distance")
    void distance(String a, String b, int expected) {
        assertThat(Suggestions.distance(a, b)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a setting's value: another word for a known value, in any case with _ or spaces, names the value it means;"
            + " a typo of a known value names it; anything else, nothing")
    void settingValue() {
        List<String> backends = List.of("endpoint", "socket", "nlu");
        java.util.Map<String, String> aliases = java.util.Map.of("rest", "endpoint", "rest-endpoint", "endpoint");

        assertThat(Suggestions.didYouMean("REST_ENDPOINT", backends, aliases)).isEqualTo(" — did you mean 'endpoint'?");
        assertThat(Suggestions.didYouMean(" Rest ", backends, aliases)).isEqualTo(" — did you mean 'endpoint'?");
        assertThat(Suggestions.didYouMean("sockt", backends, aliases)).isEqualTo(" — did you mean 'socket'?");
        assertThat(Suggestions.didYouMean("webchat-widget", backends, aliases)).isEmpty();
    }
}
