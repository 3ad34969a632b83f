package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HmacSha256}: the MAC that signs the webhook's payloads, the outbox's entries and a split run's parts. */
class HmacSha256Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 4231, test case 2: the key "Jefe", the data "what do ya want for nothing?". */
    private static final byte[] KEY = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    private static final String MAC = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    @DisplayName("the MAC of the parts is RFC 4231's of their concatenation, however the bytes are split")
    void ofParts() {
        assertThat(HEX.formatHex(HmacSha256.of(KEY, DATA))).isEqualTo(MAC);
        assertThat(HEX.formatHex(HmacSha256.of(KEY, Arrays.copyOf(DATA, 4), Arrays.copyOfRange(DATA, 4, DATA.length))))
                .isEqualTo(MAC);
        assertThat(HEX.formatHex(HmacSha256.of("Jeff".getBytes(StandardCharsets.US_ASCII), DATA))).isNotEqualTo(MAC);
    }

    @Test
    @DisplayName("a stream signed as it is written passes every byte on and gives the MAC of all of them, written one by"
            + " one or as a slice of an array")
    void writing() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] padded = new byte[DATA.length + 4];
        System.arraycopy(DATA, 1, padded, 2, DATA.length - 1);

        HmacSha256.Writing out = HmacSha256.writing(KEY, file);
        out.write(DATA[0]);
        out.write(padded, 2, DATA.length - 1);

        assertThat(file.toByteArray()).isEqualTo(DATA);
        assertThat(HEX.formatHex(out.mac())).isEqualTo(MAC);
    }

    @Test
    @DisplayName("a MAC is written hmac-sha256:<lower-case hex> and read back; another prefix, no hex or nothing is no MAC")
    void text() {
        byte[] mac = HmacSha256.of(KEY, DATA);

        assertThat(HmacSha256.text(mac)).isEqualTo("hmac-sha256:" + MAC);
        assertThat(HmacSha256.fromText("hmac-sha256:" + MAC)).hasValueSatisfying(read -> assertThat(read).isEqualTo(mac));
        assertThat(HmacSha256.fromText("sha256:" + MAC)).isEmpty();
        assertThat(HmacSha256.fromText("hmac-sha256:" + MAC.substring(1))).isEmpty();
        assertThat(HmacSha256.fromText("hmac-sha256:xyz0")).isEmpty();
        assertThat(HmacSha256.fromText(null)).isEmpty();
    }

    @Test
    @DisplayName("two MACs match only when every byte is the same")
    void matches() {
        byte[] mac = HmacSha256.of(KEY, DATA);
        byte[] last = mac.clone();
        last[last.length - 1] ^= 1;

        assertThat(HmacSha256.matches(mac, mac.clone())).isTrue();
        assertThat(HmacSha256.matches(mac, last)).isFalse();
        assertThat(HmacSha256.matches(mac, Arrays.copyOf(mac, 16))).isFalse();
    }
}
