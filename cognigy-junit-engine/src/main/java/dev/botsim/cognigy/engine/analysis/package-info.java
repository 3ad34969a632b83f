/**
 * What a finished run adds up to, computed once at its end from the records: the governance verdict, flow
 * and schema coverage, the confusion matrix, misconfigurations, and what the run as a whole must achieve
 * ({@code RunPolicy}). Internal: reporters, the audit record and the webhook read it; listeners get the SPI's
 * {@code RunSummary} instead.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.analysis;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
