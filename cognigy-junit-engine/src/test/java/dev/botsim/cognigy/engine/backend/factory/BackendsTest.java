package dev.botsim.cognigy.engine.backend.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

class BackendsTest {

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("the management API waits on the engine's clock and sleeper (an HTTP-date Retry-After is read against that"
            + " clock), and is handed the endpoint's URL token: the bot under test is the endpoint's")
    void managementOnTheEnginesClock() {
        ManagementApiFake tenant = new ManagementApiFake();
        server.setDispatcher(tenant);
        tenant.next.add(new MockResponse.Builder().code(429).setHeader("Retry-After", "Tue, 24 Nov 2026 10:00:07 GMT").build());
        EngineConfig config = EngineConfig.defaults()
                .withBackend(BackendSettings.defaults().withChoice(BackendChoice.ENDPOINT)
                        .withManagement(BackendSettings.Management.defaults().withUrl(server.url("/").toString())
                                .withProjectId(ManagementApiFake.PROJECT)))
                .withSecrets(Secrets.none().withEndpointUrl(Secret.of(server.url("/" + ManagementApiFake.TOKEN).toString()))
                        .withManagementApiKey(Secret.of(ManagementApiFake.KEY)));
        try (Backend backend = Backends.on(clock, sleeper).apply(config)) {
            BotSchema schema = backend.schema();
            assertThat(schema.flows()).contains(java.util.Set.of("Main Flow", "FAQ", "Legacy"));
            assertThat(schema.underTest().orElseThrow().endpointName()).isEqualTo("cognigy-junit tests");
        }
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("a simulation API given in part is told what it lacks, not that no environment is configured")
    void simulationApiGivenInPart() {
        EngineConfig baseUrlOnly = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(java.util.Map.of("cognigy.backend", "simulation",
                "cognigy.base-url", server.url("/").toString())), name -> null);
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(baseUrlOnly)).isInstanceOf(ConfigurationException.class)
                .hasMessage("The simulation API (cognigy.backend=simulation) is not fully configured: set cognigy.client-id or"
                        + " the environment variable COGNIGY_CLIENT_ID and the environment variable COGNIGY_CLIENT_SECRET."
                        + " See docs/configuration.md.");
        EngineConfig nothing = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(java.util.Map.of()), name -> null);
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(nothing)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("No Cognigy environment is configured. To test a bot on a Cognigy tenant, set"
                        + " cognigy.backend=endpoint and give its REST Endpoint's URL in the environment variable"
                        + " COGNIGY_ENDPOINT_URL")
                .hasMessageContaining("set cognigy.sandbox.bot=classpath:<your bot definition>")
                .hasMessageContaining("for a server of the simulation API (docs/simulation-api.md), set cognigy.base-url");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("no environment configured and no junit-platform.properties on the class path: the message says so, naming"
            + " a properties file where it is not read")
    void propertiesFileNotOnTheClassPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path project) throws Exception {
        ClassLoader without = new ClassLoader(null) {
        };
        assertThat(Backends.propertiesNotRead(without, project)).isEqualTo(" No junit-platform.properties is on the test class"
                + " path, so no setting was read from one: JUnit reads src/test/resources/junit-platform.properties, by that name.");
        java.nio.file.Files.createDirectories(project.resolve("src/test/java"));
        java.nio.file.Files.createDirectories(project.resolve("src/test/resources"));
        java.nio.file.Files.writeString(project.resolve("src/test/java/junit-platform.properties"), "cognigy.sandbox.bot=x\n");
        java.nio.file.Files.writeString(project.resolve("src/test/resources/junit.platform.properties"), "cognigy.backend=x\n");
        assertThat(Backends.propertiesNotRead(without, project)).isEqualTo(" No junit-platform.properties is on the test class"
                + " path, so no setting was read from one (src/test/java/junit-platform.properties,"
                + " src/test/resources/junit.platform.properties are not read): JUnit reads"
                + " src/test/resources/junit-platform.properties, by that name.");

        // The file where it belongs, but not on the class path the tests ran with: its resources were not copied there.
        java.nio.file.Files.writeString(project.resolve("src/test/resources/junit-platform.properties"), "cognigy.backend=x\n");
        assertThat(Backends.propertiesNotRead(without, project)).isEqualTo(" No junit-platform.properties is on the test class"
                + " path, so no setting was read from one: src/test/resources/junit-platform.properties is where JUnit reads"
                + " it, but the class path the tests ran with does not hold it — the test resources were not copied to it"
                + " (build them: mvn test-compile, or the IDE's build) or are not on it (src/test/java/junit-platform.properties,"
                + " src/test/resources/junit.platform.properties are not read either).");
        java.nio.file.Files.delete(project.resolve("src/test/resources/junit-platform.properties"));

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(without);
        try {
            EngineConfig nothing = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(java.util.Map.of()), name -> null);
            assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(nothing)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("See docs/configuration.md. No junit-platform.properties is on the test class path");
        } finally {
            thread.setContextClassLoader(previous);
        }
        java.net.URL[] withFile = {project.resolve("src/test/java").toUri().toURL()};
        try (java.net.URLClassLoader onClassPath = new java.net.URLClassLoader(withFile, null)) {
            assertThat(Backends.propertiesNotRead(onClassPath, project)).isEmpty();
        }
    }

    @Test
    @DisplayName("cognigy.backend=sandbox from the build and no junit-platform.properties on the class path: the missing bot"
            + " is said with the file that was not read, in the configuration message and when the backend starts")
    void sandboxWithoutItsBotAndNoPropertiesFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path classes) throws Exception {
        EngineConfig sandboxOnly = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(
                java.util.Map.of("cognigy.backend", "sandbox")), name -> null);
        String notRead = "cognigy.backend=sandbox needs cognigy.sandbox.bot=classpath:<bot definition> (see docs/sandbox.md)."
                + " No junit-platform.properties is on the test class path";
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(null) {
        });
        try {
            assertThat(Backends.requirements(sandboxOnly)).singleElement().asString().startsWith(notRead);
            assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(sandboxOnly)).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith(notRead);
        } finally {
            thread.setContextClassLoader(previous);
        }
        // With the file on the class path, the bot is simply missing from it.
        java.nio.file.Files.writeString(classes.resolve("junit-platform.properties"), "cognigy.execution.max-concurrency=4\n");
        try (java.net.URLClassLoader withFile = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {
            thread.setContextClassLoader(withFile);
            assertThat(Backends.requirements(sandboxOnly)).containsExactly(
                    "cognigy.backend=sandbox needs cognigy.sandbox.bot=classpath:<bot definition> (see docs/sandbox.md)");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    @DisplayName("item 13: cognigy.expected-snapshot without the management API, or with a backend that serves no snapshot,"
            + " is one configuration message")
    void expectedSnapshotNeedsManagement() {
        EngineConfig endpoint = EngineConfig.defaults()
                .withBackend(BackendSettings.defaults().withChoice(BackendChoice.ENDPOINT)
                        .withManagement(BackendSettings.Management.defaults().withExpectedSnapshot("v1.4")))
                .withSecrets(Secrets.none().withEndpointUrl(Secret.of(server.url("/" + ManagementApiFake.TOKEN).toString())));
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(endpoint)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.expected-snapshot is checked through the management API")
                .hasMessageContaining("cognigy.management.url");
        EngineConfig simulation = EngineConfig.defaults().withBackend(BackendSettings.defaults().withChoice(BackendChoice.SIMULATION)
                .withManagement(BackendSettings.Management.defaults().withExpectedSnapshot("v1.4")));
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(simulation)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs cognigy.backend=endpoint");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("cognigy.backend=socket reads the bot through the management API as endpoint does: given in part, every"
            + " missing setting is named before any test; tests in mode nlu beside it need the management API too")
    void socketManagementRequirements() {
        java.util.Map<String, String> socketUrl = java.util.Map.of("COGNIGY_SOCKET_URL", "https://endpoint.example.com/abc123");
        EngineConfig partly = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(java.util.Map.of(
                "cognigy.backend", "socket", "cognigy.management.url", server.url("/").toString())), socketUrl::get);
        assertThat(Backends.requirements(partly)).singleElement().asString()
                .startsWith("reading the bot's schema from the management API needs").contains("cognigy.management.project-id",
                        "COGNIGY_API_KEY");
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(partly)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("reading the bot's schema from the management API needs");

        EngineConfig none = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(java.util.Map.of(
                "cognigy.backend", "socket")), socketUrl::get);
        assertThat(Backends.requirements(none)).isEmpty();
        assertThat(Backends.requirements(none, true)).singleElement().asString().startsWith(
                "tests in mode nlu are scored through the management API beside cognigy.backend=socket: set cognigy.management.url");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("the management API beside a Socket Endpoint is handed the socket URL's token: the bot under test is the"
            + " Socket Endpoint's, and a REST endpoint of that token is refused naming COGNIGY_SOCKET_URL")
    void socketManagementIsTheSocketEndpoints() {
        ManagementApiFake tenant = new ManagementApiFake();
        server.setDispatcher(tenant);
        EngineConfig config = EngineConfig.defaults()
                .withBackend(BackendSettings.defaults().withChoice(BackendChoice.SOCKET)
                        .withManagement(BackendSettings.Management.defaults().withUrl(server.url("/").toString())
                                .withProjectId(ManagementApiFake.PROJECT)))
                .withSecrets(Secrets.none().withSocketUrl(Secret.of(server.url("/" + ManagementApiFake.TOKEN).toString()))
                        .withManagementApiKey(Secret.of(ManagementApiFake.KEY)));
        try (Backend backend = Backends.on(clock, sleeper).apply(config)) {
            assertThatThrownBy(backend::schema).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("'rest' endpoint, not a Socket Endpoint").hasMessageContaining("COGNIGY_SOCKET_URL");
        }
        tenant.endpoint.put("channel", "socket");
        try (Backend backend = Backends.on(clock, sleeper).apply(config)) {
            assertThat(backend.name()).isEqualTo("socket");
            assertThat(backend.schema().underTest().orElseThrow().endpointName()).isEqualTo("cognigy-junit tests");
        }
    }

    private static java.util.Optional<String> embedded(java.util.Map<String, String> parameters, java.util.Map<String, String> environment) {
        return Backends.embeddedSandbox(EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(parameters), environment::get));
    }

    @Test
    @DisplayName("every backend the engine starts the sandbox for is named as the embedded sandbox with what makes it so: the"
            + " default with a sandbox bot, endpoint and socket without their URL, nlu and playbooks without the management API; none"
            + " when the run reaches a Cognigy")
    void embeddedSandboxNamesWhatStartedIt() {
        String bot = "classpath:bots/order-bot.yaml";
        java.util.Map<String, String> none = java.util.Map.of();
        java.util.Map<String, String> endpointUrl = java.util.Map.of("COGNIGY_ENDPOINT_URL", "https://endpoint.example.com/abc123");
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot), none)).contains(
                "the embedded sandbox, the default backend when cognigy.sandbox.bot is set and cognigy.backend is not");
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "sandbox"), none))
                .contains("the embedded sandbox (cognigy.backend=sandbox)");
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "endpoint"), none)).contains(
                "the embedded sandbox's REST Endpoint (cognigy.backend=endpoint with cognigy.sandbox.bot set, and the"
                        + " environment variable COGNIGY_ENDPOINT_URL not set)");
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "socket"), none)).contains(
                "the embedded sandbox's Socket Endpoint (cognigy.backend=socket with cognigy.sandbox.bot set, and the"
                        + " environment variable COGNIGY_SOCKET_URL not set)");
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "socket"),
                java.util.Map.of("COGNIGY_SOCKET_URL", "https://endpoint.example.com/abc123"))).isEmpty();
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "nlu"), none)).contains(
                "the embedded sandbox's NLU (cognigy.backend=nlu with cognigy.sandbox.bot set, and cognigy.management.url not set)");
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "playbooks"), none)).contains(
                "the embedded sandbox's playbooks (cognigy.backend=playbooks with cognigy.sandbox.bot set, and"
                        + " cognigy.management.url not set)");

        // A Cognigy: the sandbox bot set for local runs is left aside once the run has the bot's settings.
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "endpoint"), endpointUrl)).isEmpty();
        assertThat(embedded(java.util.Map.of("cognigy.backend", "endpoint"), endpointUrl)).isEmpty();
        assertThat(embedded(java.util.Map.of("cognigy.sandbox.bot", bot, "cognigy.backend", "simulation",
                "cognigy.base-url", "https://cognigy.example.com"), none)).isEmpty();
        java.util.Map<String, String> tenant = java.util.Map.of("cognigy.sandbox.bot", bot,
                "cognigy.management.url", "https://api-trial.cognigy.ai", "cognigy.management.project-id", "p1");
        for (String backend : java.util.List.of("nlu", "playbooks")) {
            java.util.Map<String, String> parameters = new java.util.HashMap<>(tenant);
            parameters.put("cognigy.backend", backend);
            assertThat(embedded(parameters, java.util.Map.of("COGNIGY_API_KEY", "key"))).as(backend).isEmpty();
        }
    }

    private static EngineConfig read(java.util.Map<String, String> parameters, java.util.Map<String, String> environment) {
        return EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(parameters), environment::get);
    }

    /** A request of a test in {@code mode: nlu}: one sentence, scored by the NLU beside the run's backend. */
    private static dev.botsim.cognigy.engine.backend.TurnRequest nluRequest(String sentence) {
        return new dev.botsim.cognigy.engine.backend.TurnRequest("run-1", "nlu_1", 1, "user-1", "web", sentence, null, null,
                "key-1", null, null, dev.botsim.cognigy.annotations.Mode.NLU);
    }

    @Test
    @DisplayName("cognigy.backend=socket without a sandbox bot and without COGNIGY_SOCKET_URL, or with a value that is no Socket"
            + " Endpoint URL: named before any test and again as the backend starts, the secret value never shown")
    void socketUrlMissingOrUnusable() {
        EngineConfig missing = read(java.util.Map.of("cognigy.backend", "socket"), java.util.Map.of());
        assertThat(Backends.requirements(missing)).singleElement().asString()
                .startsWith("cognigy.backend=socket needs the Socket Endpoint URL: set the environment variable COGNIGY_SOCKET_URL");
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(missing)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("cognigy.backend=socket needs the Socket Endpoint URL: set the environment variable"
                        + " COGNIGY_SOCKET_URL");

        String unusable = "socket-token-canary-7f3e";
        EngineConfig notAUrl = read(java.util.Map.of("cognigy.backend", "socket"), java.util.Map.of("COGNIGY_SOCKET_URL", unusable));
        assertThat(Backends.requirements(notAUrl)).singleElement().asString()
                .startsWith("the environment variable COGNIGY_SOCKET_URL ").endsWith("; its value is not shown, it is a secret.")
                .doesNotContain(unusable);
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(notAUrl)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("the environment variable COGNIGY_SOCKET_URL ").hasMessageNotContaining(unusable);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("cognigy.backend=endpoint without COGNIGY_ENDPOINT_URL, or with a value that is no REST Endpoint URL: the backend"
            + " refuses to start with the message naming the variable, the secret value never shown")
    void endpointUrlMissingOrUnusable() {
        EngineConfig missing = read(java.util.Map.of("cognigy.backend", "endpoint"), java.util.Map.of());
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(missing)).isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.backend=endpoint needs the REST Endpoint URL: set the environment variable COGNIGY_ENDPOINT_URL"
                        + " (the URL token in it is a secret, so it is read from the environment only).");
        String unusable = "endpoint-token-canary-9a1b";
        EngineConfig notAUrl = read(java.util.Map.of("cognigy.backend", "endpoint"), java.util.Map.of("COGNIGY_ENDPOINT_URL", unusable));
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(notAUrl)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("the environment variable COGNIGY_ENDPOINT_URL is not an http(s) URL")
                .hasMessageEndingWith("; its value is not shown, it is a secret.").hasMessageNotContaining(unusable);
    }

    @Test
    @DisplayName("tests in mode nlu beside a management API given in part: beside simulation the NLU's settings are named (the"
            + " simulation API reads no schema), beside socket the one schema message names them, not a second one")
    void nluTestsBesideAManagementApiGivenInPart() {
        java.util.Map<String, String> simulation = java.util.Map.of("cognigy.backend", "simulation", "cognigy.base-url",
                "https://cognigy.example.com", "cognigy.client-id", "client-1", "cognigy.management.url", "https://api.example.com");
        EngineConfig simulationConfig = read(simulation, java.util.Map.of("COGNIGY_CLIENT_SECRET", "client-secret-canary"));
        assertThat(Backends.requirements(simulationConfig)).isEmpty();
        assertThat(Backends.requirements(simulationConfig, true)).containsExactly("tests in mode nlu are scored through the"
                + " management API beside cognigy.backend=simulation: set cognigy.management.project-id, the environment"
                + " variable COGNIGY_API_KEY");

        EngineConfig socket = read(java.util.Map.of("cognigy.backend", "socket", "cognigy.management.url", "https://api.example.com"),
                java.util.Map.of("COGNIGY_SOCKET_URL", "https://endpoint.example.com/abc123"));
        assertThat(Backends.requirements(socket, true)).containsExactly("reading the bot's schema from the management API needs"
                + " cognigy.management.project-id, the environment variable COGNIGY_API_KEY");
    }

    @Test
    @DisplayName("cognigy.backend=nlu at a tenant without its API key: the backend refuses to start naming the key and the"
            + " sandbox alternative; with a sandbox bot and no management URL it scores with the sandbox's NLU")
    void nluBackendAtTheTenantOrTheSandbox() {
        EngineConfig noKey = read(java.util.Map.of("cognigy.backend", "nlu", "cognigy.management.url", server.url("/").toString(),
                "cognigy.management.project-id", ManagementApiFake.PROJECT), java.util.Map.of());
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(noKey)).isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.backend=nlu and tests in mode nlu score sentences through the management API: set the"
                        + " environment variable COGNIGY_API_KEY (or cognigy.sandbox.bot to score with the sandbox's NLU)");
        assertThat(server.getRequestCount()).isZero();
        EngineConfig tenant = read(java.util.Map.of("cognigy.backend", "nlu", "cognigy.management.url", server.url("/").toString(),
                "cognigy.management.project-id", ManagementApiFake.PROJECT), java.util.Map.of("COGNIGY_API_KEY", ManagementApiFake.KEY));
        try (Backend backend = Backends.on(clock, sleeper).apply(tenant)) {
            assertThat(backend.name()).isEqualTo("nlu");
            assertThat(backend.checksIntentsOnly()).isTrue();
        }

        EngineConfig sandbox = read(java.util.Map.of("cognigy.backend", "nlu", "cognigy.sandbox.bot", "classpath:bots/order-bot.yaml"),
                java.util.Map.of());
        try (Backend backend = Backends.on(clock, sleeper).apply(sandbox)) {
            assertThat(backend.name()).isEqualTo("nlu");
            assertThat(backend.send(nluRequest("where is my order")).turns()).singleElement()
                    .satisfies(turn -> assertThat(turn.intent()).isEqualTo("check_order"));
            assertThat(backend.standIn()).hasValueSatisfying(standIn -> assertThat(standIn).contains("127.0.0.1"));
        }
    }

    @Test
    @DisplayName("tests in mode nlu beside the embedded sandbox, through its simulation API or its REST Endpoint, are scored by the"
            + " sandbox's NLU; its REST Endpoint's bot is the one the sandbox's management API names")
    void sandboxScoresNluTestsBesideItsFlows() {
        for (String backendName : java.util.List.of("sandbox", "endpoint")) {
            EngineConfig config = read(java.util.Map.of("cognigy.backend", backendName, "cognigy.sandbox.bot",
                    "classpath:bots/order-bot.yaml"), java.util.Map.of());
            try (Backend backend = Backends.on(clock, sleeper).apply(config)) {
                assertThat(backend.send(nluRequest("transfer me to an agent")).turns()).as(backendName).singleElement()
                        .satisfies(turn -> assertThat(turn.intent()).isEqualTo("escalate"));
                if (backendName.equals("endpoint")) {
                    assertThat(backend.name()).isEqualTo("sandbox-endpoint");
                    assertThat(backend.schema().underTest()).isPresent();
                }
            }
        }
    }

    @Test
    @DisplayName("cognigy.backend=sandbox without cognigy.sandbox.bot: the backend refuses to start naming the key and the page")
    void sandboxWithoutItsBot() {
        EngineConfig config = read(java.util.Map.of("cognigy.backend", "sandbox"), java.util.Map.of());
        // This module's tests have no junit-platform.properties, so the message goes on to say so (pinned below).
        assertThat(Backends.requirements(config)).singleElement().asString().startsWith(
                "cognigy.backend=sandbox needs cognigy.sandbox.bot=classpath:<bot definition> (see docs/sandbox.md)");
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(config)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("cognigy.backend=sandbox needs cognigy.sandbox.bot=classpath:<bot definition> (see docs/sandbox.md)");
    }

    @Test
    @DisplayName("a sandbox bot or playbook export naming a class path folder is one of the configuration's problems, named"
            + " before any test with a file in the folder to write")
    void sandboxFilesNamingAFolder() {
        EngineConfig config = read(java.util.Map.of("cognigy.backend", "playbooks", "cognigy.sandbox.bot", "classpath:bots",
                "cognigy.sandbox.playbooks", "classpath:e2e/playbooks/"), java.util.Map.of());
        assertThat(Backends.requirements(config)).containsExactly(
                "cognigy.sandbox.bot=classpath:bots names a folder on the test class path, not a file: write the path of the file"
                        + " in it, as cognigy.sandbox.bot=classpath:bots/my-bot.yaml",
                "cognigy.sandbox.playbooks=classpath:e2e/playbooks/ names a folder on the test class path, not a file: write the"
                        + " path of the file in it, as cognigy.sandbox.playbooks=classpath:e2e/playbooks/my-bot.playbooks.json");
    }
}
