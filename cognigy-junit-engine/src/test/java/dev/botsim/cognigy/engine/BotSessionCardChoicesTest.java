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

    /**
     * An answer as the REST Endpoint backend reads it: two Say nodes with buttons and quick replies, then a gallery whose
     * card has a postback and a link button ({@code EndpointShapesEndToEndTest} reads the same from the sandbox's outputs).
     */
    private static BotTurn accounts() {
        return new BotTurn(0, null, null, Double.NaN, Map.of(), "How can we help?", null, null, null,
                List.of(new BotChoice("Open", "OPEN_DEPOT")),
                List.of(new BotChoice("Call us", "+4930123456", BotChoice.PHONE_NUMBER),
                        new BotChoice("Open", "OPEN_ACCOUNT", BotChoice.POSTBACK)),
                List.of(new BotChoice("Choose Giro", "ACCOUNT_GIRO", BotChoice.POSTBACK),
                        new BotChoice("Fees", "https://bank.example/fees", BotChoice.WEB_URL)),
                List.of(), null);
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
