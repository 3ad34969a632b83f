package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Expectation;

/** {@code expect: { no_intent: true }}: an out-of-scope sentence the bot must recognise no intent for. */
class NoIntentExpectationTest {

    @Test
    @DisplayName("no_intent: true expects no intent, in YAML, JSON, a CSV column and a mode: nlu file")
    void readInEveryFormat() {
        Expectation none = Expectation.builder().noIntent(true).build();
        assertThat(Reading.read("o.sim.yaml", "cases:\n  - { id: test_a, utterance: what's the weather, expect: { no_intent: true } }\n")
                .file().cases().get(0).expect()).isEqualTo(none);
        assertThat(Reading.read("o.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"asdf\", \"expect\": {\"no_intent\": true}}]}")
                .file().cases().get(0).expect()).isEqualTo(none);
        ParsedFile csv = Reading.read("o.sim.csv", "id,utterance,no_intent\ntest_a,asdf,TRUE\ntest_b,hi,\n");
        assertThat(csv.problems()).isEmpty();
        assertThat(csv.file().cases().get(0).expect()).isEqualTo(none);
        assertThat(csv.file().cases().get(1).expect()).isEqualTo(Expectation.NONE);
        ParsedFile nlu = Reading.read("o.sim.yaml", "mode: nlu\ncases:\n  - { id: test_a, utterance: asdf, expect: { no_intent: true } }\n");
        assertThat(nlu.problems()).isEmpty();
        assertThat(nlu.file().cases().get(0).expect().noIntent()).isTrue();
    }

    @Test
    @DisplayName("no_intent: false checks nothing and is refused, as is a value that is no boolean, each where it is written")
    void falseAndOtherValues() {
        assertThat(located(read("o.sim.yaml", "cases:\n  - { id: test_a, utterance: hi, expect: { no_intent: false } }\n")))
                .containsExactly("2:55: 'no_intent' in cases[0].expect is false, which checks nothing — write no_intent: true to"
                        + " expect that the bot recognises no intent, or remove it");
        assertThat(located(read("o.sim.yaml", "cases:\n  - { id: test_a, utterance: hi, expect: { no_intent: \"true\" } }\n")))
                .containsExactly("2:55: 'no_intent' in cases[0].expect must be true, not the text 'true' — write no_intent:"
                        + " true, without quotes, or remove it");
        assertThat(located(read("o.sim.yaml", "cases:\n  - { id: test_a, utterance: hi, expect: { no_intent: } }\n")))
                .containsExactly("2:54: 'no_intent' in cases[0].expect must be true, not empty — write no_intent: true,"
                        + " without quotes, or remove it");
        assertThat(located(read("o.sim.csv", "id,utterance,no_intent\ntest_a,hi,yes\n")))
                .containsExactly("2:11: 'no_intent' in the row at line 2 must be true, not the text 'yes' — write TRUE in the"
                        + " cell, or leave it empty");
    }

    @Test
    @DisplayName("a CSV no_intent column filled as a spreadsheet fills a boolean column, TRUE or FALSE in every row: FALSE, as an"
            + " empty cell, checks nothing and is no problem, so the rows expecting an intent keep it")
    void csvBooleanColumn() {
        ParsedFile csv = Reading.read("o.sim.csv", "id,utterance,intent,no_intent\ntest_a,asdf,,TRUE\n"
                + "test_b,where is my order,check_order,FALSE\ntest_c,hi,greeting,false\n");

        assertThat(csv.problems()).isEmpty();
        assertThat(csv.file().cases()).extracting(c -> c.expect().noIntent()).containsExactly(true, false, false);
        assertThat(csv.file().cases().get(1).expect().intent()).isEqualTo("check_order");
    }

    @Test
    @DisplayName("no_intent beside intent, not_intent or intent_min_score is refused at the no_intent key, and the case expects"
            + " no contradiction")
    void withOtherIntentKeys() {
        ParsedFile parsed = read("o.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: what's the weather
                    expect:
                      intent: check_order
                      no_intent: true
                """);
        assertThat(located(parsed)).containsExactly("6:7: 'no_intent' in cases[0].expect contradicts 'intent' ('check_order')"
                + " — a test cannot expect no intent and an intent; remove one");
    }
}
