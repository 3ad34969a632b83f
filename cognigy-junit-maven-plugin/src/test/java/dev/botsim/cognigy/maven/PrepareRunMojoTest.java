package dev.botsim.cognigy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.ConfigurationParameters;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;

class PrepareRunMojoTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    private static String prepare(String given, Map<String, String> environment) throws MojoFailureException {
        PrepareRunMojo mojo = new PrepareRunMojo();
        mojo.runId = given;
        mojo.projectProperties = new Properties();
        mojo.environment = environment::get;
        mojo.clock = CLOCK;
        mojo.execute();
        return mojo.projectProperties.getProperty(Constants.RUN_ID);
    }

    /** The run id a fork's engine picks from the same environment, with no cognigy.run-id passed. */
    private static Optional<String> engineChoice(Map<String, String> environment) {
        ConfigurationParameters none = new ConfigurationParameters() {
            @Override
            public Optional<String> get(String key) {
                return Optional.empty();
            }

            @Override
            public Optional<Boolean> getBoolean(String key) {
                return Optional.empty();
            }

            @Override
            public Set<String> keySet() {
                return Set.of();
            }
        };
        return EngineConfig.read(none, environment::get).run().runId();
    }

    @Test
    @DisplayName("an id given to the build wins; then COGNIGY_RUN_ID, GitHub's run (not its attempt), GitLab's pipeline, as the engine chooses")
    void choosesAsTheEngineDoes() throws Exception {
        assertThat(prepare("release-3", Map.of("COGNIGY_RUN_ID", "env-1"))).isEqualTo("release-3");
        for (Map<String, String> environment : java.util.List.of(
                Map.of("COGNIGY_RUN_ID", "env-1", "GITHUB_RUN_ID", "99"),
                Map.of("GITHUB_RUN_ID", "99", "GITHUB_RUN_ATTEMPT", "2", "CI_PIPELINE_ID", "5"),
                Map.of("GITHUB_RUN_ID", "99"),
                Map.of("CI_PIPELINE_ID", "5"))) {
            assertThat(Optional.of(prepare("${cognigy.run-id}", environment))).as(environment.toString()).isEqualTo(engineChoice(environment));
        }
        assertThat(prepare(null, Map.of("GITHUB_RUN_ID", "99", "GITHUB_RUN_ATTEMPT", "2"))).as("every attempt of the workflow run").isEqualTo("99");
    }

    @Test
    @DisplayName("a build without any id gets a new one, valid as a run id, different for each build")
    void generatesAnId() throws Exception {
        String first = prepare(null, Map.of());
        assertThat(first).startsWith("local-20260304-050607-").matches(dev.botsim.cognigy.engine.config.EnvironmentRunId.FORM);
        assertThat(prepare(" ", Map.of())).isNotEqualTo(first);
    }

    @Test
    @DisplayName("an id the engine would refuse fails the build here, before any fork starts")
    void refusesAnInvalidId() {
        assertThatThrownBy(() -> prepare("run 42/a", Map.of())).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("run 42/a").hasMessageContaining("letters, digits");
    }

    /** What the goal warns of for a build asked for {@code goals}. */
    private static java.util.List<String> warnings(String... goals) throws MojoFailureException {
        PrepareRunMojo mojo = new PrepareRunMojo();
        mojo.runId = "run-7";
        mojo.projectProperties = new Properties();
        mojo.environment = Map.<String, String>of()::get;
        mojo.clock = CLOCK;
        mojo.goals = java.util.List.of(goals);
        java.util.List<String> warned = new java.util.ArrayList<>();
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warned.add(content.toString());
            }
        });
        mojo.execute();
        return warned;
    }

    @Test
    @DisplayName("a build that runs the tests but stops before verify (mvn test, mvn package) is warned that the run gets no"
            + " verdict, audit record or webhook and a failing simulation does not fail it; one reaching verify is not")
    void warnsOfABuildStoppingBeforeTheMerge() throws Exception {
        assertThat(warnings("clean", "test")).singleElement().asString().startsWith("[cognigy] this build stops at 'test', before"
                + " 'verify' where cognigy:merge concludes run run-7").contains("a failing simulation does not fail this build",
                "no verdict, audit record or webhook", "run mvn verify");
        assertThat(warnings("package")).singleElement().asString().contains("stops at 'package'");
        assertThat(warnings("clean", "verify")).isEmpty();
        assertThat(warnings("install")).isEmpty();
        assertThat(warnings("compile")).as("no tests run").isEmpty();
        assertThat(warnings("cognigy:merge")).as("goals alone").isEmpty();
    }

    @Test
    @DisplayName("a reactor's parent of packaging pom, which declares the goal for its modules, gets no run id: each module"
            + " that runs tests names its own")
    void pomPackaging() throws Exception {
        PrepareRunMojo parent = new PrepareRunMojo();
        parent.projectProperties = new Properties();
        parent.environment = Map.of("COGNIGY_RUN_ID", "env-1")::get;
        parent.packaging = "pom";
        parent.execute();
        assertThat(parent.projectProperties).doesNotContainKey(Constants.RUN_ID);

        PrepareRunMojo module = new PrepareRunMojo();
        module.projectProperties = new Properties();
        module.environment = Map.of("COGNIGY_RUN_ID", "env-1")::get;
        module.packaging = "jar";
        module.execute();
        assertThat(module.projectProperties).containsEntry(Constants.RUN_ID, "env-1");
    }
}
