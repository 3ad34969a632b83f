/**
 * The {@code import} command: a suite of {@code mode: nlu} data files generated from the bot's own intents and example
 * sentences, with a deterministic hold-out share, re-run without losing hand-written cases.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.importing;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
