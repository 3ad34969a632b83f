package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.config.ApprovalSettings;

/**
 * An approval file that cannot be written: the run's shortfall names the file, why (not the path again, which is all
 * many exceptions say), the answers lost and the fix for what stands in the way.
 */
class UnwrittenApprovalsTest {

    private static final String FILE = "e2e/greetings.sim.yaml.approved.yaml";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a folder where the approval file should be: why, the tests whose answers are lost, and to move it away")
    void folderWhereTheFileShouldBe() throws IOException {
        Path approved = dir.resolve("approved");
        Path file = Files.createDirectories(approved.resolve(FILE));
        Approvals run = approvals(approved, false);
        approve(run, "test_b", "bye", "Goodbye!");
        approve(run, "test_a", "hi", "Hello!");

        Approvals.Finished finished = run.finish();

        assertThat(finished.written()).isEmpty();
        assertThat(finished.unwritten()).singleElement().asString()
                .startsWith(file + " cannot be written (").doesNotContain("(" + file + ")")
                .endsWith("): the answers this run approved for test_a, test_b are not saved — a folder stands where the file"
                        + " should be: move " + file + " away, and run them again");
        assertThat(file).isEmptyDirectory();
    }

    @Test
    @DisplayName("a file where one of its folders should be: one sentence naming that file and to remove or rename it;"
            + " under cognigy.approve=true, to run them again with it")
    void fileWhereItsFolderShouldBe() throws IOException {
        Path approved = Files.createDirectories(dir.resolve("approved"));
        Files.writeString(approved.resolve("e2e"), "in the way");
        Approvals run = approvals(approved, true);
        approve(run, "test_a", "hi", "Hello!");

        Approvals.Finished finished = run.finish();

        assertThat(finished.unwritten()).singleElement().asString().isEqualTo(approved.resolve(FILE) + " cannot be written:"
                + " the answers this run approved for test_a are not saved — " + approved.resolve("e2e") + " is a file where its"
                + " folder should be; remove or rename that file, or point cognigy.approve.dir at another folder, and run them"
                + " again with -Dcognigy.approve=true");
        assertThat(Files.readString(approved.resolve("e2e"))).isEqualTo("in the way");
    }

    @Test
    @DisplayName("a folder the run may not write into: permission denied, and which folder to make writable or which key to"
            + " point elsewhere; skipped where permissions do not hold (as root)")
    void readOnlyFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("approved/e2e"));
        Approvals run = approvals(dir.resolve("approved"), false);
        approve(run, "test_a", "hi", "Hello!");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(folder), "permissions do not bind this user (root)");
            Approvals.Finished finished = run.finish();
            assertThat(finished.unwritten()).singleElement().asString().isEqualTo(folder.resolve("greetings.sim.yaml.approved.yaml")
                    + " cannot be written (permission denied): the answers this run approved for test_a are not saved — make "
                    + folder + " writable (its permissions, a read-only file system, a full disk), or point"
                    + " cognigy.approve.dir at a folder that is, and run them again");
        } finally {
            Files.setPosixFilePermissions(folder, before);
        }
    }

    private static Approvals approvals(Path folder, boolean approve) {
        return Approvals.of(ApprovalSettings.defaults().withApprove(approve).withDir(folder), List.of());
    }

    private static void approve(Approvals approvals, String test, String said, String text) {
        SimulationResult answer = new SimulationResult(test, said, "sim_1",
                List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), text, null, null)));
        Approvals.Checked checked = approvals.check(FILE, test, said, List.of("text"), answer, FlowNames.AS_WRITTEN);
        assertThat(checked.failure()).isEmpty();
    }
}
