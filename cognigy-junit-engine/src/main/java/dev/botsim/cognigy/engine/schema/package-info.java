/**
 * The data-file JSON Schema the engine jar carries, and the {@code schema} command that writes it and the editor
 * mappings for it into a project.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.schema;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
