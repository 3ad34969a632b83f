/**
 * The signed QA webhook: the run's payload written to the outbox before it is sent, delivered within the
 * webhook budget, and whatever earlier runs left in the outbox delivered first. Internal; the payload and its
 * signature are documented in {@code docs/webhook.md}.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.webhook;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
