package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keys a bot team guesses from Cognigy's own words while moving a suite to its tenant ({@code cognigy.project-id},
 * {@code cognigy.locale}, {@code cognigy.endpoint.test-mode}): the closest key by spelling named something else
 * ({@code cognigy.client-id}, {@code cognigy.nlu.locale}), a refused secret's key ({@code cognigy.endpoint.url}) or a
 * Maven plugin property ({@code cognigy.merge.out}). The refusal names what the guess means.
 */
class GuessedKeysTest {

    private static String refusal(String key) {
        return EngineConfig.refusedKeys(List.of(key)).get(0);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "cognigy.project-id, cognigy.management.project-id",
            "cognigy.management.project, cognigy.management.project-id",
            "cognigy.user-id, cognigy.default-user",
            "cognigy.user, cognigy.default-user",
            "cognigy.channel, cognigy.default-platform",
            "cognigy.platform, cognigy.default-platform",
            "cognigy.snapshot, cognigy.expected-snapshot",
            "cognigy.concurrency, cognigy.execution.max-concurrency"})
    @DisplayName("a key guessed from Cognigy's words names the key that means it")
    void guessedKeyNamesItsMeaning(String guessed, String meant) {
        assertThat(refusal(guessed)).isEqualTo("unknown configuration key " + guessed + " — did you mean '" + meant + "'?");
    }

    @Test
    @DisplayName("a locale or test mode asked of a key says what sets it instead")
    void localeAndTestModeSayWhatSetsThem() {
        assertThat(refusal("cognigy.locale")).isEqualTo("unknown configuration key cognigy.locale; no key sets the locale of a"
                + " run: a test's is its data file's locale: (a case's own wins), and goes to the REST Endpoint of the"
                + " environment variable COGNIGY_ENDPOINT_URL_<LOCALE> (COGNIGY_ENDPOINT_URL_DE_DE for de-DE); cognigy.nlu.locale"
                + " and cognigy.playbooks.locale choose the locale the NLU scores in and playbooks run in");
        assertThat(refusal("cognigy.endpoint.locale")).doesNotContain("did you mean").contains("COGNIGY_ENDPOINT_URL_<LOCALE>");
        assertThat(refusal("cognigy.endpoint.test-mode")).isEqualTo("unknown configuration key cognigy.endpoint.test-mode; no"
                + " key sets test mode: the endpoint URL does, COGNIGY_ENDPOINT_URL=https://<endpoint host>/test/<URLToken> (not"
                + " billed, at most 600 messages an hour, which the run keeps to)");
    }

    @Test
    @DisplayName("no refusal suggests a key that is itself refused, nor a Maven plugin property for an engine setting")
    void noRefusedKeyOrPluginPropertyIsSuggested() {
        assertThat(refusal("cognigy.endpoint.user-id")).doesNotContain("cognigy.endpoint.url");
        assertThat(refusal("cognigy.timeout")).doesNotContain("cognigy.merge");
        // The plugin's own properties are still suggested for their typos.
        assertThat(refusal("cognigy.merge.skp")).endsWith("did you mean 'cognigy.merge.skip'?");
        assertThat(refusal("cognigy.skip-prepare-rn")).endsWith("did you mean 'cognigy.skip-prepare-run'?");
    }
}
