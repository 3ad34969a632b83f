package dev.botsim.cognigy.maven;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * The run id a build's forks share, and where it came from. The order is the engine's own (so a fork that reads the
 * environment itself names the same run): the {@code cognigy.run-id} given to the build, {@code COGNIGY_RUN_ID},
 * GitHub Actions' run id with its attempt, GitLab's pipeline id; a build with none of them gets a new id, since a
 * local build is a run of its own.
 *
 * @param id     the run id
 * @param source where it came from, for the build log
 */
record BuildRunId(String id, String source) {

    /** What the engine accepts as a run id (it names a folder and the webhook id). */
    static final Pattern FORM = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param given       the {@code cognigy.run-id} of the build, or null (an unresolved {@code ${...}} counts as none)
     * @param environment the build's environment variables
     */
    static BuildRunId choose(String given, Function<String, String> environment, Clock clock) {
        Optional<String> chosen = present(given);
        if (chosen.isPresent()) return new BuildRunId(chosen.get(), Constants.RUN_ID);
        chosen = present(environment.apply(Constants.RUN_ID_ENV));
        if (chosen.isPresent()) return new BuildRunId(chosen.get(), Constants.RUN_ID_ENV);
        chosen = present(environment.apply("GITHUB_RUN_ID"));
        if (chosen.isPresent()) {
            String attempt = present(environment.apply("GITHUB_RUN_ATTEMPT")).orElse("1");
            return new BuildRunId(chosen.get() + "-" + attempt, "GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT");
        }
        chosen = present(environment.apply("CI_PIPELINE_ID"));
        if (chosen.isPresent()) return new BuildRunId(chosen.get(), "CI_PIPELINE_ID");
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
