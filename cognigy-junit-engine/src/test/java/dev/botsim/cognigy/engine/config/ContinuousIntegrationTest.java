package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContinuousIntegrationTest {

    private static Optional<String> detected(Map<String, String> environment) {
        return ContinuousIntegration.detected(name -> Optional.ofNullable(environment.get(name)));
    }

    @Test
    @DisplayName("CI set to anything but false or 0 is CI, named with its value (Woodpecker sets CI=woodpecker)")
    void ciVariable() {
        assertThat(detected(Map.of("CI", "true"))).contains("CI=true");
        assertThat(detected(Map.of("CI", "1"))).contains("CI=1");
        assertThat(detected(Map.of("CI", "True"))).contains("CI=True");
        assertThat(detected(Map.of("CI", "woodpecker"))).contains("CI=woodpecker");
        assertThat(detected(Map.of("CI", "false"))).isEmpty();
        assertThat(detected(Map.of("CI", "0"))).isEmpty();
        assertThat(detected(Map.of("CI", "  "))).as("blank counts as none").isEmpty();
        assertThat(detected(Map.of())).isEmpty();
    }

    @Test
    @DisplayName("servers that set no CI are known by their own variable; CI=false overrides them")
    void serversWithoutCi() {
        assertThat(detected(Map.of("JENKINS_URL", "https://jenkins.example.com/"))).contains("JENKINS_URL (Jenkins)");
        assertThat(detected(Map.of("TF_BUILD", "True"))).contains("TF_BUILD (Azure Pipelines)");
        assertThat(detected(Map.of("TEAMCITY_VERSION", "2025.07"))).contains("TEAMCITY_VERSION (TeamCity)");
        assertThat(detected(Map.of("CODEBUILD_BUILD_ID", "project:1234"))).contains("CODEBUILD_BUILD_ID (AWS CodeBuild)");
        assertThat(detected(Map.of("bamboo_buildKey", "PROJ-PLAN-JOB1"))).contains("bamboo_buildKey (Bamboo)");
        assertThat(detected(Map.of("TF_BUILD", "True", "CI", "false"))).isEmpty();
        assertThat(detected(Map.of("TF_BUILD", "True", "CI", "true"))).contains("CI=true");
    }
}
