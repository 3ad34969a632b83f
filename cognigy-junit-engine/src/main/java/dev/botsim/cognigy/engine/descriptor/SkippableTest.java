package dev.botsim.cognigy.engine.descriptor;

import java.util.Collection;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.DisabledTests;
import dev.botsim.cognigy.engine.execution.SimulationStep;
import dev.botsim.cognigy.spi.SimulationRecord;

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

    /**
     * Why the engine skips a test: what happened, as its record says it, and in words, as JUnit reports it.
     *
     * @param kind   what happened
     * @param reason the reason JUnit reports and the record's message
     */
    record Skipping(SimulationRecord.SkipReason kind, String reason) {
    }

    /** Why the engine skips the test: {@code @Disabled} on its method or class, unless a subclass knows more. */
    Optional<Skipping> skipping(CognigyExecutionContext context) {
        return DisabledTests.reason(this).map(reason -> new Skipping(SimulationRecord.SkipReason.DISABLED, reason));
    }

    @Override
    public final SkipResult shouldBeSkipped(CognigyExecutionContext context) {
        return skipping(context).map(skipping -> SkipResult.skip(skipping.reason())).orElse(SkipResult.doNotSkip());
    }

    @Override
    public final void nodeSkipped(CognigyExecutionContext context, TestDescriptor testDescriptor, SkipResult result) {
        if (context == null) return;
        Optional<Skipping> skipping = skipping(context);
        if (skipping.isEmpty() || !result.getReason().equals(Optional.of(skipping.get().reason()))) return;
        SimulationStep.skipped(context.run(), this, identity(), skipping.get().kind(), skipping.get().reason());
    }
}
