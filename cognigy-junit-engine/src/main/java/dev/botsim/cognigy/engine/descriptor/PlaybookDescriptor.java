package dev.botsim.cognigy.engine.descriptor;

import java.util.List;

import org.junit.platform.engine.UniqueId;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.engine.execution.PlaybookRuns;

/**
 * A Cognigy Playbook: a container whose steps are its tests. Cognigy runs the playbook whole, once,
 * before its steps report; each step then reports its part of that run.
 */
public final class PlaybookDescriptor extends CognigyDescriptor {

    public static final String SEGMENT = "playbook";

    private final PlaybookRuns runs;
    private final PlaybookRuns.Plan plan;
    private volatile List<PlaybookRuns.StepVerdict> verdicts;

    PlaybookDescriptor(UniqueId uniqueId, PlaybookRuns runs, PlaybookRuns.Plan plan) {
        super(uniqueId, new TestName(plan.name(), "playbook " + plan.name()), null, Type.CONTAINER, List.of());
        this.runs = runs;
        this.plan = plan;
    }

    PlaybookRuns.Plan plan() {
        return plan;
    }

    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        try {
            verdicts = runs.run(plan, context.run());
        } catch (PlaybookRuns.RunFailure e) {
            if (e.cancelled()) throw new TestAbortedException(e.getMessage());
            throw e;
        }
        return context;
    }

    /** The step's verdict, once the playbook has run. */
    PlaybookRuns.StepVerdict verdict(int step) {
        return verdicts.get(step);
    }
}
