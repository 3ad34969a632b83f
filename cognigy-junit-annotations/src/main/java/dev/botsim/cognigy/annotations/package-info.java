/**
 * The API bot tests are written against: {@link dev.botsim.cognigy.annotations.BotSimulation} and
 * its test annotations, and the {@link dev.botsim.cognigy.annotations.SimulationResult} and
 * {@link dev.botsim.cognigy.annotations.BotSession} types test methods may take as parameters.
 */
package dev.botsim.cognigy.annotations;
