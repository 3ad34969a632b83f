package dev.botsim.cognigy.maven;

import java.time.Clock;
import java.util.List;
import java.util.Properties;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EnvironmentRunId;
import dev.botsim.cognigy.engine.config.GoalProperty;

/**
 * {@code cognigy:prepare-run}: gives the build one run id, the project property {@code cognigy.run-id}, so every
 * Surefire fork that passes it on ({@code <systemPropertyVariables><cognigy.run-id>${cognigy.run-id}</cognigy.run-id>})
 * reports under the same run and {@code cognigy:merge} finds their parts. An id given to the build wins; then the CI's
 * (see {@link BuildRunId}); a build without one gets a new id, so two local builds are two runs.
 *
 * <p>Surefire reads {@code ${cognigy.run-id}} when its execution starts, after this goal: the property must not be
 * defined in the POM's {@code <properties>}, which Maven substitutes when it reads the POM.
 */
@Mojo(name = "prepare-run", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareRunMojo extends AbstractMojo {

    /** The run id given to the build ({@code -Dcognigy.run-id=...}), if any. */
    @Parameter(property = Constants.RUN_ID)
    String runId;

    /** The project's properties, where the chosen id is set for the executions that follow. */
    @Parameter(defaultValue = "${project.properties}", readonly = true, required = true)
    Properties projectProperties;

    /** Leaves the run id alone ({@code -Dcognigy.skip-prepare-run}). */
    @Parameter(property = GoalProperty.SKIP_PREPARE_RUN, defaultValue = "false")
    boolean skip;

    /** The module's packaging: a {@code pom} (a reactor's parent, say) runs no tests, so it has no run to name. */
    @Parameter(defaultValue = "${project.packaging}", readonly = true)
    String packaging;

    /** What the build was asked to run ({@code mvn test}: {@code [test]}), to tell whether it reaches the merge. */
    @Parameter(defaultValue = "${session.goals}", readonly = true)
    List<String> goals;

    /**
     * The default lifecycle's phases up to {@code verify}, in order: a build asked for one of them from {@code test} on
     * runs the forks' simulations but stops before {@code cognigy:merge}, whose default phase is {@code verify}.
     */
    private static final List<String> PHASES = List.of("validate", "initialize", "generate-sources", "process-sources",
            "generate-resources", "process-resources", "compile", "process-classes", "generate-test-sources",
            "process-test-sources", "generate-test-resources", "process-test-resources", "test-compile",
            "process-test-classes", "test", "prepare-package", "package", "pre-integration-test", "integration-test",
            "post-integration-test", "verify", "install", "deploy");

    java.util.function.Function<String, String> environment = System::getenv;
    Clock clock = Clock.systemUTC();

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("[cognigy] prepare-run skipped");
            return;
        }
        if ("pom".equals(packaging)) {
            // A reactor's parent that declares the goal for its modules: each module names its own run.
            getLog().debug("[cognigy] prepare-run: a module of packaging pom runs no tests; no run id");
            return;
        }
        BuildRunId chosen = BuildRunId.choose(runId, environment, clock);
        if (!EnvironmentRunId.FORM.matcher(chosen.id()).matches()) {
            throw new MojoFailureException("the run id " + chosen.id() + " (from " + chosen.source() + ") must be 1 to 100 letters,"
                    + " digits, '.', '_' or '-', other than . and ..: it names the folder of the run's parts and the webhook id");
        }
        projectProperties.setProperty(Constants.RUN_ID, chosen.id());
        getLog().info("[cognigy] run id for this build: " + chosen.id() + " (from " + chosen.source() + ")");
        stopsBeforeTheMerge().ifPresent(phase -> getLog().warn("[cognigy] this build stops at '" + phase + "', before 'verify'"
                + " where cognigy:merge concludes run " + chosen.id() + ": the forks defer their simulations' verdict, so a"
                + " failing simulation does not fail this build, and the run gets no verdict, audit record or webhook; run"
                + " mvn verify (or install) for them"));
    }

    /**
     * The furthest phase the build was asked for, when it runs the tests but not {@code verify}; nothing for a build that
     * reaches {@code verify}, runs no tests, or names goals alone ({@code cognigy:merge} by hand, say).
     */
    java.util.Optional<String> stopsBeforeTheMerge() {
        if (goals == null) return java.util.Optional.empty();
        int furthest = goals.stream().mapToInt(PHASES::indexOf).max().orElse(-1);
        return furthest >= PHASES.indexOf("test") && furthest < PHASES.indexOf("verify")
                ? java.util.Optional.of(PHASES.get(furthest)) : java.util.Optional.empty();
    }
}
