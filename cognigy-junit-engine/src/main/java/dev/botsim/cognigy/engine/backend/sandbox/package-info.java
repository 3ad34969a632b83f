/**
 * The in-process sandbox the engine starts for {@code cognigy.sandbox.bot}, reached over loopback
 * HTTP through the same simulation API or REST Endpoint code paths as a remote environment. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.sandbox;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
