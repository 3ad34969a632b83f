package dev.botsim.cognigy.engine.discovery.rules;

import java.util.Objects;

/**
 * A value that breaks a rule: what is wrong with it and how to fix it, without saying where it is.
 * Each input names the value its own way ({@code 'not_intent' in cases[0].expect} in a data file,
 * {@code @Utterance(notIntent)} in code) and puts its position in front; the rule's words are the
 * same for both, so a mistake reads the same wherever it is made.
 *
 * @param what what is wrong, said of the value ({@code is outside [0, 1]})
 * @param fix  what to do about it ({@code use a fraction such as 0.8})
 */
public record Violation(String what, String fix) {

    public Violation {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code <subject> <what> — <fix>}, the form of every problem message. */
    public String of(String subject) {
        return subject + " " + what + " — " + fix;
    }
}
