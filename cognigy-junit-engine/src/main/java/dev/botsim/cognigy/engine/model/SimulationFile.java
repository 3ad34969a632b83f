package dev.botsim.cognigy.engine.model;

import java.util.List;

/**
 * A parsed simulation data file ({@code *.sim.yaml|yml|json|csv}).
 *
 * @param resource      classpath-relative name, or the path as given
 * @param bot           bot label, or {@code null}
 * @param flows         expected flows: the coverage denominator
 * @param cases         single-turn cases, variants expanded, in file order
 * @param conversations multi-turn cases, in file order
 * @param sha256        hex SHA-256 of the file's bytes, for the audit trail
 */
public record SimulationFile(String resource, String bot, List<String> flows, List<SimulationCase> cases,
                             List<ConversationCase> conversations, String sha256) {

    public SimulationFile {
        flows = List.copyOf(flows);
        cases = List.copyOf(cases);
        conversations = List.copyOf(conversations);
    }
}
