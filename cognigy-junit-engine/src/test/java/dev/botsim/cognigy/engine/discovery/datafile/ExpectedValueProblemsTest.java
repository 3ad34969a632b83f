package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.SimulationCase;

/** Expected entities and numbers that cannot be checked: reported once, at what is wrong, and the case left out. */
class ExpectedValueProblemsTest {

    @Test
    @DisplayName("an entity without a value is reported at its name, one with a wrong value at the value, one without a"
            + " name at where the name should be")
    void entityProblemsWhereTheyAre() {
        ParsedFile parsed = read("e.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect:
                      entities: { order_id: "", "": x, DATE: 2026-02-30, date: "  " }
                  - id: test_b
                    utterance: hi
                    expect: { entities: { order_id: 007 } }
                """);

        assertThat(located(parsed)).containsExactly(
                "5:19: entity 'order_id' in cases[0].expect.entities has no value — write the value the bot must extract",
                "5:33: entity in cases[0].expect.entities has an empty name — name the entity",
                "5:46: entity 'DATE' in cases[0].expect.entities is 2026-02-30, a day that does not exist — write a real"
                        + " day as YYYY-MM-DD (the day alone holds for any ISODate on that day) or the full ISODate",
                "5:58: entity 'date' in cases[0].expect.entities has no value — write the value the bot must extract");
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("test_b");
            assertThat(c.expect().entities()).containsEntry("order_id", "007");
        });
    }

    @Test
    @DisplayName("an empty 'entities' mapping is reported where it is written, in YAML and JSON: it would check nothing,"
            + " and a test meant to say the bot finds no entities would pass whatever the bot found")
    void emptyEntitiesAreReported() {
        ParsedFile yaml = read("e.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect: { intent: greeting, entities: {} }
                  - id: test_b
                    utterance: hi
                    expect:
                      entities:
                """);
        ParsedFile json = read("e.sim.json", """
                {"cases": [{"id": "test_a", "utterance": "hi", "expect": {"entities": {}}}]}
                """);

        assertThat(located(yaml)).containsExactly("4:43: 'entities' in cases[0].expect is empty, which checks nothing (not"
                + " that the bot finds no entities) — name the entities the bot must find, e.g. { order_id: ORD_99 }, or remove it");
        // Written without a value it is not given, as every list or mapping is: what is left when its entries are commented out.
        assertThat(yaml.file().cases()).extracting(SimulationCase::id).containsExactly("test_b");
        assertThat(located(json)).containsExactly("1:71: 'entities' in cases[0].expect is empty, which checks nothing (not"
                + " that the bot finds no entities) — name the entities the bot must find, e.g. { order_id: ORD_99 }, or remove it");
        assertThat(json.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("a number key written without a value is one problem saying it is empty, not a second one about its"
            + " type; a list where a number belongs is named a list")
    void emptyAndListNumbers() {
        ParsedFile parsed = read("n.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect: { intent_min_score: , response_length: { min: , max: [3] } }
                  - id: test_b
                    utterance: hi
                    expect: { intent_min_score: [0.5] }
                  - id: test_c
                    utterance: hi
                    repeat:
                  - id: test_d
                    utterance: hi
                    expect: { intent_min_score: 1, response_length: { min: 0, max: 0 } }
                """);

        assertThat(located(parsed)).containsExactly(
                "4:32: 'intent_min_score' in cases[0].expect is empty — give it a value or remove it",
                "4:58: 'min' in cases[0].expect.response_length is empty — give it a value or remove it",
                "4:66: 'max' in cases[0].expect.response_length must be a whole number, not a list — write it without"
                        + " quotes or decimals",
                "7:33: 'intent_min_score' in cases[1].expect must be a number between 0 and 1, not a list — write it"
                        + " without quotes, e.g. 0.8",
                "10:12: 'repeat' in cases[2] is empty — give it a value or remove it");
        assertThat(parsed.leftOut()).containsExactly(2, 5, 8);
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_d");
        assertThat(parsed.file().cases().get(0).expect()).satisfies(e -> {
            assertThat(e.intentMinScore()).isEqualTo(1.0);
            assertThat(e.responseMinLength()).isZero();
            assertThat(e.responseMaxLength()).isZero();
        });
    }
}
