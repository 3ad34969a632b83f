package dev.botsim.cognigy.engine.backend.playbooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.ConsoleText;
import tools.jackson.databind.JsonNode;

/**
 * When a playbook run was made and what it ran against, as far as Cognigy's run (or its item in the run list) says:
 * {@code createdAt}, {@code flowId}, {@code localeId} and {@code entrypoint}, the fields of the run its API reference
 * documents. Each may be missing: a field the run does not carry is not known, never taken to differ.
 */
public record RunOrigin(Optional<Instant> createdAt, Optional<String> flowId, Optional<String> localeId,
                        Optional<String> entrypoint) {

    /** A run that says nothing of where it came from. */
    public static final RunOrigin UNKNOWN = new RunOrigin(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    static RunOrigin of(JsonNode run) {
        return new RunOrigin(Task.instant(run.path("createdAt")), text(run.path("flowId")), text(run.path("localeId")),
                text(run.path("entrypoint")));
    }

    /** Whether the run was made at or after {@code instant}; a run without {@code createdAt} cannot be told to be. */
    boolean notBefore(Instant instant) {
        return createdAt.map(at -> !at.isBefore(instant)).orElse(false);
    }

    /**
     * What this run names other than {@code target}, one entry per field ({@code flow f2 (not f1)}), escaped for a message
     * line; empty when every field it carries is {@code target}'s.
     */
    List<String> differences(Target target) {
        List<String> differ = new ArrayList<>();
        differ(differ, "flow", flowId, target.flowId());
        differ(differ, "locale", localeId, target.localeId());
        differ(differ, "entrypoint", entrypoint, target.entrypoint());
        return differ;
    }

    private static void differ(List<String> differ, String field, Optional<String> value, String expected) {
        if (value.isPresent() && !value.get().equals(expected)) {
            differ.add(field + " " + ConsoleText.oneLine(value.get()) + " (not " + ConsoleText.oneLine(expected) + ")");
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isString() && !node.stringValue().isBlank() ? Optional.of(node.stringValue()) : Optional.empty();
    }
}
