package dev.botsim.cognigy.sandbox;

/**
 * When the sandbox's REST Endpoint emits the output of the Code node of docs/real-cognigy.md,
 * {@code api.output(null, {intent: input.intent, intentScore: input.intentScore, intentFlow, flowName, slots, state})}.
 */
public enum NluOutput {

    /**
     * As the gated Code node does on a tenant: only for a message whose {@code data} carries the
     * test marker {@code cognigyJunit}. The default.
     */
    WHEN_MARKED,

    /** For every message, as the ungated snippet would (and as production users would then see it). */
    ALWAYS,

    /** Never: a bot without the Code node, whose NLU results a client cannot see. */
    NEVER
}
