/**
 * Stability under repetition: how many times a test runs ({@code RepeatPolicy}), what its runs answered
 * ({@code RunTally}, giving the SPI's {@code Repetitions}) and how that reads in failure messages and report entries
 * ({@code StabilityText}). Shared vocabulary of execution, which repeats, and analysis, which sums up; it depends on
 * neither.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.stability;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
