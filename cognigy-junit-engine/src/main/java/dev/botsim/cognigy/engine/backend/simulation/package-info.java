/**
 * The simulation API backend: OAuth2 tokens shared by the run, idempotent submissions, and status
 * polling in the calling thread that an interrupt ends at once. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.simulation;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
