package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sandbox's seeded nondeterministic mode: an intent that flips to another with a probability. */
class IntentFlipsTest {

    private static final String BOT = """
            bot: wavering
            flows:
              - id: flow_order
                intents: [{name: check_order, examples: [where is my order, track my package]}]
                responses: ["Your order is on its way."]
              - id: flow_agent
                intents: [{name: escalate, examples: [I want a human, transfer me to an agent]}]
                responses: ["Connecting you to an agent."]
            flips:
              - intent: check_order
                flips_to: escalate
                probability: 0.3
                seed: 7
            """;

    /** How many of {@code n} recognitions flip: the documented draws, computed here on their own. */
    private static int expectedFlips(long seed, double probability, int n) {
        Random draws = new Random(seed);
        int flips = 0;
        for (int i = 0; i < n; i++) if (draws.nextDouble() < probability) flips++;
        return flips;
    }

    @Test
    @DisplayName("the n-th recognition of a flipping intent flips exactly when the n-th draw of new Random(seed) is below"
            + " the probability, answering with the other intent's flow")
    void flipsAsTheSeedSays() {
        BotDefinition bot = BotDefinition.parse(BOT, "wavering.yaml");
        Conversations conversations = new Conversations(bot, new IntentFlips(bot.flips(), 42));
        Random draws = new Random(7);
        int flipped = 0;
        for (int i = 0; i < 40; i++) {
            Conversations.Reply reply = conversations.reply("ses_" + i, "where is my order", Map.of());
            boolean flips = draws.nextDouble() < 0.3;
            assertThat(reply.intent()).isEqualTo(flips ? "escalate" : "check_order");
            assertThat(reply.flowId()).isEqualTo(flips ? "flow_agent" : "flow_order");
            assertThat(reply.text()).isEqualTo(flips ? "Connecting you to an agent." : "Your order is on its way.");
            if (flips) flipped++;
        }
        assertThat(flipped).isEqualTo(expectedFlips(7, 0.3, 40)).isBetween(1, 39);
        // Other intents never flip.
        assertThat(conversations.reply("x", "I want a human", Map.of()).intent()).isEqualTo("escalate");
    }

    @Test
    @DisplayName("a flip added through SandboxOptions.withIntentFlip uses the options' seed and replaces the bot's own")
    void optionsFlip() {
        BotDefinition bot = BotDefinition.parse(BOT, "wavering.yaml");
        SandboxOptions options = SandboxOptions.defaults().withSeed(11).withIntentFlip("check_order", "escalate", 0.5);
        Conversations conversations = new Conversations(bot, new IntentFlips(options.flipsOf(bot), options.seed()));
        int flipped = 0;
        for (int i = 0; i < 30; i++) {
            if ("escalate".equals(conversations.reply("s" + i, "track my package", Map.of()).intent())) flipped++;
        }
        assertThat(flipped).isEqualTo(expectedFlips(11, 0.5, 30));
        assertThatThrownBy(() -> SandboxOptions.defaults().withIntentFlip("a", "b", 1.5))
                .hasMessageContaining("from 0 to 1");
    }

    @Test
    @DisplayName("a flip naming an unknown intent or a probability beyond 1 is refused with its line")
    void invalidFlip() {
        assertThatThrownBy(() -> BotDefinition.parse(BOT.replace("flips_to: escalate", "flips_to: nope")
                .replace("probability: 0.3", "probability: 1.3"), "wavering.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("wavering.yaml:10: flip of intent check_order: write 'flips_to:'")
                .hasMessageContaining("write 'probability:' from 0 to 1");
    }
}
