package dev.botsim.cognigy.engine.generated;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run's generated playbooks, found by the test id each message carries ({@code test_order}, {@code test_conv#2}):
 * a single case's playbook has one step, a conversation's one per turn. Test ids are unique in a run, so the id a
 * message names is its step. {@code @Conversation} methods have no playbook of their own: their turns are known only as
 * the method sends them, and each turn is run as a playbook of the turns so far (see the playbooks backend).
 */
public final class GeneratedSuite {

    /** A message's place: its playbook and the step (from 0) that sends it. */
    public record Place(GeneratedPlaybook playbook, int step) {

        public GeneratedPlaybook.Step stepOf() {
            return playbook.steps().get(step);
        }
    }

    private final Map<String, Place> byTestId = new LinkedHashMap<>();
    /** The ids of the {@code @Conversation} methods: their turns are only known while they run, so each is replayed. */
    private final Set<String> conversationMethods = new LinkedHashSet<>();

    public void add(GeneratedPlaybook playbook) {
        for (int i = 0; i < playbook.steps().size(); i++) byTestId.put(playbook.steps().get(i).testId(), new Place(playbook, i));
    }

    /** A {@code @Conversation} method of the run, by its test id ({@code test_greets}). */
    public void addConversationMethod(String testId) {
        conversationMethods.add(testId);
    }

    /**
     * The {@code @Conversation} method whose turn {@code turn} a message with id {@code messageTestId} is: its session
     * names each turn's message {@code <method's test id>#<turn>}.
     */
    public Optional<String> conversationMethod(String messageTestId, int turn) {
        return conversationMethods.stream().filter(id -> (id + "#" + turn).equals(messageTestId)).findFirst();
    }

    public Optional<Place> place(String testId) {
        return Optional.ofNullable(byTestId.get(testId));
    }

    public Collection<GeneratedPlaybook> playbooks() {
        return new LinkedHashSet<>(byTestId.values().stream().map(Place::playbook).toList());
    }

    /**
     * The most steps any playbook of the run has, at least 1: what a run's time limit is scaled by. A
     * {@code @Conversation} method may send up to {@link PlaybookCompiler#MAX_STEPS} turns, so with one it is that.
     */
    public int longest() {
        if (!conversationMethods.isEmpty()) return PlaybookCompiler.MAX_STEPS;
        return playbooks().stream().mapToInt(p -> p.steps().size()).max().orElse(1);
    }
}
