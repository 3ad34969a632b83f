package dev.botsim.cognigy.engine.backend.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** The times the management API gives its resources: seconds as its reference types them, milliseconds, ISO text. */
class TimestampsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode node(String json) {
        return JSON.readTree(json);
    }

    @Test
    @DisplayName("a number is seconds below 10^11 and milliseconds from 10^11 on: the largest number read as seconds is in the"
            + " year 5138, 10^11 itself is March 1973 in milliseconds")
    void secondsOrMillisecondsAtTheBoundary() {
        assertThat(Timestamps.instant(node("1764000000"))).contains(Instant.parse("2025-11-24T16:00:00Z"));
        assertThat(Timestamps.instant(node("1764000000000"))).contains(Instant.parse("2025-11-24T16:00:00Z"));
        assertThat(Timestamps.instant(node("99999999999"))).contains(Instant.ofEpochSecond(99_999_999_999L));
        assertThat(Timestamps.instant(node("100000000000"))).contains(Instant.parse("1973-03-03T09:46:40Z"));
        assertThat(Timestamps.instant(node("1764000000.25"))).contains(Instant.parse("2025-11-24T16:00:00.250Z"));
    }

    @Test
    @DisplayName("ISO-8601 text is read with its surrounding blanks; blank text, other text, null and an absent field are no time")
    void textAndNothing() {
        assertThat(Timestamps.instant(node("\" 2024-06-01T12:00:00.000Z \""))).contains(Instant.parse("2024-06-01T12:00:00Z"));
        assertThat(Timestamps.instant(node("\"  \""))).isEmpty();
        assertThat(Timestamps.instant(node("\"yesterday\""))).isEmpty();
        assertThat(Timestamps.instant(node("null"))).isEmpty();
        assertThat(Timestamps.instant(MissingNode.getInstance())).isEmpty();
    }
}
