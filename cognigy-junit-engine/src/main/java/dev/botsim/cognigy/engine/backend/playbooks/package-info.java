/**
 * Cognigy Playbooks run through the management API: the project's playbooks listed and read, a run
 * scheduled as a task, the task polled until it ends, and the run's per-step assertion results read.
 * Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.playbooks;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
