package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A playbook run's step results set beside the playbook's steps: by the step's {@code _id}, which Cognigy's run gives
 * each result, else — a result without an {@code _id}, or with one that is none of the steps' (whose {@code _id} a result
 * carries is not documented: it may be the result's own) — by the step's text, the first step of that text not yet
 * matched. Never by position: a playbook edited in Cognigy between reading and running it (a step added, removed or
 * moved) would put one step's verdict on another. Mode {@code existing} and generated playbooks match results so; what
 * each makes of a result that found no step is its own ({@link #unplaced}, {@link #idTwice}).
 *
 * @param byStep   the result of each step, in the playbook's order; {@code null} for a step the run gave none
 * @param unplaced results for no step of the playbook, by {@code _id} or text
 * @param idTwice  results whose {@code _id} is that of a step which already had one (when not matched by text instead)
 */
public record StepMatch(List<PlaybookRun.StepResult> byStep, List<PlaybookRun.StepResult> unplaced,
                        List<PlaybookRun.StepResult> idTwice) {

    /**
     * @param secondByText whether a second result for one step's {@code _id} is matched by its text like one of an
     *                     unknown {@code _id} (mode existing), or set apart in {@link #idTwice}
     */
    public static StepMatch of(List<Playbook.Step> steps, List<PlaybookRun.StepResult> results, boolean secondByText) {
        PlaybookRun.StepResult[] placed = new PlaybookRun.StepResult[steps.size()];
        List<PlaybookRun.StepResult> byText = new ArrayList<>();
        List<PlaybookRun.StepResult> idTwice = new ArrayList<>();
        for (PlaybookRun.StepResult result : results) {
            int step = indexOf(steps, result.id());
            if (step < 0) {
                byText.add(result);
            } else if (placed[step] == null) {
                placed[step] = result;
            } else if (secondByText) {
                byText.add(result);
            } else {
                idTwice.add(result);
            }
        }
        List<PlaybookRun.StepResult> unplaced = new ArrayList<>();
        for (PlaybookRun.StepResult result : byText) {
            int step = -1;
            for (int i = 0; i < steps.size() && step < 0; i++) {
                if (placed[i] == null && steps.get(i).text().equals(result.text())) step = i;
            }
            if (step < 0) unplaced.add(result);
            else placed[step] = result;
        }
        return new StepMatch(Arrays.asList(placed), List.copyOf(unplaced), List.copyOf(idTwice));
    }

    private static int indexOf(List<Playbook.Step> steps, String resultId) {
        if (resultId == null || resultId.isBlank()) return -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(resultId)) return i;
        }
        return -1;
    }
}
