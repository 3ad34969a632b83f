package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/** Rich outputs, data-only turns, context injection, locales and generated users, through the whole engine. */
class RichTurnsEngineTest {

    static final String FILE = "fixtures/rich/rich.sim.yaml";
    static final String HINT = "add the Code node of docs/real-cognigy.md";
    static final List<BotChoice> QUICK_REPLIES = List.of(new BotChoice("Track order", "TRACK"),
            new BotChoice("Talk to a human", null));
    static final List<BotChoice> BUTTONS = List.of(new BotChoice("Open shop", "https://shop.example.com"),
            new BotChoice("Call us", "+4930123456"));

    private final RecordingListener listener = new RecordingListener();

    /** Answers as a REST Endpoint without the Code node does: choices and data, no intent or flow. */
    static ScriptedBackend richBot() {
        BotTurn menu = turn(null, null, null, Map.of(), "What would you like to do?", QUICK_REPLIES, BUTTONS, List.of());
        BotTurn cart = turn(null, null, null, Map.of(), "Your cart", List.of(), List.of(), List.of(Map.of("x", 1),
                Map.of("cart", Map.of("items", List.of(Map.of("sku", 9), Map.of("sku", 7, "qty", 1)), "currency", "EUR",
                        "total", 12.5))));
        BotTurn orders = turn("flow_order_status", null, "check_order",
                Map.of("order_id", List.of("ORD_1", "ORD_99")), "Which one?", List.of(), List.of(), List.of());
        BotTurn status = turn("Order status", "6f1c2b9e-5d0a-4c1e-9a53-2f8e0b7d4c11", "check_order", Map.of(),
                "Looking it up", List.of(), List.of(), List.of());
        return new ScriptedBackend().withMissingNluDataHint(HINT)
                .answering(r -> r.text() == null && "GET_STARTED".equals(r.data().get("action")),
                        turn(null, null, null, Map.of(), "Welcome!", List.of(), List.of(), List.of()))
                .answering(r -> r.text() == null && "TRACK".equals(r.data().get("payload")),
                        turn("flow_order_status", null, "check_order", Map.of(), "Your order number?", List.of(), List.of(),
                                List.of()))
                .answering("menu", menu).answering("menu please", menu)
                .answering("cart", cart).answering("cart please", cart)
                .answering("two orders", orders).answering("two orders again", orders)
                .answering("where is it", status);
    }

    static BotTurn turn(String flow, String flowReference, String intent, Map<String, Object> entities, String text,
                        List<BotChoice> quickReplies, List<BotChoice> buttons, List<Map<String, Object>> data) {
        return new BotTurn(0, flow, intent, intent == null ? Double.NaN : 0.9, entities, text, null, null, flowReference,
                quickReplies, buttons, data);
    }

    private EngineExecutionResults run(ScriptedBackend backend, Map<String, String> parameters) {
        return kit(backend, listener).configurationParameters(parameters).selectors(selectClasspathResource(FILE)).execute();
    }

    private Map<String, SimulationRecord> records() {
        return listener.finished.stream().collect(Collectors.toMap(SimulationRecord::testId, Function.identity()));
    }

    private static String failure(Map<String, SimulationRecord> records, String testId) {
        SimulationRecord record = records.get(testId);
        assertThat(record.outcome()).as(testId).isEqualTo(Outcome.FAILED);
        return record.message();
    }

    @Test
    @DisplayName("item 4: quick_replies and buttons pass when each title is offered, in any order; a failure lists what"
            + " was offered; no missing-NLU advice for them")
    void choices() {
        run(richBot(), Map.of());
        Map<String, SimulationRecord> records = records();

        assertThat(records.get("test_menu_offers").outcome()).isEqualTo(Outcome.PASSED);
        // Worded as the other checks, not as a collection assertion ("Expecting ListN: ... to contain ...").
        assertThat(failure(records, "test_menu_missing_reply"))
                .contains("[quick replies offered] expected a quick reply titled \"Cancel order\" but the bot offered"
                        + " [\"Track order\", \"Talk to a human\"]")
                .doesNotContain("Expecting").doesNotContain(HINT);
        assertThat(failure(records, "test_menu_missing_button"))
                .contains("[buttons offered] expected a button titled \"Track order\" but the bot offered"
                        + " [\"Open shop\", \"Call us\"]")
                .doesNotContain("Expecting").doesNotContain(HINT);
        // An NLU expectation on an answer without NLU data still gets the advice.
        assertThat(failure(records, "test_menu_intent")).contains("intent").contains(HINT);
    }

    @Test
    @DisplayName("item 4: response_data passes when some output's data contains it (objects as subsets, list elements"
            + " matched by any element, 12.50 equals 12.5) and fails naming the outputs' data")
    void responseData() {
        run(richBot(), Map.of());
        Map<String, SimulationRecord> records = records();

        assertThat(records.get("test_data_subset").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(failure(records, "test_data_mismatch")).contains("no output's data contains {\"cart\":{\"currency\":\"USD\"}}")
                .contains("\"currency\":\"EUR\"").doesNotContain(HINT);
        assertThat(records.get("test_data_subset").expected().responseData())
                .containsKey("cart");
    }

    @Test
    @DisplayName("item 2: an entity expectation matches any value of a multi-valued slot; a failure shows all values")
    void multiValuedEntity() {
        run(richBot(), Map.of());
        Map<String, SimulationRecord> records = records();

        assertThat(records.get("test_two_orders_any").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(failure(records, "test_two_orders_none"))
                .contains("expected \"ORD_7\" but the values were [\"ORD_1\", \"ORD_99\"]").doesNotContain("Expecting");
    }

    @Test
    @DisplayName("item 9: next_flow passes on the flow's display name or its reference id, and names both when it fails")
    void flowByNameOrReference() {
        run(richBot(), Map.of());
        Map<String, SimulationRecord> records = records();

        assertThat(records.get("test_flow_by_reference").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_flow_by_name").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(failure(records, "test_flow_neither")).contains("Returns").contains("Order status")
                .contains("reference id 6f1c2b9e-5d0a-4c1e-9a53-2f8e0b7d4c11");
    }

    @Test
    @DisplayName("items 4, 7, 15: a data-only case sends no text, is named by its data, and carries its locale and the"
            + " context to inject; a conversation injects its context on the first turn only")
    void dataOnlyInjectAndLocale() {
        ScriptedBackend backend = richBot();
        EngineExecutionResults results = run(backend, Map.of());
        Map<String, SimulationRecord> records = records();

        SimulationRecord started = records.get("test_get_started");
        assertThat(started.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(started.displayName()).isEqualTo("data {\"action\":\"GET_STARTED\"}");
        assertThat(started.utterance()).isEqualTo("data {\"action\":\"GET_STARTED\"}");
        TurnRequest request = backend.requests.stream().filter(r -> r.testId().equals("test_get_started")).findFirst()
                .orElseThrow();
        assertThat(request.text()).isNull();
        assertThat(request.data()).isEqualTo(Map.of("action", "GET_STARTED"));
        assertThat(request.locale()).isEqualTo("de-DE");
        assertThat(request.injectContext()).isEqualTo(Map.of("tier", "gold"));
        TurnRequest menu = backend.requests.stream().filter(r -> r.testId().equals("test_menu_offers")).findFirst()
                .orElseThrow();
        assertThat(menu.locale()).isEqualTo("en-US");
        assertThat(menu.injectContext()).isEmpty();

        TurnRequest first = backend.requests.stream().filter(r -> r.testId().equals("test_postback_talk#1")).findFirst()
                .orElseThrow();
        TurnRequest second = backend.requests.stream().filter(r -> r.testId().equals("test_postback_talk#2")).findFirst()
                .orElseThrow();
        assertThat(first.injectContext()).isEqualTo(Map.of("tier", "silver"));
        assertThat(second.injectContext()).isEmpty();
        assertThat(second.text()).isNull();
        assertThat(second.data()).isEqualTo(Map.of("payload", "TRACK"));
        assertThat(records.get("test_postback_talk#2").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_postback_talk#2").displayName()).isEqualTo("data {\"payload\":\"TRACK\"}");
        assertThat(results.testEvents().list()).noneMatch(e -> e.getTestDescriptor().getDisplayName().contains("null"));
    }

    @Test
    @DisplayName("item 6: by default every case and conversation speaks as a user of its own, usr_ and hex digits; a"
            + " conversation's turns share one; a case's own user wins")
    void userPerCase() {
        ScriptedBackend backend = richBot();
        run(backend, Map.of());

        Map<String, String> users = backend.requests.stream()
                .collect(Collectors.toMap(TurnRequest::testId, TurnRequest::userId));
        assertThat(users.get("test_own_user")).isEqualTo("usr_own");
        assertThat(users.get("test_postback_talk#1")).isEqualTo(users.get("test_postback_talk#2"));
        List<String> generated = users.entrySet().stream().filter(e -> !e.getKey().equals("test_own_user")
                && !e.getKey().equals("test_postback_talk#2")).map(Map.Entry::getValue).toList();
        assertThat(generated).allMatch(u -> u.matches("usr_[a-f0-9]+")).doesNotHaveDuplicates();
        assertThat(generated).hasSize(users.size() - 2);
    }

    @Test
    @DisplayName("item 6: user-scope=run gives every test of the run one user; fixed gives cognigy.default-user")
    void userPerRunAndFixed() {
        ScriptedBackend perRun = richBot();
        run(perRun, Map.of(Constants.USER_SCOPE, "run"));
        Set<String> runUsers = perRun.requests.stream().filter(r -> !r.testId().equals("test_own_user"))
                .map(TurnRequest::userId).collect(Collectors.toSet());
        assertThat(runUsers).singleElement().asString().matches("usr_[a-f0-9]+");

        ScriptedBackend fixed = richBot();
        run(fixed, Map.of(Constants.USER_SCOPE, "fixed", Constants.DEFAULT_USER, "usr_qa"));
        assertThat(fixed.requests.stream().filter(r -> !r.testId().equals("test_own_user")).map(TurnRequest::userId)
                .collect(Collectors.toSet())).containsExactly("usr_qa");
    }
}
