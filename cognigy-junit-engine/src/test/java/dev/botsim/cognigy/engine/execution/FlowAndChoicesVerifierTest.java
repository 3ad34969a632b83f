package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/**
 * {@link ExpectationVerifier} on {@code next_flow}, {@code quick_replies}, {@code buttons} and {@code response_data}: each
 * passes on the answer that has what it names and fails, with the field named, on one that does not.
 */
class FlowAndChoicesVerifierTest {

    private static BotTurn turn(int index, String flow, String reference, List<BotChoice> quickReplies, List<BotChoice> buttons,
                                List<Map<String, Object>> data) {
        return new BotTurn(index, flow, "check_order", 0.9, Map.of(), "Here you go.", null, null, reference, quickReplies, buttons, data);
    }

    private static SimulationResult answer(BotTurn... turns) {
        return new SimulationResult("test_a", "where is my order", "sim_1", List.of(turns));
    }

    private static AssertionFailedError failure(Expectation expected, SimulationResult actual) {
        AssertionFailedError e = catchThrowableOfType(AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, actual));
        assertThat(e).as("the check fails").isNotNull();
        return e;
    }

    @Test
    @DisplayName("next_flow holds when it names the flow's reference id rather than its name, and fails on another id")
    void nextFlowByReferenceId() {
        SimulationResult reached = answer(turn(0, "Orders", "5f1c-orders", null, null, null));

        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().nextFlow("5f1c-orders").build(), reached))
                .doesNotThrowAnyException();
        AssertionFailedError other = failure(Expectation.builder().nextFlow("5f1c-billing").build(), reached);
        assertThat(other.getMessage()).startsWith("bot answer differs from the expectation for \"where is my order\" in next_flow")
                .contains("[next flow]\n  expected: \"5f1c-billing\"\n   but was: \"Orders\" (reference id 5f1c-orders)");
        assertThat(other.getActual().getStringRepresentation()).isEqualTo("next_flow: Orders (reference id 5f1c-orders)");
    }

    @Test
    @DisplayName("next_flow is the flow of the last turn that names one: a later turn without a flow does not hide it")
    void nextFlowOfTheLastTurnNamingOne() {
        SimulationResult answer = answer(turn(0, "Greeting", null, null, null, null), turn(1, "Orders", null, null, null, null),
                turn(2, null, null, null, null, null));

        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().nextFlow("Orders").build(), answer))
                .doesNotThrowAnyException();
        assertThat(failure(Expectation.builder().nextFlow("Greeting").build(), answer).getMessage())
                .contains("expected: \"Greeting\"\n   but was: \"Orders\"");
    }

    @Test
    @DisplayName("a title the bot offers with spaces at its ends (\"Yes \", as a title typed in Cognigy keeps them) is the"
            + " title a file expects, which it cannot write with them; spaces inside a title still count")
    void titlesWithSpacesAtTheirEnds() {
        SimulationResult offered = answer(turn(0, "Orders", null, List.of(new BotChoice("Track my order ", "track"),
                new BotChoice("\tCancel\n", "cancel")), List.of(new BotChoice(" Refund", "refund")), null));

        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().quickReplies(List.of("Track my order", "Cancel"))
                .buttons(List.of("Refund")).build(), offered)).doesNotThrowAnyException();
        assertThat(failure(Expectation.builder().quickReplies(List.of("Track  my order")).build(), offered).getMessage())
                .contains("expected a quick reply titled \"Track  my order\" but the bot offered [\"Track my order \", \"\\tCancel\\n\"]");
    }

    @Test
    @DisplayName("quick_replies holds when every title is offered, in any turn and order, and fails naming the one missing")
    void quickReplies() {
        SimulationResult offered = answer(turn(0, "Orders", null, List.of(new BotChoice("Track", "track")), null, null),
                turn(1, "Orders", null, List.of(new BotChoice("Cancel", "cancel")), null, null));

        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().quickReplies(List.of("Cancel", "Track")).build(),
                offered)).doesNotThrowAnyException();
        AssertionFailedError missing = failure(Expectation.builder().quickReplies(List.of("Track", "Refund")).build(), offered);
        assertThat(missing.getMessage()).startsWith("bot answer differs from the expectation for \"where is my order\" in quick_replies")
                .contains("[quick replies offered] expected a quick reply titled \"Refund\" but the bot offered [\"Track\", \"Cancel\"]");
        assertThat(missing.getExpected().getStringRepresentation()).isEqualTo("quick_replies: [Track, Refund]");
        assertThat(missing.getActual().getStringRepresentation()).isEqualTo("quick_replies: [Track, Cancel]");
        assertThat(failure(Expectation.builder().quickReplies(List.of("Track")).build(), answer(turn(0, "Orders", null, null,
                List.of(new BotChoice("Track", "track")), null))).getMessage())
                .as("a button is no quick reply").contains("expected a quick reply titled \"Track\" but the bot offered none");
    }

    @Test
    @DisplayName("buttons holds when every title is a button's, exactly, and fails naming each one missing; a quick reply is no button")
    void buttons() {
        SimulationResult offered = answer(turn(0, "Orders", null, List.of(new BotChoice("Refund", "refund")),
                List.of(new BotChoice("Track", "track"), new BotChoice("Cancel", "cancel")), null));

        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().buttons(List.of("Cancel", "Track")).build(), offered))
                .doesNotThrowAnyException();
        AssertionFailedError missing = failure(Expectation.builder().buttons(List.of("track", "Refund")).build(), offered);
        assertThat(missing.getMessage()).contains("[buttons offered] expected a button titled each of [\"track\", \"Refund\"]"
                + " but the bot offered [\"Track\", \"Cancel\"]");
        assertThat(missing.getExpected().getStringRepresentation()).isEqualTo("buttons: [track, Refund]");
        assertThat(missing.getActual().getStringRepresentation()).isEqualTo("buttons: [Track, Cancel]");
    }

    @Test
    @DisplayName("Botium's BUTTONS holds on a button's or quick reply's title or payload containing the text, ignoring case,"
            + " and fails naming what was offered")
    void botiumButtons() {
        SimulationResult offered = answer(turn(0, "Orders", null, List.of(new BotChoice("Talk to us", "agent_handover")),
                List.of(new BotChoice("Track my parcel", "track")), null));
        Expectation.Builder botium = Expectation.builder().matching(Expectation.Matching.BOTIUM);

        assertThatCode(() -> ExpectationVerifier.verify(botium.buttons(List.of("TRACK MY", "handover", "talk")).build(), offered))
                .doesNotThrowAnyException();
        AssertionFailedError refund = failure(Expectation.builder().matching(Expectation.Matching.BOTIUM)
                .buttons(List.of("track", "refund")).build(), offered);
        assertThat(refund.getActual().getStringRepresentation())
                .isEqualTo("buttons: [Track my parcel (track), Talk to us (agent_handover)]");
        assertThat(refund.getMessage()).contains("[buttons offered] expected a button or quick reply whose title or payload"
                + " contains \"refund\" (" + BotiumMatch.HOW + ") but the bot offered [\"Track my parcel (track)\","
                + " \"Talk to us (agent_handover)\"]");
        assertThat(failure(Expectation.builder().matching(Expectation.Matching.BOTIUM).buttons(List.of("track")).build(),
                answer(turn(0, "Orders", null, null, null, null))).getMessage()).contains("but the bot offered none");
    }

    @Test
    @DisplayName("response_data holds when any output's data contains the expected keys, and fails showing what the outputs carried")
    void responseData() {
        SimulationResult answer = answer(turn(0, "Orders", null, null, null, List.of(Map.of("kind", "status"))),
                turn(1, "Orders", null, null, null, List.of(Map.of("order", Map.of("id", "ORD_12", "items", 3)))));

        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseData(Map.of("order", Map.of("items", 3.0)))
                .build(), answer)).doesNotThrowAnyException();
        assertThat(failure(Expectation.builder().responseData(Map.of("order", Map.of("items", "3"))).build(), answer).getMessage())
                .contains("[output data] no output's data contains {\"order\":{\"items\":\"3\"}}");
        assertThat(failure(Expectation.builder().responseData(Map.of("kind", "status")).build(),
                answer(turn(0, "Orders", null, null, null, null))).getMessage()).contains("the outputs carried no data");
    }
}
