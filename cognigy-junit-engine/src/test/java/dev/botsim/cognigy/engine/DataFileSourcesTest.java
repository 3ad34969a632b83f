package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Constants;

/**
 * What stands where a data file is expected: a file is read, anything else with a data file's name is one problem
 * test naming it and what to do, never an exception or a wait.
 */
class DataFileSourcesTest {

    @TempDir
    Path root;
    private final ScriptedBackend backend = new ScriptedBackend();

    private static String case_(String id, String utterance) {
        return "cases:\n  - id: " + id + "\n    utterance: " + utterance + "\n";
    }

    @Test
    @DisplayName("cognigy.discovery.max-file-size at the highest value it accepts, 2147483647, reads files as a smaller limit does")
    void largestFileSizeLimit() throws Exception {
        Path file = Files.writeString(root.resolve("orders.sim.yaml"), case_("test_largest_limit", "hi"));

        EngineExecutionResults results = EngineTestSupport.kit(backend)
                .configurationParameter(Constants.DISCOVERY_MAX_FILE_SIZE, String.valueOf(Integer.MAX_VALUE))
                .selectors(selectFile(file.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
    }
}
