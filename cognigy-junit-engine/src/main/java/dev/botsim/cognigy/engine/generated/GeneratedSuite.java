package dev.botsim.cognigy.engine.generated;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * The run's generated playbooks, found by the test id each message carries ({@code test_order}, {@code test_conv#2}):
 * a single case's playbook has one step, a conversation's one per turn. Test ids are unique in a run, so the id a
 * message names is its step.
 */
public final class GeneratedSuite {

    /** A message's place: its playbook and the step (from 0) that sends it. */
    public record Place(GeneratedPlaybook playbook, int step) {

        public GeneratedPlaybook.Step stepOf() {
            return playbook.steps().get(step);
        }
    }

    private final Map<String, Place> byTestId = new LinkedHashMap<>();

    public void add(GeneratedPlaybook playbook) {
        for (int i = 0; i < playbook.steps().size(); i++) byTestId.put(playbook.steps().get(i).testId(), new Place(playbook, i));
    }

    public Optional<Place> place(String testId) {
        return Optional.ofNullable(byTestId.get(testId));
    }

    public Collection<GeneratedPlaybook> playbooks() {
        return new LinkedHashSet<>(byTestId.values().stream().map(Place::playbook).toList());
    }

    /** The most steps any playbook of the run has, at least 1: what a run's time limit is scaled by. */
    public int longest() {
        return playbooks().stream().mapToInt(p -> p.steps().size()).max().orElse(1);
    }
}
