package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
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
    @DisplayName("COGNIGY_RUN_ID wins over the CI's run id; a blank one is none, and the CI's is taken")
    void ownRunIdFirstBlankNone() {
        assertThat(of("COGNIGY_RUN_ID", "own-7", "GITHUB_RUN_ID", "4711")).contains(new EnvironmentRunId("own-7", "COGNIGY_RUN_ID"));
        assertThat(of("COGNIGY_RUN_ID", " ", "GITHUB_RUN_ID", "4711")).contains(new EnvironmentRunId("4711", "GITHUB_RUN_ID"));
        assertThat(of("COGNIGY_RUN_ID", " ")).isEmpty();
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
    @DisplayName("Jenkins: two jobs whose names differ only in what a run id may not hold — 'Bot tests' and 'Bot-tests',"
            + " names written in another script, which would be '-' through and through — have runs of their own: a tag"
            + " written otherwise is given its digest; one a run id may hold as it is stays as it is")
    void jenkinsJobsDifferingOnlyInWhatARunIdMayNotHold() {
        java.util.function.Function<String, String> run = tag -> of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", tag)
                .orElseThrow().id();
        List<String> tags = List.of("jenkins-Bot tests-5", "jenkins-Bot-tests-5", "jenkins-Bot\u00a0tests-5",
                "jenkins-\u30c6\u30b9\u30c8-5", "jenkins-\u691c\u8a3c-5", "jenkins-\u0422\u0435\u0441\u0442\u044b \u0431\u043e\u0442\u0430-5");
        List<String> ids = tags.stream().map(run).toList();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> EnvironmentRunId.FORM.matcher(id).matches());
        assertThat(ids.get(1)).isEqualTo("jenkins-Bot-tests-5");
        assertThat(ids.get(0)).startsWith("jenkins-Bot-tests-5-").hasSize("jenkins-Bot-tests-5-".length() + 12);
    }

    @Test
    @DisplayName("Jenkins: BUILD_TAG, else jenkins-JOB_NAME-BUILD_NUMBER, with what a run id may not hold — a multibranch job's"
            + " %2F, a space, a folder's / — written '-'; a tag over 100 characters keeps its first 87 and its digest, so"
            + " two long tags differing at their end (the build number) stay two runs; none outside Jenkins")
    void jenkins() {
        assertThat(of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", "jenkins-bots-orders-feature%2Fx-7"))
                .contains(new EnvironmentRunId("jenkins-bots-orders-feature-2Fx-7-58f789af0f38", "BUILD_TAG"));
        assertThat(of("JENKINS_HOME", "/var/jenkins_home", "JOB_NAME", "bots/Order bot", "BUILD_NUMBER", "12"))
                .contains(new EnvironmentRunId("jenkins-bots-Order-bot-12-3d582bf487bb", "JOB_NAME and BUILD_NUMBER"));
        assertThat(of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", "jenkins-bots-Order bot-12"))
                .contains(new EnvironmentRunId("jenkins-bots-Order-bot-12-3d582bf487bb", "BUILD_TAG"));
        String folder = "jenkins-" + "insurance-claims-".repeat(6);
        Optional<EnvironmentRunId> seven = of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", folder + "7");
        Optional<EnvironmentRunId> eight = of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", folder + "8");
        assertThat(seven).get().extracting(EnvironmentRunId::id).asString().hasSize(100).startsWith(folder.substring(0, 87) + "-")
                .matches(EnvironmentRunId.FORM);
        assertThat(seven.get().id()).isNotEqualTo(eight.get().id());
        assertThat(of("BUILD_TAG", "jenkins-bots-orders-7")).isEmpty();
        assertThat(of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", "jenkins-bots-orders-7"))
                .contains(new EnvironmentRunId("jenkins-bots-orders-7", "BUILD_TAG"));
        assertThat(of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", "jenkins-x-7", "GITHUB_RUN_ID", "4711"))
                .contains(new EnvironmentRunId("4711", "GITHUB_RUN_ID"));
    }
}
