/**
 * The run's start and end in order: checking the configuration read at discovery, planning the run,
 * starting and stopping it, the audit step, and the one failure for a run that could not start or fell short
 * of its policy. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.lifecycle;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
