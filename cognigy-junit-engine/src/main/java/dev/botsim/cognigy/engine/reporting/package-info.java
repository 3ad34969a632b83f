/**
 * Listener dispatch (built-in reporters, those registered through {@link java.util.ServiceLoader}, then
 * those the engine's services give) and the built-in reporters: progress, the console summary, and the report
 * writer for {@code results.json} and {@code index.html}. Internal: users listen through the SPI
 * {@code dev.botsim.cognigy.spi.SimulationListener}.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.reporting;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
