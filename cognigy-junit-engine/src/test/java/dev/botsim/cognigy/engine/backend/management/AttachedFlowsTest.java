package dev.botsim.cognigy.engine.backend.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one rule a flow's {@code attachedFlows} is read by, on the entries a reader may meet. */
class AttachedFlowsTest {

    private static final Flow MAIN = new Flow("f-main", "ref-main", "Main Flow", false, null);
    private static final Flow FAQ = new Flow("f-faq", "ref-faq", "FAQ", false, null);
    private static final Flow LEGACY = new Flow("f-legacy", "ref-legacy", "Legacy", false, null);
    /** A flow the list gives without a reference id. */
    private static final Flow BARE = new Flow("f-bare", "", "Bare", false, null);
    private static final List<Flow> FLOWS = List.of(FAQ, LEGACY, BARE, MAIN);

    private static AttachedFlows of(String attachedFlows) {
        JsonNode detail = JsonMapper.builder().build().readTree("{\"_id\":\"f-main\",\"attachedFlows\":" + attachedFlows + "}");
        return AttachedFlows.of(detail, MAIN, FLOWS);
    }

    @Test
    @DisplayName("the flow first, then each attached flow once in attachedFlows' order, named by reference id or _id, as a"
            + " string or an object's _id; the flow itself is never its own attached flow")
    void scope() {
        AttachedFlows read = of("[\"ref-legacy\", {\"_id\": \"f-faq\"}, \"f-legacy\", \"ref-main\", {\"_id\": \"ref-faq\"}, \"f-bare\"]");

        assertThat(read.scope()).containsExactly(MAIN, LEGACY, FAQ, BARE);
        assertThat(read.flow()).isEqualTo(MAIN);
        assertThat(read.attached()).containsExactly(LEGACY, FAQ, BARE);
        assertThat(read.unknown()).isEmpty();
    }

    @Test
    @DisplayName("an entry that is no id — blank, a number, null, an object without a string _id — names no flow, not even"
            + " one the list gives without a reference id")
    void notAnId() {
        AttachedFlows read = of("[\"\", \"  \", 7, null, {\"referenceId\": \"ref-faq\"}, {\"_id\": 3}, {}, [\"ref-faq\"]]");

        assertThat(read.scope()).containsExactly(MAIN);
        assertThat(read.unknown()).isEmpty();
    }

    @Test
    @DisplayName("an id no flow has is kept once, in its order, for the reader to say")
    void unknown() {
        AttachedFlows read = of("[\"ref-gone\", \"ref-faq\", {\"_id\": \"f-gone\"}, \"ref-gone\"]");

        assertThat(read.scope()).containsExactly(MAIN, FAQ);
        assertThat(read.unknown()).containsExactly("ref-gone", "f-gone");
    }

    @Test
    @DisplayName("attachedFlows empty, null, missing or not a list: the flow alone")
    void none() {
        for (String attached : List.of("[]", "null", "\"ref-faq\"", "{\"_id\": \"ref-faq\"}")) {
            assertThat(of(attached).scope()).as(attached).containsExactly(MAIN);
        }
        JsonNode withoutField = JsonMapper.builder().build().readTree("{\"_id\":\"f-main\"}");
        assertThat(AttachedFlows.of(withoutField, MAIN, FLOWS).scope()).containsExactly(MAIN);
    }
}
