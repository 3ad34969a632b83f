package dev.botsim.cognigy.engine.backend;

/**
 * An intent score as an answer gives it: Cognigy's NLU scores an intent between 0 and 1. A score outside that range is
 * no score (a pointer aimed at another number, a server that is not Cognigy's): taken as one, it would pass
 * {@code intent_min_score} and count an intent recognised whatever the threshold, so the answer is refused instead.
 */
public final class IntentScores {

    private IntentScores() {
    }

    /**
     * {@code score} when it lies between 0 and 1 or is absent ({@code NaN}).
     *
     * @param where what gave the score, for the message ({@code "the NLU scores answer's intent 'greeting'"})
     * @throws BackendException a protocol error naming {@code where} and the score
     */
    public static double checked(double score, String where) {
        if (Double.isNaN(score) || (score >= 0 && score <= 1)) return score;
        throw new BackendException(BackendException.Kind.PROTOCOL, where + " has the intent score " + score
                + ", outside 0 to 1, where Cognigy's NLU scores an intent: it is not a score and is not taken as one");
    }
}
