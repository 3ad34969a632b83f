/**
 * The {@code merge} command: the parts of a run split across JVMs (CI shards, Surefire forks) put together and
 * concluded once — one verdict, one audit record, one webhook delivery, one {@code results.json} and
 * {@code index.html}. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.merge;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
