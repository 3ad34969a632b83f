package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * A generated playbook's run, each result set beside the step it is for: by the step's {@code _id}, which Cognigy's
 * run gives each result (the {@code _id} the step was created with), else — a result without an {@code _id}, or with
 * one that is none of the steps' (whose {@code _id} a result carries is not documented: it may be the result's own) —
 * by the step's text, the first step of that text not yet matched, as mode {@code existing} matches them. The order of
 * {@code stepResults} is not relied on: taken by position, a run listing its results in another order would give one
 * turn another turn's answer, and Cognigy's verdict on it. Only a run whose results carry no {@code _id} at all is read
 * by position, as the only thing it says. A result for none of the playbook's steps by either (or a second for one
 * step's {@code _id}) makes the whole run unreadable, since which answer is whose is then in doubt;
 * a step without a result fails the turn that asks for it.
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
        List<PlaybookRun.StepResult> byText = new ArrayList<>();
        for (PlaybookRun.StepResult result : given) {
            int step = indexOf(steps, result.id());
            if (step < 0) {
                byText.add(result);
            } else if (placed[step] != null) {
                throw unplaced(run, result, shown, "a second result for step " + (step + 1));
            } else {
                placed[step] = result;
            }
        }
        for (PlaybookRun.StepResult result : byText) {
            int step = -1;
            for (int i = 0; i < steps.size() && step < 0; i++) {
                if (placed[i] == null && steps.get(i).text().equals(result.text())) step = i;
            }
            if (step < 0) {
                throw unplaced(run, result, shown, result.id().isBlank() ? "a result without _id whose text is that of none of"
                        + " the " + steps.size() + " steps this run made still without a result"
                        : "a result for _id " + ConsoleText.oneLine(result.id()) + ", which is none of the " + steps.size()
                        + " steps this run made, nor its text one of theirs still without a result");
            }
            placed[step] = result;
        }
        return new StepResults(shown, run.id(), steps, Arrays.asList(placed));
    }

    private static BackendException unplaced(PlaybookRun run, PlaybookRun.StepResult result, String shown, String what) {
        return new BackendException(BackendException.Kind.PROTOCOL, shown + " ran, but Cognigy's run "
                + ConsoleText.oneLine(run.id()) + " lists " + what + " (text '" + ConsoleText.oneLine(result.text()) + "', "
                + ConsoleText.oneLine(result.status()) + "): which step each result is for cannot be told, so no turn takes"
                + " an answer from this run").varying(run.id(), "<run id>").varying(result.id(), "<step id>");
    }

    private static int indexOf(List<Playbook.Step> steps, String resultId) {
        if (resultId.isBlank()) return -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(resultId)) return i;
        }
        return -1;
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
