package dev.botsim.cognigy.engine.backend.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.generated.GeneratedPlaybook;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/** The sweep of generated playbooks a killed run left, against the playbook list as Cognigy's API reference gives it. */
class TemporaryPlaybooksTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile List<Map<String, Object>> listed = List.of();
    /** The {@code Date} header the tenant's answers carry, its clock's time; none when {@code null}. */
    private volatile Instant tenantDate;
    /** How a create ({@code POST playbooks}) is answered; by default 201 with a new playbook's {@code _id}. */
    private volatile java.util.function.Function<String, MockResponse> createAnswer = name -> new MockResponse.Builder().code(201)
            .setHeader("Content-Type", "application/json").body("{\"_id\":\"pb-made\",\"name\":\"" + name + "\"}").build();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private ManagementClient client;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request.getMethod() + " " + request.getUrl().encodedPath());
                if (request.getMethod().equals("POST") && request.getUrl().encodedPath().equals("/new/v2.0/playbooks")) {
                    String name = json.readTree(request.getBody().utf8()).path("name").asString();
                    return createAnswer.apply(name);
                }
                if (request.getMethod().equals("DELETE")) {
                    deleted.add(request.getUrl().encodedPath().substring("/new/v2.0/playbooks/".length()));
                    return new MockResponse.Builder().code(204).build();
                }
                MockResponse.Builder list = new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body(json.writeValueAsString(Map.of("items", listed, "total", listed.size())));
                if (tenantDate != null) {
                    list.setHeader("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            tenantDate.atOffset(java.time.ZoneOffset.UTC)));
                }
                return list.build();
            }
        });
        server.start();
        client = ManagementClient.open(ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of("k-1"), "proj1")
                .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withClock(clock));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static Map<String, Object> playbook(String id, String name, Object createdAt) {
        return Map.of("_id", id, "name", name, "createdAt", createdAt, "lastChanged", createdAt, "createdBy", "u-1",
                "lastChangedBy", "u-1");
    }

    @Test
    @DisplayName("createdAt as the API reference gives it, an integer Unix timestamp in seconds: another run's playbook made"
            + " five minutes ago is left, a killed run's of two hours ago is deleted")
    void unixSeconds() {
        long now = clock.instant().getEpochSecond();
        listed = List.of(playbook("pb-running", "cognigy-junit/batch_running/test_other", now - 300),
                playbook("pb-killed", "cognigy-junit/batch_killed/test_left", now - 7200),
                playbook("pb-team", "Order status", now - 7200));

        List<String> swept = new TemporaryPlaybooks(client, "proj1", clock).sweep();

        assertThat(deleted).containsExactly("pb-killed");
        assertThat(swept).containsExactly("cognigy-junit/batch_killed/test_left");
    }

    @Test
    @DisplayName("a playbook's age is on the tenant's clock, as its answer's Date says: this machine's clock two hours ahead"
            + " leaves another run's playbook made five minutes ago, and two hours behind still sweeps a killed run's")
    void ageOnTheTenantsClock() {
        Instant tenantNow = clock.instant().minus(Duration.ofHours(2));
        tenantDate = tenantNow;
        long now = tenantNow.getEpochSecond();
        listed = List.of(playbook("pb-running", "cognigy-junit/batch_running/test_other", now - 300),
                playbook("pb-killed", "cognigy-junit/batch_killed/test_left", now - 7200));

        new TemporaryPlaybooks(client, "proj1", clock).sweep();
        assertThat(deleted).containsExactly("pb-killed");

        deleted.clear();
        tenantNow = clock.instant().plus(Duration.ofHours(2));
        tenantDate = tenantNow;
        listed = List.of(playbook("pb-killed-too", "cognigy-junit/batch_killed/test_late", tenantNow.getEpochSecond() - 5400));
        new TemporaryPlaybooks(client, "proj1", clock).sweep();
        assertThat(deleted).containsExactly("pb-killed-too");
    }

    @Test
    @DisplayName("createdAt in epoch milliseconds or ISO-8601 text is read as such")
    void millisAndIso() {
        long now = clock.instant().toEpochMilli();
        listed = List.of(playbook("pb-ms-recent", "cognigy-junit/a/t", now - 300_000),
                playbook("pb-ms-old", "cognigy-junit/b/t", now - 7_200_000),
                playbook("pb-iso-recent", "cognigy-junit/c/t", clock.instant().minusSeconds(300).toString()),
                playbook("pb-iso-old", "cognigy-junit/d/t", clock.instant().minusSeconds(7200).toString()));

        new TemporaryPlaybooks(client, "proj1", clock).sweep();

        assertThat(deleted).containsExactlyInAnyOrder("pb-ms-old", "pb-iso-old");
    }

    private static GeneratedPlaybook oneStep(String testId) {
        return new GeneratedPlaybook(testId, List.of(new GeneratedPlaybook.Step(testId, "where is my order", Map.of(),
                dev.botsim.cognigy.spi.Expectation.NONE, List.of())));
    }

    @Test
    @DisplayName("a create the tenant acted on but answered 502 (its answer lost): the playbook it made is found by its name and"
            + " deleted at once, not left in the project's Playbooks for a later run's sweep; another run's of the same test"
            + " name is left")
    void createWithLostAnswerLeavesNoPlaybook() {
        long now = clock.instant().getEpochSecond();
        createAnswer = name -> {
            // Made at the tenant, then the gateway's error in place of the answer.
            listed = List.of(playbook("pb-orphan", name, now), playbook("pb-other-run", "cognigy-junit/batch_other/test_order", now),
                    playbook("pb-team", "Order status", now - 7200));
            return new MockResponse.Builder().code(502).body("Bad Gateway").build();
        };
        TemporaryPlaybooks temporary = new TemporaryPlaybooks(client, "proj1", clock);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> temporary.create(oneStep("test_order"), "batch_1"))
                .isInstanceOf(dev.botsim.cognigy.engine.backend.BackendException.class).hasMessageContaining("502");

        assertThat(deleted).containsExactly("pb-orphan");
        assertThat(temporary.live()).isEmpty();
    }

    @Test
    @DisplayName("a create the tenant refused (400) made nothing: no playbook is looked for or deleted")
    void refusedCreateLooksForNothing() {
        createAnswer = name -> new MockResponse.Builder().code(400).setHeader("Content-Type", "application/problem+json")
                .body("{\"status\":400,\"title\":\"Bad Request\",\"detail\":\"timeout must be at least 1\"}").build();
        TemporaryPlaybooks temporary = new TemporaryPlaybooks(client, "proj1", clock);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> temporary.create(oneStep("test_order"), "batch_1"))
                .isInstanceOf(dev.botsim.cognigy.engine.backend.BackendException.class);

        assertThat(requests).containsExactly("POST /new/v2.0/playbooks");
        assertThat(deleted).isEmpty();
    }

    /** Holds the tenant's answer to every create until {@code release} opens; {@code arrived} opens when one is asked. */
    private void holdCreates(CountDownLatch arrived, CountDownLatch release) {
        java.util.function.Function<String, MockResponse> answer = createAnswer;
        createAnswer = name -> {
            arrived.countDown();
            try {
                release.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer.apply(name);
        };
    }

    /** Bounds a wait that only a broken implementation reaches; never a measurement. */
    private static final long GENEROUS_SECONDS = 10;

    @Test
    @DisplayName("a create still out when the run closes (a cancelled run's clean-up): close waits for its answer and the"
            + " playbook it made is deleted, not left in the project's Playbooks for a later run's sweep")
    void createAnsweredWhileClosingIsDeleted() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdCreates(arrived, release);
        TemporaryPlaybooks temporary = new TemporaryPlaybooks(client, "proj1", clock);
        CompletableFuture<Playbook> created = CompletableFuture.supplyAsync(() -> temporary.create(oneStep("test_order"), "batch_1"));
        assertThat(arrived.await(GENEROUS_SECONDS, TimeUnit.SECONDS)).as("the create reached the tenant").isTrue();

        Thread closing = new Thread(temporary::close, "closing");
        closing.start();
        // The answer comes once close has begun: it has returned, or it is waiting for the create.
        Awaitility.await().atMost(Duration.ofSeconds(GENEROUS_SECONDS)).until(() -> closing.getState() == Thread.State.TERMINATED
                || closing.getState() == Thread.State.TIMED_WAITING);
        release.countDown();
        closing.join(GENEROUS_SECONDS * 1000);

        assertThat(closing.isAlive()).as("close returned").isFalse();
        assertThat(deleted).as("deleted by the time close returned").containsExactly("pb-made");
        assertThat(temporary.live()).isEmpty();
        assertThatThrownBy(() -> created.get(GENEROUS_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(BackendException.class)
                .hasMessageContaining("closed");
        assertThat(requests).as("no step is added to a playbook of a closed run").doesNotContain("POST /new/v2.0/playbooks/pb-made/steps");
    }

    @Test
    @DisplayName("a create whose thread is interrupted (the run cancelled) while its request is out ends at once, and the"
            + " playbook the tenant made all the same is deleted when its answer comes")
    void createInterruptedWhileOutIsDeleted() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdCreates(arrived, release);
        TemporaryPlaybooks temporary = new TemporaryPlaybooks(client, "proj1", clock);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread creating = new Thread(() -> {
            try {
                temporary.create(oneStep("test_order"), "batch_1");
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "creating");
        creating.start();
        assertThat(arrived.await(GENEROUS_SECONDS, TimeUnit.SECONDS)).as("the create reached the tenant").isTrue();

        creating.interrupt();
        release.countDown();
        creating.join(GENEROUS_SECONDS * 1000);
        temporary.close();

        assertThat(failure.get()).isInstanceOf(BackendInterruptedException.class);
        assertThat(deleted).containsExactly("pb-made");
        assertThat(temporary.live()).isEmpty();
    }

    @Test
    @DisplayName("a create asked for after the run closed, or by a thread already interrupted, sends nothing")
    void createAfterCloseSendsNothing() {
        TemporaryPlaybooks temporary = new TemporaryPlaybooks(client, "proj1", clock);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> temporary.create(oneStep("test_order"), "batch_1")).isInstanceOf(BackendInterruptedException.class);
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt kept").isTrue();
        }
        temporary.close();

        assertThatThrownBy(() -> temporary.create(oneStep("test_order"), "batch_1")).isInstanceOf(BackendException.class)
                .hasMessageContaining("closed");

        assertThat(requests).isEmpty();
    }
}
