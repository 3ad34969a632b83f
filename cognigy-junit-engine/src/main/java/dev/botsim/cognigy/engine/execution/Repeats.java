package dev.botsim.cognigy.engine.execution;

/**
 * A test that may ask how many times it runs itself ({@code repeat:} of its case, conversation or file,
 * {@code @Utterance(repeat)}, {@code @Conversation(repeat)}), so the run's plan counts the messages it will send.
 */
public interface Repeats {

    /** The runs the test asks for, or 0 to run as often as {@code cognigy.repeat} says. */
    int ownRepeat();
}
