package dev.botsim.cognigy.engine.backend.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Which locale a locale's own endpoint serves, asked of the management API while tests run: one endpoint's lookup holds
 * up the tests of that endpoint only, and a test waiting for it can be cancelled.
 */
class LocaleServedByTest {

    /** Two URL tokens with the same hash code ("Aa" and "BB"): a hash map keeps them in the same bin, whatever its size. */
    private static final String GERMAN = "AaLocaleEndpointTokenCanary";
    private static final String FRENCH = "BBLocaleEndpointTokenCanary";
    private static final String FRENCH_REF = "f7e8d9c0-0000-4000-8000-000000000003";

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    /** Set free by the test: the first endpoint list asked for is answered only then. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private ManagementApiSchema schema;

    @BeforeEach
    void start() throws Exception {
        assertThat(GERMAN.hashCode()).isEqualTo(FRENCH.hashCode());
        tenant.tenantShapedLocales();
        tenant.locales.add(ManagementApiFake.map("_id", "loc-fr", "referenceId", FRENCH_REF, "name", "Français",
                "nluLanguage", "fr-FR", "primary", false));
        tenant.endpoints.add(ManagementApiFake.map("_id", "ep-de", "name", "Tests DE", "URLToken", GERMAN, "channel", "rest",
                "flowId", ManagementApiFake.MAIN_REF, "localeId", "d1e2f3a4-0000-4000-8000-000000000001",
                "entrypoint", ManagementApiFake.PROJECT, "active", true));
        tenant.endpoints.add(ManagementApiFake.map("_id", "ep-fr", "name", "Tests FR", "URLToken", FRENCH, "channel", "rest",
                "flowId", ManagementApiFake.MAIN_REF, "localeId", FRENCH_REF, "entrypoint", ManagementApiFake.PROJECT,
                "active", true));
        AtomicBoolean first = new AtomicBoolean(true);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().endsWith("/endpoints") && first.getAndSet(false)) {
                    held.countDown();
                    release.await(60, TimeUnit.SECONDS);
                }
                return tenant.dispatch(request);
            }
        });
        server.start();
        // Time limits longer than the test waits: the held request is answered, never timed out.
        schema = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                Secret.of(ManagementApiFake.KEY), ManagementApiFake.PROJECT).withHttp(HttpSettings.defaults())
                .withClock(Clock.systemUTC()).withSleeper(wait -> { }));
    }

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
        schema.close();
        server.close();
    }

    @Test
    @DisplayName("a locale's endpoint is looked up while another's lookup waits for its answer, whichever their URL tokens;"
            + " each is asked once")
    void lookupsOfTwoEndpointsDoNotWaitForEachOther() throws Exception {
        Future<Optional<String>> german = threads.submit(() -> schema.localeServedBy(GERMAN));
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the German endpoint's lookup is under way").isTrue();

        // Hung, before: the map's computeIfAbsent held the bin of both tokens over the German lookup's requests.
        Future<Optional<String>> french = threads.submit(() -> schema.localeServedBy(FRENCH));
        assertThat(french.get(10, TimeUnit.SECONDS)).contains("fr-FR");

        release.countDown();
        assertThat(german.get(30, TimeUnit.SECONDS)).contains("de-DE");
        assertThat(schema.localeServedBy(GERMAN)).contains("de-DE");
        assertThat(tenant.to("endpoints/ep-de")).as("asked once").hasSize(1);
        assertThat(tenant.to("endpoints/ep-fr")).as("asked once").hasSize(1);
    }

    @Test
    @DisplayName("a test waiting for its endpoint's lookup, which another test started, ends at once when its thread is"
            + " interrupted (a cancelled run), its interrupt flag kept; the lookup goes on for the test that started it")
    void waitingForTheLookupIsInterruptible() throws Exception {
        Future<Optional<String>> started = threads.submit(() -> schema.localeServedBy(GERMAN));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Object> waiting = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                waiting.complete(schema.localeServedBy(GERMAN));
            } catch (RuntimeException e) {
                waiting.complete(Thread.currentThread().isInterrupted() ? e : "the interrupt flag was cleared");
            }
        });
        waiter.start();
        waiter.interrupt();
        // Hung, before: a thread waiting for the map's lock cannot be interrupted.
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(BackendInterruptedException.class);

        release.countDown();
        assertThat(started.get(30, TimeUnit.SECONDS)).contains("de-DE");
    }

    @Test
    @DisplayName("a lookup ended by an interruption while it waited to retry leaves the endpoint free to look up: a later test"
            + " of that endpoint, on another thread, gets its answer instead of waiting for ever")
    void interruptedLookupLeavesTheEndpointFree() throws Exception {
        release.countDown();
        AtomicBoolean interruptOnce = new AtomicBoolean(true);
        ManagementApiSchema cancelling = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                Secret.of(ManagementApiFake.KEY), ManagementApiFake.PROJECT).withHttp(HttpSettings.defaults())
                .withClock(Clock.systemUTC()).withSleeper(wait -> {
                    if (interruptOnce.getAndSet(false)) throw new InterruptedException("cancelled");
                }));
        try {
            tenant.next.add(ManagementApiFake.problem(503, "Service Unavailable", "try again"));
            try {
                assertThatThrownBy(() -> cancelling.localeServedBy(GERMAN)).isInstanceOf(BackendInterruptedException.class);
            } finally {
                Thread.interrupted();
            }
            assertThat(threads.submit(() -> cancelling.localeServedBy(GERMAN)).get(30, TimeUnit.SECONDS)).contains("de-DE");
        } finally {
            cancelling.close();
        }
    }
}
