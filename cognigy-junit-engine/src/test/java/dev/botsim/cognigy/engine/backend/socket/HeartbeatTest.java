package dev.botsim.cognigy.engine.backend.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Engine.IO 3's heartbeat on a virtual clock: the client pings every pingInterval and waits pingTimeout for the server. */
class HeartbeatTest {

    private static final long S = 1_000_000_000L;

    @Test
    @DisplayName("the first ping goes pingInterval after the open, the next pingInterval after the pong, none while one waits")
    void pingsEveryInterval() {
        Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(25), Duration.ofSeconds(5), 0);
        assertThat(heartbeat.at(24 * S)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.at(25 * S)).isEqualTo(Heartbeat.Due.PING);
        assertThat(heartbeat.at(26 * S)).isEqualTo(Heartbeat.Due.NOTHING);
        heartbeat.pong(27 * S);
        assertThat(heartbeat.at(51 * S)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.at(52 * S)).isEqualTo(Heartbeat.Due.PING);
    }

    @Test
    @DisplayName("a server that sends nothing within pingTimeout of a ping is gone; any packet in time keeps it")
    void goneWithoutAnswer() {
        Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(25), Duration.ofSeconds(5), 0);
        assertThat(heartbeat.at(25 * S)).isEqualTo(Heartbeat.Due.PING);
        assertThat(heartbeat.at(29 * S)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.at(30 * S)).isEqualTo(Heartbeat.Due.GONE);

        Heartbeat answered = new Heartbeat(Duration.ofSeconds(25), Duration.ofSeconds(5), 0);
        assertThat(answered.at(25 * S)).isEqualTo(Heartbeat.Due.PING);
        answered.received(28 * S);
        assertThat(answered.at(30 * S)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(answered.at(57 * S)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(answered.at(58 * S)).isEqualTo(Heartbeat.Due.GONE);
    }

    @Test
    @DisplayName("a pingInterval and pingTimeout beyond an hour count as an hour: no sum of them wraps round the clock and"
            + " takes the server for gone at once")
    void absurdValuesBounded() {
        Heartbeat heartbeat = new Heartbeat(Duration.ofDays(100_000), Duration.ofDays(100_000), 0);
        assertThat(heartbeat.at(S)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.at(3_600 * S)).isEqualTo(Heartbeat.Due.PING);
        assertThat(heartbeat.at(7_199 * S)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.at(7_200 * S)).isEqualTo(Heartbeat.Due.GONE);
    }
}
