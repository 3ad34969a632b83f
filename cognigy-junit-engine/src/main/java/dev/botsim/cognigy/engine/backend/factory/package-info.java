/**
 * The backend the configuration asks for ({@code Backends}), kept out of {@code backend} so the seam
 * does not depend on its implementations. Internal; the engine's own tests and benchmarks hand it to
 * {@code EngineServices}.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.factory;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
