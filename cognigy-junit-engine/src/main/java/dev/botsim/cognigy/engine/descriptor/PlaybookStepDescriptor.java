package dev.botsim.cognigy.engine.descriptor;

import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.engine.config.NamingStrategy;
import dev.botsim.cognigy.engine.execution.PlaybookRuns;
import dev.botsim.cognigy.engine.support.ReportEntries;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * One step of a playbook, named by the text it sends. Its assertions are lines of its result: a
 * report entry each ({@code cognigy.assert.1}, ...) and, when the step failed, its failure message.
 * Its record is a turn of its playbook's conversation (a playbook runs in one session), comes from the
 * playbook ({@code playbook <name>}, or {@code <class>#playbook <name>} below the class that selected it),
 * and holds the bot's answer as Cognigy's result shows it.
 */
public final class PlaybookStepDescriptor extends CognigyDescriptor {

    public static final String SEGMENT = "step";

    private final String playbook;
    private final String source;
    private final int index;
    private final String text;
    private final PlaybookSources.Place place;

    /**
     * @param source what the record names as the step's origin: {@code playbook <name>}, or {@code <class>#playbook <name>}
     * @param place  where the step is written, in the export the sandbox started with; {@code null} for a tenant's playbook
     */
    PlaybookStepDescriptor(UniqueId uniqueId, NamingStrategy naming, String playbook, String source, int index, String text,
                           PlaybookSources.Place place) {
        super(uniqueId, TestName.playbookStep(naming, playbook, index + 1, text), place == null ? null : place.source(), Type.TEST,
                List.of());
        this.playbook = playbook;
        this.source = source;
        this.index = index;
        this.text = text;
        this.place = place;
    }

    /**
     * A playbook's steps report one after the other, in the file's order: their playbook has run whole before them, so
     * there is nothing to gain from running them side by side, and concurrently they would report in the order the
     * worker pool happens to take them (a playbook rerun for one of its steps reported its last step first).
     */
    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.SAME_THREAD;
    }

    private PlaybookRuns.StepVerdict verdict() {
        return ((PlaybookDescriptor) getParent().orElseThrow()).verdict(index);
    }

    @Override
    public SkipResult shouldBeSkipped(CognigyExecutionContext context) {
        PlaybookRuns.StepVerdict verdict = verdict();
        return verdict.status() == PlaybookRuns.StepVerdict.Status.SKIPPED ? SkipResult.skip(verdict.message()) : SkipResult.doNotSkip();
    }

    /**
     * A step skipped after a failed one is a result of the run too: recorded SKIPPED with the reason it was skipped, its
     * message not said to the bot. Its kind is a conversation turn's after a failed one: the playbook's steps are turns of
     * one session, and the bot is not where this step expects it.
     */
    @Override
    public void nodeSkipped(CognigyExecutionContext context, TestDescriptor testDescriptor, SkipResult result) {
        PlaybookRuns.StepVerdict verdict = verdict();
        if (context == null || verdict.status() != PlaybookRuns.StepVerdict.Status.SKIPPED
                || !result.getReason().equals(Optional.of(verdict.message()))) {
            return;
        }
        context.run().ledger().record(record().outcome(Outcome.SKIPPED).message(verdict.message())
                .skipReason(SimulationRecord.SkipReason.EARLIER_TURN_FAILED).sent(false).build());
    }

    /**
     * The playbook could not be run to results: the step is recorded with the playbook's outcome, skip reason (when the
     * outcome is SKIPPED) and message, and as not sent when the playbook never left for Cognigy.
     */
    void recordUnrun(CognigyExecutionContext context, PlaybookRuns.RunFailure failure) {
        context.run().ledger().record(record().outcome(failure.outcome()).skipReason(failure.skipReason())
                .message(failure.getMessage()).sent(failure.sent()).build());
    }

    private SimulationRecord.Builder record() {
        return SimulationRecord.builder().uniqueId(getUniqueId().toString()).testId(getLegacyReportingName())
                .conversationTurn(playbook, index + 1).displayName(getDisplayName()).source(source).utterance(text);
    }

    @Override
    public CognigyExecutionContext execute(CognigyExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        PlaybookRuns.StepVerdict verdict = verdict();
        List<String> lines = verdict.lines();
        for (int i = 0; i < lines.size(); i++) {
            context.run().retries().listener().reportingEntryPublished(this, ReportEntries.of("cognigy.assert." + (i + 1), lines.get(i)));
        }
        Outcome outcome = switch (verdict.status()) {
            case PASSED -> Outcome.PASSED;
            case TIMEOUT -> Outcome.TIMEOUT;
            case ERROR -> Outcome.ERROR;
            case FAILED, SKIPPED -> Outcome.FAILED;
        };
        boolean passed = outcome == Outcome.PASSED;
        context.run().ledger().record(record().outcome(outcome)
                .message(passed ? null : verdict.message()).actual(verdict.answer() == null ? List.of() : List.of(verdict.answer()))
                .build());
        if (passed) return context;
        // Tolerant mode: a wrong answer is visible with its reason, judged with the others at the end of the run, as a
        // simulation's failure is; a step the bot never answered, or that has no result, is no wrong answer and fails.
        if (context.run().tolerant() && outcome == Outcome.FAILED) {
            throw new TestAbortedException("tolerated (cognigy.governance.mode=tolerant): " + verdict.message());
        }
        throw new AssertionFailedError(verdict.message());
    }

    /**
     * A step of an export fails at the step as written, as a data file's case does: {@code at
     * ✽.Order_status#2(playbooks.json:6)}, which an IDE and Surefire's report open from the trace. The frame's method is
     * one word (the playbook's name with what is not a letter, digit, {@code _} or {@code -} as {@code _}, and the
     * step's number), as a conversation turn's {@code test_hi_then_order#2}: a tool reading the trace splits a frame at
     * its spaces and dots. A tenant's playbook has no file to point at: its step's failure keeps its trace.
     */
    @Override
    void pointAtTest(Throwable failure) {
        if (place == null) return;
        String step = playbook.replaceAll("[^\\p{L}\\p{N}_-]", "_") + "#" + (index + 1);
        FailureTraces.inDataFile(failure, step, place.position().resource(), place.position().line());
    }
}
