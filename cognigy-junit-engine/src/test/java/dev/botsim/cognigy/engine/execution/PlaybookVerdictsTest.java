package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.playbooks.Playbook;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookRun;
import dev.botsim.cognigy.engine.execution.PlaybookRuns.StepVerdict;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How a Cognigy run's step results become step verdicts. */
class PlaybookVerdictsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static Playbook.Step step(String text) {
        return new Playbook.Step("s-" + text, text, json("{}"), List.of(new Playbook.Assertion("assertSlot", json("{\"slot\":\"NUMBER\"}"), false)));
    }

    /** The playbook 'Orders' of three steps, hi, order 7 and bye, as discovery read it. */
    private static Playbook orders(boolean abortOnError) {
        return new Playbook("pb", "Orders", abortOnError, List.of(step("hi"), step("order 7"), step("bye")));
    }

    /** A step's {@code assertSlot} result for the slot NUMBER: {@code status}, Cognigy having seen {@code actual}. */
    private static PlaybookRun.AssertResult slot(String status, String actual) {
        return new PlaybookRun.AssertResult("assertSlot", json("{\"slot\":\"NUMBER\"}"), false, status, json(actual));
    }

    @Test
    @DisplayName("a step that timed out is a timeout, saying so; the steps after it are skipped; a step Cognigy gave no result for"
            + " is an error: neither is a wrong answer")
    void timeoutAndMissingResults() {
        Playbook playbook = orders(true);
        PlaybookRun.AssertResult ok = slot("successful", "{\"NUMBER\":[7]}");
        PlaybookRun run = new PlaybookRun("run1", "failed", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("r2", "failed", "order 7", true, List.of())));

        List<StepVerdict> verdicts = PlaybookRuns.verdicts(playbook, run);

        assertThat(verdicts).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.TIMEOUT,
                StepVerdict.Status.SKIPPED);
        assertThat(verdicts.get(0).lines()).containsExactly(
                "assertSlot {\"slot\":\"NUMBER\"} negate=false expected=\"NUMBER\" actual={\"NUMBER\":[7]} successful");
        assertThat(verdicts.get(1).message()).isEqualTo("step 2 'order 7' timed out: the bot did not answer within the playbook's step timeout");
        assertThat(verdicts.get(2).message()).isEqualTo("skipped: step 2 'order 7' failed before it");

        List<StepVerdict> short_ = PlaybookRuns.verdicts(playbook, new PlaybookRun("run2", "successful", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)))));
        assertThat(short_).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.ERROR,
                StepVerdict.Status.SKIPPED);
        assertThat(short_.get(1).message()).isEqualTo("step 2 'order 7' has no result in Cognigy's run of playbook 'Orders' (run run2,"
                + " successful): the playbook may have been edited in Cognigy since this run read it; run again");
    }

    @Test
    @DisplayName("a playbook whose name another selected one has is named by its label, name and _id, in its steps' messages too")
    void stepMessagesNameThePlaybookByItsLabel() {
        Playbook playbook = orders(false);
        PlaybookRun.AssertResult ok = slot("successful", "[\"NUMBER\"]");
        List<StepVerdict> verdicts = PlaybookRuns.verdicts(playbook, "Orders (pb_64f0a1)", new PlaybookRun("run2", "failed", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("r2", "successful", "order 7", false, List.of(ok)))));
        assertThat(verdicts.get(2).message()).startsWith("step 3 'bye' has no result in Cognigy's run of playbook 'Orders (pb_64f0a1)'");

        List<StepVerdict> marked = PlaybookRuns.verdicts(playbook, "Orders (pb_64f0a1)", new PlaybookRun("run3", "failed", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("r2", "successful", "order 7", false, List.of(ok)),
                new PlaybookRun.StepResult("r3", "successful", "bye", false, List.of(ok)))));
        assertThat(marked.get(2).message()).contains("Cognigy marks its run of playbook 'Orders (pb_64f0a1)' failed");
    }

    @Test
    @DisplayName("an assertion result's type, status or actual value holding line breaks stays on its one line of the"
            + " failure message: the tenant's text cannot start a line a CI reads as a command")
    void assertionLinesStayOneLine() {
        Playbook playbook = new Playbook("pb", "Orders", true, List.of(new Playbook.Step("s-hi", "hi", json("{}"), List.of(
                new Playbook.Assertion("assertText\n::error title=x::forged", json("{\"text\":\"hello\"}"), false)))));
        PlaybookRun.AssertResult forged = new PlaybookRun.AssertResult("assertText\n::error title=x::forged",
                json("{\"text\":\"hello\"}"), false, "failed\r\n::add-mask::x", json("\"Hi\u2028::warning::there\""));
        PlaybookRun run = new PlaybookRun("run1", "failed", List.of(new PlaybookRun.StepResult("r1", "failed", "hi", false,
                List.of(forged))));

        StepVerdict verdict = PlaybookRuns.verdicts(playbook, run).get(0);

        assertThat(verdict.status()).isEqualTo(StepVerdict.Status.FAILED);
        assertThat(verdict.lines()).singleElement().asString().doesNotContain("\n", "\r", "\u2028")
                .contains("assertText\\n::error title=x::forged", "failed\\r\\n::add-mask::x");
        assertThat(verdict.message().lines()).noneMatch(line -> line.strip().startsWith("::"));
    }

    @Test
    @DisplayName("without abortOnError each step with a result is judged by it; a step without one fails; a run Cognigy"
            + " marks failed still fails a step when the results it gave all passed")
    void withoutAbortOnError() {
        Playbook playbook = orders(false);
        PlaybookRun.AssertResult ok = slot("successful", "[\"NUMBER\"]");
        PlaybookRun.AssertResult bad = slot("failed", "[]");
        PlaybookRun run = new PlaybookRun("run1", "failed", List.of(
                new PlaybookRun.StepResult("r1", "failed", "hi", true, List.of()),
                new PlaybookRun.StepResult("r2", "successful", "order 7", false, List.of(ok)),
                new PlaybookRun.StepResult("r3", "failed", "bye", false, List.of(bad))));

        List<StepVerdict> verdicts = PlaybookRuns.verdicts(playbook, run);

        assertThat(verdicts).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.TIMEOUT, StepVerdict.Status.PASSED,
                StepVerdict.Status.FAILED);
        assertThat(verdicts.get(2).message()).isEqualTo("step 3 'bye' failed 1 of 1 assertions:\n  assertSlot {\"slot\":\"NUMBER\"}"
                + " negate=false expected=\"NUMBER\" actual=[] failed\n  it ran after step 1 'hi' failed: the playbook does not abort on error");

        List<StepVerdict> partial = PlaybookRuns.verdicts(playbook, new PlaybookRun("run2", "failed", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("r2", "successful", "order 7", false, List.of(ok)))));
        assertThat(partial).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.PASSED,
                StepVerdict.Status.ERROR);
        assertThat(partial.get(2).message()).startsWith("step 3 'bye' has no result in Cognigy's run of playbook 'Orders'");

        List<StepVerdict> allPassed = PlaybookRuns.verdicts(playbook, new PlaybookRun("run3", "failed", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("r2", "successful", "order 7", false, List.of(ok)),
                new PlaybookRun.StepResult("r3", "successful", "bye", false, List.of(ok)))));
        assertThat(allPassed).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.PASSED,
                StepVerdict.Status.FAILED);
        assertThat(allPassed.get(2).message()).isEqualTo("step 3 'bye': Cognigy marks its run of playbook 'Orders' failed, though every"
                + " step result it gave passed");
    }

    @Test
    @DisplayName("a playbook edited in Cognigy after discovery: results go to the steps their _id names, not by position; a step"
            + " without a result and a result for no known step fail, saying so")
    void matchedByStepId() {
        Playbook playbook = orders(false);
        PlaybookRun.AssertResult ok = slot("successful", "[\"NUMBER\"]");
        PlaybookRun.AssertResult bad = slot("failed", "[]");
        // In Cognigy since discovery: 'order 7' moved first and now fails, 'hi' was edited to 'hello', 'bye' was deleted,
        // 'thanks' was added. The run is in the playbook's new order, each result under its step's _id.
        PlaybookRun run = new PlaybookRun("run1", "failed", List.of(
                new PlaybookRun.StepResult("s-order 7", "failed", "order 7", false, List.of(bad)),
                new PlaybookRun.StepResult("s-hi", "successful", "hello", false, List.of(ok)),
                new PlaybookRun.StepResult("s-new", "successful", "thanks", false, List.of(ok))));

        List<StepVerdict> verdicts = PlaybookRuns.verdicts(playbook, run);

        assertThat(verdicts).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.FAILED,
                StepVerdict.Status.ERROR);
        assertThat(verdicts.get(1).message()).startsWith("step 2 'order 7' failed 1 of 1 assertions:");
        assertThat(verdicts.get(2).message()).startsWith("step 3 'bye' has no result in Cognigy's run of playbook 'Orders' (run run1,"
                + " failed)").contains("Cognigy's run of playbook 'Orders' has results for steps the playbook did not have when this run"
                + " read it: 'thanks' (s-new, successful); the playbook was edited in Cognigy since: run again");

        // A successful run with a result for a step the playbook did not have, and none for one it had, passes nothing it
        // did not run.
        List<StepVerdict> swapped = PlaybookRuns.verdicts(playbook, new PlaybookRun("run2", "successful", List.of(
                new PlaybookRun.StepResult("s-hi", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("s-order 7", "successful", "order 7", false, List.of(ok)),
                new PlaybookRun.StepResult("s-new", "successful", "thanks", false, List.of(ok)))));
        assertThat(swapped).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.PASSED,
                StepVerdict.Status.ERROR);
    }

    /** The step 'order 7' as discovery read it: an intent and a text assertion, each with its _id. */
    private static Playbook twoAssertions() {
        return new Playbook("pb", "Orders", false, List.of(new Playbook.Step("s-order 7", "order 7", json("{}"), List.of(
                new Playbook.Assertion("a-intent", "assertIntent", json("{\"intent\":\"check_order\"}"), false),
                new Playbook.Assertion("a-text", "assertText", json("{\"text\":\"on its way\",\"fuzzy\":true}"), false)))));
    }

    private static PlaybookRun.AssertResult intentResult(String id, String params) {
        return new PlaybookRun.AssertResult(id, "assertIntent", json(params), false, "successful", json("\"check_order\""));
    }

    private static PlaybookRun.AssertResult textResult(String id) {
        return new PlaybookRun.AssertResult(id, "assertText", json("{\"text\":\"on its way\",\"fuzzy\":true}"), false, "successful",
                json("[\"It is on its way.\"]"));
    }

    @Test
    @DisplayName("a step result listing fewer assertion results than the step has assertions is an error naming the"
            + " assertions without a result, not a pass: 0 of 2, and 1 of 2")
    void assertionsWithoutResultAreAnError() {
        Playbook playbook = twoAssertions();

        StepVerdict none = PlaybookRuns.verdicts(playbook, new PlaybookRun("run1", "successful", List.of(
                new PlaybookRun.StepResult("s-order 7", "successful", "order 7", false, List.of())))).get(0);
        assertThat(none.status()).isEqualTo(StepVerdict.Status.ERROR);
        assertThat(none.message()).isEqualTo("step 1 'order 7' has no result for 2 of its 2 assertions in Cognigy's run of playbook"
                + " 'Orders' (run run1, successful): assertIntent {\"intent\":\"check_order\"} negate=false, assertText"
                + " {\"text\":\"on its way\",\"fuzzy\":true} negate=false; the playbook may have been edited in Cognigy since this run"
                + " read it; run again");

        StepVerdict one = PlaybookRuns.verdicts(playbook, new PlaybookRun("run2", "successful", List.of(
                new PlaybookRun.StepResult("s-order 7", "successful", "order 7", false, List.of(textResult("a-text")))))).get(0);
        assertThat(one.status()).isEqualTo(StepVerdict.Status.ERROR);
        assertThat(one.message()).startsWith("step 1 'order 7' has no result for 1 of its 2 assertions in Cognigy's run of playbook"
                + " 'Orders' (run run2, successful): assertIntent {\"intent\":\"check_order\"} negate=false; the playbook may")
                .endsWith("\n  assertText {\"text\":\"on its way\",\"fuzzy\":true} negate=false expected=\"on its way\""
                        + " actual=[\"It is on its way.\"] successful");

        // Two results, but both for the text assertion: the intent was still not judged.
        StepVerdict twice = PlaybookRuns.verdicts(playbook, new PlaybookRun("run3", "successful", List.of(
                new PlaybookRun.StepResult("s-order 7", "successful", "order 7", false, List.of(textResult("a-text"),
                        textResult("a-text")))))).get(0);
        assertThat(twice.status()).isEqualTo(StepVerdict.Status.ERROR);
        assertThat(twice.message()).contains("has no result for 1 of its 2 assertions", "assertIntent {\"intent\":\"check_order\"}");
    }

    @Test
    @DisplayName("a step one of whose assertions failed while another has no result is a wrong answer, FAILED, the"
            + " assertion without a result named beside it, not an error that would hide the failure")
    void failedAssertionBesideAnUnjudgedOne() {
        PlaybookRun.AssertResult wrongText = new PlaybookRun.AssertResult("a-text", "assertText",
                json("{\"text\":\"on its way\",\"fuzzy\":true}"), false, "failed", json("[\"Sorry, I did not get that.\"]"));
        StepVerdict verdict = PlaybookRuns.verdicts(twoAssertions(), new PlaybookRun("run4", "failed", List.of(
                new PlaybookRun.StepResult("s-order 7", "failed", "order 7", false, List.of(wrongText))))).get(0);

        assertThat(verdict.status()).isEqualTo(StepVerdict.Status.FAILED);
        assertThat(verdict.message()).startsWith("step 1 'order 7' failed 1 of 1 assertions:\n  assertText")
                .contains("\n  and Cognigy listed no result for 1 more: assertIntent {\"intent\":\"check_order\"} negate=false");

        // An assertion Cognigy left pending is not judged either: beside one without a result, the step is an error.
        PlaybookRun.AssertResult pending = new PlaybookRun.AssertResult("a-text", "assertText",
                json("{\"text\":\"on its way\",\"fuzzy\":true}"), false, "pending", json("null"));
        assertThat(PlaybookRuns.verdicts(twoAssertions(), new PlaybookRun("run5", "failed", List.of(
                new PlaybookRun.StepResult("s-order 7", "failed", "order 7", false, List.of(pending))))).get(0).status())
                .isEqualTo(StepVerdict.Status.ERROR);
    }

    @Test
    @DisplayName("every assertion with a result passes: by the assertion's _id, or, with results of ids of their own and"
            + " parameters written back in another form, by type; a timed-out step without assertion results stays a timeout")
    void everyAssertionJudged() {
        Playbook playbook = twoAssertions();

        assertThat(PlaybookRuns.verdicts(playbook, new PlaybookRun("run1", "successful", List.of(new PlaybookRun.StepResult("s-order 7",
                "successful", "order 7", false, List.of(textResult("a-text"), intentResult("a-intent", "{\"intent\":\"check_order\"}")))))))
                .extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED);
        assertThat(PlaybookRuns.verdicts(playbook, new PlaybookRun("run2", "successful", List.of(new PlaybookRun.StepResult("r1",
                "successful", "order 7", false, List.of(intentResult("x1", "{\"intent\":\"check_order\",\"negate\":false}"),
                textResult("x2")))))))
                .extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED);
        StepVerdict timedOut = PlaybookRuns.verdicts(playbook, new PlaybookRun("run3", "failed", List.of(new PlaybookRun.StepResult("r1",
                "failed", "order 7", true, List.of())))).get(0);
        assertThat(timedOut.status()).isEqualTo(StepVerdict.Status.TIMEOUT);
    }
}
