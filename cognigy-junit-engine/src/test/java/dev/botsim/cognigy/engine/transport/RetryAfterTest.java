package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.HttpSettings;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;

/** {@code Retry-After} in each of its forms, an HTTP date read on the server's own clock when its answer says when it was made. */
class RetryAfterTest {

    private static final String MADE = "Tue, 24 Nov 2026 10:00:00 GMT";

    @Test
    @DisplayName("an HTTP date is the seconds from the answer's Date to it, whatever this machine's clock says: in any of"
            + " RFC 9110's three forms")
    void dateOnTheServersClock() {
        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 10:00:30 GMT", MADE)).isEqualTo("30");
        assertThat(RetryAfter.onServersClock("Tuesday, 24-Nov-26 10:02:00 GMT", MADE)).isEqualTo("120");
        assertThat(RetryAfter.onServersClock("Tue Nov 24 10:00:01 2026", MADE)).isEqualTo("1");
        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 10:00:30 GMT", "Tuesday, 24-Nov-26 10:00:00 GMT")).isEqualTo("30");
    }

    @Test
    @DisplayName("a date not after the answer's own names no wait still to come (the client's backoff applies); a delay in"
            + " seconds, or a Date or Retry-After that is no HTTP date, is left as it is")
    void leftAsItIs() {
        assertThat(RetryAfter.onServersClock(MADE, MADE)).isNull();
        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 09:59:00 GMT", MADE)).isNull();
        assertThat(RetryAfter.onServersClock("120", MADE)).isEqualTo("120");
        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 10:00:30 GMT", "yesterday")).isEqualTo("Tue, 24 Nov 2026 10:00:30 GMT");
        assertThat(RetryAfter.onServersClock("soon", MADE)).isEqualTo("soon");
        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 10:00:30 GMT", null)).isEqualTo("Tue, 24 Nov 2026 10:00:30 GMT");
        assertThat(RetryAfter.onServersClock(null, MADE)).isNull();
    }

    @Test
    @DisplayName("a Date header is the moment it names; none, a blank or an unreadable one is no moment")
    void httpDate() {
        assertThat(RetryAfter.httpDate(" " + MADE + " ")).contains(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(RetryAfter.httpDate(null)).isEmpty();
        assertThat(RetryAfter.httpDate(" ")).isEmpty();
        assertThat(RetryAfter.httpDate("24.11.2026")).isEmpty();
    }

    @Test
    @DisplayName("an answer naming its Retry-After as a date 30 s after its own Date asks for 30 s, a server's clock ten"
            + " minutes ahead of this machine's or not")
    void answerOnTheServersClock() throws Exception {
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            server.start();
            HttpTransport http = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5))));
            try {
                server.enqueue(new MockResponse.Builder().code(429).setHeader("Date", "Tue, 24 Nov 2026 10:10:00 GMT")
                        .setHeader("Retry-After", "Tue, 24 Nov 2026 10:10:30 GMT").build());
                server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "Tue, 24 Nov 2026 10:10:30 GMT").build());
                Request request = new Request.Builder().url(server.url("/api/bot/simulate")).build();
                assertThat(http.exchange(request, UnaryOperator.identity()).retryAfter()).isEqualTo("30");
                assertThat(http.exchange(request, UnaryOperator.identity()).retryAfter()).as("no Date: as the server wrote it")
                        .isEqualTo("Tue, 24 Nov 2026 10:10:30 GMT");
            } finally {
                http.close();
            }
        }
    }
}
