package dev.botsim.cognigy.engine.discovery.datafile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Expectation;

/** {@code expect: approved}, {@code approved:} beside other expectations, and the CSV column, as the reader takes them. */
class ApprovedExpectationTest {

    @Test
    @DisplayName("expect: approved approves every field and expects nothing else, on a case and on a turn")
    void shorthand() {
        ParsedFile parsed = Reading.read("a.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect: approved
                conversations:
                  - id: test_c
                    turns:
                      - say: hi
                        expect: approved
                      - say: bye
                """);

        assertThat(parsed.problems()).isEmpty();
        Expectation expect = parsed.file().cases().get(0).expect();
        assertThat(expect.approved()).isEqualTo(Expectation.APPROVABLE);
        assertThat(expect.toBuilder().approved(List.of()).build().isEmpty()).isTrue();
        assertThat(parsed.file().conversations().get(0).turns().get(0).expect().approved()).isEqualTo(Expectation.APPROVABLE);
        assertThat(parsed.file().conversations().get(0).turns().get(1).expect().comparesApprovedAnswer()).isFalse();
    }

    @Test
    @DisplayName("approved: beside explicit expectations keeps both; a field list is kept in the approval order")
    void combined() {
        ParsedFile parsed = Reading.read("a.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect: { intent: greeting, approved: [entities, intent] }
                  - id: test_b
                    utterance: hi
                    expect: { approved: false, intent: greeting }
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases().get(0).expect().intent()).isEqualTo("greeting");
        assertThat(parsed.file().cases().get(0).expect().approved()).containsExactly("intent", "entities");
        assertThat(parsed.file().cases().get(1).expect().comparesApprovedAnswer()).isFalse();
    }

    @Test
    @DisplayName("a wrong approval is reported where it is written, with the fix")
    void mistakes() {
        assertThat(Reading.located(Reading.read("a.sim.yaml", "cases:\n  - id: test_a\n    utterance: hi\n    expect: approve\n")))
                .singleElement().asString().startsWith("4:13: 'expect' in cases[0] must be a mapping, not text")
                .endsWith("or the word approved");
        assertThat(Reading.located(Reading.read("a.sim.yaml",
                "cases:\n  - id: test_a\n    utterance: hi\n    expect:\n      approved: []\n")))
                .containsExactly("5:17: 'approved' in cases[0].expect names no field — name fields from"
                        + " [intent, next_flow, text, entities], or write approved: true for all");
        assertThat(Reading.messages(Reading.read("a.sim.yaml",
                "cases:\n  - id: test_a\n    utterance: hi\n    expect:\n      approved: 1\n")))
                .singleElement().asString().startsWith("'approved' in cases[0].expect must be true, false or a list of fields");
    }

    @Test
    @DisplayName("in mode: nlu an approved answer is refused: the NLU gives no flow, text or slots to approve")
    void refusedInNluMode() {
        assertThat(Reading.messages(Reading.read("a.sim.yaml",
                "mode: nlu\ncases:\n  - id: test_a\n    utterance: hi\n    expect: approved\n")))
                .singleElement().asString().contains("'expect: approved' in cases[0] is an approved answer, but the nlu backend");
        assertThat(Reading.messages(Reading.read("a.sim.yaml",
                "mode: nlu\ncases:\n  - id: test_a\n    utterance: hi\n    expect: { approved: true }\n")))
                .singleElement().asString().contains("'approved' in cases[0].expect is not an intent");
    }

    @Test
    @DisplayName("CSV: an approved column takes true, false, or the fields separated by spaces")
    void csvColumn() {
        ParsedFile parsed = Reading.read("a.sim.csv", """
                id,utterance,intent,approved
                test_a,hi,,true
                test_b,bye,goodbye,intent next_flow
                test_c,hey,greeting,
                test_d,yo,,txt
                """);

        assertThat(parsed.file().cases()).extracting(c -> c.expect().approved()).containsExactly(
                Expectation.APPROVABLE, List.of("intent", "next_flow"), List.of());
        assertThat(Reading.located(parsed)).singleElement().asString()
                .startsWith("5:").contains("names 'txt', which is not a field of an approved answer — did you mean 'text'?");
    }
}
