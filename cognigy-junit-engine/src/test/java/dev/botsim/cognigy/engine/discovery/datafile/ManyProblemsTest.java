package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.fixture;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ManyProblemsTest {

    @Test
    @DisplayName("V12: every problem of a file is reported, in line and column order, the same on every read")
    void allReportedInOrder() {
        ParsedFile parsed = fixture("many-errors.sim.yaml");

        assertThat(parsed.problems()).extracting(FileProblem::toString).containsExactly(
                "datafile/many-errors.sim.yaml:1:10: version 2 is not supported — this engine reads version 1; write"
                        + " 'version: 1'",
                "datafile/many-errors.sim.yaml:2:1: unknown field 'bots' — did you mean 'bot'?",
                "datafile/many-errors.sim.yaml:4:9: user 'usr_qa\\t01' in defaults contains a control character — remove"
                        + " line breaks, tabs and other control characters",
                "datafile/many-errors.sim.yaml:6:9: id 'test order' in cases[0] does not match ^test_[a-zA-Z0-9_]+$ —"
                        + " start it with 'test_', then use only letters, digits and underscores",
                "datafile/many-errors.sim.yaml:8:9: id 'test_ok' is used 2 times in this file (at 8:9, 17:9) — give"
                        + " each case its own id",
                "datafile/many-errors.sim.yaml:11:5: unknown field 'utterence' in cases[2] — did you mean 'utterance'?",
                "datafile/many-errors.sim.yaml:13:16: 'utterance' in cases[3] is only whitespace — write what the user"
                        + " says",
                "datafile/many-errors.sim.yaml:15:25: 'intent_min_score' 2 in cases[3].expect is outside [0, 1] — use a"
                        + " fraction such as 0.8",
                "datafile/many-errors.sim.yaml:16:25: 'response_matches' in cases[3].expect is not a valid regular"
                        + " expression (Unclosed group near index 2) — fix the pattern; escape literal characters such as"
                        + " ( [ . ? with \\",
                "datafile/many-errors.sim.yaml:17:9: id 'test_ok' is used 2 times in this file (at 8:9, 17:9) — give"
                        + " each case its own id",
                "datafile/many-errors.sim.yaml:21:12: 'turns' in conversations[0] is empty — add at least one"
                        + " { say: ... }");
        assertThat(parsed.problems()).isSorted();
        assertThat(fixture("many-errors.sim.yaml")).isEqualTo(parsed);
        assertThat(parsed.file().cases()).isEmpty();
        assertThat(parsed.file().conversations()).isEmpty();
    }

    @Test
    @DisplayName("V12: a file with thousands of problems keeps the first 200 and says how many more there are")
    void capped() {
        StringBuilder yaml = new StringBuilder("cases:\n");
        for (int i = 0; i < 1000; i++) {
            yaml.append("  - { id: bad").append(i).append(", utterance: x }\n");
        }

        ParsedFile parsed = read("capped.sim.yaml", yaml.toString());

        assertThat(parsed.problems()).hasSize(Problems.MAX + 1);
        assertThat(parsed.problems().get(Problems.MAX).message())
                .isEqualTo("800 more problems not shown — fix the ones above first");
        assertThat(parsed.problems().get(0).line()).isEqualTo(2);
    }

    @Test
    @DisplayName("an id filled down a spreadsheet column is reported with ten of its places and how many more, not with"
            + " thousands in every message")
    void idFilledDownAColumn() {
        StringBuilder csv = new StringBuilder("id,utterance,intent\r\n");
        for (int i = 0; i < 5000; i++) csv.append("test_order,where is order ").append(i).append(",check_order\r\n");

        ParsedFile parsed = read("filled.sim.csv", csv.toString());

        assertThat(parsed.file().cases()).isEmpty();
        assertThat(parsed.problems()).hasSize(Problems.MAX + 1);
        assertThat(parsed.problems().get(0).toString()).isEqualTo("filled.sim.csv:2:1: id 'test_order' is used 5000 times"
                + " in this file (at 2:1, 3:1, 4:1, 5:1, 6:1, 7:1, 8:1, 9:1, 10:1, 11:1 and 4990 more) — give each case its"
                + " own id");
        assertThat(parsed.problems().get(Problems.MAX).message())
                .isEqualTo("4800 more problems not shown — fix the ones above first");
    }
}

