package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.spi.Expectation;

/** Rich outputs, data-only turns, data/context, inject_context, locale and user ids in data files. */
class RichTurnsFileTest {

    @Test
    @DisplayName("item 4: quick_replies, buttons and response_data are read into the expectation")
    void richExpectations() {
        ParsedFile parsed = read("r.sim.yaml", """
                cases:
                  - id: test_menu
                    utterance: menu
                    expect:
                      quick_replies: [Track order, Talk to a human]
                      buttons: [Open shop]
                      response_data: { action: SHOW_MENU, items: [ { sku: 7 } ] }
                """);

        assertThat(parsed.problems()).isEmpty();
        Expectation expect = parsed.file().cases().get(0).expect();
        assertThat(expect.quickReplies()).containsExactly("Track order", "Talk to a human");
        assertThat(expect.buttons()).containsExactly("Open shop");
        assertThat(expect.responseData()).isEqualTo(Map.of("action", "SHOW_MENU", "items", List.of(Map.of("sku", 7L))));
        assertThat(expect.isEmpty()).isFalse();
        assertThat(expect.toBuilder().build()).isEqualTo(expect);
    }

    @Test
    @DisplayName("item 4: a wrong type or an empty value of quick_replies, buttons or response_data is a positioned problem"
            + " with its fix")
    void richExpectationProblems() {
        ParsedFile parsed = read("r.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: menu
                    expect:
                      quick_replies: Yes
                      buttons: []
                      response_data: SHOW_MENU
                  - id: test_b
                    utterance: menu
                    expect: { quick_replies: [Yes, ""], response_data: {}, quick_reply: [Yes] }
                """);

        assertThat(located(parsed)).containsExactly(
                "5:22: 'quick_replies' in cases[0].expect must be a list, not text — write it as [Yes, No]",
                "6:16: 'buttons' in cases[0].expect is empty — list at least one title, or remove it",
                "7:22: 'response_data' in cases[0].expect must be a mapping, not text — write it as { language: en }",
                "10:36: 'quick_replies[1]' in cases[1].expect is empty — give it a value or remove it",
                "10:56: 'response_data' in cases[1].expect is empty — write the keys the bot's output data must hold,"
                        + " e.g. { action: GET_STARTED }",
                "10:60: unknown field 'quick_reply' in cases[1].expect — did you mean 'quick_replies'?");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("item 4: a case or turn with data and no text is a data-only message; one with neither is a positioned"
            + " problem")
    void dataOnly() {
        ParsedFile parsed = read("d.sim.yaml", """
                cases:
                  - id: test_start
                    data: { action: GET_STARTED }
                  - id: test_nothing
                    tags: [x]
                conversations:
                  - id: test_flow
                    turns:
                      - say: hi
                      - data: { payload: YES }
                      - expect: { intent: x }
                """);

        assertThat(located(parsed)).containsExactly(
                "4:5: cases[1] has no utterance — add utterance: <what the user says>, or utterances: [...] for variants,"
                        + " or data: {...} for a data-only message (a postback)",
                "11:9: conversations[0].turns[2] has no 'say' — add say: <what the user says>, or data: {...} for a"
                        + " data-only message (a postback)");
        SimulationCase start = parsed.file().cases().get(0);
        assertThat(start.utterance()).isNull();
        assertThat(start.data()).isEqualTo(Map.of("action", "GET_STARTED"));

        ParsedFile valid = read("d.sim.yaml", """
                conversations:
                  - id: test_flow
                    data: { channel: app }
                    turns:
                      - say: hi
                      - data: { payload: YES }
                """);
        assertThat(valid.problems()).isEmpty();
        ConversationCase flow = valid.file().conversations().get(0);
        assertThat(flow.turns().get(1).say()).isNull();
        assertThat(flow.turns().get(1).data()).isEqualTo(Map.of("channel", "app", "payload", "YES"));
    }

    @Test
    @DisplayName("item 7: 'data' is the key, 'context' still its alias; both at once is a positioned problem")
    void dataAndContext() {
        ParsedFile parsed = read("c.sim.yaml", """
                defaults:
                  data: { language: en }
                cases:
                  - id: test_new
                    utterance: hi
                    data: { vip: true }
                  - id: test_old
                    utterance: hi
                    context: { vip: false }
                  - id: test_both
                    utterance: hi
                    data: { a: 1 }
                    context: { a: 2 }
                """);

        assertThat(located(parsed)).containsExactly("13:5: cases[2] has both 'data' and 'context' — keep one ('context' is"
                + " the older name of 'data': the data sent with each message)");
        assertThat(parsed.file().cases()).extracting(SimulationCase::data).containsExactly(
                Map.of("language", "en", "vip", true), Map.of("language", "en", "vip", false));
    }

    @Test
    @DisplayName("item 7: inject_context on a case and a conversation; on a turn it says where it belongs")
    void injectContext() {
        ParsedFile parsed = read("i.sim.yaml", """
                cases:
                  - id: test_vip
                    utterance: hi
                    inject_context: { customer: { tier: gold } }
                conversations:
                  - id: test_talk
                    inject_context: { cart: [1, 2] }
                    turns:
                      - say: hi
                      - say: again
                        inject_context: { x: 1 }
                """);

        assertThat(located(parsed)).containsExactly("11:9: unknown field 'inject_context' in conversations[0].turns[1] —"
                + " set 'inject_context' on the conversation: it is injected once, before the first turn");
        assertThat(parsed.file().cases().get(0).injectContext()).isEqualTo(Map.of("customer", Map.of("tier", "gold")));
        assertThat(parsed.file().cases().get(0).data()).isEmpty();

        ParsedFile conversation = read("i.sim.yaml", """
                conversations:
                  - id: test_talk
                    inject_context: { cart: [1, 2] }
                    turns: [ { say: hi } ]
                """);
        assertThat(conversation.file().conversations().get(0).injectContext()).isEqualTo(Map.of("cart", List.of(1L, 2L)));
    }

    @Test
    @DisplayName("item 15: locale per file and per case or conversation (theirs wins); a bad tag is a positioned problem")
    void locale() {
        ParsedFile parsed = read("l.sim.yaml", """
                locale: en-US
                cases:
                  - id: test_file_locale
                    utterance: hi
                  - id: test_own_locale
                    utterance: hallo
                    locale: de-DE
                  - id: test_bad_locale
                    utterance: hi
                    locale: english please
                conversations:
                  - id: test_talk
                    locale: fr
                    turns: [ { say: salut } ]
                """);

        assertThat(located(parsed)).containsExactly("10:13: locale 'english please' in cases[2] is not a locale tag —"
                + " write a BCP 47 tag such as en-US, de-DE or fr");
        assertThat(parsed.file().cases()).extracting(SimulationCase::locale).containsExactly("en-US", "de-DE");
        assertThat(parsed.file().conversations().get(0).locale()).isEqualTo("fr");
        assertThat(located(read("l.sim.yaml", "locale: 42x\ncases: [ { id: test_a, utterance: hi } ]\n")))
                .containsExactly("1:9: locale '42x' is not a locale tag — write a BCP 47 tag such as en-US, de-DE or fr");
        // A three-letter language names no Cognigy language: the engine could compare it with no endpoint's locale.
        assertThat(located(read("l.sim.yaml", "locale: deu-DE\ncases: [ { id: test_a, utterance: hi } ]\n")))
                .containsExactly("1:9: locale 'deu-DE' is not a locale tag — Cognigy's languages are named by two letters:"
                        + " write de-DE for deu, en-US for eng, fr for fra");
        assertThat(located(read("l.sim.csv", "id,utterance,locale\ntest_a,hi,de-AT\ntest_b,hi,x\n")))
                .containsExactly("3:11: locale 'x' in the row at line 3 is not a locale tag — write a BCP 47 tag such as"
                        + " en-US, de-DE or fr");
    }

    @Test
    @DisplayName("item 6: a file is read alike whatever the backend: any user id a REST Endpoint takes (an e-mail address, a"
            + " CRM id) binds, the simulation API's usr_... rule is the run's; an empty, too long or control character user"
            + " is refused")
    void userIds() {
        String file = """
                defaults: { user: "CRM-4711" }
                cases:
                  - id: test_mail
                    utterance: hi
                    user: jane.doe@example.com
                  - id: test_crm
                    utterance: hi
                """;
        ParsedFile parsed = read("u.sim.yaml", file);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).extracting(SimulationCase::userId).containsExactly("jane.doe@example.com", "CRM-4711");
        assertThat(located(read("u.sim.yaml", "defaults: { user: \"a\\tb\" }\ncases: [ { id: test_a, utterance: hi } ]\n")))
                // The tab is shown as \t: a value quoted in a message cannot rewrite the console's line.
                .containsExactly("1:19: user 'a\\tb' in defaults contains a control character — remove line breaks, tabs and"
                        + " other control characters");
        assertThat(located(read("u.sim.yaml", "cases: [ { id: test_a, utterance: hi, user: " + "u".repeat(129) + " } ]\n")))
                .singleElement().asString().startsWith("1:45: user '").endsWith("' in cases[0] is 129 characters long — use at most 128");
        assertThat(located(read("u.sim.yaml", "cases: [ { id: test_a, utterance: hi, user: \" \" } ]\n"))).singleElement()
                .asString().startsWith("1:45: ");
    }
}
