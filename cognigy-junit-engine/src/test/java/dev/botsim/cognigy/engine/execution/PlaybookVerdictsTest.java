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

    @Test
    @DisplayName("a step that timed out fails saying so; the steps after it are skipped; a step Cognigy gave no result for is skipped")
    void timeoutAndMissingResults() {
        Playbook playbook = new Playbook("pb", "Orders", true, List.of(step("hi"), step("order 7"), step("bye")));
        PlaybookRun.AssertResult ok = new PlaybookRun.AssertResult("assertSlot", json("{\"slot\":\"NUMBER\"}"), false, "successful",
                json("{\"NUMBER\":[7]}"));
        PlaybookRun run = new PlaybookRun("run1", "failed", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("r2", "failed", "order 7", true, List.of())));

        List<StepVerdict> verdicts = PlaybookRuns.verdicts(playbook, run);

        assertThat(verdicts).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.FAILED,
                StepVerdict.Status.SKIPPED);
        assertThat(verdicts.get(0).lines()).containsExactly(
                "assertSlot {\"slot\":\"NUMBER\"} negate=false expected=\"NUMBER\" actual={\"NUMBER\":[7]} successful");
        assertThat(verdicts.get(1).message()).isEqualTo("step 2 'order 7' timed out: the bot did not answer within the playbook's step timeout");
        assertThat(verdicts.get(2).message()).isEqualTo("skipped: step 2 'order 7' failed before it");

        List<StepVerdict> short_ = PlaybookRuns.verdicts(playbook, new PlaybookRun("run2", "successful", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)))));
        assertThat(short_.get(1).message()).isEqualTo("skipped: Cognigy's run of playbook 'Orders' has no result for this step");
    }

    @Test
    @DisplayName("without abortOnError each step with a result is judged by it; a step without one is skipped; a run Cognigy"
            + " marks failed still fails a step when the results it gave all passed")
    void withoutAbortOnError() {
        Playbook playbook = new Playbook("pb", "Orders", false, List.of(step("hi"), step("order 7"), step("bye")));
        PlaybookRun.AssertResult ok = new PlaybookRun.AssertResult("assertSlot", json("{\"slot\":\"NUMBER\"}"), false, "successful",
                json("[\"NUMBER\"]"));
        PlaybookRun.AssertResult bad = new PlaybookRun.AssertResult("assertSlot", json("{\"slot\":\"NUMBER\"}"), false, "failed",
                json("[]"));
        PlaybookRun run = new PlaybookRun("run1", "failed", List.of(
                new PlaybookRun.StepResult("r1", "failed", "hi", true, List.of()),
                new PlaybookRun.StepResult("r2", "successful", "order 7", false, List.of(ok)),
                new PlaybookRun.StepResult("r3", "failed", "bye", false, List.of(bad))));

        List<StepVerdict> verdicts = PlaybookRuns.verdicts(playbook, run);

        assertThat(verdicts).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.FAILED, StepVerdict.Status.PASSED,
                StepVerdict.Status.FAILED);
        assertThat(verdicts.get(2).message()).isEqualTo("step 3 'bye' failed 1 of 1 assertions:\n  assertSlot {\"slot\":\"NUMBER\"}"
                + " negate=false expected=\"NUMBER\" actual=[] failed\n  it ran after step 1 'hi' failed: the playbook does not abort on error");

        List<StepVerdict> partial = PlaybookRuns.verdicts(playbook, new PlaybookRun("run2", "failed", List.of(
                new PlaybookRun.StepResult("r1", "successful", "hi", false, List.of(ok)),
                new PlaybookRun.StepResult("r2", "successful", "order 7", false, List.of(ok)))));
        assertThat(partial).extracting(StepVerdict::status).containsExactly(StepVerdict.Status.PASSED, StepVerdict.Status.PASSED,
                StepVerdict.Status.FAILED);
        assertThat(partial.get(2).message()).isEqualTo("step 3 'bye': Cognigy marks its run of playbook 'Orders' failed, and gave"
                + " results for 2 of its 3 steps");
    }
}
