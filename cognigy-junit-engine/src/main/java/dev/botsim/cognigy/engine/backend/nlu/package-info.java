/**
 * The {@code nlu} backend: each single-utterance test scored by Cognigy's NLU through the management API
 * ({@code POST projects/{id}/nlu/scores}), without running a flow. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.nlu;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
