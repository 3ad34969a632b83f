package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An approved paragraph and the bot's new one differ by a word: the failure quotes both whole and then says where they
 * first differ, so nobody hunts for "14" against "30" across two quotes of 400 characters.
 */
class FirstDifferenceTest {

    private static final String POLICY = "Our return policy: you can return any unused item within %s days of delivery for a"
            + " full refund. Items must be in their original packaging with all tags attached.";

    @Test
    @DisplayName("two long texts: a second line gives the character where they first differ and each text around it")
    void longTexts() {
        ApprovedAnswer approved = new ApprovedAnswer(Map.of("text", POLICY.formatted("14")));
        ApprovedAnswer now = new ApprovedAnswer(Map.of("text", POLICY.formatted("30")));

        List<ApprovedAnswer.Difference> differences = approved.differences(now, List.of("text"));

        assertThat(differences).singleElement().extracting(ApprovedAnswer.Difference::describe).asString()
                .startsWith("text: approved \"Our return policy")
                .endsWith("\n  first difference at character 58: approved \"…return any unused item within 14 days of delivery"
                        + " for a full…\", the bot answered \"…return any unused item within 30 days of delivery for a full…\"");
    }

    @Test
    @DisplayName("short texts and other fields are read at a glance: no pointer; a text that only grew is pointed at its end")
    void shortTextsAndGrowth() {
        ApprovedAnswer approved = new ApprovedAnswer(Map.of("text", "Hello!", "intent", "greeting"));
        ApprovedAnswer now = new ApprovedAnswer(Map.of("text", "Hi!", "intent", "welcome"));

        assertThat(approved.differences(now, List.of("intent", "text"))).extracting(ApprovedAnswer.Difference::describe)
                .containsExactly("intent: approved \"greeting\", the bot answered \"welcome\"",
                        "text: approved \"Hello!\", the bot answered \"Hi!\"");
        String longer = POLICY.formatted("30");
        assertThat(new ApprovedAnswer(Map.of("text", longer)).differences(new ApprovedAnswer(Map.of("text", longer
                + " Sale items cannot be returned.")), List.of("text"))).singleElement()
                .extracting(ApprovedAnswer.Difference::describe).asString()
                .endsWith("\n  first difference at character " + (longer.length() + 1) + ": approved \"…packaging with all"
                        + " tags attached.\", the bot answered \"…packaging with all tags attached. Sale items cannot be returned.\"");
    }
}
