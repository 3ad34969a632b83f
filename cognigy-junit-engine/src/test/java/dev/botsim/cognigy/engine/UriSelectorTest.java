package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.BAD_FILES;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUri;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * A data file, a line of it or a folder named by a URI ({@code --select-uri}, a tool that selects by URI): a
 * {@code file:} URI is the file or folder on disk, a {@code classpath:} URI the classpath resource, either with an
 * optional {@code ?line=} (and {@code &column=}) query, as JUnit's file and classpath-resource selectors take it.
 */
class UriSelectorTest {

    private static EngineDiscoveryResults discover(String uri) {
        return kit(new ScriptedBackend()).selectors(selectUri(uri)).discover();
    }

    private static List<String> testNames(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName).sorted().toList();
    }

    private static String fileUri(String path) {
        return Path.of(path).toAbsolutePath().toUri().toString();
    }

    @Test
    @DisplayName("a classpath: URI selects the classpath resource, with or without a slash after the scheme; ?line= the case"
            + " at that line")
    void classpathUri() {
        UniqueId file = UniqueId.forEngine("cognigy").append("file", "fixtures/standalone/orders.sim.yaml");
        EngineDiscoveryResults whole = discover("classpath:/fixtures/standalone/orders.sim.yaml");
        assertThat(testNames(whole)).containsExactly("I want a human", "hello there", "where is my order ORD_99");
        assertThat(whole.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getUniqueId).containsExactly(file);

        assertThat(testNames(discover("classpath:fixtures/standalone/orders.sim.yaml")))
                .containsExactly("I want a human", "hello there", "where is my order ORD_99");
        assertThat(testNames(discover("classpath:/fixtures/standalone/orders.sim.yaml?line=16")))
                .containsExactly("where is my order ORD_99");
        assertThat(testNames(discover("classpath:fixtures/standalone/orders.sim.yaml?line=16&column=7")))
                .containsExactly("where is my order ORD_99");
    }

    @Test
    @DisplayName("a file: URI selects the file on disk (named by its classpath name when on the class path), ?line= the"
            + " turn at that line; a folder's URI every data file below it")
    void fileUri() {
        EngineDiscoveryResults file = discover(fileUri("target/test-classes/fixtures/standalone/greetings.sim.csv"));
        assertThat(testNames(file)).containsExactly("hi", "track my package ORD_12");
        assertThat(file.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getUniqueId)
                .containsExactly(UniqueId.forEngine("cognigy").append("file", "fixtures/standalone/greetings.sim.csv"));

        EngineDiscoveryResults line = discover(fileUri("target/test-classes/fixtures/referenced/conversation.sim.yaml") + "?line=9");
        assertThat(line.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .extracting(d -> d.getUniqueId().getLastSegment().getValue() + " " + d.getDisplayName())
                .containsExactly("2 I want a human");

        EngineDiscoveryResults folder = discover(fileUri(BAD_FILES.toString()));
        assertThat(folder.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getDisplayName)
                .contains("src/test/bad-files/good.sim.yaml", "src/test/bad-files/syntax-error.sim.yaml");
    }

    @Test
    @DisplayName("a URI of another scheme or naming no data file selects nothing; one naming a data file that is not there"
            + " is a failing test saying so, as the classpath-resource selector it stands for is")
    void nothingElse() {
        assertThat(testNames(discover("classpath:/fixtures/standalone/missing.sim.yaml"))).singleElement().asString()
                .startsWith("invalid: fixtures/standalone/missing.sim.yaml: selected, but not on the class path");
        assertThat(testNames(discover("https://example.com/orders.sim.yaml"))).isEmpty();
        assertThat(testNames(discover(fileUri("pom.xml")))).isEmpty();
    }

    @Test
    @DisplayName("a URI with a line picks a test, as a file selector with a line does: its reports go to partial/, never over"
            + " the suite's")
    void lineIsARunOfTestsPickedOneByOne(@TempDir Path dir) {
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectUri("classpath:/fixtures/standalone/orders.sim.yaml?line=16")).execute()
                .testEvents().assertStatistics(stats -> stats.started(1));
        assertThat(dir.resolve("partial/results.json")).exists();
        assertThat(Files.exists(dir.resolve("results.json"))).isFalse();
    }
}
