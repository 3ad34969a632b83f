package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.config.ApprovalSettings;

/**
 * An approval file is read only when it really lies inside the approval folder and is no larger than
 * {@link Approvals#MAX_BYTES}: one that links out of it, or is larger, is a problem naming it and the fix, with
 * {@code cognigy.approve=true} or without, and is never written over. What a link points at is never shown.
 */
class ContainedApprovalsTest {

    private static final String FILE = "approval/orders.sim.yaml.approved.yaml";
    private static final String CANARY = "ghp_victim_line_9f8e7d6c5b_second_victim_line_1a2b3c";

    @TempDir
    Path base;

    @ParameterizedTest(name = "cognigy.approve={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("an approval file linked to a file outside the approval folder: not read (its values shown nowhere), a"
            + " problem naming the link and the fix, and neither it nor what it points at is written")
    void linkOutsideTheFolder(boolean approve) throws IOException {
        Path victim = Files.writeString(base.resolve("victim.yaml"), "test_a:\n  said: hi\n  text: " + CANARY + "\n");
        Path approved = base.resolve("approved");
        Path link = Files.createDirectories(approved.resolve(FILE).getParent()).resolve("orders.sim.yaml.approved.yaml");
        symbolicLink(link, victim);
        Approvals run = approvals(approved, approve);

        Approvals.Checked checked = check(run, "test_a", "hi", "Hello!");
        Approvals.Finished finished = run.finish();

        Path target = victim.toRealPath();
        assertThat(checked.failure()).hasValueSatisfying(failure -> assertThat(failure.getMessage())
                .startsWith(approved.resolve(FILE) + ": approval file links outside the approval folder " + approved + " (to "
                        + target + "): not read, nor written over — replace the link with the file itself")
                .doesNotContain(CANARY));
        assertThat(checked.approval()).as("compared with nothing").isEqualTo(dev.botsim.cognigy.spi.SimulationRecord.Approval.UNREADABLE);
        assertThat(finished.written()).isEmpty();
        assertThat(finished.problems()).singleElement().asString().contains("links outside the approval folder")
                .doesNotContain(CANARY);
        assertThat(finished.unwritten()).isEmpty();
        assertThat(link).isSymbolicLink();
        assertThat(victim).hasContent("test_a:\n  said: hi\n  text: " + CANARY);
    }

    @ParameterizedTest(name = "cognigy.approve={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("an approval file larger than the limit (a 3 GiB sparse file): a problem naming the limit and the fix, not"
            + " an OutOfMemoryError ending the run; it is not written over")
    void tooLarge(boolean approve) throws IOException {
        Path approved = base.resolve("approved");
        Path file = approved.resolve(FILE);
        Files.createDirectories(file.getParent());
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        Approvals run = approvals(approved, approve);

        Approvals.Checked checked = check(run, "test_a", "hi", "Hello!");
        Approvals.Finished finished = run.finish();

        assertThat(checked.failure()).hasValueSatisfying(failure -> assertThat(failure.getMessage())
                .startsWith(file + ": approval file is larger than 16 MiB, more than any suite approves: not read, nor"
                        + " written over — delete it and approve its tests again with -Dcognigy.approve=true"));
        assertThat(finished.written()).isEmpty();
        assertThat(finished.problems()).singleElement().asString().contains("is larger than 16 MiB");
        assertThat(Files.size(file)).isEqualTo(3L << 30);
    }

    @ParameterizedTest(name = "cognigy.approve={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("an approval file linked to another inside the approval folder is read as before")
    void linkInsideTheFolder(boolean approve) throws IOException {
        Path approved = base.resolve("approved");
        Path real = Files.createDirectories(approved.resolve("shared")).resolve("orders.approved.yaml");
        Files.writeString(real, "test_a:\n  said: hi\n  text: Hello!\n");
        Path link = Files.createDirectories(approved.resolve(FILE).getParent()).resolve("orders.sim.yaml.approved.yaml");
        symbolicLink(link, Path.of("../shared/orders.approved.yaml"));
        Approvals run = approvals(approved, approve);

        Approvals.Checked checked = check(run, "test_a", "hi", "Hello!");

        assertThat(checked.failure()).isEmpty();
        assertThat(checked.approval()).isNotNull();
        assertThat(run.finish().problems()).isEmpty();
    }

    /**
     * A file replaced by a link out of the folder after the run read it, and before it writes (another process, a
     * checkout): the answers this run approved are not written over the link, which is reported.
     */
    @Test
    @DisplayName("an approval file that became a link outside the folder while the run approved: not written over, a problem")
    void becameALinkBeforeTheWrite() throws IOException {
        Path victim = Files.writeString(base.resolve("victim.yaml"), CANARY + "\n");
        Path approved = base.resolve("approved");
        Path file = approved.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "test_a:\n  said: hi\n  text: Hello!\n");
        Approvals run = approvals(approved, true);
        Approvals.Checked checked = check(run, "test_a", "hi", "Hi there!");
        assertThat(checked.failure()).isEmpty();
        Files.delete(file);
        symbolicLink(file, victim);

        Approvals.Finished finished = run.finish();

        assertThat(finished.written()).isEmpty();
        assertThat(finished.problems()).singleElement().asString().contains("links outside the approval folder")
                .doesNotContain(CANARY);
        assertThat(file).isSymbolicLink();
        assertThat(victim).hasContent(CANARY);
    }

    private static void symbolicLink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("symbolic links cannot be made here: " + e);
        }
    }

    private static Approvals approvals(Path folder, boolean approve) {
        return Approvals.of(ApprovalSettings.defaults().withApprove(approve).withDir(folder), List.of());
    }

    private static Approvals.Checked check(Approvals approvals, String test, String said, String text) {
        SimulationResult answer = new SimulationResult(test, said, "sim_1",
                List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), text, null, null)));
        return approvals.check(FILE, test, said, List.of("text"), answer, FlowNames.AS_WRITTEN);
    }
}
