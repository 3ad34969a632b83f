package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.config.ApprovalSettings;
import dev.botsim.cognigy.spi.SimulationRecord.Approval;

/**
 * What an approved answer decides: a changed answer is never taken for the approved one, the answer a repeated test
 * approves is the one most of its runs gave (the earliest on a tie), and the entries of tests that are gone are stale —
 * those and no others.
 */
class ApprovalVerdictsTest {

    private static final String FILE = "e2e/greetings.sim.yaml.approved.yaml";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a flow the bot now ends in is a difference when the run knows no other name of it, shown as the bot named it")
    void changedFlowAsWritten() {
        ApprovedAnswer approved = new ApprovedAnswer(Map.of("next_flow", "flow_order"));
        ApprovedAnswer now = new ApprovedAnswer(Map.of("next_flow", "flow_agent"));

        assertThat(approved.differences(now, List.of("next_flow"))).extracting(ApprovedAnswer.Difference::describe)
                .containsExactly("next_flow: approved \"flow_order\", the bot answered \"flow_agent\"");
        assertThat(approved.differences(new ApprovedAnswer(Map.of("next_flow", "flow_order")), List.of("next_flow"))).isEmpty();
        assertThat(approved.view(List.of("next_flow"))).isEqualTo("next_flow: \"flow_order\"");
    }

    @Test
    @DisplayName("a multi-valued slot whose values changed is a difference: lists are compared item by item")
    void changedMultiValuedSlot() {
        ApprovedAnswer approved = new ApprovedAnswer(Map.of("entities", Map.of("NUMBER", List.of(100, 143))));
        ApprovedAnswer now = new ApprovedAnswer(Map.of("entities", Map.of("NUMBER", List.of(100, 150))));

        assertThat(approved.fields().get("entities")).isEqualTo(Map.of("NUMBER", List.of("100", "143")));
        assertThat(approved.differences(now, List.of("entities"))).extracting(ApprovedAnswer.Difference::describe)
                .containsExactly("entities: approved {NUMBER=[100, 143]}, the bot answered {NUMBER=[100, 150]}");
    }

    @Test
    @DisplayName("a repeated test whose runs answer two ways as often each approves the earliest run's answer; the other fails"
            + " against it")
    void tieApprovesTheEarliest(@TempDir Path folder) throws IOException {
        Approvals run = Approvals.of(ApprovalSettings.defaults().withApprove(false).withDir(folder), List.of());

        List<Approvals.Checked> checked = run.checkRuns(FILE, "test_a", "hi", List.of("text"),
                List.of(result("test_a", "hi", "Hello!"), result("test_a", "hi", "Hi there!")), FlowNames.AS_WRITTEN);

        assertThat(checked.get(0).approval()).isEqualTo(Approval.NEWLY_APPROVED);
        assertThat(checked.get(0).note()).hasValueSatisfying(note -> assertThat(note).contains("the answer 1 of the 2 runs gave"));
        assertThat(checked.get(1).failure()).hasValueSatisfying(f -> assertThat(f.getMessage())
                .contains("- text: approved \"Hello!\", the bot answered \"Hi there!\""));
        run.finish();
        assertThat(Files.readString(folder.resolve(FILE))).contains("text: Hello!").doesNotContain("Hi there!");
    }

    @Test
    @DisplayName("in CI an answer without approval fails showing what the bot answered; of several runs, the one most gave")
    void missingInCiShowsTheAnswer(@TempDir Path folder) {
        Approvals run = Approvals.of(ApprovalSettings.defaults().withApprove(false).withDir(folder).withCi("CI=true"), List.of());

        String one = run.check(FILE, "test_a", "hi", List.of("text"), result("test_a", "hi", "Hello!"), FlowNames.AS_WRITTEN)
                .failure().orElseThrow().getMessage();
        List<Approvals.Checked> runs = run.checkRuns(FILE, "test_b", "bye", List.of("text"), List.of(
                result("test_b", "bye", "See you!"), result("test_b", "bye", "Bye!"), result("test_b", "bye", "Bye!")),
                FlowNames.AS_WRITTEN);
        assertThat(runs).allSatisfy(checked -> assertThat(checked.failure()).isPresent());
        String several = runs.get(0).failure().orElseThrow().getMessage();

        assertThat(one).endsWith(" The bot answered:\ntext: \"Hello!\"");
        assertThat(several).endsWith(" The bot answered (most often):\ntext: \"Bye!\"");
    }

    @Test
    @DisplayName("the entries of tests their file no longer has are stale, those of its tests are not; with"
            + " cognigy.approve=true the stale ones are removed and the others kept, even when no test of the file ran")
    void staleEntriesOnly() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("approved"));
        Path file = folder.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ApprovalFile.write("e2e/greetings.sim.yaml", Map.of(
                "test_a", new ApprovedAnswer("hi", Map.of("text", "Hello!")),
                "test_old", new ApprovedAnswer("bye", Map.of("text", "Goodbye!")))));
        List<ApprovalOwner> owners = List.of(owner(Set.of("test_a")));

        Approvals.Finished listed = Approvals.of(ApprovalSettings.defaults().withDir(folder), owners).finish();

        assertThat(listed.stale()).containsExactly(Map.entry(file, List.of("test_old")));
        assertThat(listed.written()).isEmpty();

        Approvals.Finished approved = Approvals.of(ApprovalSettings.defaults().withApprove(true).withDir(folder), owners).finish();

        assertThat(approved.written()).containsExactly(file);
        assertThat(ApprovalFile.read(Files.readString(file)).answers()).containsOnlyKeys("test_a");
    }

    @Test
    @DisplayName("a file whose every entry is stale is deleted by cognigy.approve=true, and only listed without it")
    void everyEntryStale() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("approved"));
        Path file = folder.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ApprovalFile.write("e2e/greetings.sim.yaml",
                Map.of("test_old", new ApprovedAnswer("bye", Map.of("text", "Goodbye!")))));

        assertThat(Approvals.of(ApprovalSettings.defaults().withDir(folder), List.of(owner(Set.of()))).finish().stale())
                .containsExactly(Map.entry(file, List.of("test_old")));
        assertThat(file).exists();
        Approvals.Finished approved = Approvals.of(ApprovalSettings.defaults().withApprove(true).withDir(folder),
                List.of(owner(Set.of()))).finish();
        assertThat(approved.deleted()).containsExactly(file);
        assertThat(file).doesNotExist();
    }

    @Test
    @DisplayName("a data file at the root of the class path keeps its approvals at the root of the approval folder")
    void dataFileAtTheRoot() {
        assertThat(ApprovalFile.forDataFile("orders.sim.yaml")).isEqualTo("orders.sim.yaml.approved.yaml");
        assertThat(ApprovalFile.forClass("OrderBotTest")).isEqualTo("OrderBotTest.approved.yaml");
    }

    @Test
    @DisplayName("entities written as a list are a problem at their line, not slots")
    void entitiesAsAList() {
        assertThat(ApprovalFile.read("test_a:\n  said: hi\n  entities:\n    - ORD_1\n").problem()).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("'entities' of test_a must be a mapping of slot names to values — write each"
                    + " as 'SLOT: value' on its own line below it, or remove it and run its test with -Dcognigy.approve=true to"
                    + " record the bot's current answer");
        });
        assertThat(ApprovalFile.read("test_a:\n  said: hi\n  entities: null\n").problem()).isEmpty();
    }

    @Test
    @DisplayName("a text field written as a list or mapping is a problem at its line naming its fix")
    void textFieldNotAText() {
        assertThat(ApprovalFile.read("test_a:\n  said: hi\n  next_flow:\n    - Orders\n").problem()).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("'next_flow' of test_a must be text or null — write the approved next flow"
                    + " there as a text (quoted if YAML would read it otherwise), or remove the line and run its test with"
                    + " -Dcognigy.approve=true to record the bot's current answer");
        });
        assertThat(ApprovalFile.read("test_a:\n  said: hi\n  next_flow: Orders\n").problem()).isEmpty();
    }

    @Test
    @DisplayName("runs reaching one approval folder by a link and by its real path take turns at one lock")
    void oneLockWhateverThePath() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(Approvals.lockFile(link)).isEqualTo(Approvals.lockFile(real));
        assertThat(Approvals.lockFile(real).getFileName().toString()).startsWith("cognigy-approvals-").endsWith(".lock");
        assertThat(Approvals.lockFile(real).getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    }

    private static SimulationResult result(String test, String said, String text) {
        return new SimulationResult(test, said, "sim_1",
                List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), text, null, null)));
    }

    private static ApprovalOwner owner(Set<String> tests) {
        return new ApprovalOwner() {
            @Override
            public String approvalSubject() {
                return "e2e/greetings.sim.yaml";
            }

            @Override
            public String approvalFile() {
                return FILE;
            }

            @Override
            public Set<String> approvedTests() {
                return tests;
            }
        };
    }

    @Test
    @DisplayName("with cognigy.approve=true a test's answer is accepted once in a run: the same test answering otherwise"
            + " later in the run fails against it, and the file holds the first")
    void acceptedOncePerRun(@TempDir Path folder) throws IOException {
        Approvals run = Approvals.of(ApprovalSettings.defaults().withApprove(true).withDir(folder), List.of());

        Approvals.Checked first = run.check(FILE, "test_a", "hi", List.of("text"), result("test_a", "hi", "Hello!"),
                FlowNames.AS_WRITTEN);
        Approvals.Checked again = run.check(FILE, "test_a", "hi", List.of("text"), result("test_a", "hi", "Hi there!"),
                FlowNames.AS_WRITTEN);

        assertThat(first.approval()).isEqualTo(Approval.NEWLY_APPROVED);
        assertThat(again.approval()).isEqualTo(Approval.COMPARED);
        assertThat(again.failure()).hasValueSatisfying(f -> assertThat(f.getMessage())
                .contains("- text: approved \"Hello!\", the bot answered \"Hi there!\""));
        run.finish();
        assertThat(Files.readString(folder.resolve(FILE))).contains("text: Hello!").doesNotContain("Hi there!");
    }

    @Test
    @DisplayName("an answer without an intent is shown as null beside the approved one")
    void noIntentShownAsNull() {
        Map<String, Object> none = new java.util.HashMap<>();
        none.put("intent", null);

        assertThat(new ApprovedAnswer(none).differences(new ApprovedAnswer(Map.of("intent", "greeting")), List.of("intent")))
                .extracting(ApprovedAnswer.Difference::describe)
                .containsExactly("intent: approved null, the bot answered \"greeting\"");
    }

    @Test
    @DisplayName("cognigy.approve=true over a file it cannot read, in a run that approved some of its tests: the file is left"
            + " as it is, naming the tests whose approved answers a rewrite would drop, not those this run approved")
    void unreadableFileNamesTheAnswersARewriteWouldDrop() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("approved"));
        Path file = folder.resolve(FILE);
        Files.createDirectories(file.getParent());
        String conflicted = "test_a:\n  text: Hello!\n<<<<<<< HEAD\ntest_b:\n  text: Bye!\n=======\n";
        Files.writeString(file, conflicted);
        Approvals run = Approvals.of(ApprovalSettings.defaults().withApprove(true).withDir(folder),
                List.of(owner(Set.of("test_a", "test_b", "test_c"))));
        run.check(FILE, "test_a", "hi", List.of("text"), result("test_a", "hi", "Hello!"), FlowNames.AS_WRITTEN);

        Approvals.Finished finished = run.finish();

        assertThat(finished.unwritten()).singleElement().asString().startsWith(file + ":3: approval file has a merge conflict")
                .contains("would drop the approved answers of test_b, test_c — resolve it by hand");
        assertThat(Files.readString(file)).isEqualTo(conflicted);
    }

    @Test
    @DisplayName("an approval file that cannot be read is named among the run's problems even when none of its tests ran")
    void unreadableFileOfNoTestRun() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("approved"));
        Path file = folder.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "test_a:\n  text: Hello!\n<<<<<<< HEAD\n");

        Approvals.Finished finished = Approvals.of(ApprovalSettings.defaults().withDir(folder), List.of(owner(Set.of("test_a"))))
                .finish();

        assertThat(finished.problems()).singleElement().asString().startsWith(file + ":3: approval file has a merge conflict");
    }
}
