package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;

/**
 * Where a run's playbooks live: the management API (URL, key, project and, when one is known, the endpoint whose
 * flow, locale and snapshot are the default target), and the stand-in serving it when it is the embedded sandbox.
 *
 * @param management how to reach the management API; its {@code endpointToken} names the endpoint targets default to
 * @param standIn    the embedded sandbox, closed with the session; empty for a tenant
 */
public record PlaybookTenant(ManagementApiSchema.Settings management, Optional<StandIn> standIn) {

    /** A local stand-in of a tenant that the session owns, and what it counted of the run. */
    public interface StandIn extends AutoCloseable {

        /** The stand-in's own counters for the run so far ({@code peak-playbook-executions}, ...), by name. */
        Map<String, String> counters();

        @Override
        void close();
    }

    public static PlaybookTenant remote(ManagementApiSchema.Settings management) {
        return new PlaybookTenant(management, Optional.empty());
    }
}
