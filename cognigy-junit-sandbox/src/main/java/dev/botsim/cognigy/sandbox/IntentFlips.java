package dev.botsim.cognigy.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bot's seeded nondeterminism ({@link BotDefinition.IntentFlip}): an intent the NLU recognised becomes another
 * with a probability. One generator per flipping intent, drawn once per recognition, so the n-th recognition flips
 * exactly when the n-th {@code nextDouble()} of {@code new Random(seed)} is below the probability — whatever order
 * concurrent sessions arrive in, the counts over N recognitions are the same. The simulation API and the REST Endpoint
 * each hold their own, as each keeps its own sessions.
 */
final class IntentFlips {

    private record Flipping(BotDefinition.IntentFlip flip, Random draws) {
    }

    private final Map<String, Flipping> byIntent = new HashMap<>();

    /** @param defaultSeed the seed of a flip that names none: the sandbox's {@code SandboxOptions.seed} */
    IntentFlips(List<BotDefinition.IntentFlip> flips, long defaultSeed) {
        for (BotDefinition.IntentFlip flip : flips) {
            long seed = flip.seed() != null ? flip.seed() : defaultSeed;
            byIntent.put(flip.intent(), new Flipping(flip, new Random(seed)));
        }
    }

    static IntentFlips none() {
        return new IntentFlips(List.of(), 0);
    }

    /** What the NLU answers: {@code understood}, or its intent flipped when this recognition's draw says so. */
    Nlu.Understanding apply(Nlu.Understanding understood, BotDefinition bot) {
        if (understood.intent() == null) return understood;
        Flipping flipping = byIntent.get(understood.intent());
        if (flipping == null) return understood;
        double draw;
        synchronized (flipping) {
            draw = flipping.draws().nextDouble();
        }
        if (draw >= flipping.flip().probability()) return understood;
        BotDefinition.Flow flow = bot.flowOf(flipping.flip().flipsTo());
        // The flipped intent's flow is not served here (an undeployed flow on the REST Endpoint): nothing to flip to.
        if (flow == null) return understood;
        return new Nlu.Understanding(flipping.flip().flipsTo(), flow.id(), understood.score(), understood.entities());
    }
}
