package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.RecordReplaySettings;
import dev.botsim.cognigy.engine.config.ReplayMode;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.FolderLockHolderMain;
import dev.botsim.cognigy.engine.support.Redaction;

/** Runs recording into one cassette at once: Surefire's forks (each a JVM of its own), or two runs in one JVM. */
class ConcurrentCassettesTest {

    private static final Fingerprint BOT = Fingerprint.of(Map.of("backend", "endpoint"));

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a run writing a cassette waits while another process (a Surefire fork) has read it again and not yet"
            + " written it, then reads what that process wrote: both runs' entries are kept")
    void anotherProcessHalfWayThroughItsWrite() throws Exception {
        // What the other fork writes: its own recording of test b, over the cassette as it read it (none yet).
        Path elsewhere = dir.resolve("elsewhere");
        Cassettes other = new Cassettes(elsewhere, new Redaction(List.of()), Secrets.none());
        other.record(other.fileOf(caseOf("b")), answered("b"));
        assertThat(other.write(BOT).unwritten()).isEmpty();
        Path othersFile = dir.resolve("others.cassette.json");
        Files.copy(other.fileOf(caseOf("b")), othersFile);

        Path cassettes = dir.resolve("cognigy");
        Cassettes run = new Cassettes(cassettes, new Redaction(List.of()), Secrets.none());
        Path file = run.fileOf(caseOf("a"));
        run.record(file, answered("a"));

        Process holder = lockHolder(Cassettes.lockFile(cassettes), file, othersFile);
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");

            CompletableFuture<Path> waitedFor = new CompletableFuture<>();
            CompletableFuture<Cassettes.Written> written = onItsOwnThread(
                    () -> run.write(BOT, Duration.ofSeconds(30), Duration.ZERO, waitedFor::complete, true));
            // Written without waiting (as it must not), or waiting for the other process's lock.
            await().atMost(Duration.ofSeconds(30)).until(() -> written.isDone() || waitedFor.isDone());

            release(holder, said);
            assertThat(written.get(30, TimeUnit.SECONDS).unwritten()).isEmpty();
        } finally {
            holder.destroyForcibly();
        }

        String text = Files.readString(file);
        assertThat(text).as("this run's entry").contains("[case:a]");
        assertThat(text).as("the other fork's entry").contains("[case:b]");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a recording run the JVM is shutting down in the middle of writes no cassette while another process holds"
            + " their lock past the time it has: that process's entries are not written over, and the run says which"
            + " recordings are not saved")
    void shuttingDownWhileAnotherProcessHoldsTheLock() throws Exception {
        Path othersFile = dir.resolve("others.cassette.json");
        Files.writeString(othersFile, "{ \"the other fork's cassette\" : 1 }\n");
        Path cassettes = dir.resolve("cognigy");
        Cassettes run = new Cassettes(cassettes, new Redaction(List.of()), Secrets.none());
        Path file = run.fileOf(caseOf("a"));
        run.record(file, answered("a"));

        Process holder = lockHolder(Cassettes.lockFile(cassettes), file, othersFile);
        Cassettes.Written written;
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");

            written = run.writeWithin(BOT, Duration.ofMillis(200));
            assertThat(file).as("while the other process holds the lock").doesNotExist();

            release(holder, said);
        } finally {
            holder.destroyForcibly();
        }

        assertThat(written.lines()).isEmpty();
        assertThat(written.unwritten()).singleElement().asString()
                .startsWith(Cassettes.shown(file) + " was not written: another process held the lock of the cassettes in "
                        + Cassettes.shown(cassettes) + " (" + Cassettes.lockFile(cassettes) + ")")
                .endsWith("this interrupted run's recordings of [file:orders.sim.yaml]/[case:a] are not saved — record them"
                        + " again with cognigy.replay=record or auto");
        assertThat(Files.readString(file)).as("the other process's cassette").isEqualTo(Files.readString(othersFile));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("runs of one JVM recording into one cassette at once, each through an engine's replay layer of its own,"
            + " keep every run's entries")
    void runsOfOneJvmAtOnce() throws Exception {
        int runs = 6;
        CountDownLatch ready = new CountDownLatch(runs);
        List<CompletableFuture<ReplayReport>> ends = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String test = caseOf("t" + i);
            ReplayingBackend backend = recording();
            backend.send(new TurnRequest("run_" + i, "t", 1, "user", "web", "hello " + i, Map.of(), null, "key", null,
                    Map.of(), null, test));
            ends.add(onItsOwnThread(() -> {
                ready.countDown();
                try {
                    ready.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return backend.finish(Set.of(test));
            }));
        }
        for (CompletableFuture<ReplayReport> end : ends) assertThat(end.get(60, TimeUnit.SECONDS).unwritten()).isEmpty();

        CassetteFile.Loaded cassette = CassetteFile.read(dir, dir.resolve("orders.sim.yaml.cassette.json"), "c");
        assertThat(cassette.problems()).isEmpty();
        assertThat(cassette.exchanges()).hasSize(runs);
    }

    private ReplayingBackend recording() {
        EngineConfig config = EngineConfig.defaults().withReplay(new RecordReplaySettings(ReplayMode.RECORD, dir, List.of()));
        return new ReplayingBackend(ReplaySettings.of(config), config, ConcurrentCassettesTest::bot, () -> false);
    }

    private static Backend bot() {
        return new Backend() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public BotSchema schema() {
                return BotSchema.UNKNOWN;
            }

            @Override
            public TurnResult send(TurnRequest request) {
                return new TurnResult("sim", request.sessionId(), "completed", List.of(TestTurns.turn(0, "flow", "greet",
                        0.9, Map.of(), "you said " + request.text(), null, null)), null, List.of(), 0);
            }

            @Override
            public void close() {
            }
        };
    }

    private static String caseOf(String name) {
        return "[engine:cognigy]/[file:orders.sim.yaml]/[case:" + name + "]";
    }

    private static Exchange answered(String name) {
        String test = caseOf(name);
        TurnRequest request = new TurnRequest("r", "t", 1, "u", "web", "hello", Map.of(), null, "k", null, Map.of(), null, test);
        return new Exchange(Exchange.testKey(test), 1, Exchange.request(request), Exchange.answer(new TurnResult("s", null,
                "completed", List.of(TestTurns.turn(0, "flow", "greet", 0.9, Map.of(), "Hello!", null, null)), null,
                List.of(), 0)), 0);
    }

    /** {@code task} on a thread of its own, as runs ending at once are (the common pool may have one thread). */
    private static <T> CompletableFuture<T> onItsOwnThread(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, runnable -> {
            Thread thread = new Thread(runnable, "recording-run");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Lets the lock holder go, and waits until it says it let the lock go and has ended. */
    private static void release(Process holder, BufferedReader said) throws IOException, InterruptedException {
        holder.getOutputStream().write('\n');
        holder.getOutputStream().flush();
        assertThat(said.readLine()).isEqualTo("done");
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Another process holding the cassette folder's lock ({@link FolderLockHolderMain}): it says {@code locked} once it
     * holds it, and on a line from the test writes {@code othersFile} as the cassette, lets go and says {@code done}.
     */
    private static Process lockHolder(Path lockFile, Path cassette, Path othersFile) throws IOException {
        Files.createDirectories(cassette.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FolderLockHolderMain.class.getName(),
                lockFile.toString(), cassette.toString(), othersFile.toString()).redirectErrorStream(true).start();
    }
}
