package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Secret}: a credential never printed, and masked wherever a text repeats it. */
class SecretTest {

    @Test
    @DisplayName("a secret prints as **** and is given only by reveal()")
    void printedMasked() {
        Secret secret = Secret.of("s3cr3t-api-key");

        assertThat(secret).hasToString("****");
        assertThat(String.valueOf(secret)).doesNotContain("s3cr3t");
        assertThat(secret.reveal()).isEqualTo("s3cr3t-api-key");
    }

    @Test
    @DisplayName("a secret of 8 characters or more is masked wherever it stands; one of 7 is left alone")
    void maskedFromEightCharacters() {
        assertThat(Secret.maskable("12345678")).isTrue();
        assertThat(Secret.maskable("1234567")).isFalse();
        assertThat(Secret.mask("key 12345678 and 12345678.", "12345678")).isEqualTo("key **** and ****.");
        assertThat(Secret.mask("key 1234567", "1234567")).isEqualTo("key 1234567");
    }

    @Test
    @DisplayName("masked ignoring case: every spelling of it, side by side, at either end; a text without it is the same text")
    void maskedIgnoringCase() {
        String token = "ab12cd34ef";

        assertThat(Secret.maskIgnoringCase("AB12CD34EF", token)).isEqualTo("****");
        assertThat(Secret.maskIgnoringCase("url /AB12CD34EF/x?t=ab12Cd34efab12cd34ef", token)).isEqualTo("url /****/x?t=********");
        assertThat(Secret.maskIgnoringCase("ends with ab12cd34eF", token)).isEqualTo("ends with ****");
        assertThat(Secret.maskIgnoringCase("ab12cd34e", token)).isEqualTo("ab12cd34e");
        String untouched = "nothing secret here";
        assertThat(Secret.maskIgnoringCase(untouched, token)).isSameAs(untouched);
        assertThat(Secret.maskIgnoringCase("short ABCDEFG", "abcdefg")).isEqualTo("short ABCDEFG");
        assertThat(Secret.maskIgnoringCase("ABCDEFGH", "abcdefgh")).isEqualTo("****");
    }

    @Test
    @DisplayName("masked ignoring case, an occurrence overlapping the one masked before it is no occurrence left: aaaa…"
            + " of a secret of a's is masked from the start, the rest kept")
    void maskedIgnoringCaseOverlapping() {
        assertThat(Secret.maskIgnoringCase("AAAAAAAAAA", "aaaaaaaa")).isEqualTo("****AA");
    }

    @Test
    @DisplayName("the first refused character is named by its code point and its place counted as a reader counts, never"
            + " the value; none refused, nothing said")
    void firstRefused() {
        assertThat(Secret.firstRefused("key\u00a0value", c -> c < 0x80)).hasValue("the character U+00A0 at position 4");
        assertThat(Secret.firstRefused("\uD83D\uDE00x\u0007", c -> c != 7)).hasValue("the character U+0007 at position 3");
        assertThat(Secret.firstRefused("a\uD83D\uDE00", c -> c < 0x80)).hasValue("the character U+1F600 at position 2");
        assertThat(Secret.firstRefused("plain-ascii-key", c -> c < 0x80)).isEmpty();
        assertThat(Secret.firstRefused("", c -> false)).isEmpty();
    }
}
