/**
 * How the engine speaks HTTP to the simulation API, a REST Endpoint, the management API and the webhook
 * receiver: the OkHttp client, answers read whole within a size cap with secrets masked, and the one retry
 * policy with its backoff, {@code Retry-After} handling, retry log and sleeper. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.transport;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
