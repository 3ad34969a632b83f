package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.backend.TurnRequest;

/**
 * A Maven module's {@code target/test-classes} keeps the copy of a data file renamed, moved or deleted in
 * {@code src/test/resources} until {@code mvn clean}: the copy is named as one, so a rename's duplicate test ids, or a
 * deleted file's tests still running, are explained where they show.
 */
class LeftInTestClassesTest {

    private static final String POM = "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId>"
            + "<artifactId>a</artifactId><version>1</version></project>\n";

    @TempDir
    Path module;
    private final ScriptedBackend backend = new ScriptedBackend();

    @Test
    @DisplayName("a data file renamed in src/test/resources without mvn clean: the old copy in target/test-classes is named"
            + " as one, with mvn clean; the renamed file is not")
    void renamedWithoutClean() throws Exception {
        Files.writeString(module.resolve("pom.xml"), POM);
        Path resources = Files.createDirectories(module.resolve("src/test/resources/sims"));
        Path classes = Files.createDirectories(module.resolve("target/test-classes/sims"));
        Files.writeString(resources.resolve("hello.sim.yaml"), "cases:\n  - id: test_hi\n    utterance: hi\n");
        Files.writeString(classes.resolve("hello.sim.yaml"), "cases:\n  - id: test_hi\n    utterance: hi\n");
        Files.writeString(classes.resolve("greet.sim.yaml"), "cases:\n  - id: test_hello\n    utterance: hello\n");

        EngineDiscoveryResults results = onClassPath(module.resolve("target/test-classes"));

        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).containsExactly(
                "sims/greet.sim.yaml: is in target/test-classes but not in src/test/resources — a copy an earlier build left"
                        + " there of a file since renamed, moved or deleted (Maven copies test resources and never removes"
                        + " one), and it still runs: run mvn clean test once to remove it");
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactlyInAnyOrder("hi", "hello");
    }

    @Test
    @DisplayName("a POM that copies test resources from elsewhere (<testResources>) makes no file in target/test-classes a"
            + " left-over copy")
    void otherTestResources() throws Exception {
        Files.writeString(module.resolve("pom.xml"), POM.replace("</project>",
                "<build><testResources><testResource><directory>src/test/bots</directory></testResource></testResources>"
                        + "</build></project>"));
        Files.createDirectories(module.resolve("src/test/resources"));
        Path classes = Files.createDirectories(module.resolve("target/test-classes/sims"));
        Files.writeString(classes.resolve("greet.sim.yaml"), "cases:\n  - id: test_hello\n    utterance: hello\n");

        EngineDiscoveryResults results = onClassPath(module.resolve("target/test-classes"));

        assertThat(results.getDiscoveryIssues()).isEmpty();
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hello");
    }

    @Test
    @DisplayName("a parent POM beside the module (../pom.xml, or the <relativePath> it names) that copies test resources from"
            + " elsewhere makes no file in the module's target/test-classes a left-over copy: the module inherits its build")
    void parentCopiesOtherTestResources() throws Exception {
        String copiesBots = "<build><testResources><testResource><directory>src/test/bots</directory></testResource>"
                + "</testResources></build></project>";
        String parent = "<parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version>%s</parent></project>";
        Files.writeString(module.resolve("pom.xml"), POM.replace("</project>", copiesBots));
        Path child = module.resolve("child");
        Files.createDirectories(child.resolve("src/test/resources"));
        Files.writeString(child.resolve("pom.xml"), POM.replace("</project>", parent.formatted("")));
        Files.createDirectories(module.resolve("build/parent"));
        Files.writeString(module.resolve("build/parent/pom.xml"), POM.replace("</project>", copiesBots));
        Path other = module.resolve("other");
        Files.createDirectories(other.resolve("src/test/resources"));
        Files.writeString(other.resolve("pom.xml"), POM.replace("</project>",
                parent.formatted("<relativePath>../build/parent</relativePath>")));
        for (Path each : List.of(child, other)) {
            Path classes = Files.createDirectories(each.resolve("target/test-classes/sims"));
            Files.writeString(classes.resolve("greet.sim.yaml"), "cases:\n  - id: test_hello\n    utterance: hello\n");

            EngineDiscoveryResults results = onClassPath(each.resolve("target/test-classes"));

            assertThat(results.getDiscoveryIssues()).as(each.toString()).isEmpty();
        }
        // A parent the module takes from a repository (<relativePath/>) is not read: a copy is named as one.
        Files.writeString(other.resolve("pom.xml"), POM.replace("</project>", parent.formatted("<relativePath/>")));
        assertThat(onClassPath(other.resolve("target/test-classes")).getDiscoveryIssues()).extracting(DiscoveryIssue::message)
                .singleElement().asString().startsWith("sims/greet.sim.yaml: is in target/test-classes but not in");
    }

    /** Discovers, then runs, the folder {@code sims} with {@code root} on the class path; what discovery found. */
    private EngineDiscoveryResults onClassPath(Path root) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            EngineDiscoveryResults discovered = EngineTestSupport.kit(backend).selectors(selectClasspathResource("sims")).discover();
            EngineTestSupport.kit(backend).selectors(selectClasspathResource("sims")).execute();
            return discovered;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
