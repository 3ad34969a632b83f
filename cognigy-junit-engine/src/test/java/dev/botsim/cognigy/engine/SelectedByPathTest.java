package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * A data file of the module's {@code src/test/resources} is one test whether it is selected by its path (an IDE's "run
 * this file", {@code --select-file}) or as the classpath resource it is copied to (Surefire, a class's {@code data},
 * {@code --select-classpath-resource}): one unique id, one approval file, one cassette. Against the in-process sandbox.
 */
class SelectedByPathTest {

    private static final String RESOURCE = "approval/orders.sim.yaml";
    /** The module's own file, as an IDE or {@code --select-file} names it: Maven and Surefire run in the module. */
    private static final Path SOURCE = Path.of("src/test/resources", RESOURCE);
    private static final String ORIGINAL = "classpath:bots/order-bot.yaml";
    private static final String REWORDED = "classpath:bots/order-bot-reworded.yaml";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private EngineTestKit.Builder kit(String bot, Map<String, String> parameters) {
        Map<String, String> withCassettes = new java.util.HashMap<>(Map.of(Constants.REPLAY_DIR, dir.resolve("cassettes").toString()));
        withCassettes.putAll(parameters);
        return EngineTestSupport.sandboxKit(bot, dir, console, Map.of(), withCassettes);
    }

    private EngineExecutionResults run(String bot, Map<String, String> parameters, DiscoverySelector... selectors) {
        return kit(bot, parameters).selectors(selectors).execute();
    }

    private List<Path> filesUnder(String folder) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve(folder))) {
            return files.filter(Files::isRegularFile).map(f -> dir.resolve(folder).relativize(f)).sorted().toList();
        }
    }

    private static Throwable failure(EngineExecutionResults results, String displayName) {
        return EngineTestSupport.failureOf(results, displayName);
    }

    @Test
    @DisplayName("answers approved by a classpath run are the ones a run of the file by its path is judged against: a changed"
            + " answer fails, it is not newly approved into a second file")
    void approvedOnTheClassPathJudgesARunByPath() throws IOException {
        run(ORIGINAL, Map.of(), selectClasspathResource(RESOURCE)).testEvents().assertStatistics(s -> s.started(7).succeeded(7));
        Path approved = dir.resolve("approved/approval/orders.sim.yaml.approved.yaml");
        String before = Files.readString(approved);
        console.reset();

        EngineExecutionResults byPath = run(REWORDED, Map.of(), selectFile(SOURCE.toString()));

        byPath.testEvents().assertStatistics(s -> s.started(5).failed(2).succeeded(3).skipped(2));
        assertThat(failure(byPath, "hello")).hasMessageContaining("bot answer differs from the approved answer for \"hello\"")
                .hasMessageContaining(approved.toString());
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("newly approved");
        assertThat(filesUnder("approved")).containsExactly(Path.of("approval/orders.sim.yaml.approved.yaml"));
        assertThat(Files.readString(approved)).isEqualTo(before);

        // Accepted by path, the file is the classpath run's, with the same first line; the classpath run then passes.
        run(REWORDED, Map.of(Constants.APPROVE, "true"), selectFile(SOURCE.toString()))
                .testEvents().assertStatistics(s -> s.started(7).succeeded(7));
        assertThat(filesUnder("approved")).containsExactly(Path.of("approval/orders.sim.yaml.approved.yaml"));
        assertThat(Files.readString(approved)).startsWith("# Approved answers of approval/orders.sim.yaml (cognigy-junit)")
                .contains("Hi there! Ask me about an order, or for an agent.");
        run(REWORDED, Map.of(), selectClasspathResource(RESOURCE)).testEvents().assertStatistics(s -> s.started(7).succeeded(7));
    }

    @Test
    @DisplayName("a cassette recorded by a classpath run replays a run of the file by its path, and is the only cassette")
    void recordedOnTheClassPathReplaysARunByPath() throws IOException {
        run(ORIGINAL, Map.of(Constants.REPLAY, "record"), selectClasspathResource(RESOURCE))
                .testEvents().assertStatistics(s -> s.started(7).succeeded(7));
        console.reset();

        run(ORIGINAL, Map.of(Constants.REPLAY, "replay"), selectFile(SOURCE.toString()))
                .testEvents().assertStatistics(s -> s.started(7).succeeded(7));

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("7 replayed, 0 live");
        assertThat(filesUnder("cassettes")).containsExactly(Path.of("approval/orders.sim.yaml.cassette.json"),
                Path.of("bot.schema.json"));
    }

    @Test
    @DisplayName("selected both ways in one run, the file runs once; by its path it keeps its file source and its path as name")
    void bothWaysInOneRunIsOneFile() {
        var discovered = kit(ORIGINAL, Map.of()).selectors(selectFile(SOURCE.toString()), selectClasspathResource(RESOURCE)).discover();

        UniqueId file = UniqueId.forEngine("cognigy").append("file", RESOURCE);
        TestDescriptor node = discovered.getEngineDescriptor().findByUniqueId(file).orElseThrow();
        assertThat(discovered.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getUniqueId).containsExactly(file);
        assertThat(node.getDescendants()).filteredOn(TestDescriptor::isTest).hasSize(7)
                .noneMatch(d -> d.getDisplayName().startsWith("invalid:"));
        assertThat(node.getDisplayName()).isEqualTo("src/test/resources/" + RESOURCE);
        assertThat(node.getSource().orElseThrow()).isInstanceOfSatisfying(FileSource.class,
                s -> assertThat(s.getFile().toPath()).isEqualTo(SOURCE.toAbsolutePath()));

        // A folder of the module's resources selected by its path, as an IDE runs a folder: its files by their resources.
        var folder = kit(ORIGINAL, Map.of()).selectors(selectDirectory(SOURCE.getParent().toString())).discover();
        assertThat(folder.getEngineDescriptor().getChildren()).extracting(d -> d.getUniqueId().getLastSegment().getValue())
                .containsExactlyInAnyOrder("approval/canary.sim.yaml", RESOURCE, "approval/tiers.sim.yaml", "approval/two-runs.sim.yaml");
    }

    @Test
    @DisplayName("a file is known by its classpath resource only when the class path holds its module's copy of it: another"
            + " module's file of the same name keeps its path")
    void onlyTheModulesOwnCopy() throws IOException {
        Path module = dir.resolve("module");
        Path other = dir.resolve("other");
        String yaml = Files.readString(SOURCE);
        for (Path file : List.of(module.resolve("src/test/resources/keys/orders.sim.yaml"),
                module.resolve("target/test-classes/keys/orders.sim.yaml"), other.resolve("src/test/resources/keys/orders.sim.yaml"))) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        }
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader classPath = new URLClassLoader(new URL[] {module.resolve("target/test-classes").toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(classPath);
            assertThat(fileIdOf(module.resolve("src/test/resources/keys/orders.sim.yaml"))).isEqualTo("keys/orders.sim.yaml");
            assertThat(fileIdOf(other.resolve("src/test/resources/keys/orders.sim.yaml")))
                    .isEqualTo(other.resolve("src/test/resources/keys/orders.sim.yaml").toString().replace('\\', '/'));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private String fileIdOf(Path file) {
        return kit(ORIGINAL, Map.of()).selectors(selectFile(file.toString())).discover().getEngineDescriptor().getChildren()
                .iterator().next().getUniqueId().getLastSegment().getValue();
    }
}
