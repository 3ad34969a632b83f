package dev.botsim.cognigy.maven;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EnvironmentRunId;

/**
 * The run id a build's forks share, and where it came from: the {@code cognigy.run-id} given to the build, else the
 * environment's, in the engine's own order ({@link EnvironmentRunId}: a fork that reads the environment itself names
 * the same run); a build with none gets a new id, since a local build is a run of its own.
 *
 * @param id     the run id
 * @param source where it came from, for the build log
 */
record BuildRunId(String id, String source) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param given       the {@code cognigy.run-id} of the build, or null (an unresolved {@code ${...}} counts as none)
     * @param environment the build's environment variables
     */
    static BuildRunId choose(String given, Function<String, String> environment, Clock clock) {
        Optional<String> chosen = present(given);
        if (chosen.isPresent()) return new BuildRunId(chosen.get(), Constants.RUN_ID);
        Optional<EnvironmentRunId> fromEnvironment = EnvironmentRunId.of(environment);
        if (fromEnvironment.isPresent()) return new BuildRunId(fromEnvironment.get().id(), fromEnvironment.get().source());
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return new BuildRunId("local-" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random), "a new id for this build");
    }

    static boolean unset(String value) {
        return present(value).isEmpty();
    }

    private static Optional<String> present(String value) {
        // Maven leaves ${cognigy.run-id} as written when nothing defines it when the POM is read.
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty() && !v.startsWith("${"));
    }
}
