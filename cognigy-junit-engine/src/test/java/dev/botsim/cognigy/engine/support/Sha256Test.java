package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Sha256}: how the audit record, data files, cassettes and shards name content. */
class Sha256Test {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the digest of \"abc\" is FIPS 180-2's, in lower-case hex")
    void hex() {
        assertThat(Sha256.hex(bytes("abc"))).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.digest(bytes("abc"))).hasSize(32);
    }

    @Test
    @DisplayName("a text file checked out with CR LF names the same content as with LF; a file with LF only, as its bytes")
    void crlfAsLf() {
        String lf = "utterance: hi\nexpect:\n  intent: greet\n";

        assertThat(Sha256.ofText(bytes(lf.replace("\n", "\r\n")))).isEqualTo(Sha256.hex(bytes(lf)));
        assertThat(Sha256.ofText(bytes(lf))).isEqualTo(Sha256.hex(bytes(lf)));
        assertThat(Sha256.ofText(bytes("a\r\nb"))).isEqualTo(Sha256.hex(bytes("a\nb")));
    }

    @Test
    @DisplayName("a lone CR is kept, as git keeps it: at the end, before another CR, and beside a CR LF")
    void loneCrKept() {
        assertThat(Sha256.ofText(bytes("a\r"))).isEqualTo(Sha256.hex(bytes("a\r")));
        assertThat(Sha256.ofText(bytes("a\rb"))).isEqualTo(Sha256.hex(bytes("a\rb")));
        assertThat(Sha256.ofText(bytes("a\r\r\nb\r"))).isEqualTo(Sha256.hex(bytes("a\r\nb\r")));
        assertThat(Sha256.ofText(bytes("\r\n"))).isEqualTo(Sha256.hex(bytes("\n")));
    }
}
