/**
 * The engine's configuration, read once at discovery from configuration parameters and environment
 * variables into one settings record per concern ({@code EngineConfig}), with every problem in one
 * {@code ConfigurationException}. {@link dev.botsim.cognigy.engine.config.Constants}, the keys users set, is
 * {@code MAINTAINED}; the settings records and the reader are internal. {@code ConfigurationException} is internal
 * too: users read its one-line message, which is the contract, and never catch it, since it reaches them only
 * through JUnit's result of the engine node.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
