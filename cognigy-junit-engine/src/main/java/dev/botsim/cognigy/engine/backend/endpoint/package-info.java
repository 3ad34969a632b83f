/**
 * The REST Endpoint backend: one POST per turn to a Cognigy REST Endpoint, the NLU data read from
 * the bot's outputs by an {@code OutputConvention}, and the endpoint URL whose token is masked everywhere
 * ({@code EndpointUrl}). Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.endpoint;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
