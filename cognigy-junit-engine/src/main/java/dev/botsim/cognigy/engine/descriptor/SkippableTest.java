package dev.botsim.cognigy.engine.descriptor;

import java.util.Collection;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.DisabledTests;
import dev.botsim.cognigy.engine.execution.SimulationStep;

/**
 * A test the engine may skip for a reason of its own — left out with {@code @Disabled}, or a turn after a failed one —
 * and that then records itself SKIPPED with that reason, so the reports, the audit record and the webhook count the
 * tests JUnit counts. JUnit's own skips (a cancelled run) carry another reason and are not recorded here.
 */
abstract class SkippableTest extends CognigyDescriptor {

    SkippableTest(UniqueId uniqueId, TestName name, TestSource source, Collection<String> tags) {
        super(uniqueId, name, source, Type.TEST, tags);
    }

    /** The test as the run's records name it. */
    abstract SimulationStep.TestIdentity identity();

    /** Why the engine skips the test: {@code @Disabled} on its method or class, unless a subclass knows more. */
    Optional<String> skipReason(CognigyExecutionContext context) {
        return DisabledTests.reason(this);
    }

    @Override
    public final SkipResult shouldBeSkipped(CognigyExecutionContext context) {
        return skipReason(context).map(SkipResult::skip).orElse(SkipResult.doNotSkip());
    }

    @Override
    public final void nodeSkipped(CognigyExecutionContext context, TestDescriptor testDescriptor, SkipResult result) {
        if (context == null || !result.getReason().equals(skipReason(context))) return;
        SimulationStep.skipped(context.run(), this, identity(), result.getReason().get());
    }
}
