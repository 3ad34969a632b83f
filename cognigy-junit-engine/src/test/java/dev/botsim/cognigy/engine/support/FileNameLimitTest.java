package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FileNameLimitTest {

    @Test
    @DisplayName("a derived name that fits is the name and its suffix; one that does not keeps whole characters of its"
            + " beginning and a digest of the whole name, within the bytes left beside its partial file, the same every time")
    void fitting() {
        assertThat(FileNameLimit.fitting("orders.sim.yaml", ".cassette.json")).isEqualTo("orders.sim.yaml.cassette.json");

        String japanese = "挨拶の長い名前".repeat(11) + ".convo.txt"; // 241 bytes: the file exists, its cassette's name cannot
        String fitted = FileNameLimit.fitting(japanese, ".cassette.json");
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNameLimit.LONGEST);
        assertThat(FileNameLimit.LONGEST).isEqualTo(235);
        assertThat(fitted).startsWith("挨拶の長い名前挨拶").matches(".*~[0-9a-f]{8}\\.cassette\\.json").doesNotContain("\ufffd")
                .isEqualTo(FileNameLimit.fitting(japanese, ".cassette.json"));
        String other = "挨拶の長い名前".repeat(11) + ".convo.yml";
        assertThat(FileNameLimit.fitting(other, ".cassette.json")).isNotEqualTo(fitted);
        // Exactly at the limit stays whole; a byte more is shortened.
        String at = "x".repeat(FileNameLimit.LONGEST - ".approved.yaml".length());
        assertThat(FileNameLimit.fitting(at, ".approved.yaml")).isEqualTo(at + ".approved.yaml");
        assertThat(FileNameLimit.fitting(at + "x", ".approved.yaml")).hasSize(FileNameLimit.LONGEST).contains("~");
    }
}
