package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Expectation;

/** {@code response_contains_any}, {@code response_not_contains} and {@code response_length}, and {@code repeat:} refused. */
class VaryingAnswerChecksTest {

    @Test
    @DisplayName("item 9: response_contains_any, response_not_contains (text or list) and response_length are read into the"
            + " expectation, in YAML and JSON alike")
    void read() {
        ParsedFile yaml = Reading.read("v.sim.yaml", """
                cases:
                  - id: test_status
                    utterance: where is my order
                    expect:
                      response_contains_any: [order number, tracking]
                      response_not_contains: sorry
                      response_length: { min: 10, max: 400 }
                  - id: test_open
                    utterance: hi
                    expect: { response_not_contains: [error, sorry], response_length: { max: 80 } }
                """);
        ParsedFile json = Reading.read("v.sim.json", """
                {"cases": [{"id": "test_status", "utterance": "where is my order", "expect": {
                  "response_contains_any": ["order number", "tracking"], "response_not_contains": "sorry",
                  "response_length": {"min": 10, "max": 400}}}]}
                """);

        assertThat(yaml.problems()).isEmpty();
        assertThat(json.problems()).isEmpty();
        Expectation status = yaml.file().cases().get(0).expect();
        assertThat(status.responseContainsAny()).containsExactly("order number", "tracking");
        assertThat(status.responseNotContains()).containsExactly("sorry");
        assertThat(status.responseMinLength()).isEqualTo(10);
        assertThat(status.responseMaxLength()).isEqualTo(400);
        assertThat(status.checksResponseLength()).isTrue();
        assertThat(json.file().cases().get(0).expect()).isEqualTo(status);
        assertThat(status.toBuilder().build()).isEqualTo(status);

        Expectation open = yaml.file().cases().get(1).expect();
        assertThat(open.responseNotContains()).containsExactly("error", "sorry");
        assertThat(open.responseMinLength()).isEqualTo(-1);
        assertThat(open.responseMaxLength()).isEqualTo(80);
        assertThat(open.isEmpty()).isFalse();
    }

    @Test
    @DisplayName("item 9: wrong types, empty values, a bad range and a check that can never pass are positioned problems"
            + " with their fix")
    void problems() {
        ParsedFile parsed = Reading.read("v.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect:
                      response_contains_any: order
                      response_not_contains: [sorry, ""]
                      response_length: { min: 50, max: 10 }
                  - id: test_b
                    utterance: hi
                    expect: { response_contains_any: [], response_length: { minimum: 3, max: -1 } }
                  - id: test_c
                    utterance: hi
                    expect: { response_contains: Your order number, response_not_contains: ORDER, response_length: {} }
                  - id: test_d
                    utterance: hi
                    expect: { response_length: 400, length: 3 }
                """);

        assertThat(located(parsed)).containsExactly(
                "5:30: 'response_contains_any' in cases[0].expect must be a list, not text — write it as"
                        + " [order number, tracking]",
                "6:38: 'response_not_contains[1]' in cases[0].expect is empty — give it a value or remove it",
                "7:40: 'max' in cases[0].expect.response_length is 10, below min 50 — swap them, or make max at least min",
                "10:38: 'response_contains_any' in cases[1].expect is empty — list at least one text, or remove it",
                "10:61: unknown field 'minimum' in cases[1].expect.response_length — did you mean 'min'?",
                "10:78: 'max' in cases[1].expect.response_length is negative (-1) — give a number of characters from 0",
                "13:53: 'response_not_contains' in cases[2].expect forbids 'ORDER', which the required text"
                        + " 'Your order number' contains — a test that requires and forbids the same text can never pass;"
                        + " remove one",
                "13:100: 'response_length' in cases[2].expect is empty — give min, max or both, e.g. { min: 10, max: 400 },"
                        + " or remove it",
                "16:32: 'response_length' in cases[3].expect must be a mapping, not a number — write it as"
                        + " { min: 10, max: 400 } (either end may be left out)",
                "16:37: unknown field 'length' in cases[3].expect — did you mean 'response_length'? e.g."
                        + " response_length: { min: 10, max: 400 }");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("a forbidden text the required one holds as a reader sees it (another apostrophe, Markdown emphasis, HTML"
            + " as a chat shows it, a line break for a space) can never pass either, as those checks compare an answer: refused where written")
    void neverPassesAsTheChecksCompare() {
        ParsedFile parsed = Reading.read("w.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect: { response_contains: "Don’t worry", response_not_contains: "don't" }
                  - id: test_b
                    utterance: hi
                    expect: { response_contains_any: ["a **full** refund", "full  refund"], response_not_contains: full refund }
                  - id: test_c
                    utterance: hi
                    expect: { response_contains: "Don’t worry", response_not_contains: "do not" }
                  - id: test_d
                    utterance: hi
                    expect: { response_contains: "we can&#39;t offer a <b>full</b> refund", response_not_contains: [full refund, "can't"] }
                """);

        assertThat(located(parsed)).containsExactly(
                "4:49: 'response_not_contains' in cases[0].expect forbids 'don't', which the required text 'Don’t worry'"
                        + " contains — a test that requires and forbids the same text can never pass; remove one",
                "7:77: 'response_not_contains' in cases[1].expect forbids 'full refund', which every alternative of the"
                        + " required texts [a **full** refund, full  refund] contains — a test that requires and forbids the"
                        + " same text can never pass; remove one",
                // As a chat shows the required text, it holds the forbidden one.
                "13:77: 'response_not_contains' in cases[3].expect forbids 'full refund', which the required text"
                        + " 'we can&#39;t offer a <b>full</b> refund' contains — a test that requires and forbids the same"
                        + " text can never pass; remove one");
    }

    @Test
    @DisplayName("item 9: in a mode: nlu file the checks for varying answers are refused where written: they are beyond intents")
    void nluModeRefuses() {
        ParsedFile parsed = Reading.read("n.sim.yaml", """
                mode: nlu
                cases:
                  - id: test_a
                    utterance: hi
                    expect: { intent: greeting, response_contains_any: [hello, hi], response_length: { max: 9 } }
                """);

        String refusal = " in cases[0].expect is not an intent, but the nlu backend checks intents only (intent, not_intent,"
                + " no_intent, intent_min_score): it scores one sentence without running a flow — remove it, or move the test to a file"
                + " without 'mode: nlu'";
        assertThat(located(parsed)).containsExactly(
                "5:33: 'response_contains_any'" + refusal,
                "5:69: 'response_length'" + refusal);
    }

    @Test
    @DisplayName("item 7: repeat: 0 in a case and repeat: 1001 at the top of a file are refused at their position")
    void repeatRefused() {
        ParsedFile parsed = Reading.read("r.sim.yaml", """
                repeat: 1001
                cases:
                  - id: test_a
                    utterance: hi
                    repeat: 0
                  - id: test_b
                    utterance: hi
                    repeat: twice
                """);

        assertThat(located(parsed)).containsExactly(
                "1:9: 'repeat' is 1001, outside 1 to 1000 — write how many times the test runs, such as 20 (1 runs it once)",
                "5:13: 'repeat' in cases[0] is 0, outside 1 to 1000 — write how many times the test runs, such as 20"
                        + " (1 runs it once)",
                "8:13: 'repeat' in cases[1] must be a whole number, not the text 'twice' — write it without quotes or decimals");
    }

    @Test
    @DisplayName("item 7: repeat: on a conversation is read, the file's repeat: applies to conversations without one,"
            + " and a bad one is refused at its key")
    void conversationRepeat() {
        ParsedFile parsed = Reading.read("c.sim.yaml", """
                repeat: 3
                conversations:
                  - id: test_c
                    repeat: 5
                    turns:
                      - say: hi
                  - id: test_d
                    turns:
                      - say: hi
                """);
        assertThat(located(parsed)).isEmpty();
        assertThat(parsed.file().conversations()).extracting(c -> c.repeat()).containsExactly(5, 3);

        ParsedFile bad = Reading.read("c.sim.yaml", """
                conversations:
                  - id: test_c
                    repeat: 0
                    turns:
                      - say: hi
                """);
        assertThat(located(bad)).containsExactly("3:13: 'repeat' in conversations[0] is 0, outside 1 to 1000 — write how many"
                + " times the test runs, such as 20 (1 runs it once)");
    }
}
