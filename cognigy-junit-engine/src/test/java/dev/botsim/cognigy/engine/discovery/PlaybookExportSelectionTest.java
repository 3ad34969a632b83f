package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUri;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The selectors that name the playbook export the sandbox started with pick its playbooks as a data file's pick its
 * tests; any other file or resource picks none of them.
 */
class PlaybookExportSelectionTest {

    private static final UniqueId ENGINE = UniqueId.forEngine("cognigy");

    @TempDir
    Path dir;

    private final List<DiscoveryIssue> issues = new ArrayList<>();

    private EngineDiscoveryRequest request(DiscoverySelector... selectors) {
        LauncherDiscoveryListener listener = new LauncherDiscoveryListener() {
            @Override
            public void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
                issues.add(issue);
            }
        };
        return LauncherDiscoveryRequestBuilder.request().selectors(selectors).listeners(listener).build();
    }

    private Path export() throws Exception {
        return Files.writeString(dir.resolve("playbooks.json"), """
                {"playbooks": [
                  {"name": "Order status", "steps": [{"text": "where is my order"}]},
                  {"name": "Refund", "steps": [{"text": "I want a refund"}]}
                ]}
                """);
    }

    @Test
    @DisplayName("a file selector naming another file (a data file beside the export) selects none of the playbooks")
    void anotherFileSelectsNoPlaybook() throws Exception {
        Path export = export();
        Path other = Files.writeString(dir.resolve("orders.sim.yaml"), "cases:\n  - id: test_a\n    utterance: hi\n");

        PlaybookExportSelection selection = PlaybookExportSelection.of(request(selectFile(other.toFile()),
                selectFile(other.toFile(), FilePosition.from(2))), ENGINE, Optional.empty(), Optional.of(export));

        assertThat(selection.any()).isFalse();
        assertThat(selection).isEqualTo(PlaybookExportSelection.NONE);
    }

    @Test
    @DisplayName("the export named by its path, its URI or at a line it has selects it whole or at that line; a line past its"
            + " end selects nothing and is reported naming the export and how many lines it has")
    void theExportByPathAndLine() throws Exception {
        Path export = export();

        assertThat(PlaybookExportSelection.of(request(selectFile(export.toFile())), ENGINE, Optional.empty(), Optional.of(export)))
                .isEqualTo(new PlaybookExportSelection(true, List.of()));
        assertThat(PlaybookExportSelection.of(request(selectUri(export.toUri() + "?line=3")), ENGINE, Optional.empty(),
                Optional.of(export))).isEqualTo(new PlaybookExportSelection(false, List.of(3)));
        assertThat(issues).isEmpty();

        PlaybookExportSelection past = PlaybookExportSelection.of(request(selectFile(export.toFile(), FilePosition.from(5)),
                selectFile(export.toFile(), FilePosition.from(40))), ENGINE, Optional.empty(), Optional.of(export));

        assertThat(past).isEqualTo(new PlaybookExportSelection(false, List.of(5)));
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).isEqualTo(export + " has no line 40 (it has 5): it was shortened since the line was"
                    + " chosen — select the file, or a line of the playbook or step as the file is now");
        });
    }

    @Test
    @DisplayName("a classpath export is selected by its resource name, with or without a leading slash, and by no other")
    void theExportOnTheClassPath() {
        Optional<String> resource = Optional.of("fixtures/standalone/orders.sim.yaml");

        assertThat(PlaybookExportSelection.of(request(selectClasspathResource("/fixtures/standalone/orders.sim.yaml")), ENGINE,
                resource, Optional.empty()).any()).isTrue();
        assertThat(PlaybookExportSelection.of(request(selectClasspathResource("fixtures/standalone/greetings.sim.csv")), ENGINE,
                resource, Optional.empty()).any()).isFalse();
    }
}
