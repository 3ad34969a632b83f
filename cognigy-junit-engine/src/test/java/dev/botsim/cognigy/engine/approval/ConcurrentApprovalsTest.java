package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.config.ApprovalSettings;
import dev.botsim.cognigy.engine.support.FolderLockHolderMain;

/** Two runs approving into one folder at once, each in its own JVM. */
class ConcurrentApprovalsTest {

    private static final String FILE = "greetings.sim.yaml.approved.yaml";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("two runs approving into one file at once keep both runs' answers: a run's end waits while another process"
            + " has read the file again and not yet written it, then reads what it wrote")
    void anotherProcessHalfWayThroughItsApprovals() throws Exception {
        // What the other run writes: its own answer to test_b, over the file as it read it (none yet).
        Path elsewhere = dir.resolve("elsewhere");
        Approvals other = approvals(elsewhere);
        approve(other, "test_b", "bye", "Goodbye!");
        other.finish();
        Path othersFile = dir.resolve("others.yaml");
        Files.copy(elsewhere.resolve(FILE), othersFile);

        Path approved = Files.createDirectories(dir.resolve("approved"));
        Approvals run = approvals(approved);
        approve(run, "test_a", "hi", "Hello!");

        Process holder = lockHolder(approved, othersFile);
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");

            CompletableFuture<Path> waitedFor = new CompletableFuture<>();
            CompletableFuture<Approvals.Finished> finished = onItsOwnThread(
                    () -> run.finish(Duration.ofSeconds(30), Duration.ZERO, waitedFor::complete));
            // Written without waiting (as it must not), or waiting for the other process's lock.
            await().atMost(Duration.ofSeconds(30)).until(() -> finished.isDone() || waitedFor.isDone());

            release(holder, said);
            assertThat(finished.get(30, TimeUnit.SECONDS).unwritten()).isEmpty();
        } finally {
            holder.destroyForcibly();
        }

        String file = Files.readString(approved.resolve(FILE));
        assertThat(file).as("this run's answer").contains("test_a:", "Hello!");
        assertThat(file).as("the other run's answer").contains("test_b:", "Goodbye!");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a run the JVM is shutting down in the middle of writes no approval file while another process holds their"
            + " lock past the time it has: that process's answers are not replaced, and the run says its own are not saved")
    void shuttingDownWhileAnotherProcessHoldsTheLock() throws Exception {
        Path othersFile = dir.resolve("others.yaml");
        Files.writeString(othersFile, "# the other run's file\n");
        Path approved = Files.createDirectories(dir.resolve("approved"));
        Approvals run = approvals(approved);
        approve(run, "test_a", "hi", "Hello!");

        Process holder = lockHolder(approved, othersFile);
        Approvals.Finished finished;
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");

            finished = run.finishWithin(Duration.ofMillis(200));

            release(holder, said);
        } finally {
            holder.destroyForcibly();
        }

        assertThat(finished.written()).isEmpty();
        assertThat(finished.unwritten()).singleElement().asString()
                .startsWith("the approval files in " + approved.toAbsolutePath() + " were not written: another process held"
                        + " their lock " + Approvals.lockFile(approved))
                .contains("the answers this interrupted run approved are not saved");
        assertThat(Files.readString(approved.resolve(FILE))).as("the other run's file").isEqualTo("# the other run's file\n");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("without cognigy.approve=true too: a run shutting down that newly approved an answer writes nothing while"
            + " another process holds the lock, and one that only compared answers has nothing to write and no shortfall")
    void shuttingDownWithoutApproveWhileAnotherProcessHoldsTheLock() throws Exception {
        Path approved = Files.createDirectories(dir.resolve("approved"));
        Path file = approved.resolve(FILE);
        Files.createDirectories(file.getParent());
        String before = ApprovalFile.write("e2e/greetings.sim.yaml",
                Map.of("test_a", new ApprovedAnswer("hi", Map.of("text", "Hello!"))));
        Files.writeString(file, before);
        Path othersFile = dir.resolve("others.yaml");
        Files.writeString(othersFile, "# the other run's file\n");
        Approvals compared = Approvals.of(ApprovalSettings.defaults().withDir(approved), List.of());
        approve(compared, "test_a", "hi", "Hello!");
        Approvals recorded = Approvals.of(ApprovalSettings.defaults().withDir(approved), List.of());
        approve(recorded, "test_new", "bye", "Goodbye!");

        Process holder = lockHolder(approved, othersFile);
        Approvals.Finished comparedEnd;
        Approvals.Finished recordedEnd;
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");

            comparedEnd = compared.finishWithin(Duration.ofMillis(200));
            recordedEnd = recorded.finishWithin(Duration.ofMillis(200));
            assertThat(Files.readString(file)).as("while the other process holds the lock").isEqualTo(before);

            release(holder, said);
        } finally {
            holder.destroyForcibly();
        }

        assertThat(comparedEnd.unwritten()).isEmpty();
        assertThat(comparedEnd.written()).isEmpty();
        assertThat(recordedEnd.written()).isEmpty();
        assertThat(recordedEnd.unwritten()).singleElement().asString()
                .startsWith("the approval files in " + approved.toAbsolutePath() + " were not written: another process held"
                        + " their lock " + Approvals.lockFile(approved));
        assertThat(Files.readString(file)).as("the other run's file, not replaced after it let the lock go")
                .isEqualTo("# the other run's file\n");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a run the JVM is shutting down in the middle of waits for its turn in this JVM no longer than the time it"
            + " has, while another run of this JVM writes approval files into the same folder and itself waits for another"
            + " process's lock: it writes nothing and says why, rather than wait for as long as that run may; a run writing"
            + " into another folder meanwhile does not wait for it")
    void shuttingDownWhileAnotherThreadOfThisJvmWrites() throws Exception {
        Path othersFile = dir.resolve("others.yaml");
        Files.writeString(othersFile, "# the other process's file\n");
        Path held = Files.createDirectories(dir.resolve("held"));
        Approvals other = approvals(held);
        approve(other, "test_b", "bye", "Goodbye!");
        Path own = held;
        Approvals run = approvals(own);
        approve(run, "test_a", "hi", "Hello!");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Approvals elsewhereRun = approvals(elsewhere);
        approve(elsewhereRun, "test_c", "hey", "Hey!");

        Process holder = lockHolder(held, othersFile);
        CompletableFuture<Approvals.Finished> othersEnd = null;
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");
            // Another run of this JVM: it has this JVM's turn and waits for the other process's lock, for minutes.
            CompletableFuture<Path> waitingForTheProcess = new CompletableFuture<>();
            othersEnd = onItsOwnThread(() -> other.finish(Duration.ofMinutes(2), Duration.ZERO, waitingForTheProcess::complete));
            waitingForTheProcess.get(30, TimeUnit.SECONDS);

            CompletableFuture<Approvals.Finished> shutDown = onItsOwnThread(() -> run.finishWithin(Duration.ofMillis(200)));
            // A guard far beyond the 200 ms it may wait, and far below the two minutes the other run may.
            Approvals.Finished finished = shutDown.get(30, TimeUnit.SECONDS);

            assertThat(finished.written()).isEmpty();
            assertThat(finished.unwritten()).singleElement().asString()
                    .isEqualTo("the approval files in " + own.toAbsolutePath() + " were not written: another thread of this JVM"
                            + " (another run or merge in it) was still writing approval files when the time to wait for its"
                            + " turn ran out (the JVM is shutting down), and this JVM's writes take turns, since writing beside"
                            + " it could replace its answers; the answers this interrupted run approved are not saved — run its"
                            + " tests again to approve them");
            assertThat(own.resolve(FILE)).doesNotExist();
            // Folders apart are written apart: a file lock is per file, so only writes into one folder take turns.
            assertThat(onItsOwnThread(() -> elsewhereRun.finishWithin(Duration.ofMillis(200))).get(30, TimeUnit.SECONDS)
                    .written()).containsExactly(elsewhere.resolve(FILE));
        } finally {
            holder.getOutputStream().write('\n');
            holder.getOutputStream().flush();
            holder.waitFor(30, TimeUnit.SECONDS);
            holder.destroyForcibly();
            if (othersEnd != null) othersEnd.get(60, TimeUnit.SECONDS);
        }
        // Once the other run's end is over, a run shutting down writes as any other.
        Approvals again = approvals(own);
        approve(again, "test_a", "hi", "Hello!");
        assertThat(again.finishWithin(Duration.ofMillis(200)).written()).containsExactly(own.resolve(FILE));
    }

    /**
     * {@code task} on a thread of its own, as two runs ending at once are. CompletableFuture's default executor gives
     * none for certain: on JDK 25 it is the common pool even where that pool has one thread (a machine of two cores;
     * JDK 17 started a thread per task there), so a task waiting in it (for another process's lock, for minutes)
     * holds back the next.
     */
    private static <T> CompletableFuture<T> onItsOwnThread(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, runnable -> {
            Thread thread = new Thread(runnable, "approving-run");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static Approvals approvals(Path folder) {
        return Approvals.of(ApprovalSettings.defaults().withApprove(true).withDir(folder), List.of());
    }

    private static void approve(Approvals approvals, String test, String said, String text) {
        SimulationResult answer = new SimulationResult(test, said, "sim_1",
                List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), text, null, null)));
        Approvals.Checked checked = approvals.check(FILE, test, said, List.of("text"), answer, FlowNames.AS_WRITTEN);
        assertThat(checked.failure()).isEmpty();
    }

    /** Lets the lock holder go, and waits until it says it let the lock go and has ended. */
    private static void release(Process holder, BufferedReader said) throws IOException, InterruptedException {
        holder.getOutputStream().write('\n');
        holder.getOutputStream().flush();
        assertThat(said.readLine()).isEqualTo("done");
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Another process holding the lock of {@code approved}'s approval files ({@link FolderLockHolderMain}): it says
     * {@code locked} once it holds it, and on a line from the test writes {@code othersFile} as its answers, lets go and says
     * {@code done}.
     */
    private static Process lockHolder(Path approved, Path othersFile) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FolderLockHolderMain.class.getName(),
                Approvals.lockFile(approved).toString(), approved.resolve(FILE).toString(), othersFile.toString())
                .redirectErrorStream(true).start();
    }
}
