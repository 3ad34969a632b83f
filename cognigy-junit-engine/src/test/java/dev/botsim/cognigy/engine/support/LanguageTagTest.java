package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.InvalidBotDefinitionException;

class LanguageTagTest {

    /** Tags and names a team writes as a locale, read as a language or not. */
    private static final List<String> WRITTEN = List.of("de", "DE", "de-DE", "de_DE", "zh-Hans-CN", "en-US", " fr-FR ", "Eng", "Deu",
            "deu-DE", "gsw", "German", "Deutsch (formal)", "e", "de-", "de-DEUTSCHLAND", "", "de--DE");

    @Test
    @DisplayName("a locale's language is its two letters before any subtags, lower-case; three letters or a name say none")
    void twoLettersThenSubtags() {
        assertThat(LanguageTag.language("de-DE")).hasValue("de");
        assertThat(LanguageTag.language("de_DE")).hasValue("de");
        assertThat(LanguageTag.language("FR")).hasValue("fr");
        assertThat(LanguageTag.language("zh-Hans-CN")).hasValue("zh");
        assertThat(LanguageTag.language(" en-US ")).hasValue("en");
        for (String none : List.of("Eng", "Deu", "deu-DE", "German", "e", "de-", "de--DE", "de-DEUTSCHLAND", "")) {
            assertThat(LanguageTag.language(none)).as(none).isEmpty();
        }
        assertThat(LanguageTag.language(null)).isEmpty();
        assertThat(LanguageTag.isLanguageAlone("de")).isTrue();
        assertThat(LanguageTag.isLanguageAlone("de-DE")).isFalse();
        assertThat(LanguageTag.isLanguageAlone("gsw")).isFalse();
    }

    @Test
    @DisplayName("every locale the sandbox's bot definition accepts, the engine reads a language from: one it could not read"
            + " (Eng) would switch off the engine's check of a test's locale against the endpoint's, and any test would pass")
    void sandboxAcceptsNoLocaleTheEngineCannotRead() {
        for (String locale : WRITTEN) {
            Optional<String> accepted;
            try {
                accepted = Optional.of(BotDefinition.parse("bot: b\nlocale: \"" + locale + "\"\nflows:\n  - id: flow_a\n"
                        + "    intents: [{name: greet, examples: [hello there]}]\n    responses: [\"Hi!\"]\n", "bot.yaml").locale());
            } catch (InvalidBotDefinitionException refused) {
                accepted = Optional.empty();
            }
            accepted.ifPresent(served -> assertThat(LanguageTag.language(served)).as("the sandbox serves %s", served).isPresent());
        }
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a tag in its usual case, so one locale written two ways is one name; anything else as written, trimmed")
    void canonical() {
        assertThat(LanguageTag.canonical("de-de")).isEqualTo("de-DE");
        assertThat(LanguageTag.canonical(" zh-hant-tw ")).isEqualTo("zh-Hant-TW");
        assertThat(LanguageTag.canonical("en-US")).isEqualTo("en-US");
        assertThat(LanguageTag.canonical(" English (US) ")).isEqualTo("English (US)");
        assertThat(LanguageTag.canonical("de_DE")).isEqualTo("de_DE");
    }
}
