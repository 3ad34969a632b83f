package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.playbooks.Playbook;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookRun;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookRunner;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookSession;
import dev.botsim.cognigy.engine.backend.playbooks.StepMatch;
import dev.botsim.cognigy.spi.BotUnderTest;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.engine.support.ConsoleText;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The playbooks of a run as the test tree needs them: each playbook's name and step texts, and, once
 * Cognigy has run it, one verdict per step with one line per assertion. A playbook with {@code abortOnError}
 * stops at its first failed step at Cognigy, so the steps after it are skipped; one without runs on, and
 * each step is judged by the result Cognigy gave for it, found by the step's id (else its text), never by position; a
 * step without a result, or a result for no step the playbook had, fails.
 */
public final class PlaybookRuns implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OUTPUT = new TypeReference<>() {
    };

    /**
     * A playbook to run, as the tree shows it. {@code name}: its name in Cognigy, which globs and an export match;
     * {@code label}: the name it goes by in the run's test ids, display names, records ({@code source},
     * {@code conversation_id}) and messages — its name, or {@code <name> (<_id>)} when another selected playbook has the
     * same name (Cognigy tells playbooks apart by {@code _id}; a copy made in its UI keeps the name), so that the steps
     * of two such playbooks never share a test id or a conversation.
     */
    public record Plan(int index, String id, String name, String label, List<String> steps) {
    }

    /**
     * One step's outcome. {@code lines}: one per assertion, {@code type params negate expected actual status}; {@code answer}:
     * the bot's answer as the step's assertions saw it, or {@code null} when Cognigy's result shows none.
     */
    public record StepVerdict(Status status, String message, List<String> lines, BotTurn answer) {

        /**
         * {@code FAILED}: the bot answered, and Cognigy's assertions (or its verdict on the run) did not hold — a wrong
         * answer, which tolerant governance tolerates. {@code TIMEOUT}: the bot did not answer within the playbook's step
         * timeout. {@code ERROR}: Cognigy's run gave the step no result. Neither is a wrong answer: as for a simulation,
         * they fail their test in every governance mode and are counted as what they are.
         */
        public enum Status { PASSED, FAILED, TIMEOUT, ERROR, SKIPPED }

        /** Whether the step did not pass: failed, timed out or without a result. */
        public boolean notPassed() {
            return status != Status.PASSED && status != Status.SKIPPED;
        }

        StepVerdict(Status status, String message, List<String> lines) {
            this(status, message, lines, null);
        }
    }

    /**
     * The playbook could not be run to results: the task ended in error or was cancelled at the tenant, the run could not
     * be read, or the wait for it was interrupted while this run was not cancelled (a cancelled run aborts the wait as any
     * test's, with no failure of this kind).
     */
    public static final class RunFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final Outcome outcome;
        private final boolean sent;

        RunFailure(String message, Outcome outcome) {
            this(message, outcome, true);
        }

        RunFailure(String message, Outcome outcome, boolean sent) {
            super(message, null, false, false);
            this.outcome = outcome;
            this.sent = sent;
        }

        /**
         * Whether the playbook may have reached Cognigy: {@code false} only when the request that runs it never left (no
         * connection, held back), so none of its steps was said to the bot.
         */
        public boolean sent() {
            return sent;
        }

        /**
         * Whether the wait for the playbook was interrupted, the run not cancelled: its steps are skipped, not failed
         * ({@link dev.botsim.cognigy.spi.SimulationRecord.SkipReason#INTERRUPTED}).
         */
        public boolean interrupted() {
            return outcome == Outcome.SKIPPED;
        }

        /**
         * What the playbook's steps are recorded as: {@code SKIPPED} when the wait for it was interrupted, the run not
         * cancelled; {@code TIMEOUT} past the deadline; else {@code ERROR}.
         */
        public Outcome outcome() {
            return outcome;
        }

        /**
         * Why the playbook's steps were skipped, when they were ({@link #outcome()} {@code SKIPPED}): its wait was
         * interrupted, the run not cancelled (a cancelled run aborts the wait as any test's, and its steps report nothing);
         * else {@code null}.
         */
        public dev.botsim.cognigy.spi.SimulationRecord.SkipReason skipReason() {
            return outcome == Outcome.SKIPPED ? dev.botsim.cognigy.spi.SimulationRecord.SkipReason.INTERRUPTED : null;
        }
    }

    private final PlaybookSession session;

    public PlaybookRuns(PlaybookSession session) {
        this.session = session;
    }

    public List<Plan> plans() {
        List<Plan> plans = new ArrayList<>();
        List<PlaybookSession.Selected> selected = session.selected();
        Map<String, java.util.Set<String>> idsByName = new java.util.HashMap<>();
        for (PlaybookSession.Selected s : selected) {
            idsByName.computeIfAbsent(s.playbook().name(), k -> new java.util.HashSet<>()).add(s.playbook().id());
        }
        for (int i = 0; i < selected.size(); i++) {
            Playbook playbook = selected.get(i).playbook();
            String label = idsByName.get(playbook.name()).size() > 1 ? playbook.name() + " (" + playbook.id() + ")" : playbook.name();
            plans.add(new Plan(i, playbook.id(), playbook.name(), label, playbook.steps().stream().map(Playbook.Step::text).toList()));
        }
        return plans;
    }

    /** The names of the project's playbooks as listed, those not selected too; empty when a file named the playbooks. */
    public List<String> projectPlaybooks() {
        return session.listed();
    }

    /** The deployment the plan's playbook runs against: project, flow, locale and snapshot, by id and name. */
    public BotUnderTest deployment(Plan plan) {
        return session.deployment(session.selected().get(plan.index()));
    }

    /** What the embedded sandbox counted of the run ({@code peak-playbook-executions}, ...); empty against a tenant. */
    public Optional<Map<String, String>> standInCounters() {
        return session.standInCounters();
    }

    /** What answered in the bot's place, when the management API running the playbooks said it is the project's sandbox. */
    public Optional<String> sandboxSeen() {
        return session.sandboxSeen();
    }

    /**
     * Runs the plan's playbook at the tenant and judges each step. A cancelled run interrupts the wait, which cancels
     * the playbook's task at the tenant, and aborts the playbook; a wait interrupted while the run is not cancelled is a
     * {@link RunFailure} whose steps are skipped ({@link RunFailure#interrupted()}).
     */
    public List<StepVerdict> run(Plan plan, RunScope run) {
        PlaybookSession.Selected selected = session.selected().get(plan.index());
        PlaybookRunner.Outcome outcome;
        try {
            outcome = run.dispatcher().interruptible(() -> session.run(selected));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("playbook '" + plan.label() + "' was abandoned: the waiting thread was interrupted", Outcome.SKIPPED);
        } catch (BackendException e) {
            throw new RunFailure("playbook '" + plan.label() + "' has no results: " + e.getMessage(),
                    e.kind() == BackendException.Kind.TIMEOUT ? Outcome.TIMEOUT : Outcome.ERROR, !e.messageUnsent());
        }
        if (outcome instanceof PlaybookRunner.Failed failed) {
            throw new RunFailure("playbook '" + plan.label() + "' failed at Cognigy: " + ConsoleText.oneLine(failed.reason()), Outcome.ERROR);
        }
        if (outcome instanceof PlaybookRunner.Cancelled) {
            // Not this run's cancellation (that interrupts the wait, above): someone at the tenant stopped it. Left out as
            // skipped, its steps would let the other playbooks' passes alone make the run COMPLIANT; a generated playbook
            // cancelled so is an error too.
            throw new RunFailure("playbook '" + plan.label() + "' was cancelled at Cognigy before it ended, not by this run:"
                    + " its steps have no results; run it again", Outcome.ERROR);
        }
        return verdicts(selected.playbook(), plan.label(), ((PlaybookRunner.Finished) outcome).run());
    }

    static List<StepVerdict> verdicts(Playbook playbook, PlaybookRun run) {
        return verdicts(playbook, playbook.name(), run);
    }

    /** @param label the playbook as the run names it: its name, with its {@code _id} when another selected one has the name */
    static List<StepVerdict> verdicts(Playbook playbook, String label, PlaybookRun run) {
        StepMatch matched = StepMatch.of(playbook.steps(), run.stepResults(), true);
        List<StepVerdict> verdicts = new ArrayList<>();
        String failedBefore = null;
        for (int i = 0; i < playbook.steps().size(); i++) {
            Playbook.Step step = playbook.steps().get(i);
            String what = "step " + (i + 1) + " '" + ConsoleText.oneLine(step.text()) + "'";
            if (failedBefore != null && playbook.abortOnError()) {
                verdicts.add(new StepVerdict(StepVerdict.Status.SKIPPED, "skipped: " + failedBefore + " failed before it", List.of()));
                continue;
            }
            PlaybookRun.StepResult result = matched.byStep().get(i);
            if (result == null) {
                // The step was sent, or should have been: nothing before it stopped the run. A run that leaves it out (the
                // playbook edited on the tenant since discovery, a shape this client does not know) never passes it.
                String why = what + " has no result in Cognigy's run of playbook '" + label + "' (run " + run.id()
                        + ", " + run.status() + "): the playbook may have been edited in Cognigy since this run read it; run again";
                verdicts.add(new StepVerdict(StepVerdict.Status.ERROR, why, List.of()));
                if (failedBefore == null) failedBefore = what;
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (PlaybookRun.AssertResult a : result.asserts()) lines.add(line(a));
            BotTurn answer = answer(i, result);
            List<Playbook.Assertion> unjudged = unjudged(step, result);
            boolean anyFailed = result.asserts().stream().anyMatch(a -> "failed".equals(a.status()));
            if (!unjudged.isEmpty() && !result.timeout() && !anyFailed) {
                // Cognigy listed no result for some of the step's assertions: what they check was not judged, so the step
                // cannot pass on the others' word, nor is it a wrong answer. Against a playbook edited in Cognigy since it
                // was read (an assertion removed or changed), the run checked another step than the one this run shows.
                String why = what + " has no result for " + unjudged.size() + " of its " + step.asserts().size() + " assertions in"
                        + " Cognigy's run of playbook '" + label + "' (run " + run.id() + ", " + run.status() + "): "
                        + String.join(", ", unjudged.stream().map(PlaybookRuns::written).toList())
                        + "; the playbook may have been edited in Cognigy since this run read it; run again"
                        + (lines.isEmpty() ? "" : "\n  " + String.join("\n  ", lines));
                if (failedBefore != null) why += "\n  it ran after " + failedBefore + " failed: the playbook does not abort on error";
                verdicts.add(new StepVerdict(StepVerdict.Status.ERROR, why, lines, answer));
                if (failedBefore == null) failedBefore = what;
                continue;
            }
            if (result.passed()) {
                verdicts.add(new StepVerdict(StepVerdict.Status.PASSED, "", lines, answer));
                continue;
            }
            String why = result.timeout() ? what + " timed out: the bot did not answer within the playbook's step timeout"
                    : what + " failed " + result.asserts().stream().filter(a -> !a.passed()).count() + " of " + result.asserts().size()
                    + " assertions:\n  " + String.join("\n  ", lines);
            // A wrong answer is one whatever else went unjudged: said as a failure, the assertions without a result named.
            if (!result.timeout() && !unjudged.isEmpty()) {
                why += "\n  and Cognigy listed no result for " + unjudged.size() + " more: " + String.join(", ",
                        unjudged.stream().map(PlaybookRuns::written).toList()) + " (the playbook may have been edited in Cognigy"
                        + " since this run read it)";
            }
            // Without abortOnError the step ran in the session the failed step left: a failure may follow from that one.
            if (failedBefore != null) why += "\n  it ran after " + failedBefore + " failed: the playbook does not abort on error";
            verdicts.add(new StepVerdict(result.timeout() ? StepVerdict.Status.TIMEOUT : StepVerdict.Status.FAILED, why, lines,
                    answer));
            if (failedBefore == null) failedBefore = what;
        }
        return unknownKept(label, matched.unplaced(), failedRunKept(playbook, label, run, verdicts));
    }

    /**
     * The step's assertions its result lists no outcome for. Each assertion result is set beside one assertion: by the
     * assertion's {@code _id}, else by type, parameters and {@code negate}, else by type alone (a tenant may write the
     * parameters back in another form), each time the first assertion not yet matched, so a result listing fewer
     * assertions of a type than the step has leaves the last of them unjudged.
     */
    private static List<Playbook.Assertion> unjudged(Playbook.Step step, PlaybookRun.StepResult result) {
        List<Playbook.Assertion> open = new ArrayList<>(step.asserts());
        List<PlaybookRun.AssertResult> left = new ArrayList<>();
        for (PlaybookRun.AssertResult a : result.asserts()) {
            if (a.id().isEmpty() || !removeFirst(open, w -> w.id().equals(a.id()))) left.add(a);
        }
        List<PlaybookRun.AssertResult> unplaced = new ArrayList<>();
        for (PlaybookRun.AssertResult a : left) {
            if (!removeFirst(open, w -> w.type().equals(a.type()) && w.params().equals(a.params()) && w.negate() == a.negate())) {
                unplaced.add(a);
            }
        }
        for (PlaybookRun.AssertResult a : unplaced) removeFirst(open, w -> w.type().equals(a.type()));
        return open;
    }

    private static boolean removeFirst(List<Playbook.Assertion> open, java.util.function.Predicate<Playbook.Assertion> matches) {
        for (int i = 0; i < open.size(); i++) {
            if (matches.test(open.get(i))) {
                open.remove(i);
                return true;
            }
        }
        return false;
    }

    /** An assertion as written: {@code assertIntent {"intent":"check_order"} negate=false}, on one line. */
    private static String written(Playbook.Assertion a) {
        return ConsoleText.oneLine(a.type() + " " + a.params() + " negate=" + a.negate());
    }

    /**
     * Results for steps the playbook did not have when it was read (edited in Cognigy since) judged an answer this run
     * never asked for: the last step fails naming them, so the run is not taken for the playbook as discovered.
     */
    private static List<StepVerdict> unknownKept(String label, List<PlaybookRun.StepResult> unknown, List<StepVerdict> verdicts) {
        if (unknown.isEmpty() || verdicts.isEmpty()) return verdicts;
        String results = String.join(", ", unknown.stream().map(r -> "'" + ConsoleText.oneLine(r.text()) + "' (" + r.id() + ", "
                + r.status() + ")").toList());
        String why = "Cognigy's run of playbook '" + label + "' has results for steps the playbook did not have when this run"
                + " read it: " + results + "; the playbook was edited in Cognigy since: run again";
        int last = verdicts.size() - 1;
        StepVerdict kept = verdicts.get(last);
        List<StepVerdict> all = new ArrayList<>(verdicts);
        all.set(last, new StepVerdict(kept.notPassed() ? kept.status() : StepVerdict.Status.ERROR,
                kept.message().isEmpty() ? why : kept.message() + "\n  " + why, kept.lines(), kept.answer()));
        return all;
    }

    /**
     * Cognigy's verdict on the run stands: a run it marks failed fails a step here too, even when the step results it
     * gave all passed: the last step.
     */
    private static List<StepVerdict> failedRunKept(Playbook playbook, String label, PlaybookRun run, List<StepVerdict> verdicts) {
        if (run.successful() || verdicts.isEmpty() || verdicts.stream().anyMatch(StepVerdict::notPassed)) {
            return verdicts;
        }
        int step = verdicts.size() - 1;
        String what = "step " + (step + 1) + " '" + ConsoleText.oneLine(playbook.steps().get(step).text()) + "'";
        String why = "Cognigy marks its run of playbook '" + label + "' " + run.status() + ", though every step result it gave"
                + " passed";
        List<StepVerdict> kept = new ArrayList<>(verdicts);
        kept.set(step, new StepVerdict(StepVerdict.Status.FAILED, what + ": " + why, verdicts.get(step).lines(),
                verdicts.get(step).answer()));
        return kept;
    }

    /**
     * The bot's answer to step {@code index} as Cognigy's result shows it: the texts the first text assertion saw, the
     * intent an intent assertion saw, the output data the first data assertion saw; {@code null} when no assertion's
     * {@code actual} holds any of them (what {@code actual} holds at a tenant is not documented).
     */
    static BotTurn answer(int index, PlaybookRun.StepResult result) {
        List<String> texts = null;
        boolean listed = false;
        String intent = null;
        List<Map<String, Object>> data = null;
        for (PlaybookRun.AssertResult a : result.asserts()) {
            JsonNode actual = a.actual();
            if (a.type().equals("assertText") && texts == null) {
                if (actual.isString()) texts = List.of(actual.stringValue());
                if (actual.isArray()) {
                    listed = true;
                    texts = new ArrayList<>();
                    for (JsonNode text : actual) if (text.isString()) texts.add(text.stringValue());
                }
            }
            if (a.type().equals("assertIntent") && intent == null && actual.isString()) intent = actual.stringValue();
            if (a.type().equals("assertData") && data == null && (actual.isArray() || actual.isObject())) {
                data = new ArrayList<>();
                for (JsonNode output : actual.isArray() ? actual : List.of(actual)) {
                    if (output.isObject()) data.add(JSON.convertValue(output, OUTPUT));
                }
            }
        }
        String text = texts == null || texts.isEmpty() ? null : String.join("\n", texts);
        if (text == null && intent == null && (data == null || data.isEmpty())) return null;
        // Texts listed one by one are the outputs'; one text alone may be several outputs', so its lines stand for them.
        return new BotTurn(index, null, intent, Double.NaN, Map.of(), text, null, null, null, List.of(), List.of(), List.of(),
                data == null ? List.of() : data, text != null && listed ? texts : null);
    }

    /** {@code assertText {"text":"reply","fuzzy":true} negate=false expected="reply" actual="..." successful}. */
    private static String line(PlaybookRun.AssertResult a) {
        String expected = a.params().isObject() ? a.params().properties().stream().filter(e -> !e.getKey().equals("negate")
                && !e.getKey().equals("fuzzy") && !e.getKey().equals("partial")).findFirst().map(e -> e.getValue().toString()).orElse("")
                : "";
        String actual = a.actual().isMissingNode() || a.actual().isNull() ? "(none)" : a.actual().toString();
        // Every part is the tenant's: on one line, so none can start a line of the failure message or a report entry of its own
        // (a CI reads a line starting "::error" as a command; JSON's own escaping leaves U+2028 and C1 controls as they are).
        return ConsoleText.oneLine(a.type() + " " + a.params() + " negate=" + a.negate() + " expected=" + expected + " actual="
                + actual + " " + a.status());
    }

    @Override
    public void close() {
        session.close();
    }
}
