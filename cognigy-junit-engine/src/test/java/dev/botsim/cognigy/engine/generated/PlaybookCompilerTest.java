package dev.botsim.cognigy.engine.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Expectation;

class PlaybookCompilerTest {

    private static List<String> asserts(Expectation expect) {
        return PlaybookCompiler.asserts(expect).stream().map(a -> a.type() + (a.probe() ? " probe " : " ") + a.params()).toList();
    }

    @Test
    @DisplayName("intent, not_intent, response_contains, entity presence and response_data map to Cognigy's assertions")
    void mapping() {
        Expectation expect = Expectation.builder().intent("check_order").notIntent("escalate").responseContains("your order")
                .entities(Map.of("order_id", "ORD_1")).responseData(Map.of("step", "lookup")).build();

        assertThat(asserts(expect)).containsExactly(
                "assertIntent {\"intent\":\"check_order\",\"negate\":false}",
                "assertIntent {\"intent\":\"escalate\",\"negate\":true}",
                "assertText {\"text\":\"your order\",\"fuzzy\":true,\"negate\":false}",
                "assertSlot {\"slot\":\"order_id\",\"negate\":false}",
                "assertData {\"data\":{\"step\":\"lookup\"},\"partial\":true,\"negate\":false}");
    }

    @Test
    @DisplayName("what no assertion checks gets probes to read the output back: texts always, output data for score, flow,"
            + " entity values and choices")
    void probes() {
        assertThat(asserts(Expectation.NONE)).containsExactly("assertText probe {\"text\":\"\",\"fuzzy\":true,\"negate\":false}");
        assertThat(asserts(Expectation.builder().intentMinScore(0.8).build())).containsExactly(
                "assertText probe {\"text\":\"\",\"fuzzy\":true,\"negate\":false}",
                "assertData probe {\"data\":{},\"partial\":true,\"negate\":false}");
        assertThat(asserts(Expectation.builder().responseMatches("ORD_[0-9]+").responseContains("ORD").build()))
                .containsExactly("assertText {\"text\":\"ORD\",\"fuzzy\":true,\"negate\":false}");
        assertThat(asserts(Expectation.builder().nextFlow("Main").responseData(Map.of("a", 1)).build())).containsExactly(
                "assertData {\"data\":{\"a\":1},\"partial\":true,\"negate\":false}",
                "assertText probe {\"text\":\"\",\"fuzzy\":true,\"negate\":false}");
        // Checks for varying answers are judged by the engine from the texts read back, as response_matches is.
        assertThat(asserts(Expectation.builder().responseContainsAny(List.of("order", "parcel"))
                .responseNotContains(List.of("sorry")).responseLength(5, 400).build()))
                .containsExactly("assertText probe {\"text\":\"\",\"fuzzy\":true,\"negate\":false}");
    }

    @Test
    @DisplayName("50 turns compile, 51 are refused naming where and the limit; error_code and the marker key are refused")
    void refusals() {
        PlaybookCompiler.Message turn = new PlaybookCompiler.Message("t#1", "hi", Map.of(), Expectation.NONE, "c.sim.yaml:9:7");
        assertThat(PlaybookCompiler.compile("t", "c.sim.yaml:3:5", PlaybookCompiler.Extras.NONE, Collections.nCopies(50, turn)).refused())
                .isFalse();
        assertThat(PlaybookCompiler.compile("t", "c.sim.yaml:3:5", PlaybookCompiler.Extras.NONE, Collections.nCopies(51, turn)).refusals())
                .singleElement().asString().startsWith("c.sim.yaml:3:5: t has 51 turns").contains("at most 50 steps");
        PlaybookCompiler.Message coded = new PlaybookCompiler.Message("t", "refund", Map.of("cognigyJunit", 1),
                Expectation.builder().errorCode("X").build(), "c.sim.yaml:4:5");
        assertThat(PlaybookCompiler.compile("t", "c.sim.yaml:4:5", PlaybookCompiler.Extras.NONE, List.of(coded)).refusals())
                .hasSize(2).allSatisfy(r -> assertThat(r).startsWith("c.sim.yaml:4:5: "))
                .anySatisfy(r -> assertThat(r).contains("'error_code: X' of t cannot be checked"))
                .anySatisfy(r -> assertThat(r).contains("sets 'cognigyJunit'"));
    }

    @Test
    @DisplayName("a conversation's steps are found by the test ids of its turns")
    void suite() {
        PlaybookCompiler.Compiled conversation = PlaybookCompiler.compile("conv", "c.sim.yaml:1", PlaybookCompiler.Extras.NONE, List.of(
                new PlaybookCompiler.Message("conv#1", "hi", Map.of(), Expectation.NONE, "c.sim.yaml:2"),
                new PlaybookCompiler.Message("conv#2", "bye", Map.of(), Expectation.NONE, "c.sim.yaml:3")));
        GeneratedSuite suite = new GeneratedSuite();
        suite.add(conversation.playbook());

        assertThat(suite.place("conv#2")).hasValueSatisfying(p -> {
            assertThat(p.step()).isEqualTo(1);
            assertThat(p.stepOf().text()).isEqualTo("bye");
            assertThat(p.playbook().name("batch_1")).isEqualTo("cognigy-junit/batch_1/conv");
        });
        assertThat(suite.longest()).isEqualTo(2);
    }
}
