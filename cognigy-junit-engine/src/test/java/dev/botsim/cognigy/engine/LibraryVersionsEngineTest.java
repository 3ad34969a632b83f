package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.LibraryVersions;
import dev.botsim.cognigy.engine.config.LibraryVersions.Library;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;

/**
 * The engine on a class path whose libraries are too old (as Spring Boot's parents pin them): discovery stops before it
 * reads a file, with one message the user sees in Maven's output, whichever JUnit Platform reports it.
 */
class LibraryVersionsEngineTest {

    /** Spring Boot 4.0.9's JUnit Platform and Jackson 3, the rest as the engine is built. */
    private static final Map<Library, String> BOOT_4_0 = Map.of(Library.JUNIT_PLATFORM, "6.0.3", Library.JACKSON_CORE, "3.1.7",
            Library.JACKSON_DATABIND, "3.1.7", Library.JACKSON_YAML, "3.1.7", Library.JACKSON_CSV, "3.1.7",
            Library.JACKSON_ANNOTATIONS, "2.21", Library.OKHTTP, "5.5.1", Library.KOTLIN_STDLIB, "2.2.21");

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private CognigyTestEngine engine(Map<Library, String> versions) {
        EngineServices services = new EngineServices(name -> null, config -> new ScriptedBackend(), Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
        return new CognigyTestEngine(services, new LibraryVersions(library -> Optional.ofNullable(versions.get(library))));
    }

    private static String expectedMessage(Map<Library, String> versions) {
        return new LibraryVersions(library -> Optional.ofNullable(versions.get(library))).problem().orElseThrow();
    }

    @Test
    @DisplayName("JUnit Platform 6.0 and Jackson 3.1: one error-level discovery issue with the whole message, on which JUnit"
            + " fails the engine; no test is built")
    void errorIssue() {
        EngineDiscoveryResults results = EngineTestKit.engine(engine(BOOT_4_0))
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .selectors(selectClass(ConversationSimulation.class)).discover();

        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).isEqualTo(expectedMessage(BOOT_4_0))
                    .startsWith("The cognigy engine cannot run with the libraries on the test class path:\n  - JUnit Platform"
                            + " (junit-platform-engine) 6.0.3 found, 6.1.0 or newer needed");
        });
        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    @DisplayName("run (an IDE, the console launcher): JUnit fails the engine with the message and runs no test")
    void engineFailsWhenRun() {
        EngineExecutionResults results = EngineTestKit.engine(engine(BOOT_4_0))
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .selectors(selectClass(ConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable failure = results.containerEvents().failed().list().stream().map(event -> event.getRequiredPayload(
                TestExecutionResult.class).getThrowable().orElseThrow()).findFirst().orElseThrow();
        assertThat(failure).hasMessageContaining("(1) [ERROR] " + expectedMessage(BOOT_4_0));
    }

    @Test
    @DisplayName("JUnit Platform 1.12 (Spring Boot 3.5), which prints of a failed discovery only that it failed: the message is"
            + " printed on the console, then thrown")
    void printedBeforeOldPlatform() {
        Map<Library, String> boot35 = new java.util.EnumMap<>(BOOT_4_0);
        boot35.putAll(Map.of(Library.JUNIT_PLATFORM, "1.12.2", Library.JACKSON_CORE, "3.2.4", Library.JACKSON_DATABIND, "3.2.4",
                Library.JACKSON_YAML, "3.2.4", Library.JACKSON_CSV, "3.2.4", Library.KOTLIN_STDLIB, "1.9.25"));
        CognigyTestEngine engine = engine(boot35);

        assertThatThrownBy(() -> engine.discover(request().selectors(selectClass(ConversationSimulation.class)).build(),
                UniqueId.forEngine(Constants.ENGINE_ID)))
                .isInstanceOf(ConfigurationException.class).hasMessage(expectedMessage(boot35))
                .hasMessageContaining("1.12.2 found, 6.1.0 or newer needed");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo(expectedMessage(boot35) + System.lineSeparator());
    }

    @Test
    @DisplayName("libraries recent enough (the engine's own class path): discovery as ever")
    void recentEnough() {
        TestDescriptor engine = new CognigyTestEngine(new EngineServices(name -> null, config -> new ScriptedBackend(),
                Clock.systemUTC()), LibraryVersions.onClassPath())
                .discover(request().selectors(selectClass(ConversationSimulation.class)).build(), UniqueId.forEngine(Constants.ENGINE_ID));

        assertThat(engine.getDescendants()).anyMatch(TestDescriptor::isTest);
    }
}
