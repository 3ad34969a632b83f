package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Which values of a run's records {@code cognigy.replay.redact} names — by the rule cassettes and approval files follow —
 * and how a text quoting them is written: each value as the digest an approval file holds for it.
 */
class NamedValuesTest {

    private static final String ADDRESS = "ann@example.com";
    private static final String SAID = "send my invoice to " + ADDRESS;
    private static final String ANSWER = "I will send your invoice to " + ADDRESS + ".";

    private static BotTurn turn(Map<String, Object> slots, String text) {
        return TestTurns.turn(0, "flow_invoice", "send_invoice", 0.9, slots, text, null, null);
    }

    private static SimulationRecord record(String id, String said, Expectation expected, List<BotTurn> actual, String message) {
        return SimulationRecord.builder().uniqueId("[case:" + id + "]").testId(id).displayName(said).utterance(said)
                .expected(expected).actual(actual).outcome(message == null ? Outcome.PASSED : Outcome.FAILED).message(message)
                .build();
    }

    private static SimulationRecord invoice() {
        return record("test_invoice", SAID, Expectation.builder().entities(Map.of("email", "bob@example.org")).build(),
                List.of(turn(Map.of("email", ADDRESS), ANSWER)), "for \"" + SAID + "\": expected \"bob@example.org\"");
    }

    private static NamedValues named(List<String> targets, SimulationRecord... records) {
        return NamedValues.of(targets, List.of(records));
    }

    @Test
    @DisplayName("a slot name names the slot's value as the bot filled it and as the test expected it: each is written as its"
            + " digest wherever a text quotes it, in what the user said and in what the bot said alike")
    void slotName() {
        NamedValues named = named(List.of("email"), invoice());

        String digest = Redaction.digested(ADDRESS);
        assertThat(named.in(SAID)).isEqualTo("send my invoice to " + digest);
        assertThat(named.in(ANSWER)).isEqualTo("I will send your invoice to " + digest + ".");
        assertThat(named.in("expected \"bob@example.org\" but was \"" + ADDRESS + "\""))
                .isEqualTo("expected \"" + Redaction.digested("bob@example.org") + "\" but was \"" + digest + "\"");
        assertThat(named.in("entities={email=" + ADDRESS + "}")).isEqualTo("entities={email=" + digest + "}");
    }

    @Test
    @DisplayName("two named values that overlap in a text (Anna-Maria and Maria Schmidt in \"Anna-Maria Schmidt\") are written"
            + " as each one's digest in turn: no part of either is left in the clear, whichever is replaced first")
    void overlappingValues() {
        SimulationRecord greeting = record("test_name", "hi", Expectation.NONE, List.of(turn(Map.of("first", "Anna-Maria",
                "full", "Maria Schmidt"), "Hello Anna-Maria Schmidt, and Maria Schmidt-Anna-Maria")), null);
        NamedValues named = named(List.of("first", "full"), greeting);

        String first = Redaction.digested("Anna-Maria");
        String full = Redaction.digested("Maria Schmidt");
        assertThat(named.in("Hello Anna-Maria Schmidt, and Maria Schmidt-Anna-Maria"))
                .isEqualTo("Hello " + first + full + ", and " + full + "-" + first);
    }

    @Test
    @DisplayName("a value as a JSON string holds it (a data-only message's label, a response_data failure) and a named SSML"
            + " text as a failure reads it aloud are written as its digest too")
    void jsonAndSpokenForms() {
        SimulationRecord dataOnly = SimulationRecord.builder().uniqueId("[case:test_data]").testId("test_data")
                .displayName("data").data(Map.of("name", "Ann \"Jo\" Smith")).outcome(Outcome.PASSED).build();
        String ssml = "<speak>Your balance is $42.10, Ann Smith.</speak>";
        SimulationRecord spoken = record("test_balance", "what is my balance", Expectation.NONE,
                List.of(turn(Map.of(), ssml)), "failed");

        assertThat(named(List.of("/request/data/name"), dataOnly).in("data {\"name\":\"Ann \\\"Jo\\\" Smith\"}"))
                .isEqualTo("data {\"name\":\"" + Redaction.digested("Ann \"Jo\" Smith") + "\"}");
        assertThat(named(List.of("/answer/turns/0/text"), spoken).in("but did not: \"" + ssml
                + "\" (SSML, read as spoken: \"Your balance is $42.10, Ann Smith.\")"))
                .doesNotContain("Ann Smith").contains(Redaction.digested(ssml));
    }

    @Test
    @DisplayName("a named chat answer written with HTML, as a failure shows it as a chat does, is written as its digest too")
    void shownForm() {
        String html = "Your balance is <b>$42.10</b>, Ann&nbsp;Smith.";
        SimulationRecord shown = record("test_balance", "what is my balance", Expectation.NONE, List.of(turn(Map.of(), html)),
                "failed");

        // A failure quotes the text as shown with its no-break space made visible.
        assertThat(named(List.of("/answer/turns/0/text"), shown).in("but did not: \"" + html
                + "\" (HTML, as a chat shows it: \"" + ConsoleText.visible(ShownText.of(html)) + "\")"))
                .doesNotContain("Smith").contains(Redaction.digested(html));
    }

    @Test
    @DisplayName("a value named in one test is written as its digest in every test's texts: a test whose bot filled no slot"
            + " still says the address its neighbour's bot did")
    void acrossTheRun() {
        SimulationRecord unfilled = record("test_unfilled", "mail it to " + ADDRESS, Expectation.NONE,
                List.of(turn(Map.of(), "Sorry?")), null);

        NamedValues named = named(List.of("email"), invoice(), unfilled);

        assertThat(named.in("mail it to " + ADDRESS)).isEqualTo("mail it to " + Redaction.digested(ADDRESS));
    }

    @Test
    @DisplayName("pointers: /request/text names what the test said whole; /answer/turns/1/text the second turn's text only;"
            + " /answer/turns/1/intent that turn's intent and the intents the test expected or ruled out")
    void pointers() {
        SimulationRecord twoTurns = record("test_two", SAID, Expectation.builder().intent("refund").notIntent("greeting").build(),
                List.of(turn(Map.of(), "First."), turn(Map.of(), "Second, " + ADDRESS + ".")), "failed");

        assertThat(named(List.of("/request/text"), twoTurns).in("user: \"" + SAID + "\""))
                .isEqualTo("user: \"" + Redaction.digested(SAID) + "\"");
        NamedValues second = named(List.of("/answer/turns/1/text"), twoTurns);
        assertThat(second.in("First. / Second, " + ADDRESS + "."))
                .isEqualTo("First. / " + Redaction.digested("Second, " + ADDRESS + "."));
        assertThat(second.in(SAID)).as("the request is not named").isEqualTo(SAID);
        NamedValues intents = named(List.of("/answer/turns/1/intent"), twoTurns);
        assertThat(intents.in("intent refund, not greeting, was send_invoice")).isEqualTo("intent " + Redaction.digested("refund")
                + ", not " + Redaction.digested("greeting") + ", was " + Redaction.digested("send_invoice"));
    }

    @Test
    @DisplayName("a data-only message's data: a slot name names that key's value, /request/data every value of it")
    void dataOnlyMessage() {
        SimulationRecord data = record("test_data", "data {\"iban\":\"DE89370400440532013000\",\"action\":\"PAY\"}",
                Expectation.NONE, List.of(turn(Map.of(), "Paid.")), null);

        assertThat(named(List.of("iban"), data).in(data.utterance()))
                .isEqualTo("data {\"iban\":\"" + Redaction.digested("DE89370400440532013000") + "\",\"action\":\"PAY\"}");
        assertThat(named(List.of("/request/data"), data).in(data.utterance())).isEqualTo("data {\"iban\":\""
                + Redaction.digested("DE89370400440532013000") + "\",\"action\":\"" + Redaction.digested("PAY") + "\"}");
    }

    private static final String IBAN = "DE89370400440532013000";
    private static final String ECHOED = "I will charge " + IBAN + ".";

    @Test
    @DisplayName("a text message's data, as a cassette's request holds it: /request/data/iban and the slot name iban name that"
            + " key's value (a bot saying it back in its text, another test quoting it), and nothing of the text; /request/data"
            + " every value of it; a record made without its data names none of it")
    void textMessageData() {
        SimulationRecord paid = record("test_pay", "pay my bill", Expectation.NONE, List.of(turn(Map.of(), ECHOED)), "failed")
                .toBuilder().data(Map.of("iban", IBAN, "channel", "app")).build();
        SimulationRecord quoting = record("test_quote", "is " + IBAN + " mine?", Expectation.NONE, List.of(turn(Map.of(), "Yes.")),
                null);
        String digest = Redaction.digested(IBAN);

        for (String target : List.of("/request/data/iban", "iban")) {
            NamedValues named = named(List.of(target), paid, quoting);
            assertThat(named.in(ECHOED)).as(target).isEqualTo("I will charge " + digest + ".");
            assertThat(named.in("is " + IBAN + " mine?")).as(target).isEqualTo("is " + digest + " mine?");
            assertThat(named.in("pay my bill via app")).as(target + ": nothing but the named key").isEqualTo("pay my bill via app");
        }
        assertThat(named(List.of("/request/data"), paid).in(ECHOED + " via app"))
                .isEqualTo("I will charge " + digest + ". via " + Redaction.digested("app"));
        assertThat(named(List.of("/request/data/iban"), paid.toBuilder().data(null).build()).none())
                .as("a part written before records held the data").isTrue();
    }

    @Test
    @DisplayName("a data-only message's data is the data it was sent with where the record holds it (a conversation's merged"
            + " with its turn's), else as its utterance shows it")
    void dataOnlyMessageSentWithMore() {
        SimulationRecord turn = record("test_conv#1", "data {\"action\":\"PAY\"}", Expectation.NONE,
                List.of(turn(Map.of(), ECHOED)), "failed").toBuilder().conversationTurn("test_conv", 1)
                .data(Map.of("action", "PAY", "iban", IBAN)).build();

        assertThat(named(List.of("iban"), turn).in(ECHOED)).isEqualTo("I will charge " + Redaction.digested(IBAN) + ".");
        assertThat(named(List.of("/request/data/action"), turn).in(turn.utterance()))
                .isEqualTo("data {\"action\":\"" + Redaction.digested("PAY") + "\"}");
    }

    @Test
    @DisplayName("a @Conversation method's message said with data: that message's data names its key's value, answered in"
            + " any turn of the run")
    void conversationMethodData() {
        SimulationRecord conversation = SimulationRecord.builder().uniqueId("[method:pay]").testId("pay").outcome(Outcome.FAILED)
                .actual(List.of(turn(Map.of(), "Hello."), turn(Map.of(), ECHOED)))
                .userTurns(List.of(new SimulationRecord.UserTurn("hi", 0),
                        new SimulationRecord.UserTurn("pay my bill", 1, true, Map.of("iban", IBAN))))
                .message("failed").build();

        for (String target : List.of("/request/data/iban", "iban")) {
            assertThat(named(List.of(target), conversation).in("pay my bill / " + ECHOED)).as(target)
                    .isEqualTo("pay my bill / I will charge " + Redaction.digested(IBAN) + ".");
        }
    }

    @Test
    @DisplayName("a @Conversation method's messages: each its own request, answered by the turns from its first answer on")
    void conversationMethod() {
        SimulationRecord conversation = SimulationRecord.builder().uniqueId("[method:talk]").testId("talk").outcome(Outcome.FAILED)
                .actual(List.of(turn(Map.of(), "Hello."), turn(Map.of("email", ADDRESS), "Sent to " + ADDRESS + ".")))
                .userTurns(List.of(new SimulationRecord.UserTurn("hi", 0), new SimulationRecord.UserTurn(SAID, 1)))
                .message("failed").build();

        NamedValues second = named(List.of("/request/text", "/answer/turns/0/text"), conversation);

        assertThat(second.in("hi / " + SAID + " / Hello. / Sent to " + ADDRESS + "."))
                .isEqualTo(Redaction.digested("hi") + " / " + Redaction.digested(SAID) + " / " + Redaction.digested("Hello.") + " / "
                        + Redaction.digested("Sent to " + ADDRESS + "."));
    }

    @Test
    @DisplayName("a repeated test's answers in its other runs are named as its answer is")
    void repeatedAnswers() {
        SimulationRecord repeated = invoice().toBuilder().repetitions(new Repetitions(3, 1, 1.0, Map.of("send_invoice", 3),
                Map.of(ANSWER, 1, "Sent to " + ADDRESS + " now.", 2), Map.of("flow_invoice", 3), 0, 0)).build();

        assertThat(named(List.of("/answer/turns/0/text"), repeated).in("answers: Sent to " + ADDRESS + " now. (2)"))
                .isEqualTo("answers: " + Redaction.digested("Sent to " + ADDRESS + " now.") + " (2)");
    }

    @Test
    @DisplayName("as texts quote it: a line break as \\n, as a failure writes it; a digest already there is kept whole; a text"
            + " cut inside the value loses its beginning too")
    void quotedForms() {
        SimulationRecord record = record("test_lines", "my address:\nMain Street 1", Expectation.NONE,
                List.of(turn(Map.of("address", "Main Street 1\n10115 Berlin"), "ok")), null);
        NamedValues named = named(List.of("address", "/request/text"), record);

        assertThat(named.in("user: \"my address:\\nMain Street 1\"")).isEqualTo("user: \""
                + Redaction.digested("my address:\nMain Street 1") + "\"");
        assertThat(named.in("entities={address=Main Street 1\\n10115 Berlin}"))
                .isEqualTo("entities={address=" + Redaction.digested("Main Street 1\n10115 Berlin") + "}");
        String approvalFailure = "approved {email=" + Redaction.digested(ADDRESS) + "}";
        assertThat(named(List.of("email"), invoice()).in(approvalFailure)).isEqualTo(approvalFailure);
        assertThat(named(List.of("email"), invoice()).in("please send it to ann@exa… (412 characters)"))
                .isEqualTo("please send it to " + Redaction.digested(ADDRESS) + "… (412 characters)");
    }

    @Test
    @DisplayName("a value shorter than 8 characters is written as its digest only where it stands as a word: a slot holding"
            + " 42 leaves 420 and 42x alone")
    void shortValues() {
        SimulationRecord age = record("test_age", "I am 42", Expectation.NONE, List.of(turn(Map.of("age", 42), "ok")), null);
        NamedValues named = named(List.of("age"), age);

        assertThat(named.in("I am 42, code 420")).isEqualTo("I am " + Redaction.digested("42") + ", code 420");
        assertThat(named.in("I am 42x")).isEqualTo("I am 42x");
    }

    @Test
    @DisplayName("a run naming a value of its own in every test (each test's e-mail address) is looked up in one entry per"
            + " value, not one per character: a suite of 50,000 such tests held 244 MiB at its end; each is still written as"
            + " its digest, and a text cut inside one loses its beginning")
    void oneEntryPerValue() {
        List<SimulationRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String address = "customer.number." + i + "@example-telco.com";
            records.add(record("test_" + i, "send my invoice to " + address, Expectation.builder().build(),
                    List.of(turn(Map.of("email", address), "I will send your invoice to " + address + ".")), null));
        }

        NamedValues named = NamedValues.of(List.of("email"), records);

        assertThat(named.held()).isEqualTo(1_000);
        String last = "customer.number.999@example-telco.com";
        assertThat(named.in("send my invoice to " + last)).isEqualTo("send my invoice to " + Redaction.digested(last));
        assertThat(named.in("to customer.number.99@example-telco.com."))
                .isEqualTo("to " + Redaction.digested("customer.number.99@example-telco.com") + ".");
        assertThat(named.in("to customer.number.12… (400 characters)"))
                .isEqualTo("to " + Redaction.digested("customer.number.12@example-telco.com") + "… (400 characters)");
    }

    @Test
    @DisplayName("nothing named: every text as it is")
    void nothingNamed() {
        assertThat(named(List.of(), invoice())).isSameAs(NamedValues.NONE);
        assertThat(named(List.of("phone"), invoice()).none()).isTrue();
        assertThat(named(List.of("phone"), invoice()).in(SAID)).isEqualTo(SAID);
    }

    @Test
    @DisplayName("a run that names a value is not one that names none: its texts are rewritten")
    void namedIsNotNone() {
        NamedValues named = named(List.of("email"), invoice());

        assertThat(named.none()).isFalse();
        assertThat(NamedValues.NONE.none()).isTrue();
    }

    @Test
    @DisplayName("a value of 8 characters or more is written as its digest inside a word too: an order number glued to"
            + " its prefix")
    void eightCharactersAnywhere() {
        SimulationRecord order = record("test_order", "where is my order", Expectation.NONE,
                List.of(turn(Map.of("order", "A1B2C3D4"), "ok")), null);
        NamedValues named = named(List.of("order"), order);

        assertThat(named.in("ref#xA1B2C3D4y")).isEqualTo("ref#x" + Redaction.digested("A1B2C3D4") + "y");
    }

    @Test
    @DisplayName("a repeated test's intents and flows in its other runs are named as its answer's are; the keys of runs"
            + " without one are no value")
    void repeatedIntentsAndFlows() {
        SimulationRecord repeated = invoice().toBuilder().repetitions(new Repetitions(4, 1, 1.0,
                Map.of("send_invoice", 1, "cancel_contract", 2, Repetitions.NONE, 1), Map.of(ANSWER, 4),
                Map.of("flow_invoice", 1, "flow_retention_team", 3))).build();

        NamedValues intents = named(List.of("/answer/turns/0/intent"), repeated);
        assertThat(intents.in("intents: cancel_contract (2), (none) (1)"))
                .isEqualTo("intents: " + Redaction.digested("cancel_contract") + " (2), (none) (1)");
        NamedValues flows = named(List.of("/answer/turns/0/flow"), repeated);
        assertThat(flows.in("flows: flow_retention_team (3)")).isEqualTo("flows: " + Redaction.digested("flow_retention_team") + " (3)");
    }

    @Test
    @DisplayName("a pointer at a turn's flow names the next_flow the test expected, at whichever turn it points")
    void expectedNextFlow() {
        SimulationRecord flow = record("test_flow", SAID, Expectation.builder().nextFlow("flow_vip_customers").build(),
                List.of(turn(Map.of(), "First."), turn(Map.of(), "Second.")), "failed");

        assertThat(named(List.of("/answer/turns/1/flow"), flow).in("expected next_flow flow_vip_customers"))
                .isEqualTo("expected next_flow " + Redaction.digested("flow_vip_customers"));
    }

    @Test
    @DisplayName("a digest already in a text is kept whole even where a named value stands inside its hex digits")
    void digestKeptWhole() {
        String digest = Redaction.digested(ADDRESS);
        String inside = digest.substring("<redacted sha256:".length() + 2, "<redacted sha256:".length() + 10);
        NamedValues named = NamedValues.of(Map.of(inside, Redaction.digested(inside)));

        assertThat(named.in("approved {email=" + digest + "}")).isEqualTo("approved {email=" + digest + "}");
        assertThat(named.in("code " + inside)).isEqualTo("code " + Redaction.digested(inside));
    }

    @Test
    @DisplayName("a text cut after the first 4 characters of a named value loses them; after 3, or where no named value"
            + " begins, it is left as it is")
    void cutAtTheEdge() {
        NamedValues named = named(List.of("email"), invoice());

        assertThat(named.in("to ann@… (412 characters)")).isEqualTo("to " + Redaction.digested(ADDRESS) + "… (412 characters)");
        assertThat(named.in("to ann… (412 characters)")).isEqualTo("to ann… (412 characters)");
        assertThat(named.in("hello there… (412 characters)")).isEqualTo("hello there… (412 characters)");
    }
    @Test
    @DisplayName("values named a few at a time are written as one lookup of all of them, in the order named, writes them:"
            + " the longest of overlapping values, runs of values side by side, a form two values share as the first's"
            + " digest, a text cut inside a value, and a value shorter than 8 characters only as a word of its own")
    void growingWritesAsOneLookupOfAll() {
        java.util.Random random = new java.util.Random(7);
        String letters = "ab -\n";
        NamedValues.Growing growing = new NamedValues.Growing();
        Map<String, String> all = new java.util.LinkedHashMap<>();
        int texts = 0;
        for (int round = 0; round < 300; round++) {
            Map<String, String> more = new java.util.LinkedHashMap<>();
            for (int v = random.nextInt(4); v > 0; v--) {
                StringBuilder value = new StringBuilder();
                for (int c = 2 + random.nextInt(10); c > 0; c--) value.append(letters.charAt(random.nextInt(letters.length())));
                // Now and then a value named again, with another digest: the first one named stays.
                String named = all.isEmpty() || random.nextInt(5) > 0 ? value.toString()
                        : List.copyOf(all.keySet()).get(random.nextInt(all.size()));
                more.put(named, Redaction.digested(named + round));
            }
            growing.add(more);
            more.forEach(all::putIfAbsent);
            for (int t = 0; t < 3; t++) {
                StringBuilder text = new StringBuilder();
                for (int c = random.nextInt(40); c > 0; c--) text.append(letters.charAt(random.nextInt(letters.length())));
                if (random.nextBoolean()) text.append("… (").append(100 + random.nextInt(50)).append(" characters) ab");
                String said = text.toString();
                assertThat(growing.in(said)).as("%s in round %d", said, round).isEqualTo(NamedValues.of(all).in(said));
                texts++;
            }
        }
        assertThat(texts).isEqualTo(900);
        assertThat(growing.in(null)).isNull();
        // Each value in at most log2(values) + 1 parts made, not in a lookup made anew for each of the 900 texts.
        assertThat(growing.made()).isLessThan(all.size() * 12L);
    }
}
