package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.NluModeSimulation;
import dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation;

/**
 * What the chosen backend needs is reported with the configuration's other problems, in one message, before the first
 * test: a user setting up a tenant fixes everything in one run, not one setting per run.
 */
class BackendRequirementsTest {

    private static final String ENDPOINT = "https://endpoint.example.com/0b1c2d3e4f";

    /** The engine as a build tool finds it, with the environment {@code env}. */
    private static TestEngine engine(Map<String, String> env) {
        return new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())
                .withRequirements(Backends::requirements));
    }

    private static Throwable failure(TestEngine engine, boolean playbooks, Map<String, String> parameters) {
        var kit = EngineTestKit.engine(engine).configurationParameters(parameters)
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports");
        EngineExecutionResults results = (playbooks ? kit.selectors(selectUniqueId(UniqueId.forEngine(Constants.ENGINE_ID)))
                : kit.selectors(selectClasspathResource("e2e/order-bot.sim.yaml"))).execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        List<Throwable> failures = results.containerEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList();
        assertThat(failures).hasSize(1);
        return failures.get(0);
    }

    private static Map<String, String> parameters(String... keysAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) parameters.put(keysAndValues[i], keysAndValues[i + 1]);
        return parameters;
    }

    @Test
    @DisplayName("a misspelt key and the endpoint's missing URL are told in one message, before any test, by the engine as found")
    void misspeltKeyAndMissingEndpointUrlInOneRun() {
        // The engine a build tool loads reads the process's environment: without the endpoint URL there.
        assumeTrue(System.getenv(Constants.ENDPOINT_URL_ENV) == null, Constants.ENDPOINT_URL_ENV + " is set in this environment");
        Throwable failure = failure(new CognigyTestEngine(), false, parameters(Constants.BACKEND, "endpoint",
                "cognigy.management.projectid", "p-1"));
        assertThat(failure).isInstanceOf(ConfigurationException.class).hasMessageContainingAll(
                "The cognigy engine is misconfigured:",
                "  - unknown configuration key cognigy.management.projectid — did you mean 'cognigy.management.project-id'?",
                "  - cognigy.backend=endpoint needs the REST Endpoint URL: set the environment variable COGNIGY_ENDPOINT_URL",
                "Settings come from src/test/resources/junit-platform.properties, -D system properties");
    }

    static Stream<Arguments> missing() {
        String secret = "s3cret-value-never-shown";
        return Stream.of(
                Arguments.of("endpoint without its URL", Map.of(), false, parameters(Constants.BACKEND, "endpoint"),
                        List.of("cognigy.backend=endpoint needs the REST Endpoint URL: set the environment variable"
                                + " COGNIGY_ENDPOINT_URL")),
                Arguments.of("endpoint with a URL that is not one", Map.of(Constants.ENDPOINT_URL_ENV, secret), false,
                        parameters(Constants.BACKEND, "endpoint"),
                        List.of("the environment variable COGNIGY_ENDPOINT_URL is not an http(s) URL ending in the endpoint's"
                                + " URL token")),
                Arguments.of("endpoint with test mode's prefix and no URL token", Map.of(Constants.ENDPOINT_URL_ENV,
                                "https://endpoint-trial.cognigy.ai/test/"), false, parameters(Constants.BACKEND, "endpoint"),
                        List.of("the environment variable COGNIGY_ENDPOINT_URL ends in /test/, test mode's prefix, with no URL"
                                + " token after it: append the endpoint's URL token")),
                Arguments.of("endpoint with a character pasted into the URL token", Map.of(Constants.ENDPOINT_URL_ENV,
                                "https://endpoint.example.com/test/s3cret-value-never-shown\u200B\n"), false,
                        parameters(Constants.BACKEND, "endpoint"),
                        List.of("the environment variable COGNIGY_ENDPOINT_URL holds the character U+200B at position 25 in its"
                                + " URL token, which a URL token never has (pasted with it?)", "its value is not shown")),
                Arguments.of("endpoint URL on the management API's host", Map.of(Constants.ENDPOINT_URL_ENV,
                                "https://api-trial.cognigy.ai/s3cret-value-never-shown"), false,
                        parameters(Constants.BACKEND, "endpoint"),
                        List.of("the environment variable COGNIGY_ENDPOINT_URL is on api-trial.cognigy.ai, the host of Cognigy's"
                                + " management API, which serves no REST Endpoint: copy the Endpoint URL from the endpoint's"
                                + " settings in Cognigy (https://endpoint-trial.cognigy.ai/<URLToken>)", "its value is not shown")),
                Arguments.of("endpoint with part of the management API", Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT), false,
                        parameters(Constants.BACKEND, "endpoint", Constants.MANAGEMENT_URL, "https://api.example.com"),
                        List.of("reading the bot's schema from the management API needs cognigy.management.project-id, the"
                                + " environment variable COGNIGY_API_KEY")),
                Arguments.of("endpoint expecting a snapshot without the management API", Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT),
                        false, parameters(Constants.BACKEND, "endpoint", Constants.EXPECTED_SNAPSHOT, "v1"),
                        List.of("cognigy.expected-snapshot is checked through the management API: set cognigy.management.url,"
                                + " cognigy.management.project-id and the environment variable COGNIGY_API_KEY")),
                Arguments.of("sandbox's REST Endpoint expecting a snapshot without its management API", Map.of(), false,
                        parameters(Constants.BACKEND, "endpoint", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml",
                                Constants.SANDBOX_MANAGEMENT_API, "false", Constants.EXPECTED_SNAPSHOT, "v1"),
                        List.of("cognigy.expected-snapshot is checked through the management API, which"
                                + " cognigy.sandbox.management-api=false turns off for the embedded sandbox's endpoint: remove"
                                + " cognigy.sandbox.management-api=false to check it, or remove cognigy.expected-snapshot")),
                Arguments.of("simulation without anything", Map.of(), false, parameters(Constants.BACKEND, "simulation"),
                        List.of("No Cognigy environment is configured. To test a bot on a Cognigy tenant, set"
                                + " cognigy.backend=endpoint", "for a server of the simulation API (docs/simulation-api.md), set"
                                + " cognigy.base-url (the simulation API's base URL),"
                                + " cognigy.client-id or the environment variable COGNIGY_CLIENT_ID, the environment variable"
                                + " COGNIGY_CLIENT_SECRET")),
                Arguments.of("simulation without its secret", Map.of(Constants.CLIENT_ID_ENV, "client-1"), false,
                        parameters(Constants.BACKEND, "simulation", Constants.BASE_URL, "https://cognigy.example.com"),
                        List.of("The simulation API (cognigy.backend=simulation) is not fully configured: set the environment"
                                + " variable COGNIGY_CLIENT_SECRET")),
                Arguments.of("simulation expecting a snapshot", Map.of(Constants.CLIENT_ID_ENV, "c", Constants.CLIENT_SECRET_ENV, secret),
                        false, parameters(Constants.BACKEND, "simulation", Constants.BASE_URL, "https://cognigy.example.com",
                                Constants.EXPECTED_SNAPSHOT, "v1"),
                        List.of("cognigy.expected-snapshot is checked against the snapshot a REST or Socket endpoint serves")),
                Arguments.of("nlu without the management API", Map.of(), false, parameters(Constants.BACKEND, "nlu"),
                        List.of("cognigy.backend=nlu and tests in mode nlu score sentences through the management API: set"
                                + " cognigy.management.url, cognigy.management.project-id, the environment variable COGNIGY_API_KEY")),
                // The sandbox's bot is set: what makes the run a tenant's is the management URL, not a missing bot.
                Arguments.of("nlu with a sandbox bot and a management URL", Map.of(), false, parameters(Constants.BACKEND, "nlu",
                                Constants.MANAGEMENT_URL, "https://api.example.com", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml"),
                        List.of("cognigy.backend=nlu and tests in mode nlu score sentences through the management API: set"
                                + " cognigy.management.project-id, the environment variable COGNIGY_API_KEY (or leave out"
                                + " cognigy.management.url to score with the NLU of the sandbox cognigy.sandbox.bot starts)")),
                Arguments.of("playbooks with a sandbox bot and a management URL", Map.of(), true, parameters(Constants.BACKEND,
                                "playbooks", Constants.MANAGEMENT_URL, "https://api.example.com", Constants.SANDBOX_BOT,
                                "classpath:bots/order-bot.yaml"),
                        List.of("cognigy.backend=playbooks reads the project's playbooks through the management API: set"
                                + " cognigy.management.project-id and the environment variable COGNIGY_API_KEY, or leave out"
                                + " cognigy.management.url to run against the embedded sandbox cognigy.sandbox.bot starts")),
                Arguments.of("sandbox without its bot", Map.of(), false, parameters(Constants.BACKEND, "sandbox"),
                        List.of("cognigy.backend=sandbox needs cognigy.sandbox.bot=classpath:<bot definition>")),
                Arguments.of("sandbox bot not on the class path", Map.of(), false,
                        parameters(Constants.SANDBOX_BOT, "classpath:bots/no-such-bot.yaml"),
                        List.of("cognigy.sandbox.bot=classpath:bots/no-such-bot.yaml: no resource bots/no-such-bot.yaml on the"
                                + " test class path")),
                Arguments.of("sandbox bot file missing", Map.of(), false, parameters(Constants.SANDBOX_BOT, "bots/no-such-bot.yaml"),
                        List.of("cognigy.sandbox.bot=bots/no-such-bot.yaml is neither a file nor, with classpath:, a resource")),
                // properties name the bot as it lies in src/test/resources; the file is not there relative to the module
                Arguments.of("sandbox bot on the class path without classpath:", Map.of(), false,
                        parameters(Constants.SANDBOX_BOT, "bots/order-bot.yaml"),
                        List.of("cognigy.sandbox.bot=bots/order-bot.yaml is no file, but a resource of that name is on the test"
                                + " class path: write cognigy.sandbox.bot=classpath:bots/order-bot.yaml")),
                Arguments.of("sandbox's REST Endpoint, bot missing", Map.of(), false,
                        parameters(Constants.BACKEND, "endpoint", Constants.SANDBOX_BOT, "classpath:bots/no-such-bot.yaml"),
                        List.of("no resource bots/no-such-bot.yaml on the test class path")),
                // the seed named as it lies in src/test/resources, as the bot can be: told the classpath: form the same way
                Arguments.of("sandbox playbooks on the class path without classpath:", Map.of(), true, parameters(Constants.BACKEND,
                                "playbooks", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml", Constants.SANDBOX_PLAYBOOKS,
                                "e2e/playbooks/order-bot.playbooks.json"),
                        List.of("cognigy.sandbox.playbooks=e2e/playbooks/order-bot.playbooks.json is no file, but a resource of"
                                + " that name is on the test class path: write"
                                + " cognigy.sandbox.playbooks=classpath:e2e/playbooks/order-bot.playbooks.json")),
                Arguments.of("sandbox playbooks not on the class path", Map.of(), true, parameters(Constants.BACKEND,
                                "playbooks", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml", Constants.SANDBOX_PLAYBOOKS,
                                "classpath:e2e/playbooks/no-such.playbooks.json"),
                        List.of("cognigy.sandbox.playbooks=classpath:e2e/playbooks/no-such.playbooks.json: no resource"
                                + " e2e/playbooks/no-such.playbooks.json on the test class path")),
                Arguments.of("playbooks without the management API", Map.of(), true, parameters(Constants.BACKEND, "playbooks"),
                        List.of("cognigy.backend=playbooks reads the project's playbooks through the management API: set"
                                + " cognigy.management.url and cognigy.management.project-id and the environment variable"
                                + " COGNIGY_API_KEY, or cognigy.sandbox.bot")),
                Arguments.of("generated playbooks without the API key", Map.of(), false, parameters(Constants.BACKEND, "playbooks",
                                Constants.PLAYBOOKS_MODE, "generated", Constants.MANAGEMENT_URL, "https://api.example.com",
                                Constants.MANAGEMENT_PROJECT_ID, "p-1"),
                        List.of("cognigy.backend=playbooks reads the project's playbooks through the management API: set the"
                                + " environment variable COGNIGY_API_KEY, or cognigy.sandbox.bot")));
    }

    @ParameterizedTest(name = "{0}: named in the configuration's one message, before any test")
    @MethodSource("missing")
    void eachBackendNamesWhatItLacks(String name, Map<String, String> env, boolean playbooks, Map<String, String> parameters,
                                     List<String> expected) {
        Map<String, String> withTypo = new LinkedHashMap<>(parameters);
        withTypo.put("cognigy.reprot.dir", "target");
        Throwable failure = failure(engine(env), playbooks, withTypo);
        assertThat(failure).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The cognigy engine is misconfigured:")
                .hasMessageContaining("unknown configuration key cognigy.reprot.dir")
                .hasMessageContainingAll(expected.toArray(String[]::new))
                .hasMessageNotContaining("s3cret-value-never-shown");
    }

    private static EngineExecutionResults run(Map<String, String> env, Map<String, String> parameters,
                                              DiscoverySelector... selectors) {
        return EngineTestKit.engine(engine(env)).configurationParameters(parameters)
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports").selectors(selectors).execute();
    }

    private static List<Throwable> failures(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList();
    }

    static Stream<Arguments> nluTestsBesideATenantBackend() {
        Map<String, String> tenant = Map.of(Constants.CLIENT_ID_ENV, "client-1", Constants.CLIENT_SECRET_ENV, "s3cret-value-never-shown");
        return Stream.of(
                Arguments.of("a mode: nlu data file beside endpoint", Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT),
                        parameters(Constants.BACKEND, "endpoint"), selectClasspathResource("e2e/mixed/intents.sim.yaml"), "endpoint"),
                Arguments.of("a Mode.NLU class beside endpoint", Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT),
                        parameters(Constants.BACKEND, "endpoint"), selectClass(NluModeSimulation.class), "endpoint"),
                // The REST Endpoint's URL given, the sandbox bot does not make the run the sandbox's, nor its NLU.
                Arguments.of("a Mode.NLU class beside a tenant's endpoint, a sandbox bot set", Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT),
                        parameters(Constants.BACKEND, "endpoint", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml"),
                        selectClass(NluModeSimulation.class), "endpoint"),
                Arguments.of("a Mode.NLU class beside simulation", tenant,
                        parameters(Constants.BACKEND, "simulation", Constants.BASE_URL, "https://cognigy.example.com"),
                        selectClass(NluModeSimulation.class), "simulation"));
    }

    @ParameterizedTest(name = "{0}: a misspelt key and the management API the NLU tests need, in one message")
    @MethodSource("nluTestsBesideATenantBackend")
    void nluTestsNeedTheManagementApiInTheSameMessage(String name, Map<String, String> env, Map<String, String> parameters,
                                                      DiscoverySelector selector, String backend) {
        Map<String, String> withTypo = new LinkedHashMap<>(parameters);
        withTypo.put("cognigy.reprot.dir", "target");
        EngineExecutionResults results = run(env, withTypo, selector);
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(failures(results)).singleElement().satisfies(failure -> assertThat(failure)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The cognigy engine is misconfigured:\n  - ")
                .hasMessageContainingAll(
                        "\n  - unknown configuration key cognigy.reprot.dir — did you mean 'cognigy.report.dir'?",
                        "\n  - tests in mode nlu are scored through the management API beside cognigy.backend=" + backend
                                + ": set cognigy.management.url, cognigy.management.project-id, the environment variable"
                                + " COGNIGY_API_KEY",
                        "\nSettings come from src/test/resources/junit-platform.properties")
                .hasMessageNotContaining("sandbox's NLU").hasMessageNotContaining("s3cret-value-never-shown"));
    }

    @Test
    @DisplayName("tests in mode nlu lacking the management API, nothing else wrong: the run fails with the one message, before any test")
    void nluTestsAloneFailTheRunWithTheConfigurationMessage() {
        EngineExecutionResults results = run(Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT,
                        Constants.MANAGEMENT_API_KEY_ENV, "key-1"),
                parameters(Constants.BACKEND, "endpoint"), selectClass(NluModeSimulation.class));
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(failures(results)).singleElement().satisfies(failure -> assertThat(failure)
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The cognigy engine is misconfigured:\n  - tests in mode nlu are scored through the management API"
                        + " beside cognigy.backend=endpoint: set cognigy.management.url, cognigy.management.project-id"
                        + "\nSettings come from src/test/resources/junit-platform.properties, -D system properties and"
                        + " Surefire's <configurationParameters>; see the configuration reference in docs/configuration.md."));
    }

    @Test
    @DisplayName("no test in mode nlu, a backend scoring them itself, or a replayed run: the NLU's settings are not asked for")
    void nluRequirementOnlyWhereItApplies() {
        // Flow tests only: the endpoint reads no schema without the management API, and asks for none.
        assertThat(failure(engine(Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT)), false,
                parameters(Constants.BACKEND, "endpoint", "cognigy.reprot.dir", "target")))
                .hasMessageContaining("cognigy.reprot.dir").hasMessageNotContaining("mode nlu");
        // The sandbox scores them with its own NLU.
        assertThat(failures(run(Map.of(), parameters(Constants.SANDBOX_BOT, "classpath:bots/no-such-bot.yaml"),
                selectClass(NluModeSimulation.class)))).singleElement().satisfies(failure -> assertThat(failure)
                .hasMessageContaining("no resource bots/no-such-bot.yaml").hasMessageNotContaining("mode nlu"));
        // Replayed: the backend, the NLU's too, is opened only if a test must go live.
        assertThat(failures(run(Map.of(), parameters(Constants.BACKEND, "endpoint", Constants.REPLAY, "replay",
                "cognigy.reprot.dir", "target"), selectClass(NluModeSimulation.class)))).singleElement()
                .satisfies(failure -> assertThat(failure).hasMessageContaining("cognigy.reprot.dir")
                        .hasMessageNotContaining("mode nlu").hasMessageNotContaining("COGNIGY_ENDPOINT_URL"));
        // Recorded: every test goes live, the NLU tests to the management API.
        assertThat(failures(run(Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT), parameters(Constants.BACKEND, "endpoint",
                Constants.REPLAY, "record", "cognigy.reprot.dir", "target"), selectClass(NluModeSimulation.class)))).singleElement()
                .satisfies(failure -> assertThat(failure).hasMessageContainingAll("cognigy.reprot.dir",
                        "tests in mode nlu are scored through the management API beside cognigy.backend=endpoint"));
        // The management API set: nothing more to name.
        assertThat(failures(run(Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT, Constants.MANAGEMENT_API_KEY_ENV, "key-1"),
                parameters(Constants.BACKEND, "endpoint", Constants.MANAGEMENT_URL, "http://127.0.0.1:9",
                        Constants.MANAGEMENT_PROJECT_ID, "p-1", "cognigy.reprot.dir", "target"),
                selectClass(NluModeSimulation.class)))).singleElement()
                .satisfies(failure -> assertThat(failure).hasMessageContaining("cognigy.reprot.dir").hasMessageNotContaining("mode nlu"));
    }

    @Test
    @DisplayName("the endpoint's management API given in part and tests in mode nlu: the missing settings are named once")
    void partOfTheManagementApiIsNamedOnce() {
        assertThat(failures(run(Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT), parameters(Constants.BACKEND, "endpoint",
                Constants.MANAGEMENT_URL, "https://api.example.com"), selectClass(NluModeSimulation.class))))
                .singleElement().satisfies(failure -> assertThat(failure).hasMessage("The cognigy engine is misconfigured:\n"
                        + "  - reading the bot's schema from the management API needs cognigy.management.project-id, the"
                        + " environment variable COGNIGY_API_KEY\nSettings come from src/test/resources/junit-platform.properties,"
                        + " -D system properties and Surefire's <configurationParameters>; see the configuration reference in"
                        + " docs/configuration.md."));
    }

    @Test
    @DisplayName("playbooks selected by their class and a misspelt key: the run fails with the message, it does not pass with no test")
    void playbooksOfAClassWithAConfigurationProblemFailTheRun() {
        EngineExecutionResults results = EngineTestKit.engine(engine(Map.of(Constants.MANAGEMENT_API_KEY_ENV, "key-1")))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.MANAGEMENT_URL, "http://127.0.0.1:9")
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, "p-1")
                .configurationParameter("cognigy.reprot.dir", "target")
                .selectors(selectClass(OrderPlaybooksSimulation.class)).execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(results.containerEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList())
                .singleElement().satisfies(failure -> assertThat(failure).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("unknown configuration key cognigy.reprot.dir"));
    }

    @Test
    @DisplayName("the configuration alone needs no backend: empty gives the defaults, and merge reads a tenant run's settings")
    void readingTheConfigurationAloneAsksNothingOfTheBackend() {
        assertThat(EngineConfig.read(new MapParameters(Map.of()), name -> null)).isEqualTo(EngineConfig.defaults());
        assertThatCode(() -> EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "endpoint")), name -> null))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a run that only replays needs no backend settings; one that records does")
    void replayedRunsNeedNoBackend() {
        Map<String, String> replay = Map.of(Constants.BACKEND, "endpoint", Constants.REPLAY, "replay");
        assertThatCode(() -> EngineConfig.read(new MapParameters(replay), name -> null, Backends::requirements))
                .doesNotThrowAnyException();
        Map<String, String> record = Map.of(Constants.BACKEND, "endpoint", Constants.REPLAY, "record");
        assertThatThrownBy(() -> EngineConfig.read(new MapParameters(record), name -> null, Backends::requirements))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("COGNIGY_ENDPOINT_URL");
    }

    @Test
    @DisplayName("a backend name that is refused is not also told what the default backend lacks")
    void refusedBackendIsNotCheckedAsTheDefault() {
        assertThatThrownBy(() -> EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "endpiont")), name -> null,
                Backends::requirements)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.backend=endpiont is not a backend").hasMessageNotContaining("No Cognigy environment");
    }
}
