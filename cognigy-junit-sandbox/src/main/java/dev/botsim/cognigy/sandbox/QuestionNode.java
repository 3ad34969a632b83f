package dev.botsim.cognigy.sandbox;

/**
 * What a flow's Question node does with the next message while it waits for the flow's {@code asks_for} entity. By
 * default, as Cognigy's Question node, a message without the entity is a wrong answer and the node asks again, however
 * many times; the flow's {@link BotDefinition.Question} settings add Cognigy's escalations (on intents, on wrong
 * answers). What each outcome says is {@link Conversations}' job; this class only decides which it is.
 */
final class QuestionNode {

    /**
     * How far above the others another flow's intent must score in a message that carries the entity to take it from the
     * waiting flow: the sandbox's stand-in for an attached flow's intent scoring higher than the question's flow.
     */
    static final double OTHER_FLOW_TAKES_ANSWER = 0.6;

    /** What became of the message. */
    sealed interface Outcome {
    }

    /** The message carries the entity: the flow continues with it. */
    record Answered() implements Outcome {
    }

    /** The message carries the entity but clearly means another flow, which takes it: the question is left. */
    record Left() implements Outcome {
    }

    /** An escalation of the node's settings happens, on an intent or after the {@code wrongAnswers}-th wrong answer. */
    record Escalated(BotDefinition.Escalation escalation, int wrongAnswers) implements Outcome {
    }

    /** A wrong answer, the {@code wrongAnswers}-th in a row, and no escalation: the node asks again. */
    record Reprompted(int wrongAnswers) implements Outcome {
    }

    private QuestionNode() {
    }

    /**
     * @param waiting         the flow whose question waits
     * @param understood      what the NLU found in the message
     * @param recognised      the flow of the intent found, or {@code null}
     * @param threshold       the bot's threshold: an escalation intent without a score threshold escalates when found at all
     * @param wrongAnswers    the wrong answers in a row so far
     */
    static Outcome next(BotDefinition.Flow waiting, Nlu.Understanding understood, BotDefinition.Flow recognised, double threshold,
                        int wrongAnswers) {
        BotDefinition.Question question = waiting.questionSettings();
        BotDefinition.IntentEscalation onIntents = question.escalateOnIntents();
        // Cognigy scores intents before it validates the answer: a listed intent escalates, answer or not.
        if (onIntents != null && understood.intent() != null && onIntents.intents().contains(understood.intent())
                && understood.score() >= (onIntents.scoreThreshold() == null ? threshold : onIntents.scoreThreshold())) {
            return new Escalated(onIntents, wrongAnswers);
        }
        if (understood.entities().containsKey(waiting.asksFor())) {
            boolean otherFlow = recognised != null && recognised != waiting && understood.score() >= OTHER_FLOW_TAKES_ANSWER;
            return otherFlow ? new Left() : new Answered();
        }
        int wrong = wrongAnswers + 1;
        BotDefinition.WrongAnswerEscalation onWrongAnswers = question.escalateOnWrongAnswers();
        if (onWrongAnswers != null && onWrongAnswers.escalatesAt(wrong)) return new Escalated(onWrongAnswers, wrong);
        return new Reprompted(wrong);
    }
}
