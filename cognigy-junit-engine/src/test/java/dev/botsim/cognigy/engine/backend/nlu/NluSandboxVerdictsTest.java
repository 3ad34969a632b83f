package dev.botsim.cognigy.engine.backend.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * The nlu backend against the sandbox's management API, whose intent lists mark reject and disabled intents and whose
 * scores carry confirmation sentences, as a tenant's: the verdicts the REST Endpoint of the same bot gives.
 */
class NluSandboxVerdictsTest {

    /** Threshold 0.6, so the confidence threshold is 0.8. */
    private static final String BOT = """
            bot: intent-kinds-bot
            threshold: 0.6
            flows:
              - id: flow_orders
                name: Orders
                intents:
                  - name: check_order
                    confirmation_sentence: Do you want to check an order?
                    examples: [where is my order, track my order]
                  - name: order_pizza
                    examples: [i want a pizza, order a pizza]
                  - name: old_promo
                    disabled: true
                    examples: [i want a pizza deal, order a pizza with a deal]
                  - name: Reject Intent
                    reject: true
                    examples: [where is the park, find a park nearby]
                responses: ["Let me look at your order."]
            fallback:
              flow: flow_main
              name: Main Flow
              response: "Sorry, I did not get that."
            """;

    private final CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(BOT, "intent-kinds-bot.yaml"),
            SandboxOptions.defaults());
    private final NluBackend nlu = new NluBackend(ManagementApiSchema.Settings.of(sandbox.managementUrl(),
                    Secret.of(sandbox.managementApiKey()), sandbox.projectId())
            .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withClock(Clock.systemUTC())
            .withEndpointToken(Secret.of(sandbox.endpointUrl().substring(sandbox.endpointUrl().lastIndexOf('/') + 1))),
            NluSettings.defaults());

    @AfterEach
    void stop() {
        nlu.close();
        sandbox.close();
    }

    private BotTurn score(String sentence) {
        return nlu.send(new TurnRequest("batch_1", "t1", 1, "usr_1", "web", sentence, Map.of(), null, "key-" + sentence, null,
                Map.of())).turns().get(0);
    }

    @Test
    @DisplayName("taken at the confidence threshold; asked back between the thresholds (0.74, with a confirmation sentence);"
            + " rejected when the reject intent scores best; a disabled intent on top passed over for the next")
    void verdicts() {
        nlu.schema();

        assertThat(score("where is my order").intent()).isEqualTo("check_order");

        BotTurn asked = score("is my order here");
        assertThat(asked.intent()).isNull();
        assertThat(IntentRanking.of(asked).orElseThrow().explain("check_order")).isEqualTo("expected check_order, got no intent:"
                + " 'check_order' scored 0.74, between the reconfirmation threshold 0.60 and the confidence threshold 0.80, and"
                + " has a confirmation sentence: the bot asks \"Do you want to check an order?\" rather than taking it");

        BotTurn rejected = score("where is the park");
        assertThat(rejected.intent()).isNull();
        assertThat(IntentRanking.of(rejected).orElseThrow().explain("check_order")).startsWith("expected check_order, got no intent:"
                + " the reject intent 'Reject Intent' scored best (1.00), so Cognigy rejects the sentence; check_order was 2nd");

        BotTurn disabled = score("i want a pizza deal");
        assertThat(disabled.intent()).isEqualTo("order_pizza");
        assertThat(IntentRanking.of(disabled).orElseThrow().explain("old_promo")).endsWith("old_promo was 1st (1.00, disabled in"
                + " Cognigy: never recognised)");
    }

    @Test
    @DisplayName("a test naming another locale than the sandbox bot's one (locale: de-DE) is refused unsent, as a tenant"
            + " without that locale has no model to score it in; one naming the bot's locale is scored")
    void otherLocale() {
        nlu.schema();

        assertThat(nlu.send(new TurnRequest("batch_1", "t1", 1, "usr_1", "web", "where is my order", Map.of(), null, "k-en",
                "en-US", Map.of())).turns().get(0).intent()).isEqualTo("check_order");
        assertThatThrownBy(() -> nlu.send(new TurnRequest("batch_1", "t2", 1, "usr_1", "web", "where is my order", Map.of(), null,
                "k-de", "de-DE", Map.of()))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue())
                .hasMessageContaining("test t2 names locale de-DE, which is no locale of the project (locales: English (United States) (en-US))");
    }

    @Test
    @DisplayName("at a reconfirmation threshold of 0, a sentence every intent scores 0 for is recognised as none, as the"
            + " sandbox's REST Endpoint answers it, not as whichever intent the answer lists first")
    void everyScoreZeroAtThresholdZero() {
        try (CognigySandbox zero = CognigySandbox.start(BotDefinition.parse(BOT.replace("threshold: 0.6", "threshold: 0")
                        .replace("confirmation_sentence: Do you want to check an order?", ""),
                "threshold-zero-bot.yaml"), SandboxOptions.defaults());
             NluBackend scoring = new NluBackend(ManagementApiSchema.Settings.of(zero.managementUrl(),
                             Secret.of(zero.managementApiKey()), zero.projectId())
                     .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withClock(Clock.systemUTC())
                     .withEndpointToken(Secret.of(zero.endpointUrl().substring(zero.endpointUrl().lastIndexOf('/') + 1))),
                     NluSettings.defaults())) {
            scoring.schema();
            BotTurn nothing = scoring.send(new TurnRequest("batch_1", "t1", 1, "usr_1", "web", "xyzzy", Map.of(), null, "k-x", null,
                    Map.of())).turns().get(0);

            IntentRanking ranking = IntentRanking.of(nothing).orElseThrow();
            assertThat(ranking.scores()).allSatisfy(s -> assertThat(s.score()).isZero());
            assertThat(nothing.intent()).isNull();
            assertThat(nothing.intentScore()).isNaN();
            assertThat(ranking.explain("check_order")).isEqualTo("expected check_order, got no intent (every intent scored 0: the"
                    + " sentence matched none); check_order was 1st (0.00)");
        }
    }
}
