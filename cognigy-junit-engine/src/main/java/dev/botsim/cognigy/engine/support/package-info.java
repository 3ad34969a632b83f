/**
 * Small helpers every part of the engine uses: {@code Secret}, which never prints its value, console text
 * with control characters made visible, and "did you mean" suggestions. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.support;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
