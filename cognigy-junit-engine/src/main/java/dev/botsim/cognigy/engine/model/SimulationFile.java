package dev.botsim.cognigy.engine.model;

import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.annotations.Mode;

/**
 * A parsed simulation data file ({@code *.sim.yaml|yml|json|csv}).
 *
 * @param resource      classpath-relative name, or the path as given
 * @param bot           bot label, or {@code null}
 * @param flows         expected flows: the coverage denominator
 * @param cases         single-turn cases, variants expanded, in file order
 * @param conversations multi-turn cases, in file order
 * @param sha256        hex SHA-256 of the file's bytes, for the audit trail
 * @param mode          how its cases are checked ({@code mode:}): through the run's backend, or scored by the NLU
 * @param flowLines     the line each of {@code flows} is written on, by flow, its first when written twice; a flow
 *                      without one (a file not read from text lines) is named by its file alone
 */
public record SimulationFile(String resource, String bot, List<String> flows, List<SimulationCase> cases,
                             List<ConversationCase> conversations, String sha256, Mode mode, Map<String, Integer> flowLines) {

    public SimulationFile {
        flows = List.copyOf(flows);
        flowLines = Map.copyOf(flowLines);
        cases = List.copyOf(cases);
        conversations = List.copyOf(conversations);
        mode = mode == null ? Mode.FLOW : mode;
    }

    /** A file whose flows' lines are not known. */
    public SimulationFile(String resource, String bot, List<String> flows, List<SimulationCase> cases,
                          List<ConversationCase> conversations, String sha256, Mode mode) {
        this(resource, bot, flows, cases, conversations, sha256, mode, Map.of());
    }

    /** A file whose cases go through the run's backend. */
    public SimulationFile(String resource, String bot, List<String> flows, List<SimulationCase> cases,
                          List<ConversationCase> conversations, String sha256) {
        this(resource, bot, flows, cases, conversations, sha256, Mode.FLOW);
    }
}
