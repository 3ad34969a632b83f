package dev.botsim.cognigy.engine.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.platform.engine.ConfigurationParameters;

import dev.botsim.cognigy.engine.config.BackendRequirements;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;

/**
 * The configuration as read once, at discovery: the {@link EngineConfig} and its problems (what its backend lacks
 * among them), or what reading it failed with.
 *
 * <p>Read at discovery but never thrown there: an IDE listing the tests must not fail over
 * settings that only matter when they run. The failure is thrown when the run starts, before the
 * first test, in one {@link ConfigurationException} listing every problem; until then it only keeps
 * JUnit from building a worker pool out of refused values. What the run's tests need of the backend
 * beyond that (tests in mode nlu) is known only then, and is listed in the same message.
 */
public final class CheckedConfiguration {

    private final EngineConfig.Reading reading;
    private final BackendRequirements requirements;
    private final RuntimeException failure;

    private CheckedConfiguration(EngineConfig.Reading reading, BackendRequirements requirements, RuntimeException failure) {
        this.reading = reading;
        this.requirements = requirements;
        this.failure = failure;
    }

    /** @param requirements what the backend the configuration names lacks, reported with its other problems */
    public static CheckedConfiguration read(ConfigurationParameters parameters, Function<String, String> environment,
                                            BackendRequirements requirements) {
        try {
            EngineConfig.Reading reading = EngineConfig.checkLaunch(parameters, environment, config -> requirements.of(config, false));
            return new CheckedConfiguration(reading, requirements, null);
        } catch (RuntimeException e) {
            // Whatever else reading failed with: reported by the engine node.
            return new CheckedConfiguration(null, requirements, e);
        }
    }

    /**
     * A run refused before its configuration is read, for {@code problem} (libraries too old to run with): the engine node
     * fails with it when the run starts, on the calling thread, as with any configuration that cannot be run.
     */
    public static CheckedConfiguration refused(ConfigurationException problem, BackendRequirements requirements) {
        return new CheckedConfiguration(null, requirements, problem);
    }

    /**
     * The configuration as read, problems and all, when it still says where a whole run's reports go: reading it did not
     * fail outright, {@code cognigy.report.dir} is unset (its default) or names a folder — not a file, nor a value that is
     * no path —, and the run is no part of a split run ({@code cognigy.shard} or {@code cognigy.run.defer}, given or
     * refused), which reports to a folder of its own. A run refused over its configuration says so there, as a run that
     * did not start; with the folder itself the problem there is nowhere to say it.
     */
    Optional<EngineConfig> reportsDespiteProblems() {
        if (reading == null) return Optional.empty();
        EngineConfig config = reading.config();
        Set<String> refused = reading.refused();
        if (refused.contains(Constants.REPORT_DIR) || refused.contains(Constants.SHARD) || refused.contains(Constants.RUN_DEFER)) {
            return Optional.empty();
        }
        if (config.run().shard().isPresent() || config.run().defer()) return Optional.empty();
        Path folder = config.reportDir();
        if (Files.exists(folder) && !Files.isDirectory(folder)) return Optional.empty();
        return Optional.of(config);
    }

    /**
     * The backend as configured ({@code simulation}, {@code endpoint}, …), as a run names it before it has started one;
     * empty when reading failed outright or refused {@code cognigy.backend}, which is then read as its default.
     */
    Optional<String> backendAsConfigured() {
        if (reading == null || reading.refused().contains(Constants.BACKEND)) return Optional.empty();
        return Optional.of(reading.config().backend().choice().id());
    }

    /** The configuration, when it has no problem. */
    public Optional<EngineConfig> valid() {
        return Optional.ofNullable(reading).filter(r -> r.problems().isEmpty()).map(EngineConfig.Reading::config);
    }

    /** The configuration; throws what reading it failed with, the message listing every problem. */
    EngineConfig orThrow() {
        return orThrow(false);
    }

    /**
     * The configuration of a run with these tests; throws one {@link ConfigurationException} listing every problem: the
     * configuration's, and what the backend lacks for tests in mode nlu when the run has some.
     *
     * @param nluTests whether the run has tests in mode nlu
     */
    EngineConfig orThrow(boolean nluTests) {
        return orThrow(nluTests, java.util.Map.of());
    }

    /**
     * The configuration of a run with these tests; throws one {@link ConfigurationException} listing every problem: the
     * configuration's, what the backend lacks for tests in mode nlu when the run has some, and a run whose tests name
     * several bots, which no configuration of one run can serve.
     *
     * @param nluTests whether the run has tests in mode nlu
     * @param bots     the bots the run's files and classes name, with where ({@link SeveralBots#of})
     */
    EngineConfig orThrow(boolean nluTests, java.util.Map<String, Set<String>> bots) {
        if (failure != null) throw failure;
        List<String> problems = new ArrayList<>(reading.problems());
        SeveralBots.problem(bots, reading.config().backend().choice()).ifPresent(problems::add);
        if (nluTests && reading.backendAsked()) {
            // What the backend lacks anyway is among the problems already; what the tests in mode nlu add is not.
            requirements.of(reading.config(), true).stream().filter(problem -> !problems.contains(problem))
                    .forEach(problems::add);
        }
        if (!problems.isEmpty()) throw ConfigurationException.misconfigured(problems);
        return reading.config();
    }
}
