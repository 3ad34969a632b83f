/**
 * The engine's test tree: one JUnit node type per kind of test or container (class, method, utterance
 * variants, data file, case, conversation, turn, invalid input), and the execution context they share.
 * Internal: JUnit and IDEs see these nodes through the platform's {@code TestDescriptor}, never by type.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.descriptor;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
