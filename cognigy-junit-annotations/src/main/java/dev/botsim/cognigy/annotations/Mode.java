package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * How the tests of a class ({@link BotSimulation#mode()}) or of a data file ({@code mode:}) are checked, so one suite
 * can mix flow tests and intent tests.
 */
@API(status = MAINTAINED, since = "0.1")
public enum Mode {

    /** Through the run's backend ({@code cognigy.backend}): the bot's flow runs and answers. The default. */
    FLOW,

    /**
     * Scored by Cognigy's NLU ({@code POST projects/{id}/nlu/scores}) without running a flow, whatever
     * {@code cognigy.backend} is: single utterances expecting intents only ({@code intent}, {@code not_intent},
     * {@code intent_min_score}); anything else is refused at discovery.
     */
    NLU
}
