package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The run id a CI gives every job of one pipeline run, and every attempt of a job re-run in it: the id a split run's parts
 * share without a {@code COGNIGY_RUN_ID} of their own.
 */
class EnvironmentRunIdTest {

    private static Optional<EnvironmentRunId> of(String... variables) {
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) environment.put(variables[i], variables[i + 1]);
        return EnvironmentRunId.of(environment::get);
    }

    @Test
    @DisplayName("Azure Pipelines: BUILD_BUILDID, the run's, in every job and every attempt of one (SYSTEM_JOBATTEMPT);"
            + " none in a classic release, whose BUILD_BUILDID is the artifact's build, nor without TF_BUILD")
    void azurePipelines() {
        assertThat(of("TF_BUILD", "True", "BUILD_BUILDID", "812", "SYSTEM_JOBATTEMPT", "1", "SYSTEM_HOSTTYPE", "build"))
                .contains(new EnvironmentRunId("812", "BUILD_BUILDID"));
        assertThat(of("TF_BUILD", "True", "BUILD_BUILDID", "812", "SYSTEM_JOBATTEMPT", "3", "SYSTEM_HOSTTYPE", "build"))
                .contains(new EnvironmentRunId("812", "BUILD_BUILDID"));
        assertThat(of("TF_BUILD", "True", "BUILD_BUILDID", "812")).contains(new EnvironmentRunId("812", "BUILD_BUILDID"));
        assertThat(of("TF_BUILD", "True", "BUILD_BUILDID", "812", "SYSTEM_HOSTTYPE", "release", "RELEASE_RELEASEID", "40"))
                .isEmpty();
        assertThat(of("TF_BUILD", "True", "BUILD_BUILDID", "812", "SYSTEM_HOSTTYPE", "deployment")).isEmpty();
        assertThat(of("BUILD_BUILDID", "812")).isEmpty();
        assertThat(of("TF_BUILD", "True", "BUILD_BUILDID", "812", "COGNIGY_RUN_ID", "nightly-812"))
                .contains(new EnvironmentRunId("nightly-812", "COGNIGY_RUN_ID"));
    }

    @Test
    @DisplayName("Jenkins: BUILD_TAG, else jenkins-JOB_NAME-BUILD_NUMBER, with what a run id may not hold — a multibranch job's"
            + " %2F, a space, a folder's / — written '-'; a tag over 100 characters keeps its first 87 and its digest, so"
            + " two long tags differing at their end (the build number) stay two runs; none outside Jenkins")
    void jenkins() {
        assertThat(of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", "jenkins-bots-orders-feature%2Fx-7"))
                .contains(new EnvironmentRunId("jenkins-bots-orders-feature-2Fx-7", "BUILD_TAG"));
        assertThat(of("JENKINS_HOME", "/var/jenkins_home", "JOB_NAME", "bots/Order bot", "BUILD_NUMBER", "12"))
                .contains(new EnvironmentRunId("jenkins-bots-Order-bot-12", "JOB_NAME and BUILD_NUMBER"));
        String folder = "jenkins-" + "insurance-claims-".repeat(6);
        Optional<EnvironmentRunId> seven = of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", folder + "7");
        Optional<EnvironmentRunId> eight = of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", folder + "8");
        assertThat(seven).get().extracting(EnvironmentRunId::id).asString().hasSize(100).startsWith(folder.substring(0, 87) + "-")
                .matches(EnvironmentRunId.FORM);
        assertThat(seven.get().id()).isNotEqualTo(eight.get().id());
        assertThat(of("BUILD_TAG", "jenkins-bots-orders-7")).isEmpty();
        assertThat(of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", "jenkins-x-7", "GITHUB_RUN_ID", "4711"))
                .contains(new EnvironmentRunId("4711", "GITHUB_RUN_ID"));
    }
}
