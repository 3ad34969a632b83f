/**
 * The {@code cognigy} test engine: {@link dev.botsim.cognigy.engine.CognigyTestEngine}, which the JUnit Platform
 * finds through {@link java.util.ServiceLoader} and users name by its id, {@code cognigy}. The engine's types are
 * internal unless a type says otherwise: users write tests against {@code dev.botsim.cognigy.annotations}, extend
 * the run through the listener SPI {@code dev.botsim.cognigy.spi}, and configure it with the keys in
 * {@link dev.botsim.cognigy.engine.config.Constants}. Of the engine itself only {@code CognigyTestEngine},
 * {@code Constants} and the audit trail's command line ({@link dev.botsim.cognigy.engine.audit.AuditCommand}) are
 * {@code MAINTAINED}; every package of the engine is {@code INTERNAL}, whatever Java lets other code see.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
