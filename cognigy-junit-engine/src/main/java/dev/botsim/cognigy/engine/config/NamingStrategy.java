package dev.botsim.cognigy.engine.config;

import java.util.Locale;

/**
 * How tests are named for display ({@link Constants#NAMING_STRATEGY}). Every test also has a long name that is unique
 * in the run, its legacy reporting name; this chooses whether the display name is that long name too.
 */
public enum NamingStrategy {

    /** By what the test says ({@code where is my order}): an IDE's tree shows the file and conversation above it. */
    SHORT,

    /**
     * By the long name ({@code orders.sim.yaml test_order_check: where is my order}, without the line, so it stays
     * when the file is edited): for tools that list the tests of a class flat and by display name, as Surefire's
     * reports do for tests without a method.
     */
    LONG;

    /** The value as written in the configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
