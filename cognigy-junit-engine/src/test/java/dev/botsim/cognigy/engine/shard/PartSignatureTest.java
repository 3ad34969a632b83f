package dev.botsim.cognigy.engine.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.support.HmacSha256;

/** {@link PartSignature#check}: only the MAC of the part's exact bytes under the key is valid. */
class PartSignatureTest {

    private static final byte[] KEY = "shard-key-of-the-run".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PART = "{\"run_id\":\"run-42\",\"records\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    @DisplayName("the part's MAC under the key is valid; another key's, a changed part's or text that is no MAC is a"
            + " mismatch; no signature file is unsigned")
    void validOnlyForThePartsBytesUnderTheKey(@TempDir Path dir) throws Exception {
        Path part = dir.resolve(RunPart.FILE_NAME);
        assertThat(PartSignature.signed(part)).isFalse();
        assertThat(PartSignature.check(part, PART, KEY)).isEqualTo(PartSignature.Status.UNSIGNED);

        PartSignature.write(part, HmacSha256.of(KEY, PART));

        assertThat(PartSignature.signed(part)).isTrue();
        assertThat(PartSignature.check(part, PART, KEY)).isEqualTo(PartSignature.Status.VALID);
        assertThat(PartSignature.check(part, PART, "another-key".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(PartSignature.Status.MISMATCH);
        byte[] changed = "{\"run_id\":\"run-42\",\"records\":[1]}".getBytes(StandardCharsets.UTF_8);
        assertThat(PartSignature.check(part, changed, KEY)).isEqualTo(PartSignature.Status.MISMATCH);

        Files.writeString(PartSignature.of(part), "hmac-sha256:not-hex\n");
        assertThat(PartSignature.check(part, PART, KEY)).isEqualTo(PartSignature.Status.MISMATCH);
    }

    @Test
    @DisplayName("a signature padded with spaces to exactly the most read is still read; one byte more is a mismatch")
    void sizeLimit(@TempDir Path dir) throws Exception {
        Path part = dir.resolve(RunPart.FILE_NAME);
        String signature = HmacSha256.text(HmacSha256.of(KEY, PART)) + "\n";
        String padded = signature + " ".repeat(PartSignature.MAX_BYTES - signature.length());

        Files.writeString(PartSignature.of(part), padded, StandardCharsets.US_ASCII);
        assertThat(PartSignature.check(part, PART, KEY)).isEqualTo(PartSignature.Status.VALID);
        Files.writeString(PartSignature.of(part), padded + " ", StandardCharsets.US_ASCII);
        assertThat(PartSignature.check(part, PART, KEY)).isEqualTo(PartSignature.Status.MISMATCH);
    }
}
