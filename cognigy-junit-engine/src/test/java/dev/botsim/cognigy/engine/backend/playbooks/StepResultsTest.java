package dev.botsim.cognigy.engine.backend.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.BackendException;
import tools.jackson.databind.json.JsonMapper;

/** A generated playbook's run results set beside the steps this run created, as Cognigy's run gives them. */
class StepResultsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** As the tenant created them: the steps' ids are the ones its answers to {@code POST playbooks/{id}/steps} gave. */
    private static final Playbook CREATED = new Playbook("65f0c1a2b3c4d5e6f7a8b9c0", "cognigy-junit/batch_1/test_conv", false, List.of(
            new Playbook.Step("65f0c1a2b3c4d5e6f7a8b9d1", "hi", JSON.createObjectNode(), List.of()),
            new Playbook.Step("65f0c1a2b3c4d5e6f7a8b9d2", "where is my order", JSON.createObjectNode(), List.of()),
            new Playbook.Step("65f0c1a2b3c4d5e6f7a8b9d3", "bye", JSON.createObjectNode(), List.of())));

    /** A run in the shape of {@code GET playbooks/{id}/runs/{runId}}, its {@code stepResults} as given. */
    private static PlaybookRun run(String... results) {
        return PlaybookRun.of(JSON.readTree("{\"_id\":\"65f0c1a2b3c4d5e6f7a8b9e0\",\"status\":\"failed\",\"createdAt\":1767225600,"
                + "\"flowId\":\"flow-ref-1\",\"localeId\":\"locale-ref-1\",\"entrypoint\":\"proj1\",\"stepResults\":["
                + String.join(",", results) + "]}"));
    }

    private static String result(String id, String text, String status) {
        return "{" + (id == null ? "" : "\"_id\":\"" + id + "\",") + "\"status\":\"" + status + "\",\"text\":\"" + text
                + "\",\"data\":{},\"timeout\":false,\"asserts\":[]}";
    }

    @Test
    @DisplayName("results listed in another order than the steps are each their own step's, by the step's _id")
    void byStepId() {
        StepResults results = StepResults.of(CREATED, run(result("65f0c1a2b3c4d5e6f7a8b9d3", "bye", "successful"),
                result("65f0c1a2b3c4d5e6f7a8b9d1", "hi", "failed"), result("65f0c1a2b3c4d5e6f7a8b9d2", "where is my order", "successful")),
                "playbook cognigy-junit/batch_1/test_conv");

        assertThat(List.of(results.step(0), results.step(1), results.step(2))).extracting(PlaybookRun.StepResult::text)
                .containsExactly("hi", "where is my order", "bye");
        assertThat(results.step(0).status()).isEqualTo("failed");
    }

    @Test
    @DisplayName("a run whose results carry no _id at all is read by position, the only thing it says")
    void withoutIdsByPosition() {
        StepResults results = StepResults.of(CREATED, run(result(null, "hi", "failed"), result(null, "where is my order", "successful"),
                result(null, "bye", "successful")), "playbook p");

        assertThat(results.step(2).text()).isEqualTo("bye");
    }

    @Test
    @DisplayName("results without _id one more than the steps make the run unreadable, naming the counts; one fewer leaves the"
            + " last step without a result, its turn failing by its text")
    void withoutIdsCountsDiffer() {
        assertThatThrownBy(() -> StepResults.of(CREATED, run(result(null, "hi", "successful"), result(null, "where is my order",
                "successful"), result(null, "bye", "successful"), result(null, "bye", "failed")), "playbook p"))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("lists 4 results, none with an _id, for its 3 steps (text 'bye', failed)");

        StepResults two = StepResults.of(CREATED, run(result(null, "hi", "successful"), result(null, "where is my order",
                "successful")), "playbook p");
        assertThat(two.step(1).text()).isEqualTo("where is my order");
        assertThatThrownBy(() -> two.step(2)).isInstanceOf(BackendException.class)
                .hasMessage("playbook p ran, but Cognigy's run 65f0c1a2b3c4d5e6f7a8b9e0 has no result for its step 3 'bye'");
    }

    @Test
    @DisplayName("a result for an _id none of the steps has makes the run unreadable: no turn takes an answer from it")
    void unknownIdRefused() {
        assertThatThrownBy(() -> StepResults.of(CREATED, run(result("65f0c1a2b3c4d5e6f7a8b9d1", "hi", "successful"),
                result("65f0c1a2b3c4d5e6f7a8b9ff", "hello", "successful")), "playbook cognigy-junit/batch_1/test_conv"))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessage("playbook cognigy-junit/batch_1/test_conv ran, but Cognigy's run 65f0c1a2b3c4d5e6f7a8b9e0 lists a result for"
                        + " _id 65f0c1a2b3c4d5e6f7a8b9ff, which is none of the 3 steps this run made, nor its text one of theirs"
                        + " still without a result (text 'hello', successful):"
                        + " which step each result is for cannot be told, so no turn takes an answer from this run");
    }

    @Test
    @DisplayName("a second result for one step, or one without _id beside results with one, is refused the same way")
    void doubtfulResultsRefused() {
        assertThatThrownBy(() -> StepResults.of(CREATED, run(result("65f0c1a2b3c4d5e6f7a8b9d1", "hi", "successful"),
                result("65f0c1a2b3c4d5e6f7a8b9d1", "hi", "failed")), "playbook p")).isInstanceOf(BackendException.class)
                .hasMessageContaining("lists a second result for step 1 (text 'hi', failed)");
        assertThatThrownBy(() -> StepResults.of(CREATED, run(result("65f0c1a2b3c4d5e6f7a8b9d1", "hi", "successful"),
                result(null, "thanks", "successful")), "playbook p")).isInstanceOf(BackendException.class)
                .hasMessageContaining("lists a result without _id whose text is that of none of the 3 steps this run made still"
                        + " without a result (text 'thanks', successful)");
    }

    @Test
    @DisplayName("results whose _ids are their own, not the steps' (which _id a result carries is not documented), are each"
            + " their step's by its text, the first step of that text still without one; one without _id beside them too")
    void resultIdsOfTheirOwnByText() {
        Playbook repeated = new Playbook("65f0c1a2b3c4d5e6f7a8b9c0", "cognigy-junit/batch_1/test_conv", false, List.of(
                new Playbook.Step("65f0c1a2b3c4d5e6f7a8b9d1", "yes", JSON.createObjectNode(), List.of()),
                new Playbook.Step("65f0c1a2b3c4d5e6f7a8b9d2", "where is my order", JSON.createObjectNode(), List.of()),
                new Playbook.Step("65f0c1a2b3c4d5e6f7a8b9d3", "yes", JSON.createObjectNode(), List.of())));
        StepResults results = StepResults.of(repeated, run(result("75f0c1a2b3c4d5e6f7a8b9a1", "yes", "failed"),
                result("75f0c1a2b3c4d5e6f7a8b9a2", "where is my order", "successful"), result(null, "yes", "successful")),
                "playbook cognigy-junit/batch_1/test_conv");

        assertThat(List.of(results.step(0), results.step(1), results.step(2))).extracting(PlaybookRun.StepResult::status)
                .containsExactly("failed", "successful", "successful");
        assertThat(results.step(1).text()).isEqualTo("where is my order");
    }

    @Test
    @DisplayName("a step the run gave no result fails the turn that asks for it, naming the step; the others keep theirs")
    void stepWithoutResultNamed() {
        StepResults results = StepResults.of(CREATED, run(result("65f0c1a2b3c4d5e6f7a8b9d3", "bye", "successful"),
                result("65f0c1a2b3c4d5e6f7a8b9d1", "hi", "successful")), "playbook cognigy-junit/batch_1/test_conv");

        assertThat(results.step(2).text()).isEqualTo("bye");
        assertThatThrownBy(() -> results.step(1)).isInstanceOf(BackendException.class)
                .hasMessage("playbook cognigy-junit/batch_1/test_conv ran, but Cognigy's run 65f0c1a2b3c4d5e6f7a8b9e0 has no result for"
                        + " its step 2 'where is my order'");
    }
}
