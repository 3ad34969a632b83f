package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Tags}: markup replaced in one pass, as the regular expressions it stands for replace it. */
class TagsTest {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BREAKING_TAG = Pattern.compile("<p[^>]*>|</p>|<br[^>]*>");
    private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("(?is)<(script|style)\\b.*?</\\1>");

    private static final String[] PARTS = {"<", ">", "</", "p", "br", "b", "x", " ", "\n", "<p>", "</p>", "<br/>", "<script>",
            "</script>", "<SCRIPT ", "</Script>", "<style>", "</style>", "<scripts>", "script", "style", "<style\n", "ı", "ſ",
            "_", "1", "é"};

    private static String random(Random random) {
        StringBuilder text = new StringBuilder();
        for (int k = random.nextInt(16); k >= 0; k--) text.append(PARTS[random.nextInt(PARTS.length)]);
        return text.toString();
    }

    @Test
    @DisplayName("on 30,000 texts of tags, parts of tags, scripts, styles and their end tags in any case, each replacement"
            + " gives what its regular expression gives")
    void asTheRegularExpressions() {
        Random random = new Random(20261206);
        for (int n = 0; n < 30_000; n++) {
            String text = random(random);
            assertThat(Tags.replaced(text, tag -> true, " ")).as(text).isEqualTo(TAG.matcher(text).replaceAll(" "));
            assertThat(Tags.replaced(text, tag -> tag.charAt(1) == 'p' || tag.toString().equals("</p>")
                    || tag.length() > 2 && tag.charAt(1) == 'b' && tag.charAt(2) == 'r', "|")).as(text)
                    .isEqualTo(BREAKING_TAG.matcher(text).replaceAll("|"));
            assertThat(Tags.withoutScriptsAndStyles(text, "#")).as(text).isEqualTo(SCRIPT_OR_STYLE.matcher(text).replaceAll("#"));
        }
    }

    @Test
    @DisplayName("a text of 1 MiB of '<' and openings of scripts and styles without an end, or of '<' refused before one '>',"
            + " is read in one pass: the regular expressions searched on to its end from each '<'")
    void manyOpeningsWithoutAnEnd() {
        String angles = "a<".repeat(1 << 19);
        String scripts = "<script x".repeat(1 << 16) + "<style".repeat(1 << 16);
        // One '>' at the end, and every '<' before it refused (Botium's first pass takes only <p…>, </p>, <br…>).
        String refused = "a<".repeat(1 << 19) + ">";

        List<String> replaced = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> List.of(
                Tags.replaced(angles, tag -> true, " "), Tags.withoutScriptsAndStyles(scripts, " "),
                Tags.replaced(scripts, tag -> true, " "), Tags.replaced(refused, tag -> false, " ")));

        assertThat(replaced.get(0)).isSameAs(angles);
        assertThat(replaced.get(1)).isSameAs(scripts);
        assertThat(replaced.get(2)).isSameAs(scripts);
        assertThat(replaced.get(3)).isSameAs(refused);
    }
}
