package dev.botsim.cognigy.engine.descriptor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.engine.execution.PlaybookRuns;
import dev.botsim.cognigy.engine.execution.RunsAgainstDeployment;
import dev.botsim.cognigy.engine.support.ReportEntries;
import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * A Cognigy Playbook: a container whose steps are its tests. Cognigy runs the playbook whole, once,
 * before its steps report; each step then reports its part of that run.
 */
public final class PlaybookDescriptor extends CognigyDescriptor implements RunsAgainstDeployment {

    public static final String SEGMENT = "playbook";

    private final PlaybookRuns runs;
    private final PlaybookRuns.Plan plan;
    private volatile List<PlaybookRuns.StepVerdict> verdicts;

    /** @param source where the playbook is written, in the export the sandbox started with; {@code null} for a tenant's */
    PlaybookDescriptor(UniqueId uniqueId, PlaybookRuns runs, PlaybookRuns.Plan plan, TestSource source) {
        super(uniqueId, new TestName(plan.label(), "playbook " + plan.label()), source, Type.CONTAINER, List.of());
        this.runs = runs;
        this.plan = plan;
    }

    PlaybookRuns.Plan plan() {
        return plan;
    }

    @Override
    public BotUnderTest deployment() {
        return runs.deployment(plan);
    }

    /** Says what the playbook runs against, as its first report entry, so a result names the flow, locale and entrypoint. */
    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        BotUnderTest target = deployment();
        if (target != null && context.run() != null) {
            // Names and ids are the tenant's: written on one line each, and a blank one quoted, which JUnit would refuse.
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("cognigy.playbook.entrypoint", target.snapshotId() == null ? "project " + target.projectId()
                    : "snapshot " + target.snapshotId() + (target.snapshotName() == null ? "" : " (" + target.snapshotName() + ")"));
            entry.put("cognigy.playbook.flow", named(target.flowName(), target.flowReferenceId()));
            entry.put("cognigy.playbook.locale", named(target.locale(), target.localeReferenceId()));
            context.run().retries().listener().reportingEntryPublished(this, ReportEntries.of(entry));
        }
        try {
            verdicts = runs.run(plan, context.run());
        } catch (PlaybookRuns.RunFailure e) {
            // Its steps never report: they are results of the run all the same, for the totals, reports and verdict.
            if (context.run() != null) {
                getChildren().forEach(step -> ((PlaybookStepDescriptor) step).recordUnrun(context, e));
            }
            if (e.interrupted()) throw new TestAbortedException(e.getMessage());
            throw e;
        }
        return context;
    }

    private static String named(String name, String referenceId) {
        return name == null ? referenceId : name + " (" + referenceId + ")";
    }

    /** The step's verdict, once the playbook has run. */
    PlaybookRuns.StepVerdict verdict(int step) {
        return verdicts.get(step);
    }
}
