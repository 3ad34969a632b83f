/**
 * Record and replay ({@code cognigy.replay}): a {@link dev.botsim.cognigy.engine.backend.Backend} decorator that writes
 * every exchange of a live run to a reviewable cassette per data file or class, answers later runs from those
 * cassettes without opening the backend, and in {@code auto} mode asks the bot only what changed: a test whose
 * recorded request differs, or every test once the bot's fingerprint (what it was recorded against) changed.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.replay;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
