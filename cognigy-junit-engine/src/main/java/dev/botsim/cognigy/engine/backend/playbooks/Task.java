package dev.botsim.cognigy.engine.backend.playbooks;

import java.time.Instant;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.management.Timestamps;
import tools.jackson.databind.JsonNode;

/**
 * A scheduled run's task as {@code GET /new/v2.0/tasks/{id}} gives it. The run's id is in
 * {@code data.playbookRunId} (where Cognigy's own CLI reads it), once the run exists.
 * {@code status} is the status as given, for messages about a state this client does not know.
 */
public record Task(String id, State state, String status, Optional<String> failReason, Optional<String> playbookRunId,
                   Optional<Instant> createdAt) {

    /** The task's {@code status}; the first three are final. */
    public enum State {
        DONE, ERROR, CANCELLED, QUEUED, ACTIVE, CANCELLING, UNKNOWN;

        public boolean finished() {
            return this == DONE || this == ERROR || this == CANCELLED;
        }

        static State of(String status) {
            return switch (status) {
                case "done" -> DONE;
                case "error" -> ERROR;
                case "cancelled" -> CANCELLED;
                case "queued" -> QUEUED;
                case "active" -> ACTIVE;
                case "cancelling" -> CANCELLING;
                default -> UNKNOWN;
            };
        }
    }

    static Task of(JsonNode node) {
        String status = node.path("status").asString("");
        return new Task(node.path("_id").asString(""), State.of(status), status.isBlank() ? "(none)" : status, text(node.path("failReason")),
                text(node.path("data").path("playbookRunId")), instant(node.path("createdAt")));
    }

    /** A time as Cognigy gives it: see {@link Timestamps}. */
    static Optional<Instant> instant(JsonNode node) {
        return Timestamps.instant(node);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isString() && !node.stringValue().isBlank() ? Optional.of(node.stringValue()) : Optional.empty();
    }
}
