package dev.botsim.cognigy.engine.descriptor;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;
import dev.botsim.cognigy.engine.execution.SimulationRun;
import dev.botsim.cognigy.engine.reporting.BuiltInListeners;
import dev.botsim.cognigy.engine.reporting.Listeners;

/**
 * The root of the test tree. Before any test runs it reads the configuration, connects to the
 * backend and checks every expectation against the bot's schema, so a wrong setup is reported once
 * for the run instead of once per test.
 */
public final class CognigyEngineDescriptor extends EngineDescriptor implements Node<CognigyExecutionContext> {

    public CognigyEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "Cognigy bot simulations");
    }

    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        if (getChildren().isEmpty()) return context;
        EngineConfig config = EngineConfig.read(context.request().getConfigurationParameters(),
                context.services().environment());
        Backend backend = context.services().backends().apply(config);
        try {
            Listeners listeners = Listeners.load(BuiltInListeners.create(config, context.request()),
                    Thread.currentThread().getContextClassLoader());
            return context.withRun(SimulationRun.start(config, backend, this, listeners, context.services().clock())
                    .cancelledBy(context.request().getCancellationToken()));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void after(CognigyExecutionContext context) {
        if (!getChildren().isEmpty()) context.run().close();
    }
}
