/**
 * What the running tests share and do: the run's scope, sending a message with the run's defaults and
 * idempotency key, dispatching single-turn simulations ahead of their tests, checking expectations, the
 * {@code BotSession} of {@code @Conversation} methods, recording results and cancellation. Internal, including
 * {@code EngineServices}, the seam through which the engine's own tests and benchmarks replace the environment,
 * backends, clock, console and listeners.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
