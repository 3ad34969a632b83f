package dev.botsim.cognigy.engine.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a run is in CI, read from the environment, and what said so: where it is, a test without an approved answer
 * fails rather than recording one, so no answer is approved without review. {@code CI} is the common sign (GitHub
 * Actions, GitLab CI, CircleCI, Travis CI, Buildkite, Bitbucket Pipelines, Drone and others set it; Woodpecker sets it to
 * its name); several servers set no {@code CI} but a variable of their own, and a run there would otherwise record its
 * missing answers and pass.
 */
final class ContinuousIntegration {

    /** Variables that CI servers setting no {@code CI} set on every build, with the server's name for messages. */
    private static final List<List<String>> SERVER_VARIABLES = List.of(
            List.of("JENKINS_URL", "Jenkins"),
            List.of(Constants.AZURE_PIPELINES_ENV, "Azure Pipelines"),
            List.of("TEAMCITY_VERSION", "TeamCity"),
            List.of("CODEBUILD_BUILD_ID", "AWS CodeBuild"),
            List.of("bamboo_buildKey", "Bamboo"));

    private ContinuousIntegration() {
    }

    /**
     * What says the run is in CI — {@code CI=true}, {@code JENKINS_URL (Jenkins)} — or empty when nothing does. A
     * {@code CI} of {@code false} or {@code 0} says it is not, whatever else is set: the way to run as on a workstation
     * on such a server.
     *
     * @param environment the environment's variables; a blank value counts as none
     */
    static Optional<String> detected(Function<String, Optional<String>> environment) {
        Function<String, Optional<String>> variable = name -> environment.apply(name).map(String::strip).filter(v -> !v.isEmpty());
        Optional<String> ci = variable.apply(Constants.CI_ENV);
        if (ci.isPresent()) {
            String value = ci.get().toLowerCase(Locale.ROOT);
            return value.equals("false") || value.equals("0") ? Optional.empty() : Optional.of(Constants.CI_ENV + "=" + ci.get());
        }
        for (List<String> server : SERVER_VARIABLES) {
            if (variable.apply(server.get(0)).isPresent()) return Optional.of(server.get(0) + " (" + server.get(1) + ")");
        }
        return Optional.empty();
    }
}
