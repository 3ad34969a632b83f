/**
 * Extension points of the engine: listeners that receive every finished simulation and the run's end,
 * used by the built-in reporters and available to users through {@link java.util.ServiceLoader}.
 */
package dev.botsim.cognigy.spi;
