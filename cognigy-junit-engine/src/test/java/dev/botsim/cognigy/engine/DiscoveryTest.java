package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.BAD_FILES;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;
import dev.botsim.cognigy.engine.fixtures.DuplicateIdsSimulation;
import dev.botsim.cognigy.engine.fixtures.SharedFileSimulation;
import dev.botsim.cognigy.engine.fixtures.OrderBotSimulation;

class DiscoveryTest {

    private final ScriptedBackend backend = new ScriptedBackend();

    private EngineDiscoveryResults discover(org.junit.platform.engine.DiscoverySelector... selectors) {
        return kit(backend).selectors(selectors).discover();
    }

    private static List<String> testNames(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName).sorted().toList();
    }

    @Test
    @DisplayName("class selector: annotated utterances become tests named by their text, with plain method sources")
    void classSelector() {
        EngineDiscoveryResults results = discover(selectClass(OrderBotSimulation.class));
        assertThat(testNames(results)).containsExactly("I need to check my recent order ORD_99",
                "Transfer me to a human agent immediately");
        TestDescriptor classNode = results.getEngineDescriptor().getChildren().iterator().next();
        assertThat(classNode.getSource()).contains(ClassSource.from(OrderBotSimulation.class));
        assertThat(classNode.getChildren()).allSatisfy(c -> assertThat(c.getSource().orElseThrow())
                .isInstanceOf(MethodSource.class));
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("class selector: referenced data files, variants and conversations hang under the class")
    void classWithDataFile() {
        EngineDiscoveryResults results = discover(selectClass(ConversationSimulation.class));
        assertThat(testNames(results)).containsExactly("I want a human", "I want a human", "I want a refund",
                "I want a refund", "greetThenOrder", "hi", "hi", "track my package", "where is my order",
                "where is my order ORD_99");
        UniqueId turn = UniqueId.forEngine("cognigy").append("class", ConversationSimulation.class.getName())
                .append("file", "fixtures/referenced/conversation.sim.yaml").append("conversation", "test_conv_human")
                .append("turn", "2");
        assertThat(results.getEngineDescriptor().findByUniqueId(turn)).get()
                .extracting(TestDescriptor::getDisplayName).isEqualTo("I want a human");
    }

    @Test
    @DisplayName("method selector: only that method")
    void methodSelector() {
        EngineDiscoveryResults results = discover(selectMethod(OrderBotSimulation.class, "escalation",
                "dev.botsim.cognigy.annotations.SimulationResult"));
        assertThat(testNames(results)).containsExactly("Transfer me to a human agent immediately");
    }

    @Test
    @DisplayName("package selector: every @BotSimulation class of the package")
    void packageSelector() {
        EngineDiscoveryResults results = discover(selectPackage("dev.botsim.cognigy.engine.fixtures"));
        assertThat(results.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getDisplayName)
                .contains("OrderBotSimulation", "ConversationSimulation");
    }

    @Test
    @DisplayName("classpath root selector: classes and standalone data files, a class's file only once")
    void classpathRootSelector() {
        Path testClasses = Path.of("target/test-classes").toAbsolutePath();
        EngineDiscoveryResults results = discover(selectClasspathRoots(Set.of(testClasses)).toArray(new org.junit.platform.engine.DiscoverySelector[0]));
        List<String> children = results.getEngineDescriptor().getChildren().stream().map(TestDescriptor::getDisplayName).toList();
        assertThat(children).contains("OrderBotSimulation", "ConversationSimulation", "fixtures/standalone/orders.sim.yaml",
                "fixtures/standalone/greetings.sim.csv");
        assertThat(children).doesNotContain("fixtures/referenced/conversation.sim.yaml");
    }

    @Test
    @DisplayName("a class's data file selected again by its path in src/test/resources (a file or folder selector beside the"
            + " class) runs once, in its class, as its copy on the class path does: no test of it is a duplicate")
    void classFileSelectedByItsSourcePathRunsOnce() {
        for (org.junit.platform.engine.DiscoverySelector bySourcePath : List.of(
                selectFile("src/test/resources/fixtures/referenced/conversation.sim.yaml"),
                selectDirectory("src/test/resources/fixtures/referenced"))) {
            EngineDiscoveryResults results = discover(selectClass(ConversationSimulation.class), bySourcePath);
            assertThat(results.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getDisplayName)
                    .containsExactly("ConversationSimulation");
            assertThat(results.getEngineDescriptor().getDescendants()).extracting(TestDescriptor::getDisplayName)
                    .noneMatch(name -> name.startsWith("invalid:"));
            assertThat(results.getDiscoveryIssues()).isEmpty();
        }
    }

    @Test
    @DisplayName("classpath resource selector: the file's cases, named by utterance, with classpath-resource sources and lines")
    void classpathResourceSelector() {
        EngineDiscoveryResults results = discover(selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        assertThat(testNames(results)).containsExactly("I want a human", "hello there", "where is my order ORD_99");
        TestDescriptor order = find(results, "where is my order ORD_99");
        assertThat(order.getSource().orElseThrow()).isInstanceOfSatisfying(ClasspathResourceSource.class, source -> {
            assertThat(source.getClasspathResourceName()).isEqualTo("fixtures/standalone/orders.sim.yaml");
            assertThat(source.getPosition().orElseThrow().getLine()).isEqualTo(13);
        });
        assertThat(order.getTags()).containsExactlyInAnyOrder(TestTag.create("smoke"), TestTag.create("orders"));
        assertThat(order.getUniqueId()).isEqualTo(UniqueId.forEngine("cognigy")
                .append("file", "fixtures/standalone/orders.sim.yaml").append("case", "test_yaml_order"));
    }

    @Test
    @DisplayName("classpath resource selector with a line: only the case at that line")
    void classpathResourceSelectorWithLine() {
        EngineDiscoveryResults results = discover(selectClasspathResource("fixtures/standalone/orders.sim.yaml",
                FilePosition.from(16)));
        assertThat(testNames(results)).containsExactly("where is my order ORD_99");
    }

    @Test
    @DisplayName("a line selects the case it stands in: the first line of a case with utterances, or any line but an"
            + " utterance's, selects all its tests, never the case before it; an utterance's line selects that one, and"
            + " every one of a list written on one line")
    void lineOfACaseWithUtterances() {
        java.util.function.IntFunction<List<String>> at = line -> testNames(discover(selectClasspathResource(
                "fixtures/lines/variants.sim.yaml", FilePosition.from(line))));
        List<String> block = List.of("track my package", "where is my order");
        List<String> flow = List.of("I want a human", "Transfer me to a human agent immediately");
        assertThat(at.apply(6)).containsExactly("hello");
        assertThat(at.apply(7)).isEqualTo(block);
        assertThat(at.apply(8)).isEqualTo(block);
        assertThat(at.apply(10)).containsExactly("track my package");
        assertThat(at.apply(11)).isEqualTo(block);
        assertThat(at.apply(12)).isEqualTo(flow);
        assertThat(at.apply(13)).isEqualTo(flow);
        assertThat(at.apply(14)).isEqualTo(flow);
        assertThat(at.apply(16)).containsExactly("hi", "where is my order ORD_99");
        assertThat(at.apply(19)).containsExactly("where is my order ORD_99");
    }

    @Test
    @DisplayName("a line past the end of the file (an IDE's rerun of a line chosen before the file was shortened) selects"
            + " nothing and says so, naming the file and its length; the editor's last, empty line still selects the last test")
    void linePastTheEnd() {
        EngineDiscoveryResults past = discover(selectClasspathResource("fixtures/lines/variants.sim.yaml", FilePosition.from(21)));
        assertThat(testNames(past)).isEmpty();
        assertThat(past.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).isEqualTo("fixtures/lines/variants.sim.yaml has no line 21 (it has 20): it was shortened"
                    + " since the line was chosen — select the file, or a line of the test as the file is now");
            assertThat(issue.source()).isPresent();
        });
        assertThat(testNames(discover(selectClasspathResource("fixtures/lines/variants.sim.yaml", FilePosition.from(20)))))
                .containsExactly("where is my order ORD_99");
        assertThat(testNames(discover(selectFile("target/test-classes/fixtures/lines/variants.sim.yaml", FilePosition.from(99)))))
                .isEmpty();
    }

    @Test
    @DisplayName("a line of a Botium convo whose utterance list makes one conversation per utterance selects that line in"
            + " each of them, not in the last one only")
    void lineOfABotiumConvoWithUtterances() {
        java.util.function.IntFunction<List<String>> at = line -> discover(selectClasspathResource(
                "botium/shop/order_status.convo.txt", FilePosition.from(line))).getEngineDescriptor().getDescendants().stream()
                .filter(TestDescriptor::isTest).map(t -> t.getParent().orElseThrow().getUniqueId().getLastSegment().getValue()
                        + " turn " + t.getUniqueId().getLastSegment().getValue()).sorted().toList();
        assertThat(at.apply(1)).containsExactly("test_order_status[1] turn 1", "test_order_status[1] turn 2",
                "test_order_status[2] turn 1", "test_order_status[2] turn 2");
        assertThat(at.apply(12)).containsExactly("test_order_status[1] turn 2", "test_order_status[2] turn 2");
    }

    @Test
    @DisplayName("file selector: a file on disk, named by its classpath name when on the class path")
    void fileSelector() {
        EngineDiscoveryResults results = discover(selectFile("target/test-classes/fixtures/standalone/greetings.sim.csv"));
        assertThat(testNames(results)).containsExactly("hi", "track my package ORD_12");
        assertThat(results.getEngineDescriptor().getChildren().iterator().next().getUniqueId())
                .isEqualTo(UniqueId.forEngine("cognigy").append("file", "fixtures/standalone/greetings.sim.csv"));
    }

    @Test
    @DisplayName("a CSV as Excel's 'CSV UTF-8 (Comma delimited)' saves it on Windows (a byte order mark, CR LF, a cell of"
            + " two lines) is discovered as its tests, with no discovery issue; a line selection finds its row")
    void excelCsvUtf8(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        byte[] text = "id,utterance,intent\r\ntest_hi,\"Grüß dich\nwie geht's?\",greeting\r\ntest_track,track ORD_12,check_order\r\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] excel = new byte[text.length + 3];
        excel[0] = (byte) 0xEF;
        excel[1] = (byte) 0xBB;
        excel[2] = (byte) 0xBF;
        System.arraycopy(text, 0, excel, 3, text.length);
        java.io.File file = java.nio.file.Files.write(dir.resolve("greetings.sim.csv"), excel).toFile();

        EngineDiscoveryResults results = discover(selectFile(file));

        assertThat(results.getDiscoveryIssues()).isEmpty();
        assertThat(testNames(results)).containsExactly("Grüß dich\\nwie geht's?", "track ORD_12");
        assertThat(testNames(discover(selectFile(file, FilePosition.from(4))))).containsExactly("track ORD_12");
    }

    @Test
    @DisplayName("file selector with a line: only the turn at that line")
    void fileSelectorWithLine() {
        EngineDiscoveryResults results = discover(selectFile(
                "target/test-classes/fixtures/referenced/conversation.sim.yaml", FilePosition.from(9)));
        assertThat(results.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .extracting(d -> d.getUniqueId().getLastSegment().getValue() + " " + d.getDisplayName())
                .containsExactly("2 I want a human");
    }

    @Test
    @DisplayName("directory selector: every data file below it; bad files kept off the class path report issues")
    void directorySelector() {
        EngineDiscoveryResults results = discover(selectDirectory(BAD_FILES.toFile()));
        assertThat(results.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getDisplayName)
                .contains("src/test/bad-files/good.sim.yaml", "src/test/bad-files/syntax-error.sim.yaml");
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message)
                .anySatisfy(m -> assertThat(m).startsWith("src/test/bad-files/syntax-error.sim.yaml:7"));
    }

    @Test
    @DisplayName("a syntax error on line 7 is a discovery issue naming the file and line 7, with a file source")
    void syntaxErrorIssue() {
        EngineDiscoveryResults results = discover(selectFile(BAD_FILES.resolve("syntax-error.sim.yaml").toFile()));
        assertThat(results.getDiscoveryIssues()).hasSize(1).first().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.message()).contains("syntax-error.sim.yaml:7");
            assertThat(issue.source().orElseThrow()).isInstanceOfSatisfying(FileSource.class,
                    s -> assertThat(s.getPosition().orElseThrow().getLine()).isEqualTo(7));
        });
    }

    @Test
    @DisplayName("the same test id in two files: reported with both places, the second becomes a failing test")
    void duplicateIds() {
        EngineDiscoveryResults results = discover(selectFile(BAD_FILES.resolve("duplicate-a.sim.yaml").toFile()),
                selectFile(BAD_FILES.resolve("duplicate-b.sim.yaml").toFile()));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).singleElement().asString()
                .contains("test_same_id", "duplicate-a.sim.yaml:3", "duplicate-b.sim.yaml:3");
        assertThat(testNames(results)).containsExactly("hello", "invalid: duplicate test_same_id");
    }

    @Test
    @DisplayName("the same test id in two files selected the other way round: the same use keeps the id, the first by its"
            + " file's unique id, not the first selected (Surefire's or the file system's order), as a split run's merge does")
    void duplicateIdsWhateverTheOrder() {
        EngineDiscoveryResults results = discover(selectFile(BAD_FILES.resolve("duplicate-b.sim.yaml").toFile()),
                selectFile(BAD_FILES.resolve("duplicate-a.sim.yaml").toFile()));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).singleElement().asString()
                .contains("is used 2 times: " + BAD_FILES.resolve("duplicate-a.sim.yaml").toString().replace('\\', '/'));
        assertThat(results.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .filteredOn(node -> node.getDisplayName().startsWith("invalid: duplicate"))
                .singleElement().satisfies(problem -> assertThat(problem.getSource().orElseThrow().toString())
                        .contains("duplicate-b.sim.yaml"));
    }

    @Test
    @DisplayName("a data-file test whose id a method of its class uses stays a failing duplicate when it is rerun alone by"
            + " its unique id (Surefire's rerunFailingTestsCount, an IDE), and so does a turn of such a conversation;"
            + " its unique id is the same, and the issue is reported only for what the run holds")
    void duplicateRerunAlone() {
        UniqueId file = UniqueId.forEngine("cognigy").append("class", DuplicateIdsSimulation.class.getName())
                .append("file", "fixtures/duplicate/taken.sim.yaml");
        EngineDiscoveryResults whole = discover(selectClass(DuplicateIdsSimulation.class));
        assertThat(testNames(whole)).containsExactly("hello", "hi", "invalid: duplicate test_taken_case",
                "invalid: duplicate test_taken_conversation", "talk");
        assertThat(whole.getDiscoveryIssues()).hasSize(2);

        UniqueId taken = file.append("case", "test_taken_case");
        EngineDiscoveryResults rerun = discover(selectUniqueId(taken));
        assertThat(testNames(rerun)).containsExactly("invalid: duplicate test_taken_case");
        assertThat(rerun.getEngineDescriptor().findByUniqueId(taken)).get().extracting(TestDescriptor::isTest).isEqualTo(true);
        assertThat(rerun.getDiscoveryIssues()).extracting(DiscoveryIssue::message).singleElement().asString()
                .contains("test id test_taken_case is used 2 times", DuplicateIdsSimulation.class.getName() + "#hello",
                        "fixtures/duplicate/taken.sim.yaml:4");
        kit(backend).selectors(selectUniqueId(taken)).execute().testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));

        EngineDiscoveryResults turn = discover(selectUniqueId(file.append("conversation", "test_taken_conversation")
                .append("turn", "2")));
        assertThat(testNames(turn)).containsExactly("invalid: duplicate test_taken_conversation");

        EngineDiscoveryResults other = discover(selectUniqueId(file.append("case", "test_free_case")));
        assertThat(testNames(other)).containsExactly("hi");
        assertThat(other.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("a data file two classes name: its tests are duplicates in the second, and the message names both classes"
            + " and says to name the file in one class, not to rename ids")
    void fileNamedByTwoClasses() {
        EngineDiscoveryResults results = discover(selectClass(ConversationSimulation.class), selectClass(SharedFileSimulation.class));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).hasSize(2).allSatisfy(message ->
                assertThat(message).contains("conversation.sim.yaml:", " through " + ConversationSimulation.class.getName(),
                        " through " + SharedFileSimulation.class.getName(), "name it in one class only")
                        .doesNotContain("rename"));
        assertThat(testNames(results)).contains("invalid: duplicate test_conv_human", "invalid: duplicate test_conv_ok");
    }

    @Test
    @DisplayName("unique id selector: the unique ids of every discovered node resolve back to that node")
    void uniqueIdRoundTrip() {
        EngineDiscoveryResults all = discover(selectClass(ConversationSimulation.class),
                selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        for (TestDescriptor node : all.getEngineDescriptor().getDescendants()) {
            EngineDiscoveryResults one = discover(selectUniqueId(node.getUniqueId()));
            assertThat(one.getEngineDescriptor().findByUniqueId(node.getUniqueId()))
                    .as(node.getUniqueId().toString()).isPresent();
            assertThat(one.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest).count())
                    .as(node.getUniqueId().toString())
                    .isEqualTo(node.isTest() ? 1 : node.getDescendants().stream().filter(TestDescriptor::isTest).count());
        }
    }

    @Test
    @DisplayName("a data file or folder not on the class path names the likely one, a misspelt folder or suffix")
    void misspeltDataPath() {
        EngineDiscoveryResults results = discover(selectClass(dev.botsim.cognigy.engine.fixtures.invalid.MisspeltDataPath.class));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("'fixtures/standalon/orders.sim.yaml' named in @BotSimulation(data) is not on the class"
                        + " path — did you mean 'fixtures/standalone/orders.sim.yaml'?"),
                m -> assertThat(m).contains("'fixtures/standalone/greetings.sim.cvs'",
                        "did you mean 'fixtures/standalone/greetings.sim.csv'?"),
                m -> assertThat(m).contains("'fixtures/standalon'", "did you mean 'fixtures/standalone'?"));
    }

    @Test
    @DisplayName("data named by its source folder (src/test/resources/...), its build folder, with classpath: or with"
            + " Windows' backslashes names the classpath resource to write instead")
    void sourcePathInData() {
        EngineDiscoveryResults results = discover(selectClass(dev.botsim.cognigy.engine.fixtures.invalid.SourcePathInData.class));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("'src/test/resources/fixtures/standalone' named in @BotSimulation(data) is not on"
                        + " the class path — did you mean 'fixtures/standalone'? A classpath resource is named by its path"
                        + " below a classpath root such as src/test/resources"),
                m -> assertThat(m).contains("'target/test-classes/fixtures/standalone/greetings.sim.csv'",
                        "did you mean 'fixtures/standalone/greetings.sim.csv'?"),
                m -> assertThat(m).contains("'classpath:fixtures/standalone/orders.sim.yaml' named in @BotSimulation(data) is"
                        + " not a plain classpath resource name — did you mean 'fixtures/standalone/orders.sim.yaml'?"
                        + " @BotSimulation(data) names classpath resources without classpath:"),
                m -> assertThat(m).contains("'fixtures\\standalone\\orders.sim.yaml' named in @BotSimulation(data) is not a"
                        + " plain classpath resource name — did you mean 'fixtures/standalone/orders.sim.yaml'?"
                        + " @BotSimulation(data) names classpath resources with '/' between folders, on Windows too"),
                m -> assertThat(m).contains("'src\\test\\resources\\fixtures\\standalone' named in @BotSimulation(data)",
                        "did you mean 'fixtures/standalone'?"));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).noneMatch(m -> m.contains("?;"));
    }

    @Test
    @DisplayName("a folder named in @BotSimulation(data) that holds no data file says so and names the files it holds,"
            + " rather than failing to read the folder as a file")
    void folderWithoutDataFiles() {
        EngineDiscoveryResults results = discover(selectClass(dev.botsim.cognigy.engine.fixtures.invalid.FolderWithoutDataFiles.class));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).singleElement().asString()
                .contains("folder 'fixtures/without-data-files' named in @BotSimulation(data) holds no data file",
                        "*.sim.yaml", "*.convo.txt", "*.convo.yml", "botium.json", "smalltalk.yml")
                .doesNotContain("cannot read the file", "Is a directory");
        assertThat(testNames(results)).singleElement().asString().startsWith("invalid: ");
    }

    @Test
    @DisplayName("V10: data paths escaping the class path, URLs and missing files are rejected; bad annotations too")
    void invalidClass() {
        EngineDiscoveryResults results = discover(selectClass(dev.botsim.cognigy.engine.fixtures.invalid.EscapingDataPath.class));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("'../../../../etc/passwd.sim.yaml'", "not a plain classpath resource name"),
                m -> assertThat(m).contains("'file:/etc/hosts.sim.yaml'", "not a plain classpath resource name"),
                m -> assertThat(m).contains("'fixtures/standalone/missing.sim.yaml'", "is not on the class path")
                        .doesNotContain("did you mean"),
                m -> assertThat(m).contains("test id 'test bad id' does not match"),
                m -> assertThat(m).contains("takesWrongParameter", "no parameter or one SimulationResult"));
        assertThat(testNames(results)).hasSize(5).allMatch(name -> name.startsWith("invalid: "));
    }

    @Test
    @DisplayName("item 3: a class left without tests is pruned; one holding only a problem test keeps it")
    void pruning() {
        // The engine's own tree, before the launcher prunes it again after its filters.
        TestDescriptor engineTree = EngineTestSupport.engine(backend).discover(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(WithoutTests.class), selectClass(OnlyAProblem.class)).build(),
                UniqueId.forEngine("cognigy"));
        TestDescriptor launcherTree = discover(selectClass(WithoutTests.class), selectClass(OnlyAProblem.class))
                .getEngineDescriptor();

        for (TestDescriptor tree : List.of(engineTree, launcherTree)) {
            // Member classes of this class, whose node holds theirs.
            assertThat(tree.getChildren()).singleElement().extracting(TestDescriptor::getChildren).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.collection(TestDescriptor.class)).singleElement().satisfies(classNode -> {
                assertThat(classNode.getDisplayName()).isEqualTo(OnlyAProblem.class.getSimpleName());
                assertThat(classNode.getChildren()).singleElement()
                        .satisfies(problem -> assertThat(problem.getDisplayName()).startsWith("invalid: ")
                                .contains("test id 'test bad' does not match"));
            });
        }
    }

    @Test
    @DisplayName("item 3: selecting a method keeps its class and that method only; a variants container keeps its tests")
    void pruningToASelectedContainer() {
        EngineDiscoveryResults results = discover(selectMethod(dev.botsim.cognigy.engine.fixtures.ConversationSimulation.class,
                "variants"));

        assertThat(results.getEngineDescriptor().getChildren()).singleElement()
                .satisfies(classNode -> assertThat(classNode.getChildren()).singleElement()
                        .satisfies(method -> assertThat(method.getChildren()).extracting(TestDescriptor::getDisplayName)
                                .containsExactly("where is my order", "track my package")));
    }

    @Test
    @DisplayName("annotations that would be ignored fail a test: checks without @Utterance or on a @Conversation, methods without @BotSimulation")
    void ignoredAnnotationsAreReported() {
        EngineDiscoveryResults results = discover(selectClass(MisplacedChecks.class), selectClass(ForgottenBotSimulation.class));

        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).isEqualTo(MisplacedChecks.class.getName() + "#entityOnly has @ExpectEntity but no @Utterance,"
                        + " so it would never run — add @Utterance(\"<what the user says>\") to the method, or remove @ExpectEntity"),
                m -> assertThat(m).startsWith(MisplacedChecks.class.getName() + "#responseOnly has @ExpectResponse but no @Utterance"),
                m -> assertThat(m).startsWith(MisplacedChecks.class.getName() + "#conversation: @ExpectEntity checks the answer"
                        + " of an @Utterance, not of a @Conversation").contains("bot.say(\"...\").expectEntity("),
                m -> assertThat(m).isEqualTo(MisplacedChecks.class.getName() + "#both has both @Utterance and @Conversation; use one"),
                m -> assertThat(m).isEqualTo(ForgottenBotSimulation.class.getName() + " has @Utterance or @Conversation methods"
                        + " (greeting, order) but no @BotSimulation, so none of them would run — annotate the class with"
                        + " @BotSimulation (it is not inherited from a superclass)"));
        assertThat(testNames(results)).hasSize(5).allMatch(name -> name.startsWith("invalid: "));
        // Below a container of the class, as Surefire reports a test only under a class; its source is the first method.
        assertThat(results.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .filteredOn(t -> t.getDisplayName().contains("ForgottenBotSimulation"))
                .singleElement().satisfies(t -> {
                    assertThat(t.getSource()).contains(MethodSource.from(ForgottenBotSimulation.class.getName(), "greeting", new Class<?>[0]));
                    assertThat(t.getParent()).get().extracting(TestDescriptor::getSource)
                            .isEqualTo(java.util.Optional.of(ClassSource.from(ForgottenBotSimulation.class)));
                });
    }

    @Test
    @DisplayName("an @Utterance or @Conversation method of a class without @BotSimulation, run alone (an IDE's run icon on"
            + " it) or its failing test rerun by its unique id, gives the failing test that says why, once with its class")
    void forgottenBotSimulationSelectedByMethodOrUniqueId() {
        EngineDiscoveryResults method = discover(selectMethod(ForgottenBotSimulation.class, "greeting"));
        assertThat(testNames(method)).singleElement().asString().startsWith("invalid: " + ForgottenBotSimulation.class.getName()
                + " has @Utterance or @Conversation methods (greeting, order) but no @BotSimulation");
        assertThat(method.getDiscoveryIssues()).hasSize(1);
        TestDescriptor problem = method.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .findFirst().orElseThrow();

        EngineDiscoveryResults rerun = discover(selectUniqueId(problem.getUniqueId()));
        assertThat(rerun.getEngineDescriptor().findByUniqueId(problem.getUniqueId())).isPresent();

        EngineDiscoveryResults both = discover(selectClass(ForgottenBotSimulation.class),
                selectMethod(ForgottenBotSimulation.class, "order", "dev.botsim.cognigy.annotations.BotSession"));
        assertThat(testNames(both)).hasSize(1);
        assertThat(both.getDiscoveryIssues()).hasSize(1);
    }

    @dev.botsim.cognigy.annotations.BotSimulation
    static class MisplacedChecks {
        @dev.botsim.cognigy.annotations.ExpectEntity(name = "order_id", value = "ORD_1")
        void entityOnly() {
        }

        @dev.botsim.cognigy.annotations.ExpectResponse(containsAny = "order")
        void responseOnly() {
        }

        @dev.botsim.cognigy.annotations.Conversation
        @dev.botsim.cognigy.annotations.ExpectEntity(name = "order_id", value = "ORD_1")
        void conversation(dev.botsim.cognigy.annotations.BotSession bot) {
        }

        @dev.botsim.cognigy.annotations.Utterance("hi")
        @dev.botsim.cognigy.annotations.Conversation
        void both(dev.botsim.cognigy.annotations.BotSession bot) {
        }
    }

    static class ForgottenBotSimulation {
        @dev.botsim.cognigy.annotations.Utterance(value = "hi", intent = "greeting")
        void greeting() {
        }

        @dev.botsim.cognigy.annotations.Conversation
        void order(dev.botsim.cognigy.annotations.BotSession bot) {
        }
    }

    @dev.botsim.cognigy.annotations.BotSimulation
    static class WithoutTests {
    }

    @dev.botsim.cognigy.annotations.BotSimulation
    static class OnlyAProblem {
        @dev.botsim.cognigy.annotations.Utterance(value = "hi", id = "test bad")
        void check() {
        }
    }

    @Test
    @DisplayName("item 2: a folder's data files are the names the reader recognises, in any case, and no others; the"
            + " others that hold cases or are named like a data file are pointed out, a backup copy is not")
    void suffixes(@org.junit.jupiter.api.io.TempDir Path folder) throws java.io.IOException {
        List<String> names = List.of("a.sim.yaml", "b.SIM.YML", "c.sim.json", "d.Sim.Csv", "e.sim.yaml.bak", "f.yaml",
                "g.sim.txt", "h.csv", "sim.json");
        for (String name : names) {
            java.nio.file.Files.writeString(folder.resolve(name), name.toLowerCase().endsWith(".csv")
                    ? "id,utterance\ntest_" + name.charAt(0) + ",hi\n"
                    : "{\"cases\": [{\"id\": \"test_" + name.charAt(0) + "\", \"utterance\": \"hi\"}]}");
        }

        EngineDiscoveryResults results = discover(selectDirectory(folder.toFile()));

        List<String> recognised = names.stream()
                .filter(dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader::isSimulationFile).toList();
        assertThat(recognised).containsExactly("a.sim.yaml", "b.SIM.YML", "c.sim.json", "d.Sim.Csv");
        assertThat(results.getEngineDescriptor().getChildren())
                .extracting(d -> Path.of(d.getDisplayName()).getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(recognised);
        assertThat(results.getDiscoveryIssues()).extracting(issue -> Path.of(issue.message().substring(0,
                        issue.message().indexOf(": "))).getFileName().toString())
                .containsExactlyInAnyOrder("f.yaml", "g.sim.txt", "h.csv", "sim.json");
        assertThat(results.getDiscoveryIssues()).allMatch(issue -> issue.severity() == DiscoveryIssue.Severity.WARNING);
    }

    @Test
    @DisplayName("a copy of a data file a file manager made beside it (orders - Copy.sim.yaml) is named as the copy it"
            + " looks like in the duplicate ids' issue, with the ending that keeps it out of the run")
    void duplicateIdsInACopy(@org.junit.jupiter.api.io.TempDir Path folder) throws java.io.IOException {
        String orders = "cases:\n  - id: test_order\n    utterance: where is my order\n";
        java.nio.file.Files.writeString(folder.resolve("orders.sim.yaml"), orders);
        java.nio.file.Files.writeString(folder.resolve("orders - Copy.sim.yaml"), orders);

        EngineDiscoveryResults results = discover(selectDirectory(folder.toFile()));

        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).singleElement().asString()
                .contains("test id test_order is used 2 times")
                .endsWith("; test ids must be unique in the run, rename all but one — 'orders - Copy.sim.yaml' looks like"
                        + " a copy of 'orders.sim.yaml': delete it, or rename it to end in .bak to keep it out of the run");

        // Renamed as the message says, the copy is out of the run, and nothing is said of it.
        java.nio.file.Files.move(folder.resolve("orders - Copy.sim.yaml"), folder.resolve("orders - Copy.sim.yaml.bak"));
        EngineDiscoveryResults renamed = discover(selectDirectory(folder.toFile()));
        assertThat(renamed.getDiscoveryIssues()).isEmpty();
        assertThat(testNames(renamed)).containsExactly("where is my order");
    }

    @Test
    @DisplayName("discovery makes no call to the backend")
    void noNetworkDuringDiscovery() {
        discover(selectClass(ConversationSimulation.class), selectDirectory(BAD_FILES.toFile()));
        assertThat(backend.schemaCalls).hasValue(0);
        assertThat(backend.requests).isEmpty();
    }

    private static TestDescriptor find(EngineDiscoveryResults results, String displayName) {
        return results.getEngineDescriptor().getDescendants().stream()
                .filter(d -> d.getDisplayName().equals(displayName)).findFirst().orElseThrow();
    }
}
