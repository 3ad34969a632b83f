/**
 * Discovery: the selector resolvers for simulation classes and data files, reading data files once and
 * only from inside the folder they were found in, building and pruning the test tree. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.discovery;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
