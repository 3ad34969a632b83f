package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.SimulationCase;

/**
 * {@code external_id}: the id a test-management tool (Jira/Xray, TestRail, Zephyr) knows a case or conversation by, so
 * results are imported by it rather than by a name or position that changes when the file is edited.
 */
class ExternalIdTest {

    @Test
    @DisplayName("a case's external_id is every variant's, a conversation's every turn's, a CSV row's its case's; a number"
            + " is taken as written")
    void carried() {
        ParsedFile yaml = read("bank.sim.yaml", """
                cases:
                  - id: test_greeting
                    utterance: hello
                    external_id: BOT-101
                  - id: test_variants
                    utterances: [where is my order, track my package]
                    external_id: BOT-T103
                  - id: test_without
                    utterance: hi
                conversations:
                  - id: test_conv
                    external_id: 4711
                    turns:
                      - say: hi
                      - say: I want a human
                """);

        assertThat(yaml.problems()).isEmpty();
        assertThat(yaml.file().cases()).extracting(SimulationCase::id, SimulationCase::externalId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("test_greeting", "BOT-101"),
                org.assertj.core.groups.Tuple.tuple("test_variants[1]", "BOT-T103"),
                org.assertj.core.groups.Tuple.tuple("test_variants[2]", "BOT-T103"),
                org.assertj.core.groups.Tuple.tuple("test_without", null));
        assertThat(yaml.file().conversations()).extracting(ConversationCase::externalId).containsExactly("4711");

        ParsedFile csv = read("smoke.sim.csv", "id,utterance,external_id\ntest_a,hello,C1234\ntest_b,hi,\n");
        assertThat(csv.problems()).isEmpty();
        assertThat(csv.file().cases()).extracting(SimulationCase::externalId).containsExactly("C1234", null);
    }

    @Test
    @DisplayName("an external_id with a space, a line break or an invisible character, or none at all, is a problem at its"
            + " value naming the character and the fix, and its case is left out")
    void refusedWhereWritten() {
        ParsedFile parsed = read("bank.sim.yaml", """
                cases:
                  - id: test_space
                    utterance: hello
                    external_id: BOT 101
                  - id: test_zero_width
                    utterance: hello
                    external_id: "BOT-102\\u200B"
                  - id: test_empty
                    utterance: hello
                    external_id:
                  - id: test_fine
                    utterance: hello
                    external_id: BOT-104
                """);

        assertThat(located(parsed)).containsExactly(
                "4:18: external_id 'BOT 101' in cases[0] contains ' ' U+0020 SPACE at position 4 — write the key alone, as the tool"
                        + " shows it (BOT-123), without spaces, line breaks or invisible characters",
                "7:18: external_id 'BOT-102\u200b' in cases[1] contains '\\u200b' U+200B ZERO WIDTH SPACE at position 8 — write the key"
                        + " alone, as the tool shows it (BOT-123), without spaces, line breaks or invisible characters",
                "10:17: 'external_id' in cases[2] is empty — give the test's key in your test-management tool, such as"
                        + " BOT-123, or remove it");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_fine");
    }

    @Test
    @DisplayName("an external_id given to two cases of a file (a case copied without changing its key) is a problem at both"
            + " uses, and neither runs: the tool would take one's result for the other's")
    void usedTwiceInAFile() {
        ParsedFile parsed = read("bank.sim.yaml", """
                cases:
                  - id: test_order
                    utterance: where is my order
                    external_id: BOT-103
                  - id: test_order_copy
                    utterance: has my order shipped
                    external_id: BOT-103
                conversations:
                  - id: test_other
                    external_id: BOT-104
                    turns:
                      - say: hi
                """);

        String message = "external_id 'BOT-103' is used 2 times in this file (at 4:18, 7:18) — give each case its own"
                + " external id; texts that are one test in your tool are the variants of one case (utterances: [...],"
                + " @Utterance({...}))";
        assertThat(located(parsed)).containsExactly("4:18: " + message, "7:18: " + message);
        assertThat(parsed.file().cases()).isEmpty();
        assertThat(parsed.file().conversations()).extracting(ConversationCase::id).containsExactly("test_other");
    }

    @Test
    @DisplayName("external_id in defaults, at the top of the file or on a turn is refused with where it belongs")
    void onlyOnACaseOrConversation() {
        ParsedFile parsed = read("bank.sim.yaml", """
                external_id: BOT-1
                defaults:
                  external_id: BOT-2
                conversations:
                  - id: test_conv
                    turns:
                      - say: hi
                        external_id: BOT-3
                """);

        assertThat(located(parsed)).containsExactly(
                "1:1: unknown field 'external_id' — an external id names one test in your test-management tool: set"
                        + " 'external_id' on each case or conversation",
                "3:3: unknown field 'external_id' in defaults — an external id names one test in your test-management"
                        + " tool: set 'external_id' on each case or conversation",
                "8:9: unknown field 'external_id' in conversations[0].turns[0] — set 'external_id' on the conversation:"
                        + " its turns are one test in your test-management tool, and each carries the conversation's");
    }
}
