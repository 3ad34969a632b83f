package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.generated.GeneratedPlaybook;
import dev.botsim.cognigy.engine.generated.PlaybookCompiler;
import dev.botsim.cognigy.spi.Expectation;

/**
 * {@code @Conversation} methods under mode {@code generated}. A method states its next message only once it has the
 * bot's answer to the last, while Cognigy runs a playbook whole, from a fresh session. So turn k runs a playbook of the
 * turns 1..k, in one Cognigy session as any playbook runs, and answers with its last step; steps 1..k-1 replay what
 * was sent before, and must answer as they did then — a bot that answers an earlier turn differently on replay makes
 * the conversation the method saw one Cognigy never ran, and the turn fails saying so. n turns cost n playbooks with
 * n(n+1)/2 steps. Each turn's playbook is created, run and deleted by the backend as any other.
 */
final class ReplayedConversations {

    /** Runs a generated playbook from creation to deletion, as the backend runs every one: its results by step. */
    interface Runs {
        StepResults run(GeneratedPlaybook playbook, String runId);
    }

    /** What a replayed turn must answer again: what the method could see and act on (texts, intent, choices). */
    private record Seen(String text, String intent, List<String> quickReplies, List<String> buttons) {

        static final Seen NOTHING = new Seen(null, null, List.of(), List.of());

        static Seen of(TurnResult result) {
            if (result.turns().isEmpty()) return NOTHING;
            BotTurn turn = result.turns().get(0);
            return new Seen(turn.text(), turn.intent(), titles(turn.quickReplies()), titles(turn.buttons()));
        }

        private static List<String> titles(List<BotChoice> choices) {
            return choices.stream().map(BotChoice::title).toList();
        }

        String shown() {
            List<String> parts = new ArrayList<>();
            parts.add(text == null ? "no text" : "text \"" + text.replace("\n", " / ") + "\"");
            parts.add("intent " + intent);
            if (!quickReplies.isEmpty()) parts.add("quick replies " + quickReplies);
            if (!buttons.isEmpty()) parts.add("buttons " + buttons);
            return String.join(", ", parts);
        }
    }

    /** One method's conversation so far: the messages sent and what each turn answered when it was last. */
    private static final class Conversation {
        final List<PlaybookCompiler.Message> sent = new ArrayList<>();
        final List<Seen> seen = new ArrayList<>();
    }

    private static String label(PlaybookCompiler.Message message) {
        return message.text() != null ? message.text() : String.valueOf(message.data());
    }

    private final StepAnswer answers;
    private final Map<String, Conversation> bySession = new ConcurrentHashMap<>();

    ReplayedConversations(StepAnswer answers) {
        this.answers = answers;
    }

    /** Runs the turns so far with {@code request} as the last, and answers it from the last step. */
    TurnResult send(TurnRequest request, Runs runs) {
        String session = Objects.requireNonNull(request.sessionId(), "a @Conversation method's messages carry its session");
        Conversation conversation = bySession.computeIfAbsent(session, s -> new Conversation());
        // A method's turns come one after the other on its thread; the lock only keeps a session's history whole.
        synchronized (conversation) {
            PlaybookCompiler.Message message = new PlaybookCompiler.Message(request.testId(), request.text(), request.data(),
                    Expectation.NONE, request.testId());
            conversation.sent.add(message);
            int turn = conversation.sent.size();
            PlaybookCompiler.Compiled compiled = PlaybookCompiler.replay(request.testId(), conversation.sent);
            if (compiled.refused()) {
                conversation.seen.add(null);
                throw new BackendException(BackendException.Kind.CONFIGURATION, String.join("\n", compiled.refusals())
                        + " (a @Conversation method under cognigy.playbooks.mode=generated runs each turn as a playbook of the"
                        + " turns so far)").withMessageUnsent();
            }
            GeneratedPlaybook playbook = compiled.playbook();
            String shown = "playbook " + playbook.name(request.runId());
            // Whatever ends this turn before its answer leaves it without one: a later turn replays it unchecked.
            PlaybookRun.StepResult last;
            try {
                StepResults run = runs.run(playbook, request.runId());
                for (int i = 0; i < turn - 1; i++) {
                    Seen before = conversation.seen.get(i);
                    if (before == null) continue;
                    PlaybookRun.StepResult step = run.step(i);
                    Seen now = step.timeout() ? null : Seen.of(answers.of(step, session, i + 1, shown));
                    if (!before.equals(now)) {
                        throw new BackendException(BackendException.Kind.PROTOCOL, "the bot answered turn " + (i + 1) + " differently"
                                + " on replay: " + shown + " replays turns 1 to " + turn + " in a new Cognigy session (a playbook runs"
                                + " whole), and turn " + (i + 1) + " '" + label(conversation.sent.get(i)) + "' answered "
                                + (now == null ? "nothing within the step timeout" : now.shown()) + " where it had answered "
                                + before.shown() + ". A bot whose answers vary between sessions cannot be tested turn by turn this"
                                + " way: write the conversation in a data file (one playbook, run once), or use another backend");
                    }
                }
                last = run.step(turn - 1);
                if (last.timeout()) {
                    throw new BackendException(BackendException.Kind.TIMEOUT, "step " + turn + " of " + shown + " timed out at Cognigy:"
                            + " the bot did not answer within the step timeout of " + TemporaryPlaybooks.STEP_TIMEOUT_MS / 1000 + " s");
                }
            } catch (RuntimeException e) {
                conversation.seen.add(null);
                throw e;
            }
            TurnResult answer = answers.of(last, session, turn, shown);
            conversation.seen.add(Seen.of(answer));
            return answer;
        }
    }
}
