/**
 * A run split across JVMs: which tests a shard runs ({@link dev.botsim.cognigy.engine.shard.ShardSelection}) and the
 * part file each JVM of a split run leaves for {@code merge} ({@link dev.botsim.cognigy.engine.shard.RunPart}).
 * Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.shard;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
