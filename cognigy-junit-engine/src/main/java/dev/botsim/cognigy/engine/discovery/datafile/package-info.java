/**
 * Reading simulation data files (YAML, JSON, CSV) into the model, with every problem positioned at
 * its file, line and column and a hint for the fix. Internal; the format itself is documented in
 * {@code docs/data-files.md}.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.discovery.datafile;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
