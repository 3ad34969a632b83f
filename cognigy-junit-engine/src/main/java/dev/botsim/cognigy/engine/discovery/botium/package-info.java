/**
 * Reading Botium's suites — {@code *.convo.txt} and {@code *.utterances.txt}, and its YAML/JSON convos — into the
 * same model as the data files, with every problem positioned and what cannot be mapped named, never dropped.
 * Internal; the mapping is documented in {@code docs/from-botium.md}.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.discovery.botium;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
