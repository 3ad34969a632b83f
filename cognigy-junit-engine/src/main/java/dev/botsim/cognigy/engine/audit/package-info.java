/**
 * The hash-chained audit trail: appending a run's record ({@code AuditTrail}), verifying a trail
 * ({@code AuditVerifier}) and the {@code verify-audit} command line. Only {@link
 * dev.botsim.cognigy.engine.audit.AuditCommand} is {@code MAINTAINED}, and through its command line, output and
 * exit codes rather than its Java members; the rest is internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.audit;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
