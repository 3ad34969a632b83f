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

    @Test
    @DisplayName("texts of 60 characters are read whole, one of 61 is pointed at")
    void sixtyCharactersAreShort() {
        String sixty = "a".repeat(59) + "b";
        assertThat(FirstDifference.of(sixty, "a".repeat(59) + "c")).isEmpty();
        assertThat(FirstDifference.of(sixty + "b", "a".repeat(59) + "cb")).hasValueSatisfying(d -> assertThat(d.at()).isEqualTo(60));
        assertThat(FirstDifference.of(sixty, sixty + "b")).hasValueSatisfying(d -> assertThat(d.at()).isEqualTo(61));
    }

    @Test
    @DisplayName("a difference near the start shows the texts from their beginning, one near the end to their end, without …")
    void differenceNearEitherEnd() {
        String approved = POLICY.formatted("14");
        FirstDifference start = FirstDifference.of("Your" + approved.substring(3), approved).orElseThrow();
        assertThat(start.at()).isEqualTo(1);
        assertThat(start.approved()).startsWith("Your return policy").endsWith("…");
        assertThat(start.answered()).startsWith("Our return policy").endsWith("…");

        FirstDifference end = FirstDifference.of(approved, approved.replace("attached.", "attached!")).orElseThrow();
        assertThat(end.at()).isEqualTo(approved.length());
        assertThat(end.approved()).startsWith("…").endsWith("all tags attached.");
        assertThat(end.answered()).startsWith("…").endsWith("all tags attached!");

        FirstDifference cut = FirstDifference.of(approved + " Sale items cannot be returned.", approved).orElseThrow();
        assertThat(cut.at()).isEqualTo(approved.length() + 1);
        assertThat(cut.approved()).startsWith("…").endsWith("attached. Sale items cannot be returned.");
        assertThat(cut.answered()).startsWith("…").endsWith("attached.");

        FirstDifference grew = FirstDifference.of(approved, approved + "x").orElseThrow();
        assertThat(grew.approved()).startsWith("…").endsWith("attached.");
        assertThat(grew.answered()).startsWith("…").endsWith("attached.x");
    }
}
