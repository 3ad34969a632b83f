/**
 * Small helpers every part of the engine uses: {@code Secret}, which never prints its value, console text
 * with control characters made visible, "did you mean" suggestions, request bodies written as JSON tokens
 * ({@code JsonValues}), JSON values in a stable order ({@code SortedJson}) and what {@code cognigy.replay.redact} names
 * ({@code Redaction}, which cassettes and approval files both follow, and {@code NamedValues}, the values it names in
 * a run's results, for what leaves the machine). Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.support;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
