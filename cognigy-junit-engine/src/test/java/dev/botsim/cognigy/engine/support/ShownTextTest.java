package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ShownText}: a chat answer written with HTML as Webchat shows it, and every other text as written. */
class ShownTextTest {

    @Test
    @DisplayName("tags of HTML's elements are left out, their text kept; <br> and the bounds of blocks a line break, a"
            + " table cell's a space; scripts, styles and comments left out with what they hold; white space collapsed")
    void tagsAsAChatShowsThem() {
        assertThat(ShownText.of("a <b>full</b> <STRONG class=\"x\">refund</STRONG>")).isEqualTo("a full refund");
        assertThat(ShownText.of("Read our <a href=\"https://shop.example/refund\" target=\"_blank\">policy</a>.<br/>Bye"))
                .isEqualTo("Read our policy.\nBye");
        assertThat(ShownText.of("<p>Hello</p>\n\n<p>Your options:</p><ul><li>Voucher</li><li>Store credit</li></ul>"))
                .isEqualTo("Hello\nYour options:\nVoucher\nStore credit");
        assertThat(ShownText.of("<table><tr><td>Total</td><td>$42</td></tr></table>")).isEqualTo("Total $42");
        assertThat(ShownText.of("Hi<script>alert('refund')</script><style>b{color:red}</style><!-- refund --> there"))
                .isEqualTo("Hi there");
        assertThat(ShownText.of("ful<i>l</i>   refund")).isEqualTo("full refund");
    }

    @Test
    @DisplayName("HTML's references a bot sends are decoded: the named ones of typography, currency and accented letters,"
            + " XML's five and numeric ones; an unknown one stays as written")
    void references() {
        assertThat(ShownText.of("we can&#39;t &amp; won&rsquo;t &ndash; &euro;5&nbsp;off, &#x2014; caf&eacute; &bogus; AT&T"))
                .isEqualTo("we can't & won’t – €5\u00A0off, — café &bogus; AT&T");
        assertThat(ShownText.holdsHtml("can&#39;t")).isTrue();
    }

    @Test
    @DisplayName("a numeric reference is decimal or hexadecimal ASCII digits alone: a sign or another script's digits make"
            + " it none, shown as written, as a browser shows it")
    void numericReferencesOfAsciiDigitsAlone() {
        for (String text : List.of("&#+65;", "&#x+41;", "&#-65;", "&#x-41;", "&#\u0666\u0665;", "&#x\uFF14\uFF11;",
                "Code &#+65; here")) {
            assertThat(ShownText.of(text)).as(text).isSameAs(text);
        }
        assertThat(ShownText.of("&#65;&#x42;&#X43;&#0067;")).isEqualTo("ABCC");
    }

    @Test
    @DisplayName("a text without HTML is shown as written, the same object: a < that starts no element's tag, a bracketed"
            + " word, an & that starts no known reference, Markdown and SSML")
    void plainTextAsWritten() {
        for (String text : List.of("Is a < b? Yes, if b > a.", "I <3 you", "Your order <ORD_99> has shipped",
                "Dear <customer name>, hi", "Tom & Jerry; R&D", "a **full** refund", "Type <script to see",
                "<speak>Hello</speak>", "x<y>z", "two  spaces\nand a line")) {
            assertThat(ShownText.of(text)).as(text).isSameAs(text);
            assertThat(ShownText.holdsHtml(text)).as(text).isFalse();
        }
        assertThat(ShownText.of(null)).isNull();
    }

    @Test
    @DisplayName("an answer of 1 MiB of '<' with no '>', of element tags never closed, or of '&' with no ';' is read in"
            + " one pass")
    void oneMebibyteWithoutEnds() {
        String angles = "<".repeat(1 << 20);
        String unclosed = "<b".repeat(1 << 19);
        String refusedBeforeOne = "<x".repeat(1 << 19) + ">";
        String ampersands = "&".repeat(1 << 20);

        List<String> shown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> List.of(ShownText.of(angles),
                ShownText.of(unclosed), ShownText.of(refusedBeforeOne), ShownText.of(ampersands)));

        assertThat(shown.get(0)).isSameAs(angles);
        assertThat(shown.get(1)).isSameAs(unclosed);
        assertThat(shown.get(2)).isSameAs(refusedBeforeOne);
        assertThat(shown.get(3)).isSameAs(ampersands);
    }
}
