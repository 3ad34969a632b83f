package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.config.ApprovalSettings;

/** Approval files as a developer's Windows editor saves them after a hand edit. */
class WindowsSavedApprovalsTest {

    private static final String FILE = "simulations/orders.sim.yaml.approved.yaml";

    @TempDir
    Path approved;

    @Test
    @DisplayName("an approval file saved as Windows-1252 ('ANSI', older Notepad) after a hand edit fails its tests naming the"
            + " line and column of the first byte that is no UTF-8, the character it is there and the fix, instead of"
            + " 'cannot be read as UTF-8 text (Input length = 1)'")
    void savedAsWindows1252() throws IOException {
        Path file = approved.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.write(file, "test_a:\r\n  said: hi\r\n  text: Gr\u00fc\u00dfe!\r\n".getBytes(Charset.forName("windows-1252")));
        Approvals run = Approvals.of(ApprovalSettings.defaults().withDir(approved), List.of());

        Approvals.Checked checked = check(run, "test_a", "hi", "Grüße!");

        assertThat(checked.failure()).hasValueSatisfying(failure -> assertThat(failure.getMessage()).startsWith(file
                + ":3:11: approval file is not UTF-8 text: byte 0xFC (at byte offset 31) is 'ü' in Windows-1252 ('ANSI'),"
                + " as older Notepad saves it — save the file as UTF-8"));
    }

    @Test
    @DisplayName("an approval file with a UTF-8 byte order mark whose hand edit was saved as Windows-1252 names the column an"
            + " editor shows, the mark taking none, and the character the byte is in Windows-1252")
    void byteOrderMarkThenWindows1252() throws IOException {
        Path file = approved.resolve(FILE);
        Files.createDirectories(file.getParent());
        byte[] edit = "test_a: {said: hi, text: Gr\u00fc\u00dfe!}\r\n".getBytes(Charset.forName("windows-1252"));
        byte[] bytes = new byte[edit.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(edit, 0, bytes, 3, edit.length);
        Files.write(file, bytes);
        Approvals run = Approvals.of(ApprovalSettings.defaults().withDir(approved), List.of());

        Approvals.Checked checked = check(run, "test_a", "hi", "Grüße!");

        assertThat(checked.failure()).hasValueSatisfying(failure -> assertThat(failure.getMessage()).startsWith(file
                + ":1:28: approval file is not UTF-8 text: byte 0xFC (at byte offset 30) is 'ü' in Windows-1252 ('ANSI'),"
                + " as older Notepad saves it — save the file as UTF-8"));
    }

    private static Approvals.Checked check(Approvals approvals, String test, String said, String text) {
        SimulationResult answer = new SimulationResult(test, said, "sim_1",
                List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), text, null, null)));
        return approvals.check(FILE, test, said, List.of("text"), answer, FlowNames.AS_WRITTEN);
    }
}
