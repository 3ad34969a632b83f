package dev.botsim.cognigy.engine.backend.playbooks;

/**
 * What a playbook runs against, as its schedule body names it: {@code entrypoint} the project or
 * snapshot id, {@code flowId} and {@code localeId} reference ids.
 */
public record Target(String entrypoint, String flowId, String localeId) {
}
