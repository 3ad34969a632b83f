/**
 * The seam between the run and a Cognigy environment: {@code Backend}, what it is asked
 * ({@code TurnRequest}) and answers ({@code TurnResult}), the bot's schema, its failures and the adaptive
 * concurrency limit each backend keeps. Internal: the implementations live in the sub-packages and are made by
 * {@code backend.factory}.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
