package dev.botsim.cognigy.engine.stability;

import dev.botsim.cognigy.engine.config.EngineConfig;

/**
 * How many times the run's tests run and how many of the runs must pass.
 *
 * @param runs      runs of a test that names none itself ({@code cognigy.repeat}), at least 1
 * @param passRatio the share of a repeated test's runs that must pass ({@code cognigy.repeat.pass-ratio}), 0 to 1
 */
public record RepeatPolicy(int runs, double passRatio) {

    /** Every test runs once. */
    public static final RepeatPolicy ONCE = new RepeatPolicy(1, 1.0);

    public RepeatPolicy {
        if (runs < 1) throw new IllegalArgumentException("a test runs at least once, not " + runs + " times");
        if (!(passRatio >= 0 && passRatio <= 1)) throw new IllegalArgumentException("pass ratio " + passRatio);
    }

    /** The run's policy: {@code cognigy.repeat} and {@code cognigy.repeat.pass-ratio}. */
    public static RepeatPolicy of(EngineConfig config) {
        return new RepeatPolicy(config.repeat(), config.repeatPassRatio());
    }

    /** The runs of a test that asks for {@code own} ({@code repeat:}, {@code @Utterance(repeat)}; 0 when it does not). */
    public int runsFor(int own) {
        return own > 0 ? own : runs;
    }
}
