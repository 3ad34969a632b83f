package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.Arrays;
import java.util.List;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * A generated playbook's run, each result set beside the step it is for as {@link StepMatch} sets them (by the step's
 * {@code _id}, else by its text), as mode {@code existing} matches them. The order of {@code stepResults} is not relied
 * on: taken by position, a run listing its results in another order would give one turn another turn's answer, and
 * Cognigy's verdict on it. Only a run whose results carry no {@code _id} at all is read by position, as the only thing it
 * says. A result for none of the playbook's steps by either (or a second for one step's {@code _id}) makes the whole run
 * unreadable, since which answer is whose is then in doubt; a step without a result fails the turn that asks for it.
 */
final class StepResults {

    private final String shown;
    private final String runId;
    private final List<Playbook.Step> steps;
    /** The result of each step, in the playbook's order; {@code null} for a step the run gave none. */
    private final List<PlaybookRun.StepResult> results;

    private StepResults(String shown, String runId, List<Playbook.Step> steps, List<PlaybookRun.StepResult> results) {
        this.shown = shown;
        this.runId = runId;
        this.steps = steps;
        this.results = results;
    }

    /**
     * The results of {@code run} beside the steps of {@code playbook}, the playbook as this run created it.
     *
     * @param shown the playbook as messages name it ({@code playbook cognigy-junit/...})
     * @throws BackendException when a result is for no step of the playbook, or which step it is for cannot be told
     */
    static StepResults of(Playbook playbook, PlaybookRun run, String shown) {
        List<Playbook.Step> steps = playbook.steps();
        List<PlaybookRun.StepResult> given = run.stepResults();
        PlaybookRun.StepResult[] placed = new PlaybookRun.StepResult[steps.size()];
        if (given.stream().allMatch(r -> r.id().isBlank())) {
            // No result says which step it is for: their order is all the run says.
            for (int i = 0; i < given.size(); i++) {
                if (i >= steps.size()) throw unplaced(run, given.get(i), shown, given.size() + " results, none with an _id, for its "
                        + steps.size() + " steps");
                placed[i] = given.get(i);
            }
            return new StepResults(shown, run.id(), steps, Arrays.asList(placed));
        }
        StepMatch match = StepMatch.of(steps, given, false);
        if (!match.idTwice().isEmpty()) {
            PlaybookRun.StepResult second = match.idTwice().get(0);
            throw unplaced(run, second, shown, "a second result for step " + (steps.stream().map(Playbook.Step::id).toList()
                    .indexOf(second.id()) + 1));
        }
        if (!match.unplaced().isEmpty()) {
            PlaybookRun.StepResult result = match.unplaced().get(0);
            throw unplaced(run, result, shown, result.id().isBlank() ? "a result without _id whose text is that of none of"
                    + " the " + steps.size() + " steps this run made still without a result"
                    : "a result for _id " + ConsoleText.oneLine(result.id()) + ", which is none of the " + steps.size()
                    + " steps this run made, nor its text one of theirs still without a result");
        }
        return new StepResults(shown, run.id(), steps, match.byStep());
    }

    private static BackendException unplaced(PlaybookRun run, PlaybookRun.StepResult result, String shown, String what) {
        return new BackendException(BackendException.Kind.PROTOCOL, shown + " ran, but Cognigy's run "
                + ConsoleText.oneLine(run.id()) + " lists " + what + " (text '" + ConsoleText.oneLine(result.text()) + "', "
                + ConsoleText.oneLine(result.status()) + "): which step each result is for cannot be told, so no turn takes"
                + " an answer from this run").varying(run.id(), "<run id>").varying(result.id(), "<step id>");
    }

    /**
     * The result of step {@code index} (from 0).
     *
     * @throws BackendException naming the step when the run gave it none
     */
    PlaybookRun.StepResult step(int index) {
        PlaybookRun.StepResult result = index < results.size() ? results.get(index) : null;
        if (result != null) return result;
        String text = index < steps.size() ? steps.get(index).text() : null;
        String label = text == null || text.isEmpty() ? "" : " '" + ConsoleText.oneLine(text) + "'";
        throw new BackendException(BackendException.Kind.PROTOCOL, shown + " ran, but Cognigy's run " + ConsoleText.oneLine(runId)
                + " has no result for its step " + (index + 1) + label).varying(runId, "<run id>");
    }
}
