package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link BotiumPattern}: the parts of a Botium pattern searched in each output, marked and found again. */
class BotiumPatternTest {

    @Test
    @DisplayName("a marked part is a valid pattern meaning the same in the answer as a whole; resolved, it is an empty group"
            + " where it was found and a group that never matches where not, the rest kept as written")
    void resolvedByWhatEachPartFound() {
        String pattern = "(?s)^(?=.*?(?:" + BotiumPattern.perOutput("a[\\s\\S]b") + "))(?!.*?(?:" + BotiumPattern.perOutput("c+")
                + "))(?=.*?\\Qd\\E)";
        List<String> asked = new ArrayList<>();

        String resolved = BotiumPattern.resolved(pattern, part -> asked.add(part) && part.startsWith("a"));

        assertThat(Pattern.compile(pattern).matcher("a\nb d").find()).isTrue();
        assertThat(asked).containsExactly("a[\\s\\S]b", "c+");
        assertThat(resolved).isEqualTo("(?s)^(?=.*?(?:(?:)))(?!.*?(?:(?!)))(?=.*?\\Qd\\E)");
        assertThat(BotiumPattern.marksAny(pattern)).isTrue();
    }

    @Test
    @DisplayName("a mark's text inside a part or inside a quoted text is no mark: a part is skipped by its length, a quoted"
            + " text to its \\E")
    void markTextInsideAPartOrAQuotedTextIsNoMark() {
        String inPart = BotiumPattern.perOutput("x(?=|per-output 1)y");
        String quoted = ".*?" + Pattern.quote("(?=|per-output 1)z");
        List<String> asked = new ArrayList<>();

        String resolved = BotiumPattern.resolved(quoted + inPart, part -> asked.add(part));

        assertThat(asked).containsExactly("x(?=|per-output 1)y");
        assertThat(resolved).isEqualTo(quoted + "(?:)");
        assertThat(BotiumPattern.marksAny(quoted)).isFalse();
        assertThat(BotiumPattern.resolved(quoted, part -> true)).isEqualTo(quoted);
    }

    @Test
    @DisplayName("a part written decomposed (u and U+0308) is marked by its composed length, as the expectation holds it")
    void composedLength() {
        String marked = BotiumPattern.perOutput("gru\u0308n");

        assertThat(marked).isEqualTo("(?=|per-output 4)gr\u00FCn");
        assertThat(BotiumPattern.resolved(marked, part -> part.equals("gr\u00FCn"))).isEqualTo("(?:)");
    }

    @Test
    @DisplayName("a mark that does not read as written (a length past the end) leaves the pattern as it is")
    void unreadableMarkLeavesThePattern() {
        String broken = "(?=|per-output 99)ab";

        assertThat(BotiumPattern.marksAny(broken)).isFalse();
        assertThat(BotiumPattern.resolved(broken, part -> false)).isEqualTo(broken);
    }

    @Test
    @DisplayName("a pattern is shown without its marks, its parts and quoted texts whole (a mark's text inside them kept):"
            + " it means the same, the marks always holding")
    void shownWithoutItsMarks() {
        String quoted = ".*?" + Pattern.quote("(?=|per-output 1)z");
        String pattern = "(?s)^(?=" + quoted + BotiumPattern.perOutput("x(?=|per-output 1)y") + ")(?!"
                + BotiumPattern.perOutput("c+") + ")";

        String shown = BotiumPattern.shown(pattern);

        assertThat(shown).isEqualTo("(?s)^(?=" + quoted + "x(?=|per-output 1)y)(?!c+)");
        assertThat(Pattern.compile(shown).matcher("(?=|per-output 1)zxy").find())
                .isEqualTo(Pattern.compile(pattern).matcher("(?=|per-output 1)zxy").find()).isTrue();
        assertThat(BotiumPattern.shown(quoted)).isSameAs(quoted);
        assertThat(BotiumPattern.shown(null)).isNull();
    }
}
