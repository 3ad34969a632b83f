package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.discovery.PackageNameFilter;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;

/**
 * Data files selected the ways tools select them — by classpath name, by path, at a line, by unique id as an IDE reruns
 * them, by folder — find exactly the tests named, each once, and say nothing when nothing is wrong: a warning about a
 * valid selection is noise a user learns to ignore.
 */
class SelectedDataFilesTest {

    private static final String ORDERS = "fixtures/standalone/orders.sim.yaml";
    private static final UniqueId ORDERS_ID = UniqueId.forEngine("cognigy").append("file", ORDERS);
    private static final List<String> ORDERS_CASES = List.of("test_yaml_greeting", "test_yaml_order", "test_yaml_wrong_intent");

    private final ScriptedBackend backend = new ScriptedBackend();

    private EngineDiscoveryResults discover(DiscoverySelector... selectors) {
        return kit(backend).selectors(selectors).discover();
    }

    private static List<String> testIds(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(d -> d.getUniqueId().getLastSegment().getValue()).toList();
    }

    @Test
    @DisplayName("an IDE's rerun of a whole data file by its unique id runs every test of the file, and says nothing")
    void wholeFileByUniqueId() {
        EngineDiscoveryResults results = discover(selectUniqueId(ORDERS_ID));

        assertThat(testIds(results)).containsExactlyElementsOf(ORDERS_CASES);
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("an IDE's rerun of two failed tests of one data file runs both, the file read once, and says nothing")
    void twoTestsOfOneFileByUniqueId() {
        EngineDiscoveryResults results = discover(selectUniqueId(ORDERS_ID.append("case", "test_yaml_greeting")),
                selectUniqueId(ORDERS_ID.append("case", "test_yaml_wrong_intent")));

        assertThat(testIds(results)).containsExactly("test_yaml_greeting", "test_yaml_wrong_intent");
        assertThat(results.getEngineDescriptor().getChildren()).hasSize(1);
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("two lines of one data file, as an IDE selects two cases, select the case at each line")
    void twoLinesOfOneFile() {
        EngineDiscoveryResults results = discover(selectClasspathResource(ORDERS, FilePosition.from(8)),
                selectClasspathResource(ORDERS, FilePosition.from(22)));

        assertThat(testIds(results)).containsExactly("test_yaml_greeting", "test_yaml_wrong_intent");
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("a data file selected by classpath name, by its path in the resource folder and at a line of it finds its"
            + " tests without a discovery issue")
    void validSelectionsSayNothing() {
        for (DiscoverySelector selector : List.of(selectClasspathResource(ORDERS), selectClasspathResource("/" + ORDERS),
                selectFile("src/test/resources/" + ORDERS), selectFile("src/test/resources/" + ORDERS, FilePosition.from(14)),
                selectClasspathResource(ORDERS, FilePosition.from(14)))) {
            EngineDiscoveryResults results = discover(selector);
            assertThat(testIds(results)).as("%s", selector).isNotEmpty().isSubsetOf(ORDERS_CASES);
            assertThat(results.getDiscoveryIssues()).as("%s", selector).isEmpty();
        }
    }

    @Test
    @DisplayName("a file selector naming another engine's file (a feature file, a build file) is no concern of this engine:"
            + " no test, no issue")
    void otherEnginesFile(@TempDir Path root) throws Exception {
        Path feature = Files.writeString(root.resolve("checkout.feature"), "Feature: checkout\n");

        EngineDiscoveryResults results = discover(selectFile(feature.toFile()), selectFile("pom.xml"));

        assertThat(results.getEngineDescriptor().getDescendants()).isEmpty();
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("a data file selected by a path that names no file is one failing test, reported once, naming the path")
    void missingFileReportedOnce() {
        EngineDiscoveryResults results = discover(selectFile("src/test/resources/fixtures/standalone/missing.sim.yaml"));

        assertThat(testIds(results)).hasSize(1);
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.message()).contains("src/test/resources/fixtures/standalone/missing.sim.yaml",
                    "selected, but there is no such file", "check the path");
        });
    }

    @Test
    @DisplayName("data files of the class path selected by their paths below target/test-classes keep their classpath names"
            + " as unique ids, every one of them: the ids an IDE reruns and approvals are filed under")
    void pathsOnTheClassPathKeepTheirClasspathNames() {
        Path classes = Path.of("target/test-classes");
        EngineDiscoveryResults results = discover(selectFile(classes.resolve(ORDERS).toString()),
                selectFile(classes.resolve("fixtures/standalone/greetings.sim.csv").toString()));

        assertThat(results.getEngineDescriptor().getChildren()).extracting(d -> d.getUniqueId().getLastSegment().getValue())
                .containsExactly(ORDERS, "fixtures/standalone/greetings.sim.csv");
    }

    @Test
    @DisplayName("a selected folder of valid data files and Botium files, JSON and YAML ones included, runs each once and"
            + " points out none of them as misnamed or stray")
    void folderOfValidFilesSaysNothing(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("orders.sim.yaml"), "cases:\n  - id: test_hello\n    utterance: hello\n");
        Files.writeString(root.resolve("chat.sim.json"), "{\"cases\": [{\"id\": \"test_json\", \"utterance\": \"hi\"}]}");
        Files.writeString(root.resolve("greeting.convo.txt"), "greeting\n#me\nhello\n#bot\nINTENT greeting\n");
        Files.writeString(root.resolve("smalltalk.convo.yml"),
                "convos:\n  - name: how are you\n    steps:\n      - me: [how are you]\n");
        Files.writeString(root.resolve("lists.utterances.yml"), "utterances:\n  GREET: [hello, hi]\n");
        Files.createDirectories(root.resolve("nested"));
        Files.writeString(root.resolve("nested/more.sim.yaml"), "cases:\n  - id: test_nested\n    utterance: hi there\n");

        EngineDiscoveryResults results = discover(selectDirectory(root.toFile()));

        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).isEmpty();
        assertThat(testIds(results)).contains("test_hello", "test_json", "test_nested").doesNotHaveDuplicates();
        assertThat(results.getEngineDescriptor().getChildren()).hasSize(5);
    }

    @Test
    @DisplayName("the data files a package or classpath-root scan finds stand in the tree in name order, as a folder's"
            + " do, whatever order the file system lists them in: an IDE's tree and the reports read the same on every machine")
    void scannedDataFilesInNameOrder() {
        for (DiscoverySelector scan : List.of(DiscoverySelectors.selectPackage("e2e"),
                DiscoverySelectors.selectClasspathRoots(Set.of(Path.of("target/test-classes").toAbsolutePath())).get(0))) {
            List<String> files = kit(backend).selectors(scan).filters(PackageNameFilter.includePackageNames("e2e")).discover()
                    .getEngineDescriptor().getChildren().stream().map(d -> d.getUniqueId().getLastSegment().getValue()).toList();

            assertThat(files).hasSizeGreaterThan(10).isSorted();
        }
    }

    @Test
    @DisplayName("a classpath-root scan with a package filter (--include-package) finds the data files of the packages it"
            + " takes, by their folders, and no other")
    void packageFilterTakesDataFilesByTheirFolder() {
        EngineDiscoveryResults results = kit(backend)
                .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(Path.of("target/test-classes").toAbsolutePath())).get(0))
                .filters(PackageNameFilter.includePackageNames("fixtures.standalone")).discover();

        assertThat(results.getEngineDescriptor().getChildren()).extracting(d -> d.getUniqueId().getLastSegment().getValue())
                .containsExactlyInAnyOrder(ORDERS, "fixtures/standalone/greetings.sim.csv");
    }

    @Test
    @DisplayName("a classpath folder selected as a resource (@SelectClasspathResource) runs its data files and points out its"
            + " misnamed files at their classpath resources, as a class naming the folder does")
    void classpathFolderPointsOutMisnamedFiles() {
        EngineDiscoveryResults results = discover(selectClasspathResource("fixtures/misnamed-data"));

        assertThat(results.getEngineDescriptor().getChildren()).extracting(d -> d.getUniqueId().getLastSegment().getValue())
                .containsExactly("fixtures/misnamed-data/orders.sim.yaml");
        assertThat(results.getDiscoveryIssues()).extracting(issue -> issue.source().orElseThrow()).containsExactlyInAnyOrder(
                ClasspathResourceSource.from("fixtures/misnamed-data/greetings.yaml"),
                ClasspathResourceSource.from("fixtures/misnamed-data/hours.sim.yaml.txt"),
                ClasspathResourceSource.from("fixtures/misnamed-data/smoke.csv"));
    }

    @Test
    @DisplayName("a class's tags are carried by every test of the data file it names, beside the file's own")
    void classTagsOnItsDataFilesTests() {
        EngineDiscoveryResults results = discover(selectClass(ConversationSimulation.class));

        List<TestDescriptor> fromFile = results.getEngineDescriptor().getDescendants().stream()
                .filter(d -> d.getUniqueId().toString().contains("[file:fixtures%2Freferenced%2Fconversation.sim.yaml]"))
                .filter(d -> !d.getUniqueId().getLastSegment().getType().equals("file")).map(TestDescriptor.class::cast).toList();
        assertThat(fromFile).hasSize(7).allSatisfy(d -> assertThat(d.getTags()).contains(TestTag.create("conversations")));
    }
}
