package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;

import dev.botsim.cognigy.engine.fixtures.invalid.FolderWithMisnamedDataFiles;

/** Cases in a file of a data folder whose name is not a data file's do not run: that is said, not left in silence. */
class MisnamedDataFilesTest {

    @Test
    @DisplayName("in a selected folder, a YAML or JSON file holding cases and a file named like a data file with another"
            + " ending are pointed out with the name to give them; other files are not")
    void inAFolder(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("orders.sim.yaml"), "cases:\n  - id: test_hello\n    utterance: hello\n");
        Files.writeString(root.resolve("greetings.yaml"), "cases:\n  - id: test_hi\n    utterance: hi\n");
        Files.writeString(root.resolve("chat.json"), "{\"conversations\": [{\"id\": \"test_c\", \"turns\": [{\"say\": \"hi\"}]}]}");
        Files.writeString(root.resolve("hours.sim.yam"), "cases:\n  - id: test_hours\n    utterance: when are you open\n");
        Files.writeString(root.resolve("settings.yml"), "timeout: 10000\n");
        Files.writeString(root.resolve("package.json"), "{\"name\": \"bot-tests\"}");
        Files.writeString(root.resolve("notes.txt"), "cases: see the wiki\n");
        // Excel's CSV UTF-8 starts with a byte order mark, a spreadsheet of another locale separates with ';'
        Files.writeString(root.resolve("smoke.csv"), "\uFEFFid,utterance,intent\ntest_smoke,hi,greeting\n");
        Files.writeString(root.resolve("Regression.CSV"), "ID;Utterance\ntest_reg;hello\n");
        Files.writeString(root.resolve("prices.csv"), "sku,price,id\n7,12.50,1\n");

        List<DiscoveryIssue> issues = kit(BotiumFilesTest.shopBot()).selectors(selectDirectory(root.toFile())).discover()
                .getDiscoveryIssues();

        assertThat(issues).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("greetings.yaml: holds cases ('cases:') but is not read")
                        .endsWith("rename it greetings.sim.yaml"),
                m -> assertThat(m).contains("chat.json: holds conversations ('conversations:') but is not read")
                        .endsWith("rename it chat.sim.json"),
                m -> assertThat(m).contains("hours.sim.yam: is named like a data file but is not read")
                        .contains("*.sim.yaml").endsWith("rename it hours.sim.yaml"),
                m -> assertThat(m).contains("smoke.csv: holds cases (a header with the columns id and utterance) but is"
                        + " not read").contains("*.sim.csv").endsWith("rename it smoke.sim.csv"),
                m -> assertThat(m).contains("Regression.CSV: holds cases").endsWith("rename it Regression.sim.CSV"));
        assertThat(issues).allSatisfy(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.source()).get().isInstanceOf(FileSource.class);
        });
    }

    @Test
    @DisplayName("in a folder named by @BotSimulation(data), the same files are pointed out at their classpath resource")
    void inAClassFolder() {
        List<DiscoveryIssue> issues = kit(BotiumFilesTest.shopBot()).selectors(selectClass(FolderWithMisnamedDataFiles.class))
                .discover().getDiscoveryIssues();

        assertThat(issues).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith("fixtures/misnamed-data/greetings.yaml: holds cases ('cases:') but is not read")
                        .endsWith("rename it greetings.sim.yaml"),
                m -> assertThat(m).startsWith("fixtures/misnamed-data/hours.sim.yaml.txt: is named like a data file but is"
                        + " not read").endsWith("rename it hours.sim.yaml"),
                m -> assertThat(m).startsWith("fixtures/misnamed-data/smoke.csv: holds cases (a header with the columns id"
                        + " and utterance) but is not read").endsWith("rename it smoke.sim.csv"));
        assertThat(issues).extracting(issue -> issue.source().orElseThrow()).containsExactlyInAnyOrder(
                ClasspathResourceSource.from("fixtures/misnamed-data/greetings.yaml"),
                ClasspathResourceSource.from("fixtures/misnamed-data/hours.sim.yaml.txt"),
                ClasspathResourceSource.from("fixtures/misnamed-data/smoke.csv"));
    }

    @Test
    @DisplayName("a file manager's copy of a data file, its mark put after .sim (Explorer's 'orders.sim - Copy.yaml',"
            + " Finder's 'orders.sim copy.yaml'), is said to be a copy of the file beside it, not to be renamed into a second"
            + " data file whose every id would be a duplicate; without the original beside it, the name offered drops the"
            + " stray .sim")
    void fileManagersCopy(@TempDir Path root) throws IOException {
        String cases = "cases:\n  - id: test_hello\n    utterance: hello\n";
        Files.writeString(root.resolve("orders.sim.yaml"), cases);
        Files.writeString(root.resolve("orders.sim - Copy.yaml"), cases);
        Files.writeString(root.resolve("orders.sim copy 2.yaml"), cases);
        Files.writeString(root.resolve("smoke.sim (1).csv"), "id,utterance\ntest_smoke,hi\n");

        List<DiscoveryIssue> issues = kit(BotiumFilesTest.shopBot()).selectors(selectDirectory(root.toFile())).discover()
                .getDiscoveryIssues();

        assertThat(issues).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("orders.sim - Copy.yaml: holds cases ('cases:') but is not read")
                        .endsWith("; it looks like a file manager's copy of orders.sim.yaml beside it, which is read (the"
                                + " copy's mark went after .sim): delete it, or end its name in .bak to keep it; if it holds"
                                + " other cases, give it a data file's name of its own, such as orders - Copy.sim.yaml"),
                m -> assertThat(m).contains("orders.sim copy 2.yaml: holds cases").contains("a file manager's copy of"
                        + " orders.sim.yaml").endsWith("such as orders copy 2.sim.yaml"),
                m -> assertThat(m).contains("smoke.sim (1).csv: holds cases").doesNotContain("copy of")
                        .endsWith(": rename it smoke (1).sim.csv"));
    }

    @Test
    @DisplayName("a misnamed file whose data file's name is already taken beside it is told it looks like a copy, not to"
            + " take the name: renaming it would overwrite the file that runs")
    void nameTakenBesideIt(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("hours.sim.yaml"), "cases:\n  - id: test_hours\n    utterance: when are you open\n");
        Files.writeString(root.resolve("hours.sim.yaml.txt"), "cases:\n  - id: test_hours\n    utterance: when are you open\n");
        Files.writeString(root.resolve("greetings.sim.yaml"), "cases:\n  - id: test_hi\n    utterance: hi\n");
        Files.writeString(root.resolve("greetings.yaml"), "cases:\n  - id: test_hello\n    utterance: hello\n");

        List<DiscoveryIssue> issues = kit(BotiumFilesTest.shopBot()).selectors(selectDirectory(root.toFile())).discover()
                .getDiscoveryIssues();

        assertThat(issues).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("hours.sim.yaml.txt: is named like a data file but is not read")
                        .doesNotContain("rename it").endsWith("; hours.sim.yaml beside it is read: if this is a copy of it,"
                                + " end this one's name in .bak (or delete it); if it holds other cases, give it another data"
                                + " file's name"),
                m -> assertThat(m).contains("greetings.yaml: holds cases ('cases:') but is not read")
                        .doesNotContain("rename it").contains("; greetings.sim.yaml beside it is read: if this is a copy"));
    }
}
