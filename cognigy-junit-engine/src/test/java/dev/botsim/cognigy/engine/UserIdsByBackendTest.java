package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.failureMessages;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static dev.botsim.cognigy.engine.EngineTestSupport.sandboxKit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend;
import dev.botsim.cognigy.engine.config.Constants;

/**
 * A user id only a REST Endpoint takes (an e-mail address, a CRM id) is the run's concern, not discovery's: a data file
 * holding one is read alike whatever the backend, a test holding one that a filter leaves out changes nothing, and one
 * that runs against the simulation API fails before anything is sent for it, saying where, which id, which backend and
 * what to do.
 */
class UserIdsByBackendTest {

    private static final String FILE = """
            version: 1
            cases:
              - id: test_hello
                utterance: hello
                tags: [smoke]
                expect: { intent: greeting }
              - id: test_mail_user
                utterance: hi
                user: jane@example.com
                tags: [endpoint]
                expect: { intent: greeting }
            conversations:
              - id: test_crm_conversation
                user: CRM-4711
                tags: [endpoint]
                turns:
                  - say: hi
                    expect: { intent: greeting }
                  - say: where is my order
                    expect: { intent: check_order }
            """;

    private static final String TAKES_ONLY = "does not match ^usr_[a-zA-Z0-9]+$, the user ids the %s backend takes; run this"
            + " test with cognigy.backend=endpoint (a REST Endpoint takes any text, such as an e-mail address or a CRM id),"
            + " or give it a usr_... user (letters and digits after usr_). Nothing was submitted for this test.";

    @TempDir
    Path dir;
    private Path file;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void write() throws IOException {
        file = Files.writeString(dir.resolve("users.sim.yaml"), FILE);
    }

    /** The embedded sandbox, through its simulation API unless {@code parameters} say otherwise. */
    private EngineExecutionResults sandbox(Map<String, String> parameters, org.junit.platform.engine.Filter<?>... filters) {
        return sandboxKit("classpath:bots/order-bot.yaml", dir, console, Map.of(), parameters)
                .selectors(selectFile(file.toFile())).filters(filters).execute();
    }

    private static String engineFailure(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable()
                        .map(Throwable::getMessage).orElse("")).findFirst().orElse(null);
    }

    @Test
    @DisplayName("through the simulation API, tests with a REST Endpoint's user id that a tag filter leaves out (excluded, as"
            + " Surefire's excludedGroups, or not included, as its groups) change nothing: the run passes")
    void leftOutByATagFilter() {
        EngineExecutionResults excluded = sandbox(Map.of(), TagFilter.excludeTags("endpoint"));

        excluded.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
        assertThat(engineFailure(excluded)).as(console.toString()).isNull();
        assertThat(excluded.testEvents().succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactly("hello");

        EngineExecutionResults notIncluded = sandbox(Map.of(), TagFilter.includeTags("smoke"));

        notIncluded.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
        assertThat(engineFailure(notIncluded)).isNull();
        assertThat(console.toString()).doesNotContain("jane@example.com", "CRM-4711", "invalid");
    }

    @Test
    @DisplayName("through the simulation API, a selected test with a REST Endpoint's user id fails before sending, naming its"
            + " place, the id, the backend and the fix; a conversation's later turn is skipped; the other test passes")
    void selectedThroughTheSimulationApi() {
        EngineExecutionResults results = sandbox(Map.of());

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2).skipped(1));
        assertThat(engineFailure(results)).isNull();
        assertThat(failureMessages(results)).containsExactlyInAnyOrder(
                file + ":7 test_mail_user: user 'jane@example.com' " + TAKES_ONLY.formatted("sandbox"),
                file + ":17 test_crm_conversation#1: user 'CRM-4711' " + TAKES_ONLY.formatted("sandbox"));
    }

    @Test
    @DisplayName("nothing is sent for a test whose user id the backend does not take; the test naming none is sent as usual")
    void nothingSentForTheRefusedUserId() {
        ScriptedBackend backend = new ScriptedBackend().takingOnlyUserIds(SimulationApiBackend.USER_ID);

        EngineExecutionResults results = kit(backend).selectors(selectFile(file.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2).skipped(1));
        assertThat(failureMessages(results)).hasSize(2).allSatisfy(message -> assertThat(message)
                .contains(TAKES_ONLY.formatted("scripted")));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hello");
        assertThat(backend.requests).extracting(TurnRequest::userId).allMatch(user -> user.startsWith("usr_"));
    }

    @Test
    @DisplayName("a REST Endpoint takes the same tests: they pass, and their user ids are sent as written")
    void takenByARestEndpoint() {
        EngineExecutionResults results = sandbox(Map.of(Constants.BACKEND, "endpoint"));

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));

        ScriptedBackend backend = new ScriptedBackend();
        kit(backend).selectors(selectFile(file.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(backend.requests).extracting(TurnRequest::userId)
                .contains("jane@example.com", "CRM-4711").hasSize(4);
    }

    @Test
    @DisplayName("a conversation's later turn selected alone fails with the refused user id before its earlier turns are sent"
            + " as its setup, rather than being aborted by them")
    void turnSelectedAloneFailsBeforeItsSetup() {
        ScriptedBackend backend = new ScriptedBackend().takingOnlyUserIds(SimulationApiBackend.USER_ID);
        org.junit.platform.engine.TestDescriptor turn2 = kit(backend).selectors(selectFile(file.toFile())).discover()
                .getEngineDescriptor().getDescendants().stream()
                .filter(d -> d.isTest() && d.getUniqueId().toString().endsWith("[turn:2]")).findFirst().orElseThrow();

        EngineExecutionResults results = kit(backend).selectors(selectUniqueId(turn2.getUniqueId())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).aborted(0));
        assertThat(failureMessages(results)).containsExactly(
                file + ":19 test_crm_conversation#2: user 'CRM-4711' " + TAKES_ONLY.formatted("scripted"));
        assertThat(backend.requests).isEmpty();
    }

    @Test
    @DisplayName("annotated tests alike: a class's or a method's REST Endpoint user id fails the @Utterance and the"
            + " @Conversation before anything is sent (the method is not called), each named by Class#method; through a"
            + " REST Endpoint they pass, sent as that user")
    void annotatedTests() {
        ScriptedBackend simulation = new ScriptedBackend().takingOnlyUserIds(SimulationApiBackend.USER_ID);
        MailUsers.talked.set(false);

        EngineExecutionResults results = kit(simulation).selectors(selectClass(MailUsers.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        String type = MailUsers.class.getName();
        assertThat(failureMessages(results)).containsExactlyInAnyOrder(
                type + "#greet test_greet: user 'jane@example.com' " + TAKES_ONLY.formatted("scripted"),
                type + "#talk test_talk: user 'CRM-4711' " + TAKES_ONLY.formatted("scripted"));
        assertThat(MailUsers.talked).isFalse();
        assertThat(simulation.requests).extracting(TurnRequest::userId).containsExactly("usr_qa01");

        ScriptedBackend endpoint = new ScriptedBackend();
        kit(endpoint).selectors(selectClass(MailUsers.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(MailUsers.talked).isTrue();
        assertThat(endpoint.requests).extracting(TurnRequest::userId)
                .containsExactlyInAnyOrder("jane@example.com", "CRM-4711", "usr_qa01");
    }

    @BotSimulation(user = "jane@example.com")
    static class MailUsers {
        static final java.util.concurrent.atomic.AtomicBoolean talked = new java.util.concurrent.atomic.AtomicBoolean();

        @Utterance(value = "hello", intent = "greeting")
        void greet() {
        }

        @Utterance(value = "hi", intent = "greeting", user = "usr_qa01")
        void greetAsUsr() {
        }

        @Conversation(user = "CRM-4711")
        void talk(BotSession bot) {
            talked.set(true);
            bot.say("hi").expectIntent("greeting");
        }
    }
}
