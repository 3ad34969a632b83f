package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;
import java.util.Optional;

/** @param file the tamper-evident audit trail; none when empty ({@code cognigy.audit.file}) */
public record AuditSettings(Optional<Path> file) {

    public static AuditSettings defaults() {
        return new AuditSettings(Optional.empty());
    }

    public AuditSettings withFile(Path file) {
        return new AuditSettings(Optional.of(file));
    }
}
