/**
 * The API bot tests are written against: {@link dev.botsim.cognigy.annotations.BotSimulation} and
 * its test annotations, and the {@link dev.botsim.cognigy.annotations.SimulationResult} and
 * {@link dev.botsim.cognigy.annotations.BotSession} types test methods may take as parameters.
 *
 * <p>The annotations and the session types are {@code @API(status = STABLE)}: they change compatibly within a
 * major version (an annotation may gain attributes with defaults, a session more methods). The result types
 * {@link dev.botsim.cognigy.annotations.SimulationResult} and {@link dev.botsim.cognigy.annotations.BotTurn} are
 * {@code MAINTAINED}: read them through their accessors; a constructor that has to change (a component added)
 * is deprecated for at least one minor release first.
 */
package dev.botsim.cognigy.annotations;
