package dev.botsim.cognigy.engine.backend.playbooks;

import static dev.botsim.cognigy.engine.backend.playbooks.PlaybookTenantFake.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.WarningsLogged;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.generated.GeneratedPlaybook;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import dev.botsim.cognigy.spi.Expectation;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.BufferedSink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The playbook client against a tenant's shapes: listing, reading, scheduling, task states, the #145 404, limits. */
class PlaybookRunnerTest {

    private static final Target TARGET = new Target("proj1", "flow-ref-1", "locale-ref-1");

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final PlaybookTenantFake tenant = new PlaybookTenantFake(clock);
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private ManagementClient client;
    private PlaybooksApi api;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        client = client(sleeper);
        api = new PlaybooksApi(client, "proj1");
        tenant.playbook("pb1", "Order status", Duration.ofSeconds(6), "where is my order", "it is 123", "thanks");
    }

    private ManagementClient client(Sleeper waits) {
        return ManagementClient.open(ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY), "proj1")
                .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withClock(clock).withSleeper(waits));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** A sleeper that moves the test's clock, the time it waits measured on that clock, which it only moves forward. */
    private Sleeper onClock(Sleeper movingTheClock) {
        return movingTheClock.on(VirtualTicker.of(clock));
    }

    private PlaybookRunner runner(int maxConcurrency) {
        return new PlaybookRunner(api, new PlaybookRunner.Settings(maxConcurrency, Duration.ofMinutes(2), Duration.ofSeconds(5), clock, sleeper));
    }

    @Test
    @DisplayName("the project's playbooks are listed across pages by their cursor, with the project id and the API key")
    void listsAcrossPages() {
        tenant.playbook("pb2", "Refunds", Duration.ofSeconds(1), "refund");
        tenant.playbook("pb3", "Smalltalk", Duration.ofSeconds(1), "hi");
        tenant.pageSize = 2;

        assertThat(api.list()).extracting(PlaybooksApi.Listed::name).containsExactly("Order status", "Refunds", "Smalltalk");
        List<RecordedRequest> pages = tenant.to("/playbooks");
        assertThat(pages).extracting(r -> r.getUrl().queryParameter("next")).containsExactly(null, "c2");
        assertThat(pages).allSatisfy(r -> {
            assertThat(r.getUrl().queryParameter("projectId")).isEqualTo("proj1");
            assertThat(r.getHeaders().get("X-API-Key")).isEqualTo(KEY);
        });
    }

    @Test
    @DisplayName("a playbook is read with its steps in order and each assertion's type, parameters and negation")
    void readsStepsAndAsserts() {
        Playbook playbook = api.read("pb1");

        assertThat(playbook.steps()).extracting(Playbook.Step::text).containsExactly("where is my order", "it is 123", "thanks");
        Playbook.Step second = playbook.steps().get(1);
        assertThat(second.asserts()).extracting(Playbook.Assertion::type).containsExactly("assertText", "assertIntent");
        assertThat(second.asserts().get(1).negate()).isTrue();
        assertThat(second.asserts().get(1).params().path("intent").asString()).isEqualTo("intent_1");
        assertThat(second.asserts().get(0).params().path("fuzzy").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("schedule sends entrypoint, flow and locale; the task is polled through queued and active until done; the run is read")
    void schedulesPollsAndReads() {
        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(outcome).isInstanceOf(PlaybookRunner.Finished.class);
        PlaybookRun run = ((PlaybookRunner.Finished) outcome).run();
        assertThat(run.successful()).isTrue();
        assertThat(run.stepResults()).extracting(PlaybookRun.StepResult::text).containsExactly("where is my order", "it is 123", "thanks");
        JsonNode body = JsonMapper.builder().build().readTree(tenant.to("/schedule").get(0).getBody().utf8());
        assertThat(body.path("entrypoint").asString()).isEqualTo("proj1");
        assertThat(body.path("flowId").asString()).isEqualTo("flow-ref-1");
        assertThat(body.path("localeId").asString()).isEqualTo("locale-ref-1");
        assertThat(tenant.to("/tasks/task1")).as("first poll at 3 s (1 s per step), then 4.5 s later: done").hasSize(2);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(4500));
        assertThat(tenant.to("/runs/")).hasSize(1);
    }

    @Test
    @DisplayName("polling learns the time per step: after a few runs the first poll finds most runs done, far fewer polls than every 2 s")
    void pollingLearns() {
        PlaybookRunner runner = runner(4);
        Playbook playbook = api.read("pb1");
        int before = 0;
        List<Integer> polls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            runner.run(playbook, TARGET);
            int now = tenant.to("/tasks/").size();
            polls.add(now - before);
            before = now;
        }
        // A fixed 2 s interval polls a 6 s run three times.
        assertThat(polls.subList(6, 12).stream().mapToInt(Integer::intValue).sum()).as("polls of the last six runs: %s", polls)
                .isLessThanOrEqualTo(9);
        assertThat(polls.get(0)).isEqualTo(2);
    }

    @Test
    @DisplayName("a task ending in error gives its failReason, and no run is read")
    void errorGivesFailReason() {
        tenant.failReasons.put("pb1", "Flow flow-ref-1 does not exist in locale locale-ref-1");

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(outcome).isEqualTo(new PlaybookRunner.Failed("Flow flow-ref-1 does not exist in locale locale-ref-1"));
        assertThat(tenant.to("/runs")).isEmpty();
    }

    @Test
    @DisplayName("a run read answering 404 right after the task is done is read again after 1 s and 2 s (Cognigy CLI #145)")
    void runReadRetriedOn404() {
        tenant.missingRunReads = 2;

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(outcome).isInstanceOf(PlaybookRunner.Finished.class);
        assertThat(tenant.to("/runs/")).hasSize(3);
        assertThat(sleeper.waits()).endsWith(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("when the run keeps answering 404, the one run created since scheduling against this run's flow, locale and"
            + " entrypoint is read instead")
    void ownRunFallback() {
        tenant.missingRunReads = PlaybookRunner.RUN_READS;

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(outcome).isInstanceOf(PlaybookRunner.Finished.class);
        assertThat(((PlaybookRunner.Finished) outcome).run().id()).isEqualTo("run2");
        RecordedRequest list = tenant.to("/runs").stream().filter(r -> r.getUrl().encodedPath().endsWith("/runs")).findFirst().orElseThrow();
        assertThat(list.getUrl().queryParameter("sort")).isEqualTo("createdAt:desc");
        assertThat(list.getUrl().queryParameter("limit")).isEqualTo("25");
    }

    @Test
    @DisplayName("#145: a newer run someone made of the same playbook against another flow, locale and snapshot is passed over"
            + " for this run's own")
    void fallbackPassesOverAnotherTargetsRun() {
        tenant.missingRunReads = PlaybookRunner.RUN_READS;
        tenant.otherRun("pb1", "uiRun", new Target("snap-9", "flow-ref-2", "locale-ref-2"), clock.instant().plusSeconds(5));

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(((PlaybookRunner.Finished) outcome).run().id()).isEqualTo("run2");
        assertThat(tenant.to("/runs/uiRun")).isEmpty();
    }

    @Test
    @DisplayName("#145: a task without createdAt leaves only this machine's clock, which may run ahead of the tenant's: the"
            + " run the tenant stamped seconds before it is still this run's")
    void fallbackWithTheTenantsClockBehind() {
        tenant.missingRunReads = PlaybookRunner.RUN_READS;
        tenant.tasksWithoutCreatedAt = true;
        tenant.clockBehind = Duration.ofSeconds(20);
        clock.advance(Duration.ofMillis(700));

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(((PlaybookRunner.Finished) outcome).run().id()).isEqualTo("run2");
    }

    @Test
    @DisplayName("#145: when only another target's run is listed since scheduling, the playbook fails naming it and why, and"
            + " never passes on that run's result")
    void anotherTargetsRunIsNeverTaken() {
        tenant.failingSteps.put("pb1", List.of(0));
        tenant.missingRunReads = 100;
        tenant.ownRunsUnlisted = true;
        tenant.otherRun("pb1", "uiRun", new Target("snap-9", "flow-ref-2", "locale-ref-2"), clock.instant().plusSeconds(5));

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessage("playbook 'Order status' ran (task task1 done) but its run run2 does not exist (Cognigy's CLI issue #145),"
                        + " and no run of it created since scheduling ran against this run's target (flow flow-ref-1, locale"
                        + " locale-ref-1, entrypoint proj1): run uiRun ran against flow flow-ref-2 (not flow-ref-1), locale"
                        + " locale-ref-2 (not locale-ref-1), entrypoint snap-9 (not proj1); another run's result is never taken for"
                        + " this one's: open the playbook's runs in Cognigy to see this run's, or run again");
        assertThat(tenant.to("/runs/uiRun")).isEmpty();
    }

    @Test
    @DisplayName("#145: two runs against this run's target since scheduling (another CI job's too) cannot be told apart: the"
            + " playbook fails naming both")
    void twoRunsOfTheTargetAreNotTold() {
        tenant.missingRunReads = 100;
        tenant.otherRun("pb1", "ciRun", TARGET, clock.instant().plusSeconds(5));

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("playbook 'Order status' ran (task task1 done) but its run run2 does not exist")
                .hasMessageContaining("2 runs of it created since it was scheduled ran against this run's target (flow flow-ref-1,"
                        + " locale locale-ref-1, entrypoint proj1): ciRun, run2; which is this run's cannot be told");
        assertThat(tenant.to("/runs/ciRun")).isEmpty();
    }

    @Test
    @DisplayName("#145: a run list that names no targets gives the one run since scheduling, read only to be refused when the run"
            + " itself names another flow")
    void listedRunOfAnotherTargetWhenRead() {
        tenant.missingRunReads = PlaybookRunner.RUN_READS;
        tenant.ownRunsUnlisted = true;
        tenant.bareRunList = true;
        tenant.otherRun("pb1", "uiRun", new Target("proj1", "flow-ref-2", "locale-ref-1"), clock.instant().plusSeconds(5));

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("and the one run of it listed since scheduling against this run's target, uiRun, ran against"
                        + " another when read: flow flow-ref-2 (not flow-ref-1); another run's result is never taken");
    }

    @Test
    @DisplayName("#145: a run list whose whole page was created since scheduling may hide this run's: nothing is taken")
    void fullPageOfRecentRunsIsNotTold() {
        tenant.missingRunReads = 100;
        for (int i = 0; i < PlaybooksApi.RECENT_RUNS; i++) {
            tenant.otherRun("pb1", "uiRun" + i, new Target("proj1", "flow-ref-2", "locale-ref-1"), clock.instant().plusSeconds(5));
        }

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("the run list's newest 25 runs were all created since it was scheduled, so which of its runs"
                        + " is this one's cannot be told");
    }

    @Test
    @DisplayName("a run older than the schedule is not taken for this one: the failure says the run does not exist")
    void staleRunIsNotTaken() {
        tenant.missingRunReads = 100;
        tenant.staleRunList = true;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("run run2 does not exist").hasMessageContaining("no run of it created since scheduling is listed");
    }

    @Test
    @DisplayName("a 429 on a task poll waits the Retry-After the tenant names, then polls again")
    void rateLimitHonoured() {
        tenant.rateLimitNextPoll = true;

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(outcome).isInstanceOf(PlaybookRunner.Finished.class);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(tenant.to("/tasks/task1")).as("the first poll refused, the repeat 3 s later finds the 6 s run done").hasSize(2);
    }

    @Test
    @DisplayName("a cancelled run's cancellation interrupting the runner again while it cancels the task (the wait's"
            + " interrupt, then the pipeline's): the cancel request still reaches the tenant, and the interrupt is kept")
    void interruptedAgainWhileCancelling() throws Exception {
        Thread runnerThread = Thread.currentThread();
        AtomicBoolean stop = new AtomicBoolean();
        Thread interrupter = new Thread(() -> {
            // Interrupts the runner over and over, as a run's cancellation may more than once, until the tenant has the
            // cancel or 5 s have passed.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!stop.get() && tenant.cancelled.isEmpty() && System.nanoTime() < until) {
                runnerThread.interrupt();
                Thread.onSpinWait();
            }
        });
        AtomicInteger sleeps = new AtomicInteger();
        Sleeper interrupting = d -> {
            if (sleeps.incrementAndGet() == 2) {
                interrupter.start();
                throw new InterruptedException();
            }
            clock.advance(d);
        };
        PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(4, Duration.ofMinutes(2), Duration.ofSeconds(5), clock, onClock(interrupting)));

        try {
            assertThatThrownBy(() -> runner.run(api.read("pb1"), TARGET)).isInstanceOf(BackendInterruptedException.class);
        } finally {
            stop.set(true);
            while (interrupter.isAlive()) {
                try {
                    interrupter.join(100);
                } catch (InterruptedException stillInterrupting) {
                    // The interrupter's last interrupts, until it has stopped.
                }
            }
        }
        Thread.interrupted();
        assertThat(tenant.cancelled).as("the task cancelled at the tenant").containsExactly("task1");
    }

    @Test
    @DisplayName("an interrupted wait cancels the task at the tenant and keeps the interrupt")
    void interruptCancels() throws Exception {
        AtomicInteger sleeps = new AtomicInteger();
        Sleeper interrupting = d -> {
            if (sleeps.incrementAndGet() == 2) throw new InterruptedException();
            clock.advance(d);
        };
        PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(4, Duration.ofMinutes(2), Duration.ofSeconds(5), clock, onClock(interrupting)));

        assertThatThrownBy(() -> runner.run(api.read("pb1"), TARGET)).isInstanceOf(BackendInterruptedException.class);
        assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
        assertThat(tenant.cancelled).containsExactly("task1");
        // A cancelled run schedules nothing more, so it does not wait for the tenant to let the task go.
        assertThat(tenant.requests.get(tenant.requests.size() - 1).getUrl().encodedPath()).endsWith("/tasks/task1/cancel");
    }

    @Test
    @DisplayName("a run cancelled while its schedule request is at the tenant still cancels the task that request started: the"
            + " answer is awaited, the task it names cancelled, and the interrupt kept")
    void interruptDuringSchedule() throws Exception {
        try (WarningsLogged warnings = WarningsLogged.by(PlaybookRunner.class)) {
            assertThat(cancelledWhileScheduling()).isInstanceOf(BackendInterruptedException.class)
                    .hasMessageContaining("task task1 it started was cancelled");
            assertThat(tenant.cancelled).as("the task the schedule started is cancelled").containsExactly("task1");
            assertThat(tenant.to("/tasks/task1")).as("and never polled").noneMatch(PlaybookRunnerTest::taskPoll);
            assertThat(warnings.messages()).isEmpty();
        }
    }

    @Test
    @DisplayName("a task a cancelled run could not cancel (the cancel refused) is named on the console as maybe still running,"
            + " whether the run was cancelled while scheduling it or while waiting for it")
    void uncancelledTaskWarned() throws Exception {
        tenant.override = r -> r.getUrl().encodedPath().endsWith("/cancel") ? PlaybookTenantFake.problem(403, "missing role") : null;
        try (WarningsLogged warnings = WarningsLogged.by(PlaybookRunner.class)) {
            assertThat(cancelledWhileScheduling()).isInstanceOf(BackendInterruptedException.class)
                    .hasMessageContaining("task task1 it started could not be cancelled (")
                    .hasMessageContaining("HTTP 403 on POST /new/v2.0/tasks/task1/cancel");
            assertThat(warnings.messages()).singleElement().asString().contains("cancelling task task1 of playbook 'Order status' failed (")
                    .contains("it may still run at the tenant").contains("cancel it in Cognigy").doesNotContain(KEY);

            tenant.scheduleAnswer = answer -> answer;
            AtomicInteger sleeps = new AtomicInteger();
            Sleeper interrupting = d -> {
                if (sleeps.incrementAndGet() == 2) throw new InterruptedException();
                clock.advance(d);
            };
            PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(4, Duration.ofMinutes(2), Duration.ofSeconds(5),
                    clock, onClock(interrupting)));
            assertThatThrownBy(() -> runner.run(api.read("pb1"), TARGET)).isInstanceOf(BackendInterruptedException.class);
            assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
            assertThat(warnings.messages()).hasSize(2).last().asString().contains("cancelling task task2 of playbook 'Order status' failed (");
        }
    }

    @Test
    @DisplayName("a schedule still unanswered when a cancelled run has waited its call's time for it: the run ends interrupted,"
            + " and the console says a run may have been started and left running")
    void unansweredScheduleWarned() throws Exception {
        CountDownLatch scheduleArrived = new CountDownLatch(1);
        CountDownLatch testOver = new CountDownLatch(1);
        tenant.scheduleAnswer = answer -> {
            scheduleArrived.countDown();
            awaitQuietly(testOver);
            return answer;
        };
        Playbook playbook = api.read("pb1");
        PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(4, Duration.ofMinutes(2), Duration.ofMillis(200),
                clock, sleeper));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        try (WarningsLogged warnings = WarningsLogged.by(PlaybookRunner.class)) {
            Thread runs = new Thread(() -> {
                try {
                    runner.run(playbook, TARGET);
                } catch (Throwable e) {
                    thrown.set(e);
                } finally {
                    interruptKept.set(Thread.interrupted());
                }
            });
            runs.start();
            assertThat(scheduleArrived.await(10, TimeUnit.SECONDS)).as("schedule sent").isTrue();
            runs.interrupt();
            runs.join(10_000);
            testOver.countDown();

            assertThat(runs.isAlive()).as("run ended").isFalse();
            assertThat(interruptKept).as("interrupt kept").isTrue();
            assertThat(thrown.get()).isInstanceOf(BackendInterruptedException.class).hasMessageContaining("had no answer within");
            assertThat(warnings.messages()).singleElement().asString().contains("playbook 'Order status' was being scheduled when the"
                    + " run was cancelled, and its schedule request had no answer within 0 s").contains("cancel it in Cognigy");
        } finally {
            testOver.countDown();
        }
    }

    /**
     * Runs pb1 on a thread of its own and interrupts it once the tenant has the schedule request and has started its task,
     * holding the answer until then.
     *
     * @return what the run threw; it kept the interrupt and ended
     */
    private Throwable cancelledWhileScheduling() throws Exception {
        CountDownLatch scheduleArrived = new CountDownLatch(1);
        CountDownLatch runnerInterrupted = new CountDownLatch(1);
        tenant.scheduleAnswer = answer -> {
            scheduleArrived.countDown();
            awaitQuietly(runnerInterrupted);
            return endedByClose(answer);
        };
        Playbook playbook = api.read("pb1");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread runs = new Thread(() -> {
            try {
                runner(4).run(playbook, TARGET);
            } catch (Throwable e) {
                thrown.set(e);
            } finally {
                interruptKept.set(Thread.interrupted());
            }
        });
        runs.start();
        assertThat(scheduleArrived.await(10, TimeUnit.SECONDS)).as("schedule sent").isTrue();
        runs.interrupt();
        runnerInterrupted.countDown();
        runs.join(10_000);
        assertThat(runs.isAlive()).as("run ended").isFalse();
        assertThat(interruptKept).as("interrupt kept").isTrue();
        return thrown.get();
    }

    /**
     * The answer with its end marked by the connection closing, not a Content-Length: the client reads the stream once
     * more after the body to find the end, so a thread interrupted before the answer came always loses it to the
     * interrupt (Okio checks the flag before every read), rather than only when the body misses the read its headers
     * came in.
     */
    private static MockResponse endedByClose(MockResponse answer) {
        Buffer body = new Buffer();
        try {
            answer.getBody().writeTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = body.readByteArray();
        return answer.newBuilder().body(new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(bytes);
            }
        }).removeHeader("Content-Length").onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("a run that outlasts the timeout is cancelled and fails as a timeout")
    void timeoutCancels() {
        tenant.durations.put("pb1", Duration.ofMinutes(10));

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("had not ended after 120 s").extracting(e -> ((BackendException) e).kind())
                .isEqualTo(BackendException.Kind.TIMEOUT);
        assertThat(tenant.cancelled).containsExactly("task1");
    }

    @Test
    @DisplayName("this machine's clock set forward an hour (NTP, a resumed VM) while a run is followed does not time it out:"
            + " its deadline is measured on the sleeper's ticker, and the run, done at the tenant 6 s later, is read")
    void clockSetForwardMidRun() {
        MutableClock tenantClock = new MutableClock();
        PlaybookTenantFake ownClock = new PlaybookTenantFake(tenantClock);
        ownClock.playbook("pb1", "Order status", Duration.ofSeconds(6), "where is my order", "it is 123", "thanks");
        server.setDispatcher(ownClock);
        List<Duration> waits = new ArrayList<>();

        PlaybookRunner.Outcome outcome = steppedRunner(Duration.ofHours(1), tenantClock, waits).run(api.read("pb1"), TARGET);

        assertThat(outcome).isInstanceOf(PlaybookRunner.Finished.class);
        assertThat(waits).as("polled at 3 s and 7.5 s").containsExactly(Duration.ofSeconds(3), Duration.ofMillis(4500));
    }

    @Test
    @DisplayName("this machine's clock set back an hour while a run is followed does not stretch its deadline: a run that"
            + " never ends is cancelled after the 120 s it may take, not an hour more")
    void clockSetBackMidRun() {
        MutableClock tenantClock = new MutableClock();
        PlaybookTenantFake ownClock = new PlaybookTenantFake(tenantClock);
        ownClock.playbook("pb1", "Order status", Duration.ofHours(3), "where is my order", "it is 123", "thanks");
        server.setDispatcher(ownClock);
        List<Duration> waits = new ArrayList<>();

        assertThatThrownBy(() -> steppedRunner(Duration.ofHours(-1), tenantClock, waits).run(api.read("pb1"), TARGET))
                .isInstanceOf(BackendException.class).hasMessageContaining("had not ended after 120 s")
                .extracting(e -> ((BackendException) e).kind()).isEqualTo(BackendException.Kind.TIMEOUT);
        assertThat(ownClock.cancelled).containsExactly("task1");
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).as("waited until the deadline")
                .isEqualTo(Duration.ofMinutes(2));
    }

    /**
     * A runner whose waits pass on a ticker and on the tenant's clock alike, while this machine's clock is set by
     * {@code step} during its first wait, as NTP would.
     */
    private PlaybookRunner steppedRunner(Duration step, MutableClock tenantClock, List<Duration> waits) {
        VirtualTicker ticker = new VirtualTicker();
        Sleeper stepped = d -> {
            if (waits.isEmpty()) clock.advance(step);
            waits.add(d);
            ticker.advance(d);
            tenantClock.advance(d);
            clock.advance(d);
        };
        return new PlaybookRunner(api, new PlaybookRunner.Settings(4, Duration.ofMinutes(2), Duration.ofSeconds(5), clock,
                stepped.on(ticker)));
    }

    @Test
    @DisplayName("at most min(max-concurrency, 10) runs are in flight at the tenant at once")
    void concurrencyCapped() throws Exception {
        for (int cap : new int[] {3, 64}) {
            PlaybookTenantFake fresh = new PlaybookTenantFake(clock);
            server.setDispatcher(fresh);
            for (int i = 0; i < 16; i++) fresh.playbook("p" + i, "P" + i, Duration.ofSeconds(2), "hi");
            // Waits really pass (a little), so runs overlap as on a tenant.
            PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(cap, Duration.ofMinutes(5), Duration.ofSeconds(5), clock, onClock(d -> {
                clock.advance(d);
                Thread.sleep(5);
            })));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<PlaybookRunner.Outcome>> runs = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Playbook playbook = api.read("p" + i);
                    runs.add(pool.submit(() -> runner.run(playbook, TARGET)));
                }
                for (Future<PlaybookRunner.Outcome> run : runs) assertThat(run.get()).isInstanceOf(PlaybookRunner.Finished.class);
            } finally {
                pool.shutdownNow();
            }
            assertThat(fresh.mostInFlight()).as("cap %d", cap).isLessThanOrEqualTo(Math.min(cap, 10)).isGreaterThan(1);
        }
    }

    @Test
    @DisplayName("a schedule answered 5xx is not sent again (a lost answer may have started the run); one answered 429 is,"
            + " after its Retry-After")
    void scheduleSentOnceUnlessRateLimited() {
        tenant.scheduleRefusals.add(503);
        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("HTTP 503 on POST /new/v2.0/playbooks/pb1/schedule");
        assertThat(tenant.to("/schedule")).hasSize(1);

        tenant.scheduleRefusals.add(429);
        assertThat(runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(PlaybookRunner.Finished.class);
        assertThat(tenant.to("/schedule")).hasSize(3);
        assertThat(sleeper.waits()).startsWith(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("the schedule request sends a playbook's messages to the bot: one answered (a 503, a 429 asking for an hour)"
            + " or a poll failing after it left is of messages the bot may have got; one held back by that Retry-After, one"
            + " that cannot connect, and a playbook that could not be made before it never left")
    void scheduleThatNeverLeft() {
        tenant.override = r -> r.getMethod().equals("GET") && r.getUrl().encodedPath().startsWith("/new/v2.0/tasks/")
                ? new MockResponse.Builder().code(403).body("{\"title\":\"Forbidden\"}").build() : null;
        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse()).hasMessageContaining("was scheduled");
        tenant.override = r -> null;
        tenant.scheduleRefusals.add(503);
        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse()).hasMessageContaining("HTTP 503");

        // Made for the run (as a generated case's playbook is), its creation refused: nothing was scheduled.
        tenant.override = r -> r.getMethod().equals("POST") && r.getUrl().encodedPath().equals("/new/v2.0/playbooks")
                ? new MockResponse.Builder().code(503).body("{\"title\":\"Service Unavailable\"}").build() : null;
        GeneratedPlaybook generated = new GeneratedPlaybook("t1", List.of(new GeneratedPlaybook.Step("t1", "hi", Map.of(),
                Expectation.NONE, List.of())));
        TemporaryPlaybooks temporary = new TemporaryPlaybooks(client, "proj1", clock);
        int schedules = tenant.to("/schedule").size();
        assertThatThrownBy(() -> runner(4).runCreated(() -> temporary.create(generated, "run1"), TARGET))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue())
                .hasMessageContaining("HTTP 503 on POST /new/v2.0/playbooks");
        tenant.override = r -> null;

        Playbook playbook = api.read("pb1");
        tenant.override = r -> r.getUrl().encodedPath().endsWith("/schedule")
                ? new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build() : null;
        assertThatThrownBy(() -> runner(4).run(playbook, TARGET)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse()).hasMessageContaining("429");
        assertThatThrownBy(() -> runner(4).run(playbook, TARGET)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue()).hasMessageContaining("not sent");
        assertThat(tenant.to("/schedule")).as("only the answered one sent").hasSize(schedules + 1);

        ManagementClient fresh = client(sleeper);
        PlaybooksApi gone = new PlaybooksApi(fresh, "proj1");
        server.close();
        assertThatThrownBy(() -> new PlaybookRunner(gone, new PlaybookRunner.Settings(4, Duration.ofMinutes(2), Duration.ofSeconds(5), clock, sleeper))
                .run(playbook, TARGET)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue()).hasMessageContaining("cannot reach the management API");
        fresh.close();
    }

    private static boolean taskPoll(RecordedRequest request) {
        return request.getMethod().equals("GET") && request.getUrl().encodedPath().startsWith("/new/v2.0/tasks/");
    }

    private static MockResponse proxyPage(int code) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "text/html")
                .body("<html><body><h1>" + code + " Bad Gateway</h1><hr>nginx</body></html>").build();
    }

    @Test
    @DisplayName("task polls failing beyond the client's three attempts (a proxy's HTML 502 for a while) are polled past: the run"
            + " still going at the tenant is followed to its results, and not cancelled")
    void failingPollsArePolledPast() {
        AtomicInteger polls = new AtomicInteger();
        tenant.override = r -> taskPoll(r) && polls.incrementAndGet() <= 4 ? proxyPage(502) : null;

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(outcome).isInstanceOf(PlaybookRunner.Finished.class);
        assertThat(((PlaybookRunner.Finished) outcome).run().stepResults()).hasSize(3);
        assertThat(tenant.cancelled).isEmpty();
        assertThat(tenant.to("/runs/")).hasSize(1);
    }

    @Test
    @DisplayName("task polls failing until the run's deadline: a timeout naming the last failure, and the task is cancelled")
    void pollsFailingToTheDeadline() {
        tenant.override = r -> taskPoll(r) ? new MockResponse.Builder().code(429).body("{\"title\":\"Too Many Requests\"}").build() : null;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("had not ended after 120 s").hasMessageContaining("the last poll failed")
                .hasMessageContaining("HTTP 429 on GET /new/v2.0/tasks/task1").hasMessageContaining("it was cancelled")
                .extracting(e -> ((BackendException) e).kind()).isEqualTo(BackendException.Kind.TIMEOUT);
        assertThat(tenant.cancelled).containsExactly("task1");
    }

    @Test
    @DisplayName("a poll refused for good (403) after scheduling cancels the task and says it was scheduled")
    void refusedPollCancels() {
        tenant.override = r -> taskPoll(r) ? PlaybookTenantFake.problem(403, "missing role: task read") : null;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("playbook task task1 was scheduled but could not be followed: ")
                .hasMessageContaining("missing role: task read").hasMessageEndingWith("; it was cancelled");
        assertThat(tenant.cancelled).containsExactly("task1");
    }

    @Test
    @DisplayName("a task status this client does not know is named as given, with its failReason, when the run is given up")
    void unknownStatusNamed() {
        tenant.override = r -> taskPoll(r) ? PlaybookTenantFake.problem(200, "-").newBuilder()
                .body("{\"_id\":\"task1\",\"status\":\"failed\",\"failReason\":\"Flow not found\",\"extra\":{\"x\":1}}").build() : null;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("(last status failed, failReason Flow not found)");
    }

    @Test
    @DisplayName("a poll refused (401, the key revoked mid-run) whose cancel is refused too says the task may still run, never"
            + " that it was cancelled")
    void refusedPollAndCancel() {
        tenant.override = r -> taskPoll(r) || r.getUrl().encodedPath().endsWith("/cancel")
                ? PlaybookTenantFake.problem(401, "Unauthorized") : null;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("playbook task task1 was scheduled but could not be followed: ")
                .hasMessageContaining("; cancelling it failed too (").hasMessageContaining("HTTP 401 on POST /new/v2.0/tasks/task1/cancel")
                .hasMessageContaining("it may still run at the tenant").hasMessageNotContaining("it was cancelled")
                .hasMessageNotContaining(KEY);
        assertThat(tenant.to("/cancel")).as("the cancel was asked for").isNotEmpty();
    }

    @Test
    @DisplayName("a task still queued at the deadline (the tenant's ten executions held by others) says Cognigy never started it"
            + " and why, and is cancelled")
    void queuedToTheDeadline() {
        tenant.durations.put("pb1", Duration.ofHours(1));

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("had not ended after 120 s (last status queued): Cognigy never started it")
                .hasMessageContaining("at most ten playbook executions at once").hasMessageEndingWith("; it was cancelled")
                .extracting(e -> ((BackendException) e).kind()).isEqualTo(BackendException.Kind.TIMEOUT);
        assertThat(tenant.cancelled).containsExactly("task1");
    }

    @Test
    @DisplayName("a task cancelled past its deadline is polled through 'cancelling' to 'cancelled', its run slot held until then:"
            + " the run's next playbook is scheduled only once the tenant has let the cancelled one go, and runs; the first"
            + " fails as a timeout saying how long the tenant held it")
    void cancelledTaskHoldsItsSlotUntilCancelled() throws Exception {
        tenant.cancellingFor = Duration.ofSeconds(15);
        tenant.durations.put("pb1", Duration.ofMinutes(10));
        tenant.playbook("pb2", "Greeting", Duration.ofSeconds(6), "hello");
        Playbook slow = api.read("pb1");
        Playbook next = api.read("pb2");
        // The first run's waits pass only once the second waits for the one slot, so the second is there to take it as
        // soon as the first lets it go.
        AtomicReference<Thread> waiting = new AtomicReference<>();
        Sleeper onceTheSecondWaits = d -> {
            Thread second = waiting.get();
            while (Thread.currentThread() != second && (second == null || second.getState() != Thread.State.WAITING)) {
                Thread.sleep(1);
                second = waiting.get();
            }
            clock.advance(d);
        };
        PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(1, Duration.ofMinutes(2), Duration.ofSeconds(5),
                clock, onClock(onceTheSecondWaits)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<PlaybookRunner.Outcome> first = pool.submit(() -> runner.run(slow, TARGET));
            // The second asks for a slot once the first holds the only one.
            while (tenant.to("/schedule").isEmpty()) Thread.sleep(1);
            Future<PlaybookRunner.Outcome> second = pool.submit(() -> {
                waiting.set(Thread.currentThread());
                return runner.run(next, TARGET);
            });

            Throwable timedOut = catchThrowable(first::get);
            assertThat(second.get()).isInstanceOf(PlaybookRunner.Finished.class);
            List<String> log = tenant.log;
            assertThat(tenant.mostInFlight()).as("never two executions of this run at the tenant: %s", log).isEqualTo(1);
            assertThat(log).contains("task1 cancelling", "task1 cancelled");
            assertThat(log.indexOf("schedule pb2 -> task2")).as("scheduled once the first was cancelled: %s", log)
                    .isGreaterThan(log.indexOf("task1 cancelled"));
            assertThat(timedOut).cause().isInstanceOf(BackendException.class)
                    .hasMessageContaining("had not ended after 120 s (last status active)")
                    .hasMessageContaining("; it was cancelled, and Cognigy showed it 'cancelled' 18 s later (until then"
                            + " 'cancelling', holding one of the tenant's ten playbook executions); this run started no playbook"
                            + " in its place meanwhile")
                    .extracting(e -> ((BackendException) e).kind()).isEqualTo(BackendException.Kind.TIMEOUT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a tenant that never says 'cancelled' holds the run no longer than one step may take (30 s by default): the"
            + " timeout says the task may still hold an execution, and a later task queued to its deadline names it")
    void cancellingWithoutEnd() {
        tenant.cancellingFor = Duration.ofDays(1);
        tenant.durations.put("pb1", Duration.ofMinutes(10));
        tenant.playbook("pb2", "Greeting", Duration.ofHours(1), "hello");
        PlaybookRunner runner = runner(4);

        assertThatThrownBy(() -> runner.run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("had not ended after 120 s (last status active); it was cancelled, but Cognigy still"
                        + " showed it 'cancelling' after 30 s (the most one step of playbook 'Order status' may take): it may hold"
                        + " one of the tenant's ten playbook executions until it ends, and this run's next playbooks may wait"
                        + " behind it")
                .extracting(e -> ((BackendException) e).kind()).isEqualTo(BackendException.Kind.TIMEOUT);
        int cancelAt = tenant.log.indexOf("task1 active") + 1;
        assertThat(tenant.log.subList(cancelAt, tenant.log.size())).as("followed while cancelling").hasSizeGreaterThan(2)
                .containsOnly("task1 cancelling");

        assertThatThrownBy(() -> runner.run(api.read("pb2"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("(last status queued): Cognigy never started it")
                .hasMessageContaining("so other runs held them (another CI job, someone in Cognigy, tasks left running), and so"
                        + " may this run's own cancelled task task1, which the tenant had not let go when this run stopped"
                        + " following it; run again once they end")
                // Both tasks are this run's: a record of the failure writes them as such.
                .satisfies(e -> assertThat(((BackendException) e).varying()).containsEntry("task1", "<task id>")
                        .containsEntry("task2", "<task id>"));
    }

    @Test
    @DisplayName("a wait for a cancelled task to leave 'cancelling' ends at once when the test run is cancelled: the interrupt is"
            + " kept and the run slot freed")
    void interruptWhileCancelling() throws Exception {
        tenant.cancellingFor = Duration.ofDays(1);
        tenant.durations.put("pb1", Duration.ofMinutes(10));
        tenant.playbook("pb2", "Greeting", Duration.ofSeconds(6), "hello");
        Sleeper interruptedOnceCancelled = d -> {
            if (!tenant.cancelled.isEmpty()) throw new InterruptedException();
            clock.advance(d);
        };
        PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(1, Duration.ofMinutes(2), Duration.ofSeconds(5),
                clock, onClock(interruptedOnceCancelled)));

        assertThatThrownBy(() -> runner.run(api.read("pb1"), TARGET)).isInstanceOf(BackendInterruptedException.class);
        assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
        assertThat(tenant.log).endsWith("task1 cancelling");

        tenant.cancelled.clear();
        assertThat(runner.run(api.read("pb2"), TARGET)).as("the one slot is free again").isInstanceOf(PlaybookRunner.Finished.class);
    }

    @Test
    @DisplayName("a run marked successful that lists no stepResults (a shape this client does not know) is a protocol error, not"
            + " every step skipped and the build green")
    void successfulRunWithoutStepResults() {
        tenant.override = r -> runRead(r) ? PlaybookTenantFake.problem(200, "-").newBuilder().body("{\"_id\":\"run2\","
                + "\"status\":\"successful\",\"results\":[{\"status\":\"successful\"}]}").build() : null;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("playbook 'Order status' ran, and Cognigy marks its run run2 'successful', but the run lists no"
                        + " stepResults for its 3 steps").extracting(e -> ((BackendException) e).kind())
                .isEqualTo(BackendException.Kind.PROTOCOL);
    }

    @Test
    @DisplayName("a step Cognigy marks successful beside an assertion result that is not (failed, or a status it does not"
            + " document) has not passed: the assertion is what checked the answer")
    void stepPassesOnlyWithEveryAssertion() {
        JsonMapper json = JsonMapper.builder().build();
        PlaybookRun run = PlaybookRun.of(json.readTree("{\"_id\":\"run1\",\"status\":\"successful\",\"stepResults\":["
                + "{\"_id\":\"s0\",\"status\":\"successful\",\"timeout\":false,\"asserts\":[{\"type\":\"assertText\","
                + "\"status\":\"successful\"},{\"type\":\"assertIntent\",\"status\":\"failed\",\"actual\":\"other\"}]},"
                + "{\"_id\":\"s1\",\"status\":\"successful\",\"asserts\":[{\"type\":\"assertText\",\"status\":\"pending\"}]},"
                + "{\"_id\":\"s2\",\"status\":\"successful\",\"asserts\":[{\"type\":\"assertText\",\"status\":\"successful\"}]},"
                + "{\"_id\":\"s3\",\"status\":\"successful\",\"asserts\":[]}]}"));

        assertThat(run.stepResults()).extracting(PlaybookRun.StepResult::passed).containsExactly(false, false, true, true);
    }

    private static boolean runRead(RecordedRequest request) {
        return request.getUrl().encodedPath().matches("/new/v2.0/playbooks/pb1/runs/run\\d+");
    }

    private static MockResponse unjudgedRun() {
        return PlaybookTenantFake.problem(200, "-").newBuilder().body("{\"_id\":\"run2\",\"status\":\"running\",\"stepResults\":["
                + "{\"_id\":\"s0\",\"status\":\"successful\",\"text\":\"where is my order\",\"timeout\":false,\"asserts\":[]},"
                + "{\"_id\":\"s1\",\"status\":\"pending\",\"text\":\"it is 123\",\"asserts\":[{\"type\":\"assertText\","
                + "\"status\":\"pending\",\"params\":{\"text\":\"reply 1\"}}]}]}").build();
    }

    @Test
    @DisplayName("a run read while Cognigy is still judging it (status neither successful nor failed) is read again until it is")
    void unjudgedRunReadAgain() {
        AtomicInteger reads = new AtomicInteger();
        tenant.override = r -> runRead(r) && reads.incrementAndGet() <= 2 ? unjudgedRun() : null;

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        PlaybookRun run = ((PlaybookRunner.Finished) outcome).run();
        assertThat(run.status()).isEqualTo("successful");
        assertThat(run.stepResults()).extracting(PlaybookRun.StepResult::status).containsOnly("successful").hasSize(3);
        assertThat(tenant.to("/runs/run2")).hasSize(3);
        assertThat(sleeper.waits()).endsWith(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("a run Cognigy never judges within the deadline is a timeout naming its status, not steps failed for want of results")
    void neverJudgedRun() {
        tenant.override = r -> runRead(r) ? unjudgedRun() : null;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                .hasMessageContaining("Cognigy's run run2 was still 'running' after 120 s")
                .extracting(e -> ((BackendException) e).kind()).isEqualTo(BackendException.Kind.TIMEOUT);
    }

    @Test
    @DisplayName("a run given up at its deadline writes the tenant's playbook name on one line, as the runner's other failures"
            + " do: a line break in the name cannot start a line of a CI log")
    void timeoutsWriteTheNameOnOneLine() {
        Playbook read = api.read("pb1");
        Playbook named = new Playbook(read.id(), "Orders\n::error::forged", read.abortOnError(), read.steps(), read.stepTimeout());

        tenant.override = r -> runRead(r) ? unjudgedRun() : null;
        assertThatThrownBy(() -> runner(4).run(named, TARGET)).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("playbook 'Orders\\n::error::forged' ran, but Cognigy's run run2 was still 'running'")
                .hasMessageNotContaining("\n::error::");

        tenant.override = r -> runRead(r) ? proxyPage(502) : null;
        assertThatThrownBy(() -> runner(4).run(named, TARGET)).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("playbook 'Orders\\n::error::forged' ran, but Cognigy's run")
                .hasMessageNotContaining("\n::error::");
    }

    @Test
    @DisplayName("reads of the finished run failing beyond the client's three attempts (a proxy's HTML 502 for a while) are read"
            + " past until the deadline: the run Cognigy judged is reported, not lost")
    void failingRunReadsAreReadPast() {
        AtomicInteger reads = new AtomicInteger();
        tenant.override = r -> runRead(r) && reads.incrementAndGet() <= 8 ? proxyPage(502) : null;

        PlaybookRunner.Outcome outcome = runner(4).run(api.read("pb1"), TARGET);

        assertThat(outcome).isInstanceOf(PlaybookRunner.Finished.class);
        assertThat(((PlaybookRunner.Finished) outcome).run().successful()).isTrue();
        assertThat(tenant.to("/runs/run")).hasSizeGreaterThan(8);
    }

    @Test
    @DisplayName("reads of the finished run failing until the deadline: a timeout naming the last failure")
    void runReadsFailingToTheDeadline() {
        tenant.override = r -> runRead(r) ? proxyPage(502) : null;

        assertThatThrownBy(() -> runner(4).run(api.read("pb1"), TARGET)).isInstanceOf(BackendException.class)
                // The reads failing all along take the management API for down: the last ones are not sent, and name the first.
                .hasMessageContaining("could not be read").hasMessageContaining("GET /new/v2.0/playbooks/pb1/runs/run2 answered 502")
                .extracting(e -> ((BackendException) e).kind()).isEqualTo(BackendException.Kind.TIMEOUT);
    }
}
