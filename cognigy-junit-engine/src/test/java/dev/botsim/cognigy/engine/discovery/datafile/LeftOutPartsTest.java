package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.SimulationCase;

/**
 * The first lines of the cases and conversations left out for a problem: running the test at such a line (an IDE's
 * gutter icon) must stop at it, not run the case above it.
 */
class LeftOutPartsTest {

    @Test
    @DisplayName("an empty case entry is reported where it stands and its line counts as left out; a case with a problem"
            + " and every use of a repeated id too")
    void casesLeftOut() {
        ParsedFile parsed = read("l.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                  -
                  - id: test_c
                    utterance: hi
                    expect: { no_intent: false }
                  - id: test_d
                    utterance: hi
                  - id: test_d
                    utterance: ho
                  - hello
                """);

        assertThat(located(parsed)).containsExactly(
                "4:4: cases[1] is empty — write it as { id: test_x, utterance: hello }",
                "7:26: 'no_intent' in cases[2].expect is false, which checks nothing — write no_intent: true to expect that"
                        + " the bot recognises no intent, or remove it",
                "8:9: id 'test_d' is used 2 times in this file (at 8:9, 10:9) — give each case its own id",
                "10:9: id 'test_d' is used 2 times in this file (at 8:9, 10:9) — give each case its own id",
                "12:5: cases[5] must be a mapping, not text — write it as { id: test_x, utterance: hello }");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_a");
        assertThat(parsed.leftOut()).containsExactly(4, 5, 8, 10, 12);
    }

    @Test
    @DisplayName("a conversation that is no mapping, has a problem or repeats an id is left out at its first line")
    void conversationsLeftOut() {
        ParsedFile parsed = read("l.sim.yaml", """
                conversations:
                  - id: test_a
                    turns: [ { say: hi } ]
                  - bye
                  - id: test_c
                    turns: []
                  - id: test_a
                    turns: [ { say: ho } ]
                  - id: test_e
                    turns: [ { say: ok } ]
                """);

        assertThat(parsed.file().conversations()).extracting(ConversationCase::id).containsExactly("test_e");
        assertThat(parsed.leftOut()).containsExactly(2, 4, 5, 7);
        assertThat(located(parsed)).hasSize(4);
    }

    @Test
    @DisplayName("in mode: nlu a conversation is refused and left out at its first line")
    void nluConversationLeftOut() {
        ParsedFile parsed = read("n.sim.yaml", """
                mode: nlu
                cases:
                  - id: test_a
                    utterance: hi
                    expect: { intent: greeting }
                conversations:
                  - id: test_b
                    turns: [ { say: hi } ]
                """);

        assertThat(parsed.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(7));
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_a");
        assertThat(parsed.file().conversations()).isEmpty();
        assertThat(parsed.leftOut()).containsExactly(7);
    }
}
