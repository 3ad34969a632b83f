package dev.botsim.cognigy.engine.backend.factory;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointBackend;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointUrl;
import dev.botsim.cognigy.engine.backend.endpoint.OutputConvention;
import dev.botsim.cognigy.engine.backend.management.EndpointKind;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.nlu.NluBackend;
import dev.botsim.cognigy.engine.backend.nlu.NluSettings;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookSession;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybooksTurnBackend;
import dev.botsim.cognigy.engine.backend.sandbox.EmbeddedSandbox;
import dev.botsim.cognigy.engine.backend.sandbox.SandboxFile;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend;
import dev.botsim.cognigy.engine.backend.socket.SocketBackend;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiSettings;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.RequestBudget;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * Makes the backend the configuration asks for, or says in one message what is missing. Every
 * backend's requests wait on the clock and sleeper given, so the engine's clock is the one they use.
 */
public final class Backends {

    private static final String NO_SANDBOX_BOT = "cognigy.backend=sandbox needs " + SANDBOX_BOT
            + "=classpath:<bot definition> (see docs/sandbox.md)";

    /** The class the sandbox's artifact is known by. */
    private static final String SANDBOX_CLASS = "dev.botsim.cognigy.sandbox.CognigySandbox";

    private final Clock clock;
    private final Sleeper sleeper;

    private Backends(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The backend factory of a run on {@code clock}, waiting with {@code sleeper}. */
    public static Function<EngineConfig, Backend> on(Clock clock, Sleeper sleeper) {
        return new Backends(clock, sleeper)::backend;
    }

    /** The backend the configuration asks for, on the system clock. */
    public static Backend create(EngineConfig config) {
        return new Backends(Clock.systemUTC(), Sleeper.SYSTEM).backend(config);
    }

    /**
     * What the configuration's backend needs and the configuration lacks, one problem each (every missing key, and the
     * environment variable of a secret, never its value): found without starting anything, so that the run can report
     * them with the configuration's other problems before its first test. Starting the backend checks them again.
     */
    public static List<String> requirements(EngineConfig config) {
        return requirements(config, false);
    }

    /**
     * What the configuration's backend needs for a run's tests, as {@link #requirements(EngineConfig)} says, and, when
     * the run has tests in mode nlu, what scoring them beside it lacks: beside {@code simulation} and a tenant's
     * {@code endpoint}, the tenant's management API (the sandbox scores them with its own NLU; {@code nlu} and
     * {@code playbooks} need the management API anyway).
     *
     * @param nluTests whether the run has tests in mode nlu
     */
    public static List<String> requirements(EngineConfig config, boolean nluTests) {
        BackendSettings backend = config.backend();
        List<String> problems = new ArrayList<>();
        snapshotProblem(backend).ifPresent(problems::add);
        switch (backend.choice()) {
            case SIMULATION -> simulationProblem(config).ifPresent(problems::add);
            case SANDBOX, SANDBOX_ENDPOINT, SANDBOX_SOCKET -> problems.addAll(sandboxProblems(config));
            case ENDPOINT -> {
                endpointUrlProblem(config).ifPresent(problems::add);
                managementProblem(config).ifPresent(problems::add);
            }
            case PLAYBOOKS -> {
                if (PlaybookSessions.atTenant(backend)) {
                    problems.addAll(PlaybookSession.tenantProblems(config));
                } else {
                    problems.addAll(sandboxProblems(config));
                    // Its playbooks are looked up as the sandbox's bot is: one message names both, before discovery starts it.
                    backend.sandbox().playbooks().flatMap(seed -> SandboxFile.playbooks(SANDBOX_PLAYBOOKS, seed).missing())
                            .ifPresent(problems::add);
                }
            }
            case SOCKET -> {
                socketUrlProblem(config).ifPresent(problems::add);
                managementProblem(config).ifPresent(problems::add);
            }
            case NLU -> {
                if (sandboxNlu(config)) problems.addAll(sandboxProblems(config));
                else tenantNluProblem(config).ifPresent(problems::add);
            }
        }
        if (nluTests && scoredByTenantNlu(backend.choice())) {
            // The endpoint's management API given in part is already named, with the same settings to add.
            boolean endpoint = backend.choice() == BackendChoice.ENDPOINT || backend.choice() == BackendChoice.SOCKET;
            if (!endpoint || managementProblem(config).isEmpty()) {
                tenantNluProblem(config).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /**
     * The embedded sandbox, when the configuration makes the run start it rather than reach a Cognigy, and what makes it
     * so, as a phrase for messages ({@code the embedded sandbox's REST Endpoint (cognigy.backend=endpoint with
     * cognigy.sandbox.bot set, and the environment variable COGNIGY_ENDPOINT_URL not set)}): its answers are a local
     * stand-in's, not the bot's, which {@code cognigy.governance.require-live} refuses. Every backend the engine can start
     * the sandbox for: {@code sandbox} (the default with a sandbox bot), {@code endpoint} and {@code socket} without their URL, and
     * {@code nlu} and {@code playbooks} without the management API's URL. Empty when the run talks to a Cognigy.
     */
    public static Optional<String> embeddedSandbox(EngineConfig config) {
        return switch (config.backend().choice()) {
            // The key left out is what to look for: a default the user may not know they got.
            case SANDBOX -> Optional.of(config.parameters().containsKey(BACKEND) ? "the embedded sandbox (" + BACKEND + "=sandbox)"
                    : "the embedded sandbox, the default backend when " + SANDBOX_BOT + " is set and " + BACKEND + " is not");
            case SANDBOX_ENDPOINT -> Optional.of("the embedded sandbox's REST Endpoint (" + BACKEND + "=endpoint with " + SANDBOX_BOT
                    + " set, and the environment variable " + ENDPOINT_URL_ENV + " not set)");
            case SANDBOX_SOCKET -> Optional.of("the embedded sandbox's Socket Endpoint (" + BACKEND + "=socket with " + SANDBOX_BOT
                    + " set, and the environment variable " + SOCKET_URL_ENV + " not set)");
            case NLU -> sandboxNlu(config) ? Optional.of("the embedded sandbox's NLU (" + BACKEND + "=nlu with " + SANDBOX_BOT
                    + " set, and " + MANAGEMENT_URL + " not set)") : Optional.empty();
            case PLAYBOOKS -> !PlaybookSessions.atTenant(config.backend()) ? Optional.of("the embedded sandbox's playbooks (" + BACKEND + "=playbooks with "
                    + SANDBOX_BOT + " set, and " + MANAGEMENT_URL + " not set)") : Optional.empty();
            case SIMULATION, ENDPOINT, SOCKET -> Optional.empty();
        };
    }

    /** Whether tests in mode nlu beside this backend are scored by the tenant's NLU, through its management API. */
    private static boolean scoredByTenantNlu(BackendChoice choice) {
        return choice == BackendChoice.SIMULATION || choice == BackendChoice.ENDPOINT || choice == BackendChoice.SOCKET;
    }

    /** Throws the problem, when there is one: the checks of {@link #requirements}, again as the backend starts. */
    private static void refuse(Optional<String> problem) {
        if (problem.isPresent()) throw new ConfigurationException(problem.get());
    }

    private Backend backend(EngineConfig config) {
        BackendSettings backend = config.backend();
        requireEndpointForExpectedSnapshot(backend);
        // The tenant counts the bot's schema reads and the NLU's requests together, so the run spends one budget.
        RequestBudget budget = ManagementClient.budget(clock, sleeper);
        return switch (backend.choice()) {
            case SIMULATION -> {
                requireSimulationSettings(config);
                yield new ModeRouting(simulation(config, backend.simulationApi().baseUrl().get(),
                        backend.simulationApi().clientId().get(), config.secrets().clientSecret().get()),
                        () -> tenantNlu(config, budget));
            }
            case SANDBOX -> sandbox(config, access -> new ModeRouting(
                    simulation(config, access.baseUrl(), access.clientId(), Secret.of(access.clientSecret())),
                    () -> sandboxNlu(config, access, budget)));
            case ENDPOINT -> {
                Secret url = requireEndpointUrl(config);
                yield new ModeRouting(endpoint(config, url, management(config, restEndpoint(url), budget), Optional.empty()),
                        () -> tenantNlu(config, budget));
            }
            case SANDBOX_ENDPOINT -> sandbox(config, access -> {
                Secret url = Secret.of(access.endpointUrl());
                // The bot's locale is the endpoint's: known without the management API, as a tenant's endpoint serves one.
                return new ModeRouting(endpoint(config, url, sandboxManagement(config, access, restEndpoint(url), budget),
                        Optional.of(access.locale())), () -> sandboxNlu(config, access, budget));
            });
            // Playbooks are read and run by their own nodes (see PlaybookSession); the run's turn backend sends nothing.
            case PLAYBOOKS -> new PlaybooksTurnBackend();
            case NLU -> nlu(config, budget);
            // The management API resolves the bot from the Socket Endpoint's URL token, as from a REST Endpoint's.
            case SOCKET -> {
                refuse(socketUrlProblem(config));
                Secret url = config.secrets().socketUrl().get();
                yield new ModeRouting(socket(config, url, management(config, socketEndpoint(url), budget), Optional.empty()),
                        () -> tenantNlu(config, budget));
            }
            // The sandbox's Socket Endpoint answers from the same bot and sessions as its REST Endpoint.
            // Its bot's locale is the endpoint's, as for its REST Endpoint; its management API lists it as a tenant's does.
            case SANDBOX_SOCKET -> sandbox(config, access -> {
                Secret url = Secret.of(access.socketUrl());
                return new ModeRouting(socket(config, url, sandboxManagement(config, access, socketEndpoint(url), budget),
                        Optional.of(access.locale())), () -> sandboxNlu(config, access, budget));
            });
        };
    }

    /**
     * Cognigy's NLU through the management API: a tenant's when {@code cognigy.management.url} is set, else the
     * sandbox's when a sandbox bot is, scoring against the flow and locale of its REST endpoint unless configured.
     */
    private Backend nlu(EngineConfig config, RequestBudget budget) {
        NluSettings.of(config.parameters());
        if (sandboxNlu(config)) {
            return sandbox(config, access -> sandboxNlu(config, access, budget));
        }
        return tenantNlu(config, budget);
    }

    /** Whether {@code cognigy.backend=nlu} scores with the sandbox's NLU: a sandbox bot, and no tenant's management API. */
    private static boolean sandboxNlu(EngineConfig config) {
        return config.backend().management().url().isEmpty() && config.backend().sandbox().bot().isPresent();
    }

    /** The sandbox's own NLU, scored through its management API as a tenant's is. */
    private NluBackend sandboxNlu(EngineConfig config, EmbeddedSandbox.Access access, RequestBudget budget) {
        ManagementApiSchema.Settings settings = managementSettings(config, access.managementUrl(),
                Secret.of(access.managementApiKey()), access.projectId(), restEndpoint(Secret.of(access.endpointUrl())));
        return new NluBackend(settings, NluSettings.of(config.parameters()), ManagementClient.open(settings, budget));
    }

    /** A tenant's NLU through its management API: for {@code cognigy.backend=nlu} and for tests in {@code mode: nlu}. */
    private NluBackend tenantNlu(EngineConfig config, RequestBudget budget) {
        NluSettings nlu = NluSettings.of(config.parameters());
        BackendSettings.Management management = config.backend().management();
        Optional<Secret> key = config.secrets().managementApiKey();
        refuse(tenantNluProblem(config));
        // Beside a Socket Endpoint, its bot's flow and locale are the ones scored against, as a REST Endpoint's are.
        Optional<Endpoint> endpoint = config.backend().choice() == BackendChoice.SOCKET
                ? config.secrets().socketUrl().flatMap(Backends::socketEndpoint)
                : config.secrets().endpointUrl().flatMap(Backends::restEndpoint);
        ManagementApiSchema.Settings settings = managementSettings(config, management.url().get(), key.get(),
                management.projectId().get(), endpoint);
        return new NluBackend(settings, nlu, ManagementClient.open(settings, budget));
    }

    /** What a tenant's NLU lacks: the management API's URL, project and key, all named at once. */
    private static Optional<String> tenantNluProblem(EngineConfig config) {
        List<String> missing = config.missingManagementSettings();
        if (missing.isEmpty()) return Optional.empty();
        BackendChoice choice = config.backend().choice();
        if (choice != BackendChoice.NLU) {
            // Beside simulation or a tenant's endpoint: the tenant's NLU, whatever cognigy.sandbox.bot says.
            return Optional.of("tests in mode nlu are scored through the management API beside cognigy.backend=" + choice.id()
                    + ": set " + String.join(", ", missing));
        }
        // With the sandbox's bot set, the management URL is what makes the run a tenant's.
        String sandbox = config.backend().sandbox().bot().isPresent()
                ? "leave out " + MANAGEMENT_URL + " to score with the NLU of the sandbox " + SANDBOX_BOT + " starts"
                : SANDBOX_BOT + " to score with the sandbox's NLU";
        return Optional.of("cognigy.backend=nlu and tests in mode nlu score sentences through the management API: set "
                + String.join(", ", missing) + " (or " + sandbox + ")");
    }

    private ManagementApiSchema.Settings managementSettings(EngineConfig config, String url, Secret key, String projectId,
                                                           Optional<Endpoint> endpoint) {
        ManagementApiSchema.Settings settings = ManagementApiSchema.Settings.of(url, key, projectId)
                .withExpectedSnapshot(config.backend().management().expectedSnapshot()).withHttp(config.http())
                .withRetry(config.retry()).withClock(clock).withSleeper(sleeper).withCallsInFlight(config.maxConcurrency())
                .withSecrets(config.secrets()).withUnlistedSlots(config.backend().management().unlistedSlots());
        return endpoint.map(e -> e.of(settings)).orElse(settings);
    }

    /** The in-process sandbox, talked to through the simulation API or its REST Endpoint. */
    private static Backend sandbox(EngineConfig config, EmbeddedSandbox.ApiFactory api) {
        BackendSettings.Sandbox sandbox = config.backend().sandbox();
        String bot = sandbox.bot().orElseThrow(() -> new ConfigurationException(noSandboxBot()));
        requireSandboxOnClassPath();
        // Its REST Endpoint's Code node sits where the configuration says a tenant's does: placed once, it reports the
        // flow it runs in on every turn, so a suite that passes here passes against a tenant with that placement.
        BackendChoice choice = config.backend().choice();
        boolean sharedCodeNode = (choice == BackendChoice.SANDBOX_ENDPOINT || choice == BackendChoice.SANDBOX_SOCKET)
                && !config.backend().endpointData().perFlow();
        return EmbeddedSandbox.start(bot, sandbox.processingTime(), sharedCodeNode, config.backend().choice().id(), api);
    }

    /**
     * The sandbox is an optional dependency of the engine. Without it, the first touch of {@link EmbeddedSandbox}
     * fails with a {@code NoClassDefFoundError} naming a class the user never wrote; it is looked up here first, in
     * the class loader that would link it.
     */
    static void requireSandboxOnClassPath() {
        refuse(sandboxMissing());
    }

    private static Optional<String> sandboxMissing() {
        try {
            Class.forName(SANDBOX_CLASS, false, Backends.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of(SANDBOX_BOT + " is set, but the sandbox is not on the test class path: add"
                    + " dev.botsim.cognigy:cognigy-junit-sandbox (test scope) to the project's dependencies, or remove "
                    + SANDBOX_BOT + " to run against a Cognigy environment (see docs/configuration.md)");
        }
    }

    /**
     * What starting the embedded sandbox lacks: its bot, its artifact, or its bot's file or resource (looked up as the
     * sandbox loads it; whether it is a valid bot definition is found when it is loaded).
     */
    private static List<String> sandboxProblems(EngineConfig config) {
        Optional<String> bot = config.backend().sandbox().bot();
        if (bot.isEmpty()) return List.of(noSandboxBot());
        List<String> problems = new ArrayList<>();
        sandboxMissing().ifPresent(problems::add);
        SandboxFile.bot(bot.get()).missing().ifPresent(problems::add);
        return problems;
    }

    /**
     * The sandbox asked for without its bot; with no {@code junit-platform.properties} on the test class path, also that
     * none was read: a {@code cognigy.backend=sandbox} given by the build (a {@code -D}, Surefire's
     * {@code systemPropertyVariables}) beside a misplaced or misnamed file that sets the bot is told why the bot is missing.
     */
    private static String noSandboxBot() {
        String notRead = propertiesNotRead(testClassLoader(), java.nio.file.Path.of(""));
        return notRead.isEmpty() ? NO_SANDBOX_BOT : NO_SANDBOX_BOT + "." + notRead;
    }

    private static ClassLoader testClassLoader() {
        return Optional.ofNullable(Thread.currentThread().getContextClassLoader()).orElse(ClassLoader.getSystemClassLoader());
    }

    /** The REST Endpoint URL, from the environment only: it carries the URL token, a secret. */
    private static Secret requireEndpointUrl(EngineConfig config) {
        refuse(endpointUrlProblem(config));
        return config.secrets().endpointUrl().get();
    }

    private static Optional<String> endpointUrlProblem(EngineConfig config) {
        Optional<Secret> url = config.secrets().endpointUrl();
        if (url.isEmpty()) {
            return Optional.of("cognigy.backend=endpoint needs the REST Endpoint URL: set the environment variable " + ENDPOINT_URL_ENV
                    + " (the URL token in it is a secret, so it is read from the environment only).");
        }
        return EndpointUrl.problem(url.get()).map(problem -> "the environment variable " + ENDPOINT_URL_ENV + " " + problem
                + "; its value is not shown, it is a secret.");
    }

    /** What the socket backend lacks: the Socket Endpoint's URL, or a URL that is none, named without its value. */
    private static Optional<String> socketUrlProblem(EngineConfig config) {
        Optional<Secret> url = config.secrets().socketUrl();
        if (url.isEmpty()) {
            return Optional.of("cognigy.backend=socket needs the Socket Endpoint URL: set the environment variable " + SOCKET_URL_ENV
                    + " to the endpoint's URL as Cognigy shows it, https://<endpoint host>/<URLToken> (the URL token in it is a"
                    + " secret, so it is read from the environment only).");
        }
        return SocketBackend.problem(url.get()).map(problem -> "the environment variable " + SOCKET_URL_ENV + " " + problem
                + "; its value is not shown, it is a secret.");
    }

    /**
     * A Socket Endpoint, one socket per session; its outputs read by the same convention as a REST Endpoint's, and the
     * bot it serves read through the management API as a REST Endpoint's is, when {@code management} is given.
     */
    private SocketBackend socket(EngineConfig config, Secret url, Optional<BotManagement> management, Optional<String> servedLocale) {
        BackendSettings.Socket socket = config.backend().socket();
        SocketBackend.Settings settings = SocketBackend.Settings.of(url)
                .withConvention(OutputConvention.of(config.backend().endpointData())).withHttp(config.http())
                .withTurnTimeout(socket.turnTimeout()).withTestMode(socket.testMode())
                .withDefaultPlatform(config.defaultPlatform()).withIdleSockets(config.maxConcurrency())
                .withMaxMessagesPerHour(config.backend().endpoint().maxMessagesPerHour()).withClock(clock).withSleeper(sleeper)
                .withRetry(config.retry()).withLocaleUrls(config.secrets().localeSocketUrls());
        return new SocketBackend(servedLocale.map(settings::withServedLocale).orElse(settings), management);
    }

    /** What the simulation backend needs, in one message naming every missing setting. */
    private static void requireSimulationSettings(EngineConfig config) {
        refuse(simulationProblem(config));
    }

    private static Optional<String> simulationProblem(EngineConfig config) {
        BackendSettings.SimulationApi api = config.backend().simulationApi();
        List<String> missing = new ArrayList<>();
        if (api.baseUrl().isEmpty()) missing.add(BASE_URL + " (the simulation API's base URL)");
        if (api.clientId().isEmpty()) missing.add(CLIENT_ID + " or the environment variable " + CLIENT_ID_ENV);
        if (config.secrets().clientSecret().isEmpty()) missing.add("the environment variable " + CLIENT_SECRET_ENV);
        if (missing.size() == 3) {
            // Said first what most users mean: a bot on a tenant is reached through its REST Endpoint, never this API.
            return Optional.of("No Cognigy environment is configured. To test a bot on a Cognigy tenant, set "
                    + BACKEND + "=endpoint and give its REST Endpoint's URL in the environment variable "
                    + ENDPOINT_URL_ENV + " (docs/real-cognigy.md); to run against the embedded sandbox, set " + SANDBOX_BOT
                    + "=classpath:<your bot definition>; for a server of the simulation API (docs/simulation-api.md), set "
                    + String.join(", ", missing) + ". See docs/configuration.md."
                    + propertiesNotRead(testClassLoader(), java.nio.file.Path.of("")));
        }
        if (!missing.isEmpty()) {
            // Part of it is given: the user means the simulation API, and the sandbox is not what is missing.
            return Optional.of("The simulation API (cognigy.backend=simulation) is not fully configured: set "
                    + String.join(" and ", missing) + ". See docs/configuration.md.");
        }
        return Optional.empty();
    }

    /**
     * With no environment or no sandbox bot configured, why a {@code junit-platform.properties} written for it may not have been read: none
     * is on the test class path. A file of that name where Maven and Gradle do not copy it to the class path
     * ({@code src/test/java}, {@code src/main/resources}, the project's folder) or one in {@code src/test/resources} under
     * a name JUnit does not read ({@code junit.platform.properties}) is named, below {@code project}; one in
     * {@code src/test/resources} by its name, where it belongs, is said to be missing from the class path the tests ran
     * with. Nothing is said when the class path has the file.
     */
    static String propertiesNotRead(ClassLoader loader, java.nio.file.Path project) {
        if (loader.getResource("junit-platform.properties") != null) return "";
        List<String> found = new ArrayList<>();
        for (String place : List.of("src/test/java", "src/main/resources", ".")) {
            if (java.nio.file.Files.isRegularFile(project.resolve(place).resolve("junit-platform.properties"))) {
                found.add(place.equals(".") ? "junit-platform.properties" : place + "/junit-platform.properties");
            }
        }
        java.nio.file.Path resources = project.resolve("src/test/resources");
        if (java.nio.file.Files.isDirectory(resources)) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(resources)) {
                files.map(f -> f.getFileName().toString())
                        .filter(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("junit")
                                && name.toLowerCase(java.util.Locale.ROOT).contains("propert"))
                        .sorted().forEach(name -> found.add("src/test/resources/" + name));
            } catch (java.io.IOException | RuntimeException e) {
                // Not listed: the sentence below still says where the file belongs.
            }
        }
        String none = " No junit-platform.properties is on the test class path, so no setting was read from one";
        String where = "src/test/resources/junit-platform.properties";
        if (found.remove(where)) {
            // Where it belongs: the class path the tests ran with is what lacks it, not the file its place.
            return none + ": " + where + " is where JUnit reads it, but the class path the tests ran with does not hold it —"
                    + " the test resources were not copied to it (build them: mvn test-compile, or the IDE's build) or are not"
                    + " on it" + (found.isEmpty() ? "" : " (" + String.join(", ", found) + (found.size() == 1 ? " is" : " are")
                    + " not read either)") + ".";
        }
        return none + (found.isEmpty() ? "" : " (" + String.join(", ", found) + (found.size() == 1 ? " is" : " are")
                + " not read)") + ": JUnit reads " + where + ", by that name.";
    }

    private SimulationApiBackend simulation(EngineConfig config, String baseUrl, String clientId, Secret secret) {
        return new SimulationApiBackend(SimulationApiSettings.of(baseUrl, clientId, secret)
                .withScope(config.backend().simulationApi().scope()).withMaxConcurrency(config.maxConcurrency())
                .withHttp(config.http()).withRetry(config.retry()).withPolling(config.polling())
                .withClock(clock).withSleeper(sleeper));
    }

    /** The endpoint the management API resolves the bot from: its URL token and its kind. */
    private record Endpoint(Secret token, EndpointKind kind) {

        ManagementApiSchema.Settings of(ManagementApiSchema.Settings settings) {
            return settings.withEndpointToken(token, kind);
        }
    }

    /** The REST Endpoint at {@code url}, by its URL token. */
    private static Optional<Endpoint> restEndpoint(Secret url) {
        return EndpointUrl.parse(url).map(endpoint -> new Endpoint(Secret.of(endpoint.token()), EndpointKind.REST));
    }

    /** The Socket Endpoint at {@code url}, by its URL token (its last path segment, as a REST Endpoint's). */
    private static Optional<Endpoint> socketEndpoint(Secret url) {
        return SocketBackend.token(url).map(token -> new Endpoint(token, EndpointKind.SOCKET));
    }

    /** The sandbox's own management API, read as a tenant's is, unless turned off. */
    private Optional<BotManagement> sandboxManagement(EngineConfig config, EmbeddedSandbox.Access access, Optional<Endpoint> endpoint,
                                                      RequestBudget budget) {
        if (!config.backend().sandbox().managementApi()) return Optional.empty();
        ManagementApiSchema.Settings settings = ManagementApiSchema.Settings.of(access.managementUrl(),
                        Secret.of(access.managementApiKey()), access.projectId())
                .withExpectedSnapshot(config.backend().management().expectedSnapshot()).withHttp(config.http())
                .withRetry(config.retry()).withClock(clock).withSleeper(sleeper).withCallsInFlight(config.maxConcurrency())
                .withSecrets(config.secrets()).withUnlistedSlots(config.backend().management().unlistedSlots());
        return Optional.of(schema(endpoint.map(e -> e.of(settings)).orElse(settings), budget));
    }

    /** The bot's schema through the management API, spending the run's budget. */
    private static ManagementApiSchema schema(ManagementApiSchema.Settings settings, RequestBudget budget) {
        return new ManagementApiSchema(settings, ManagementClient.open(settings, budget));
    }

    private EndpointBackend endpoint(EngineConfig config, Secret url, Optional<BotManagement> management,
                                     Optional<String> servedLocale) {
        EndpointBackend.Settings settings = EndpointBackend.Settings.of(url)
                .withConvention(OutputConvention.of(config.backend().endpointData())).withMaxConcurrency(config.maxConcurrency())
                .withHttp(config.http()).withRetry(config.retry()).withClock(clock).withSleeper(sleeper)
                .withLocaleUrls(config.secrets().localeEndpointUrls())
                .withMaxMessagesPerHour(config.backend().endpoint().maxMessagesPerHour())
                .withDefaultPlatform(config.defaultPlatform());
        return new EndpointBackend(servedLocale.map(settings::withServedLocale).orElse(settings), management);
    }

    /** A snapshot is what an endpoint (REST or Socket) serves: the simulation API and the sandbox have none to check. */
    private static void requireEndpointForExpectedSnapshot(BackendSettings backend) {
        refuse(snapshotProblem(backend));
    }

    private static Optional<String> snapshotProblem(BackendSettings backend) {
        if (backend.management().expectedSnapshot().isPresent()
                && (backend.choice() == BackendChoice.SIMULATION || backend.choice() == BackendChoice.SANDBOX)) {
            return Optional.of(EXPECTED_SNAPSHOT + " is checked against the snapshot a REST or Socket endpoint serves: it needs"
                    + " cognigy.backend=endpoint or socket with the management API (" + MANAGEMENT_URL + ", " + MANAGEMENT_PROJECT_ID + ", "
                    + MANAGEMENT_API_KEY_ENV + "); remove it for cognigy.backend=" + backend.choice().id());
        }
        // The sandbox's endpoints are checked through the sandbox's own management API: without it the check would be
        // skipped in silence, and the run taken as one against the expected snapshot.
        if (backend.management().expectedSnapshot().isPresent() && !backend.sandbox().managementApi()
                && (backend.choice() == BackendChoice.SANDBOX_ENDPOINT || backend.choice() == BackendChoice.SANDBOX_SOCKET)) {
            return Optional.of(EXPECTED_SNAPSHOT + " is checked through the management API, which " + SANDBOX_MANAGEMENT_API
                    + "=false turns off for the embedded sandbox's endpoint: remove " + SANDBOX_MANAGEMENT_API + "=false to check it,"
                    + " or remove " + EXPECTED_SNAPSHOT);
        }
        return Optional.empty();
    }

    /**
     * The management API, when URL, project and key are all given, reading the bot the endpoint with URL token
     * {@code token} serves; naming what is missing when only some are given, or when a snapshot is expected without it.
     */
    private Optional<BotManagement> management(EngineConfig config, Optional<Endpoint> endpoint, RequestBudget budget) {
        BackendSettings.Management management = config.backend().management();
        Optional<Secret> key = config.secrets().managementApiKey();
        refuse(managementProblem(config));
        if (management.url().isEmpty() && management.projectId().isEmpty()) return Optional.empty();
        ManagementApiSchema.Settings settings = ManagementApiSchema.Settings.of(management.url().get(), key.get(),
                management.projectId().get()).withExpectedSnapshot(management.expectedSnapshot()).withHttp(config.http())
                .withRetry(config.retry()).withClock(clock).withSleeper(sleeper).withCallsInFlight(config.maxConcurrency())
                .withSecrets(config.secrets()).withUnlistedSlots(config.backend().management().unlistedSlots());
        return Optional.of(schema(endpoint.map(e -> e.of(settings)).orElse(settings), budget));
    }

    /**
     * What the management API of the endpoint and socket backends lacks: nothing when none of it is given (the bot's schema is then not
     * read), else every missing setting, named at once; all of it when a snapshot is expected.
     */
    private static Optional<String> managementProblem(EngineConfig config) {
        BackendSettings.Management management = config.backend().management();
        if (management.url().isEmpty() && management.projectId().isEmpty()) {
            return management.expectedSnapshot().map(snapshot -> EXPECTED_SNAPSHOT + " is checked through the management API: set "
                    + MANAGEMENT_URL + ", " + MANAGEMENT_PROJECT_ID + " and the environment variable " + MANAGEMENT_API_KEY_ENV);
        }
        List<String> missing = config.missingManagementSettings();
        if (missing.isEmpty()) return Optional.empty();
        return Optional.of("reading the bot's schema from the management API needs " + String.join(", ", missing));
    }
}
