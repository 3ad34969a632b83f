package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.engine.transport.JvmProperties;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The webhook delivery behind the JVM's proxy, as a CI runner reaches a QA platform outside its network. */
class WebhookBehindProxyTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    @DisplayName("a receiver reached through the JVM's proxy, which asks for credentials none were given for: one attempt,"
            + " no backoff, and the problem names -Dhttps.proxyUser; the payload waits in the outbox as after any failure")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void proxyAsksForCredentials() throws Exception {
        MutableClock clock = new MutableClock();
        List<Duration> slept = new CopyOnWriteArrayList<>();
        try (MockWebServer proxy = LoopbackServers.mockWebServer()) {
            proxy.start();
            proxy.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
            try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy)) {
                WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl("https://qa.bank.test/hooks/cognigy")
                        .withTimeout(Duration.ofSeconds(2)).withMaxAttempts(5), new WebhookSigner(SECRET), clock, d -> {
                            slept.add(d);
                            clock.advance(d);
                        }, VirtualTicker.of(clock));
                try {
                    WebhookDelivery.Result result = delivery.deliver("msg_batch_proxy", "{}".getBytes(StandardCharsets.UTF_8),
                            delivery.deadline(Duration.ofSeconds(60)));
                    assertThat(result.status()).isEqualTo(WebhookDelivery.Status.FAILED);
                    assertThat(result.problem()).startsWith("the proxy " + proxy.getHostName() + ":" + proxy.getPort()
                            + " asks for credentials").contains("-Dhttps.proxyUser=<user>").doesNotContain("after 2 attempts");
                } finally {
                    delivery.close();
                }
            }
            RecordedRequest connect = proxy.takeRequest(5, TimeUnit.SECONDS);
            assertThat(connect.getRequestLine()).isEqualTo("CONNECT qa.bank.test:443 HTTP/1.1");
            assertThat(proxy.getRequestCount()).isEqualTo(1);
        }
        assertThat(slept).as("backoffs").isEmpty();
    }
}
