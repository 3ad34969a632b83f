package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.fixtures.CardChoicesConversation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * {@code BotSession.click} on what a REST Endpoint's outputs carry beyond titles and payloads: a {@code phone_number}
 * button, a title offered twice, a gallery card's buttons (Cognigy's {@code _gallery.items[].buttons[]}).
 */
class BotSessionCardChoicesTest {

    private final RecordingListener listener = new RecordingListener();
    private Map<String, SimulationRecord> records;
    private ScriptedBackend backend;

    /** An answer as a REST Endpoint gives it: two Say nodes with buttons and quick replies, then a gallery. */
    private static BotTurn accounts() {
        Map<String, Object> buttons = Map.of("_cognigy", Map.of("_default", Map.of("_buttons", Map.of("text", "How can we help?",
                "buttons", List.of(Map.of("title", "Call us", "type", "phone_number", "payload", "+4930123456"),
                        Map.of("title", "Open", "type", "postback", "payload", "OPEN_ACCOUNT"))))));
        Map<String, Object> quickReplies = Map.of("_cognigy", Map.of("_default", Map.of("_quickReplies", Map.of("text",
                "How can we help?", "quickReplies", List.of(Map.of("title", "Open", "payload", "OPEN_DEPOT", "contentType", "postback"))))));
        Map<String, Object> gallery = Map.of("_cognigy", Map.of("_default", Map.of("_gallery", Map.of("items", List.of(
                Map.of("title", "Giro account", "subtitle", "free with salary", "buttons", List.of(
                        Map.of("title", "Choose Giro", "type", "postback", "payload", "ACCOUNT_GIRO"),
                        Map.of("title", "Fees", "type", "web_url", "url", "https://bank.example/fees"))))))));
        return RichTurnsEngineTest.turn(null, null, null, Map.of(), "How can we help?",
                List.of(new BotChoice("Open", "OPEN_DEPOT")),
                List.of(new BotChoice("Call us", "+4930123456"), new BotChoice("Open", "OPEN_ACCOUNT")),
                List.of(buttons, quickReplies, gallery));
    }

    @BeforeEach
    void run() {
        backend = new ScriptedBackend().answering("accounts", accounts())
                .answering("ACCOUNT_GIRO", RichTurnsEngineTest.turn(null, null, null, Map.of(), "A giro account it is.",
                        List.of(), List.of(), List.of()))
                .answering("+4930123456", RichTurnsEngineTest.turn(null, null, null, Map.of(), "Sorry, I did not get that.",
                        List.of(), List.of(), List.of()))
                .answering("OPEN_ACCOUNT", RichTurnsEngineTest.turn(null, null, null, Map.of(), "Let us open an account.",
                        List.of(), List.of(), List.of()));
        kit(backend, listener).selectors(selectClass(CardChoicesConversation.class)).execute();
        records = listener.finished.stream().collect(Collectors.toMap(SimulationRecord::testId, Function.identity()));
    }

    private List<String> sent(String test) {
        return backend.requests.stream().filter(r -> r.testId().startsWith(test + "#"))
                .sorted(java.util.Comparator.comparingInt(TurnRequest::turn)).map(TurnRequest::text).toList();
    }

    @Test
    @DisplayName("a phone_number button starts a call and sends the bot nothing: clicking it fails, and its number is not sent as text")
    void callButtonSendsNothing() {
        assertThat(records.get("test_clickCallButton").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_clickCallButton").message()).startsWith("click(\"Call us\"): this button is a"
                + " phone_number button calling +4930123456 — it starts a call on the user's device and sends the bot nothing");
        assertThat(sent("test_clickCallButton")).containsExactly("accounts");
    }

    @Test
    @DisplayName("a title offered twice with different payloads is ambiguous: the click fails naming both, nothing is sent")
    void titleOfferedTwice() {
        assertThat(records.get("test_clickTitleOfferedTwice").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_clickTitleOfferedTwice").message()).startsWith("click(\"Open\"): the bot's last answer"
                + " offered 2 choices titled \"Open\" that send different things (OPEN_DEPOT, OPEN_ACCOUNT), so which one to"
                + " click is ambiguous");
        assertThat(sent("test_clickTitleOfferedTwice")).containsExactly("accounts");
    }

    @Test
    @DisplayName("a gallery card's postback button sends its payload as text, as Webchat does; its link button sends nothing;"
            + " a title on no card lists the cards' buttons")
    void galleryCardButtons() {
        assertThat(records.get("test_clickCardButton").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(sent("test_clickCardButton")).containsExactly("accounts", "ACCOUNT_GIRO");
        assertThat(records.get("test_clickCardLink").message()).startsWith("click(\"Fees\"): this button is a link to"
                + " https://bank.example/fees — a link opens a page");
        assertThat(sent("test_clickCardLink")).containsExactly("accounts");
        assertThat(records.get("test_clickCardButtonMissing").message()).isEqualTo("click(\"Choose Savings\"): the bot's"
                + " last answer offered no quick reply or button titled \"Choose Savings\" (titles are matched exactly); it"
                + " offered quick replies [Open] and buttons [Call us, Open] and gallery card buttons [Choose Giro, Fees]");
    }
}
