/**
 * The Cognigy management API as a source of the bot's schema (flows, intents, lexicon slots) for the
 * REST Endpoint backend, within the shared-SaaS request budget. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.management;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
