package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an author wrote that the reader would otherwise take for something else without a word — a test that then
 * checks less than it says, and passes.
 */
class SilentMisreadingTest {

    @Test
    @DisplayName("'expect' indented under a case's 'data' is reported, not sent to the bot")
    void expectUnderCaseData() {
        ParsedFile parsed = read("a.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    data:
                      channel: app
                      expect:
                        intent: check_order
                  - id: test_b
                    utterance: hi
                    context: { expect: { response_contains: hello } }
                  - id: test_c
                    utterance: hi
                    inject_context:
                      expect: { intent: greeting, next_flow: main }
                """);

        assertThat(located(parsed)).containsExactly(
                "6:7: 'expect' under 'data' in cases[0] is data sent to the bot, not an expectation — indent 'expect' as"
                        + " 'data' is",
                "10:16: 'expect' under 'context' in cases[1] is data sent to the bot, not an expectation — indent 'expect'"
                        + " as 'context' is",
                "14:7: 'expect' under 'inject_context' in cases[2] is data sent to the bot, not an expectation — indent"
                        + " 'expect' as 'inject_context' is");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("'expect' indented under a turn's, a conversation's or the defaults' data is reported; JSON alike")
    void expectUnderOtherData() {
        ParsedFile yaml = read("c.sim.yaml", """
                defaults:
                  data:
                    expect: { intent: greeting }
                conversations:
                  - id: test_c
                    data: { expect: { intent: greeting } }
                    turns:
                      - say: hi
                        data:
                          expect:
                            response_contains: hello
                """);
        ParsedFile json = read("j.sim.json", """
                {"cases": [{"id": "test_j", "utterance": "hi", "data": {"a": 1, "expect": {"intent": "greeting"}}}]}
                """);

        assertThat(located(yaml)).containsExactly(
                "3:5: 'expect' under 'data' in defaults is data sent to the bot, not an expectation — write expectations"
                        + " on each case, under its 'expect:'",
                "6:13: 'expect' under 'data' in conversations[0] is data sent to the bot, not an expectation — write"
                        + " expectations on a turn, under its 'expect:'",
                "10:11: 'expect' under 'data' in conversations[0].turns[0] is data sent to the bot, not an expectation —"
                        + " indent 'expect' as 'data' is");
        assertThat(yaml.file().conversations()).isEmpty();
        assertThat(located(json)).containsExactly("1:65: 'expect' under 'data' in cases[0] is data sent to the bot, not"
                + " an expectation — indent 'expect' as 'data' is");
    }

    @Test
    @DisplayName("a data field named 'expect' holding anything but expectations stays data")
    void dataNamedExpect() {
        ParsedFile parsed = read("d.sim.yaml", """
                cases:
                  - id: test_d
                    utterance: hi
                    data: { expect: yes, other: { expect: { intent: x } } }
                  - id: test_e
                    utterance: hi
                    data: { expect: { delivery: tomorrow, intent: greeting } }
                  - id: test_f
                    utterance: hi
                    data: { expect: {} }
                """);

        assertThat(located(parsed)).isEmpty();
        assertThat(parsed.file().cases()).extracting(c -> c.data().get("expect"))
                .containsExactly("yes", Map.of("delivery", "tomorrow", "intent", "greeting"), Map.of());
    }
}
