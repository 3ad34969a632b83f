package dev.botsim.cognigy.engine.backend.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** Which system slots a flow's settings enable: the API reference's switches, or a list of names. */
class SystemSlotsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @DisplayName("switches: each use<Name>Slots that is true enables that slot by Cognigy's name; false, unknown names and"
            + " other keys enable nothing")
    void switches() {
        assertThat(SystemSlots.enabled(JSON.readTree("{\"useDateSlots\":true,\"useURLSlots\":true,\"useNumberSlots\":false,"
                + "\"usePercentageSlots\":true,\"useColourSlots\":true,\"dateSlots\":true,\"useMoneySlot\":true}")))
                .containsExactly("DATE", "URL", "PERCENTAGE");
    }

    @Test
    @DisplayName("a list of names enables those of the ten, as Cognigy writes them; anything else in it is passed over")
    void listOfNames() {
        assertThat(SystemSlots.enabled(JSON.readTree("[\"NUMBER\",\"COLOUR\",3,{\"name\":\"URL\"},\"DATE\",\"email\"]")))
                .containsExactly("NUMBER", "DATE");
        assertThat(SystemSlots.enabled(JSON.readTree("[]"))).isEmpty();
        assertThat(SystemSlots.enabled(JSON.readTree("\"NUMBER\""))).isEmpty();
        assertThat(SystemSlots.enabled(MissingNode.getInstance())).isEmpty();
    }
}
