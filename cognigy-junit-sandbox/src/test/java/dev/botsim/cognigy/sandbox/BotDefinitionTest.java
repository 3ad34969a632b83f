package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BotDefinitionTest {

    private static final String VALID = """
            bot: b
            entities:
              - name: order_id
                pattern: "ORD_[0-9]+"
              - name: colour
                keyphrases: [red, blue]
            flows:
              - id: flow_a
                intents: [{name: greet, examples: [hello there, good morning]}]
                responses: ["Hi!"]
              - id: flow_b
                intents: [{name: paint, examples: [paint it red]}]
                responses: ["Painting it {colour}", "Which colour?"]
            """;

    @Test
    @DisplayName("the NLU is deterministic and extracts entities by pattern and keyphrase")
    void nlu() {
        Nlu nlu = new Nlu(BotDefinition.parse(VALID, "bot.yaml"));
        Nlu.Understanding first = nlu.understand("please paint it blue");
        assertThat(first).isEqualTo(nlu.understand("please paint it blue"));
        assertThat(first.intent()).isEqualTo("paint");
        assertThat(first.entities()).isEqualTo(Map.of("colour", "blue"));
        assertThat(nlu.understand("good morning").score()).isEqualTo(1.0);
        assertThat(nlu.understand("xyzzy plugh").intent()).isNull();
    }

    @Test
    @DisplayName("the NLU reads an utterance in any letter case, Turkish's dotted İ and dotless I too: 'İade istiyorum'"
            + " and 'IRMAK KARGO' are the bot's examples 'iade istiyorum' and 'ırmak kargo', as 'Where is MY order' is"
            + " 'where is my order'")
    void nluIgnoresCaseInEveryAlphabet() {
        Nlu nlu = new Nlu(BotDefinition.parse("""
                bot: tr-bot
                threshold: 0.6
                flows:
                  - id: flow_main
                    name: Ana akış
                    intents:
                      - name: iade
                        examples: [iade istiyorum, ürünü iade etmek istiyorum]
                      - name: iptal
                        examples: [siparişimi iptal et, iptal etmek istiyorum]
                      - name: kargo
                        examples: [kargom nerede, ırmak kargo takip]
                      - name: order
                        examples: [where is my order]
                    responses: ["Tamam."]
                """, "tr-bot.yaml"));
        for (String[] said : new String[][] {{"İade istiyorum", "iade"}, {"İADE İSTİYORUM", "iade"},
                {"İptal etmek istiyorum", "iptal"}, {"IRMAK KARGO TAKİP", "kargo"}, {"Where is MY order", "order"},
                {"ÜRÜNÜ İADE ETMEK İSTİYORUM", "iade"}}) {
            Nlu.Understanding understood = nlu.understand(said[0]);
            assertThat(understood.intent()).as(said[0]).isEqualTo(said[1]);
            assertThat(understood.score()).as(said[0]).isEqualTo(1.0);
        }
    }

    @Test
    @DisplayName("a response with an emoji at any place of the file is read, across the YAML reader's 1,024-character"
            + " windows too")
    void emojiAcrossTheYamlReadersWindows() {
        java.util.List<String> failed = new java.util.ArrayList<>();
        String head = VALID + "  - id: flow_c\n    intents: [{name: thank, examples: [thank you]}]\n    responses: [\"";
        for (int at = 1000; at <= 1030; at++) {
            String response = "x".repeat(at - head.length()) + "\uD83D\uDE00 sorry";
            try {
                BotDefinition bot = BotDefinition.parse(head + response + "\"]\n", "bot.yaml");
                String read = bot.flows().get(2).responses().get(0).text();
                if (!read.equals(response)) failed.add(at + ": " + read);
            } catch (RuntimeException e) {
                failed.add(at + ": " + e);
            }
        }
        assertThat(failed).as("places of the emoji at which the bot was not read as written").isEmpty();
    }

    @Test
    @DisplayName("an unknown key names the file and line")
    void unknownKey() {
        assertThatThrownBy(() -> BotDefinition.parse(VALID.replace("    responses: [\"Hi!\"]", "    respones: [\"Hi!\"]"), "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class).hasMessageStartingWith("bot.yaml:10:").hasMessageContaining("respones");
    }

    @Test
    @DisplayName("a misspelt key is named with the key it stands for, not with the Java class that reads it")
    void misspeltKey() {
        assertThatThrownBy(() -> BotDefinition.parse(VALID.replace("{name: greet, examples:", "{name: greet, exmaples:"), "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageStartingWith("bot.yaml:9: unknown field 'exmaples' — did you mean 'examples'?")
                .hasMessageNotContaining("class")
                .hasMessageNotContaining("ignorable");
        assertThatThrownBy(() -> BotDefinition.parse(VALID.replace("  - id: flow_b", "  - id: flow_b\n    colour: red"), "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageStartingWith("bot.yaml:")
                .hasMessageContaining("unknown field 'colour' (allowed: ")
                .hasMessageContaining("asks_for");
    }

    @Test
    @DisplayName("a YAML syntax error names the file and line")
    void syntax() {
        assertThatThrownBy(() -> BotDefinition.parse("bot: b\nflows:\n  - id: [x\n", "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class).hasMessageStartingWith("bot.yaml:");
    }

    @Test
    @DisplayName("a YAML syntax error says what is wrong, not only what the parser was doing: a tab names the tab")
    void syntaxNamesTheProblem() {
        String tabbed = VALID.replace("  - id: flow_b", "\t- id: flow_b");
        assertThatThrownBy(() -> BotDefinition.parse(tabbed, "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageStartingWith("bot.yaml:11:1: YAML syntax error: ")
                .hasMessageContaining("found character '\\t(TAB)' that cannot start any token")
                .hasMessageContaining("spaces, not tabs");
        assertThatThrownBy(() -> BotDefinition.parse("bot: b\nflows:\n  - id: x\n     name: y\n", "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("mapping values are not allowed here");
    }

    @Test
    @DisplayName("duplicate flow ids, bad regexes and entity-less asks_for are reported at their lines")
    void semanticProblems() {
        String broken = """
                bot: b
                entities:
                  - name: order_id
                    pattern: "ORD_[0-9"
                flows:
                  - id: flow_a
                    intents: [{name: a, examples: [x]}]
                  - id: flow_a
                    asks_for: parcel
                    intents: [{name: b, examples: [y]}]
                """;
        assertThatThrownBy(() -> BotDefinition.parse(broken, "bot.yaml")).isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("bot.yaml:8: flow id flow_a is used twice")
                .hasMessageContaining("bot.yaml:4: entity order_id has an invalid pattern")
                .hasMessageContaining("bot.yaml:9: flow flow_a asks for entity parcel");
    }

    @Test
    @DisplayName("the sample order bot answers the sample's utterances as its tests expect")
    void sampleBot() {
        Conversations bot = new Conversations(BotDefinition.fromClasspath("bots/order-bot.yaml"));
        assertThat(bot.reply("1", "I need to check my recent order ORD_99", Map.of()).intent()).isEqualTo("check_order");
        assertThat(bot.reply("2", "where is my order ORD_99", Map.of()).entities()).isEqualTo(Map.of("order_id", "ORD_99"));
        assertThat(bot.reply("3", "Transfer me to a human agent immediately", Map.of()).flowId()).isEqualTo("flow_escalation");
        assertThat(bot.reply("4", "I want a refund", Map.of()).errorCode()).isEqualTo("FLOW_NOT_DEPLOYED");
    }

    @Test
    @DisplayName("item 16: a flow's display name defaults to its id; a response is a string or text with quick replies or buttons")
    void namesAndRichResponses() {
        BotDefinition bot = BotDefinition.parse(VALID.replace("  - id: flow_a\n", "  - id: flow_a\n    name: Greeting\n")
                .replace("responses: [\"Hi!\"]", "responses:\n      - text: Hi!\n        quick_replies: [{title: Order}]\n"
                        + "        buttons: [{title: Site, url: \"https://x.example\"}]"), "bot.yaml");
        assertThat(bot.flow("flow_a").displayName()).isEqualTo("Greeting");
        assertThat(bot.flow("flow_b").displayName()).isEqualTo("flow_b");
        assertThat(bot.displayName("flow_fallback")).isEqualTo("flow_fallback");
        BotDefinition.Response hi = bot.flow("flow_a").responses().get(0);
        assertThat(hi.text()).isEqualTo("Hi!");
        assertThat(hi.quickReplies().get(0).effectivePayload()).isEqualTo("Order");
        assertThat(hi.buttons().get(0).effectiveType()).isEqualTo("web_url");
        assertThat(bot.flow("flow_b").responses()).extracting(BotDefinition.Response::text)
                .containsExactly("Painting it {colour}", "Which colour?");
        assertThat(bot.locale()).isEqualTo("en-US");
        assertThat(bot.systemSlots()).isEmpty();
    }

    @Test
    @DisplayName("item 16: system slots are Cognigy's names, case-sensitive; another name is reported at its line")
    void systemSlotNames() {
        assertThat(BotDefinition.parse("system_slots: [NUMBER, DATE]\n" + VALID, "bot.yaml").systemSlots()).containsExactly("NUMBER", "DATE");
        assertThatThrownBy(() -> BotDefinition.parse("system_slots: [NUMBER, Date]\n" + VALID, "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("bot.yaml:1: system slot Date is not one of Cognigy's AGE, DATE");
    }

    @Test
    @DisplayName("locale is the language the endpoint's locale reads, a tag as a tenant's nluLanguage, of a two-letter"
            + " language: a locale's name (German), a three-letter code (Eng) or a tag written with '_' is reported at its line,"
            + " not served as a language no tenant has")
    void localeIsALanguageTag() {
        assertThat(BotDefinition.parse("locale: de-DE\n" + VALID, "bot.yaml").locale()).isEqualTo("de-DE");
        assertThat(BotDefinition.parse("locale: fr\n" + VALID, "bot.yaml").locale()).isEqualTo("fr");
        assertThat(BotDefinition.parse("locale: zh-Hans-CN\n" + VALID, "bot.yaml").locale()).isEqualTo("zh-Hans-CN");
        // Three letters are no language of Cognigy's NLU, and the engine reads none from them: its check of a test's
        // locale against the endpoint's would be off, and a test of any language would pass here.
        for (String notATag : List.of("German", "de_DE", "Deutsch (formal)", "Eng", "Deu", "deu-DE")) {
            assertThatThrownBy(() -> BotDefinition.parse("locale: " + notATag + "\n" + VALID, "bot.yaml"))
                    .isInstanceOf(InvalidBotDefinitionException.class)
                    .hasMessageContaining("bot.yaml:1: locale " + notATag + " is not a language tag")
                    .hasMessageContaining("such as de-DE, en-US or fr-FR");
        }
    }

    @Test
    @DisplayName("time_zone is the project's time zone, UTC unless given; a name that is no time zone is reported at its line")
    void timeZone() {
        assertThat(BotDefinition.parse(VALID, "bot.yaml").zone()).isEqualTo(java.time.ZoneId.of("UTC"));
        assertThat(BotDefinition.parse("time_zone: Europe/Berlin\n" + VALID, "bot.yaml").zone())
                .isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThatThrownBy(() -> BotDefinition.parse("time_zone: Europe/Berln\n" + VALID, "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("bot.yaml:1: time_zone Europe/Berln is not a time zone: write a tz database name");
    }

    @Test
    @DisplayName("an entity named in another alphabet fills its {placeholder}; its keyphrases match in any case")
    void unicodeEntities() {
        BotDefinition bot = BotDefinition.parse("""
                bot: bestell-bot
                entities:
                  - name: größe
                    keyphrases: [groß, ÜBERGRÖSSE]
                flows:
                  - id: flow_status
                    intents: [{name: bestellung_prüfen, examples: [wo ist meine Bestellung]}]
                    responses: ["Ich sehe nach, Größe {größe}.", "Ich sehe nach."]
                """, "bot.yaml");
        Conversations conversations = new Conversations(bot);
        assertThat(conversations.reply("s1", "wo ist meine Bestellung in groß", Map.of()).text()).isEqualTo("Ich sehe nach, Größe groß.");
        assertThat(conversations.reply("s2", "wo ist meine Bestellung in übergrösse", Map.of()).text())
                .isEqualTo("Ich sehe nach, Größe ÜBERGRÖSSE.");
        assertThat(conversations.reply("s3", "wo ist meine Bestellung", Map.of()).text()).isEqualTo("Ich sehe nach.");
    }

    @Test
    @DisplayName("a key written twice is reported with its line, not silently replaced by the second")
    void duplicateKey() {
        assertThatThrownBy(() -> BotDefinition.parse(VALID.replace("    responses: [\"Hi!\"]", "    responses: [\"Hi!\"]\n    responses: [\"Hello!\"]"),
                "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageStartingWith("bot.yaml:11:")
                .hasMessageContaining("'responses'");
    }

    @Test
    @DisplayName("an empty keyphrase (found between any two words), an empty example, and an entity named like a listed"
            + " system slot (filled by the slot instead) are refused with their line")
    void entriesThatCouldNeverWork() {
        assertThatThrownBy(() -> BotDefinition.parse(VALID.replace("keyphrases: [red, blue]", "keyphrases: [red, \"\", blue]"), "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("bot.yaml:5: entity colour has an empty keyphrase; remove it");
        assertThatThrownBy(() -> BotDefinition.parse(VALID.replace("examples: [paint it red]", "examples: [paint it red, \" \"]"), "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("intent paint has an empty example; remove it");
        String number = VALID.replace("- name: colour", "- name: NUMBER").replace("{colour}", "{NUMBER}") + "system_slots: [NUMBER]\n";
        assertThatThrownBy(() -> BotDefinition.parse(number, "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("entity NUMBER has the name of a system slot listed under 'system_slots'");
        // Without the slot listed, an entity of that name is the bot's own.
        assertThat(BotDefinition.parse(VALID.replace("- name: colour", "- name: NUMBER").replace("{colour}", "{NUMBER}"), "bot.yaml")
                .entities()).extracting(BotDefinition.Entity::name).contains("NUMBER");
    }

    @Test
    @DisplayName("question settings read with Cognigy's defaults (the question repeated, no escalation); settings that could not"
            + " be carried out are refused at the flow's question: no asks_for, an unknown action or intent, a missing message,"
            + " value or flow, a flow that is not deployed or asks its own question, a wrong-answer count below 1")
    void questionSettings() {
        BotDefinition plain = BotDefinition.parse(VALID.replace("  - id: flow_b\n", "  - id: flow_b\n    asks_for: colour\n"), "bot.yaml");
        assertThat(plain.flow("flow_b").questionSettings().repeatsQuestion()).isTrue();
        assertThat(plain.flow("flow_b").questionSettings().escalateOnIntents()).isNull();
        assertThat(plain.flow("flow_b").questionSettings().escalateOnWrongAnswers()).isNull();

        BotDefinition configured = BotDefinition.parse(VALID.replace("  - id: flow_b\n", """
                  - id: flow_b
                    asks_for: colour
                    question:
                      reprompt_message: Red or blue?
                      repeat_question: false
                      escalate_on_intents: {intents: [greet], score_threshold: 0.9, action: go_to_node, flow: flow_a}
                      escalate_on_wrong_answers: {after: 3, only_escalate_once: true, action: skip_question, value: red}
                """), "bot.yaml");
        BotDefinition.Question question = configured.flow("flow_b").questionSettings();
        assertThat(question.repeatsQuestion()).isFalse();
        assertThat(question.escalateOnIntents().escalationAction()).isEqualTo(BotDefinition.EscalationAction.GO_TO_NODE);
        assertThat(question.escalateOnWrongAnswers().escalatesAt(2)).isFalse();
        assertThat(question.escalateOnWrongAnswers().escalatesAt(3)).isTrue();
        assertThat(question.escalateOnWrongAnswers().escalatesAt(4)).as("only once").isFalse();

        String broken = VALID.replace("  - id: flow_a\n", """
                  - id: flow_a
                    question: {reprompt_message: Again?}
                """).replace("  - id: flow_b\n", """
                  - id: flow_b
                    asks_for: colour
                    question:
                      escalate_on_intents: {intents: [greet, farewell], action: hand_over}
                      escalate_on_wrong_answers: {after: 0, action: output_message}
                  - id: flow_c
                    asks_for: order_id
                    intents: [{name: order, examples: [my order]}]
                    responses: ["Which order?"]
                    question:
                      escalate_on_intents: {intents: [greet], action: execute_flow_and_return, flow: flow_b}
                      escalate_on_wrong_answers: {after: 2, action: go_to_node, flow: flow_d}
                  - id: flow_e
                    asks_for: colour
                    question: {escalate_on_wrong_answers: {after: 1}}
                  - id: flow_d
                    deployed: false
                    question:
                      escalate_on_wrong_answers: {after: 1, action: skip_question}
                """);
        assertThatThrownBy(() -> BotDefinition.parse(broken, "bot.yaml")).isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("bot.yaml:9: the question of flow flow_a has settings but the flow asks nothing: add"
                        + " 'asks_for: <entity>' or remove 'question:'")
                .hasMessageContaining("bot.yaml:14: the question of flow flow_b, escalate_on_intents: farewell is not an intent"
                        + " of the bot's flows")
                .hasMessageContaining("bot.yaml:14: the question of flow flow_b, escalate_on_intents: action hand_over is not one of"
                        + " output_message, skip_question, go_to_node, execute_flow_and_return (a handover to a human agent is not modelled)")
                .hasMessageContaining("bot.yaml:14: the question of flow flow_b, escalate_on_wrong_answers: write 'after:' with the"
                        + " number of wrong answers that escalates (1 or more)")
                .hasMessageContaining("bot.yaml:14: the question of flow flow_b, escalate_on_wrong_answers: output_message needs"
                        + " the text to say under 'message'")
                .hasMessageContaining("bot.yaml:21: the question of flow flow_c, escalate_on_intents: flow flow_b asks a question"
                        + " of its own (asks_for), so it cannot be executed and returned from")
                .hasMessageContaining("bot.yaml:21: the question of flow flow_c, escalate_on_wrong_answers: flow flow_d is not"
                        + " deployed")
                .hasMessageContaining("bot.yaml:26: the question of flow flow_e, escalate_on_wrong_answers: write 'action:' with one"
                        + " of output_message, skip_question, go_to_node, execute_flow_and_return")
                .hasMessageContaining("bot.yaml:29: the question of flow flow_d has settings but the flow asks nothing")
                .hasMessageContaining("bot.yaml:29: the question of flow flow_d, escalate_on_wrong_answers: skip_question needs the"
                        + " value the flow continues with under 'value'");
        assertThatThrownBy(() -> BotDefinition.parse(VALID.replace("  - id: flow_b\n",
                "  - id: flow_b\n    asks_for: colour\n    question: {escalate_on_intent: {intents: [greet]}}\n"), "bot.yaml"))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("unknown field 'escalate_on_intent' — did you mean 'escalate_on_intents'?");
    }
}
