package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.config.PrefixedConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.ParallelHierarchicalTestExecutorServiceFactory;
import org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.descriptor.CognigyEngineDescriptor;
import dev.botsim.cognigy.engine.discovery.EngineDiscovery;
import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * The {@code cognigy} test engine: runs bot simulations from {@code @BotSimulation} classes and
 * simulation data files as JUnit tests.
 */
public final class CognigyTestEngine extends HierarchicalTestEngine<CognigyExecutionContext> {

    private final EngineServices services;

    public CognigyTestEngine() {
        this(Clock.systemUTC());
    }

    private CognigyTestEngine(Clock clock) {
        this(new EngineServices(System::getenv, Backends.on(clock, Sleeper.SYSTEM), clock));
    }

    /** An engine whose environment, backends and clock are given, for tests of the engine itself. */
    public CognigyTestEngine(EngineServices services) {
        this.services = services;
    }

    @Override
    public String getId() {
        return Constants.ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.botsim.cognigy");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("cognigy-junit-engine");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        CognigyEngineDescriptor engine = new CognigyEngineDescriptor(uniqueId);
        EngineDiscovery.discover(request, engine);
        return engine;
    }

    /**
     * The worker pool, built from checked values only. JUnit calls this before the engine node reads
     * the configuration, so the configuration is read (and checked) here first: a pool built from a
     * value the engine refuses either hangs (a parallelism of 0 leaves no worker to run the engine
     * node) or fails with JUnit's own wrapped exception. A configuration with any problem therefore
     * gets no pool: the run goes on on the calling thread, where the engine node reads it again and
     * fails with the one message listing every problem. Checking during discovery instead would fail
     * listing the tests (in an IDE, say) over settings that only matter when they run.
     */
    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        ConfigurationParameters parameters = request.getConfigurationParameters();
        EngineConfig config;
        try {
            config = EngineConfig.read(parameters, services.environment());
        } catch (RuntimeException reportedByTheEngineNode) {
            // A ConfigurationException, or whatever else reading failed with: the engine node reads the
            // configuration again and fails with the same exception, so nothing is lost here.
            return new SameThreadHierarchicalTestExecutorService();
        }
        if (!config.execution().parallel()) {
            return new SameThreadHierarchicalTestExecutorService();
        }
        return ParallelHierarchicalTestExecutorServiceFactory.create(new WithDefaults(
                new PrefixedConfigurationParameters(parameters, Constants.PARALLEL_CONFIG_PREFIX),
                parallelDefaults(config.maxConcurrency())));
    }

    /**
     * Tests spend their time waiting for the bot, not computing: as many workers as simulations may
     * be in flight, on plain threads (a fork-join pool does not expect its workers to block).
     */
    private static Map<String, String> parallelDefaults(int maxConcurrency) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("strategy", "fixed");
        defaults.put("fixed.parallelism", String.valueOf(maxConcurrency));
        defaults.put(ParallelHierarchicalTestExecutorServiceFactory.EXECUTOR_SERVICE_PROPERTY_NAME, "worker_thread_pool");
        return defaults;
    }

    @Override
    protected CognigyExecutionContext createExecutionContext(ExecutionRequest request) {
        return new CognigyExecutionContext(request, services);
    }

    /** Configuration parameters falling back to defaults for keys the user did not set. */
    private record WithDefaults(ConfigurationParameters parameters, Map<String, String> defaults)
            implements ConfigurationParameters {

        @Override
        public Optional<String> get(String key) {
            return parameters.get(key).or(() -> Optional.ofNullable(defaults.get(key)));
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return get(key).map(Boolean::parseBoolean);
        }

        @Override
        public Set<String> keySet() {
            Set<String> keys = new java.util.HashSet<>(parameters.keySet());
            keys.addAll(defaults.keySet());
            return keys;
        }
    }
}
