package dev.botsim.cognigy.engine.config;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.junit.platform.engine.ConfigurationParameters;

import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.ShownUrl;
import dev.botsim.cognigy.engine.support.Suggestions;
import okhttp3.HttpUrl;

/**
 * The engine's configuration, read once per run from the JUnit configuration parameters and the
 * environment: one settings record per concern, each with its defaults and named withers. Every
 * problem is collected, so one message tells the user everything to fix.
 *
 * @param parameters the {@code cognigy.*} parameters as given, for listeners (never the endpoint URL; URLs as
 *                   {@link dev.botsim.cognigy.engine.support.ShownUrl} shows them)
 * @param run        the logical run this JVM reports under and the part of it it runs
 * @param replay     {@code cognigy.replay}, its folder and what it redacts: read here once, for the replay layer, the
 *                   approval files and the warnings of settings the mode leaves without effect alike
 */
public record EngineConfig(BackendSettings backend, HttpSettings http, RetrySettings retry, PollingSettings polling,
                           ExecutionSettings execution, GovernanceSettings governance, ReportSettings reports,
                           AuditSettings audit, WebhookSettings webhook, Secrets secrets, Map<String, String> parameters,
                           ApprovalSettings approval, RunSettings run, RecordReplaySettings replay) {

    /** Largest data file discovery accepts when {@code cognigy.discovery.max-file-size} is not set: 1 MiB. */
    static final int DEFAULT_MAX_FILE_SIZE = 1 << 20;

    private static final List<String> NAMING_STRATEGIES = Arrays.stream(NamingStrategy.values()).map(NamingStrategy::id).toList();

    private static final List<String> USER_SCOPES = Arrays.stream(UserScope.values()).map(UserScope::id).toList();

    /** The values of {@code cognigy.replay}: its modes' ids, in their order. */
    public static final List<String> REPLAY_MODES = Arrays.stream(ReplayMode.values()).map(ReplayMode::id).toList();

    /** The values of {@code cognigy.playbooks.mode}. */
    static final List<String> PLAYBOOKS_MODES = List.of("existing", "generated");

    private static final Pattern USER_ID = Pattern.compile("^usr_[a-zA-Z0-9]+$");

    public EngineConfig {
        parameters = Map.copyOf(parameters);
    }

    /** What a run without any setting or environment variable gets. */
    public static EngineConfig defaults() {
        return new EngineConfig(BackendSettings.defaults(), HttpSettings.defaults(), RetrySettings.defaults(),
                PollingSettings.defaults(), ExecutionSettings.defaults(), GovernanceSettings.defaults(), ReportSettings.defaults(),
                AuditSettings.defaults(), WebhookSettings.defaults(), Secrets.none(), Map.of(), ApprovalSettings.defaults(),
                RunSettings.defaults(), RecordReplaySettings.defaults());
    }

    /**
     * The management API's settings this configuration lacks, as messages name them: its URL, its project id and the
     * environment variable of its key; empty when all are given.
     */
    public List<String> missingManagementSettings() {
        List<String> missing = new java.util.ArrayList<>();
        if (backend.management().url().isEmpty()) missing.add(MANAGEMENT_URL);
        if (backend.management().projectId().isEmpty()) missing.add(MANAGEMENT_PROJECT_ID);
        if (secrets.managementApiKey().isEmpty()) missing.add("the environment variable " + MANAGEMENT_API_KEY_ENV);
        return missing;
    }

    /**
     * The engine's refusals of {@code keys}, settings' names alone, as a run's configuration refuses them: an unknown
     * {@code cognigy.*} key, or one of the engine's keys with its first word misspelt ({@code cogingy.audit.file}), named
     * with the key meant; a key that names a secret. Other keys are left to their owners. For a tool that hands some of
     * a build's properties to the engine (the Maven plugin's {@code cognigy:merge}), which would otherwise leave a
     * misspelt one without effect where a run refuses it.
     */
    public static List<String> refusedKeys(java.util.Collection<String> keys) {
        Map<String, String> named = new java.util.TreeMap<>();
        keys.forEach(key -> named.put(key, ""));
        ParameterReader r = new ParameterReader(new MapParameters(named), name -> null);
        r.rejectUnknownKeys();
        return r.problems();
    }

    /** Reads the configuration; throws one {@link ConfigurationException} listing every problem. */
    public static EngineConfig read(ConfigurationParameters parameters, Function<String, String> environment) {
        return read(parameters, environment, config -> List.of());
    }

    /**
     * Reads the configuration of a run that starts the backend it names; throws one {@link ConfigurationException}
     * listing every problem, what the backend lacks among them.
     *
     * @param requirements what the backend a configuration names lacks, one problem each (see
     *                     {@code Backends.requirements}); not asked when the backend named is refused, nor when
     *                     {@code cognigy.replay} is {@code replay} or {@code auto}, which open it only if a test must go live
     */
    public static EngineConfig read(ConfigurationParameters parameters, Function<String, String> environment,
                                    Function<EngineConfig, List<String>> requirements) {
        return check(parameters, environment, requirements).orThrow();
    }

    /**
     * Reads the configuration as {@link #read(ConfigurationParameters, Function, Function)} does, without throwing: the
     * configuration (a refused value replaced by its default) with every problem, for a run that finds more of them
     * before it reports them all at once.
     */
    public static Reading check(ConfigurationParameters parameters, Function<String, String> environment,
                                Function<EngineConfig, List<String>> requirements) {
        return check(new ParameterReader(parameters, environment), environment, requirements);
    }

    /**
     * Checks a launch's configuration as {@link #check} does, JUnit's parameters as the launcher gave them: a problem with
     * a key's value also says where that value came from where the engine can tell (a {@code -D} system property, or the
     * file and line of the class path's {@code junit-platform.properties}; see {@link ParameterOrigins}).
     */
    public static Reading checkLaunch(ConfigurationParameters parameters, Function<String, String> environment,
                                      Function<EngineConfig, List<String>> requirements) {
        return check(new ParameterReader(parameters, environment, ParameterOrigins.ofLaunch(parameters)), environment,
                requirements);
    }

    private static Reading check(ParameterReader r, Function<String, String> environment,
                                 Function<EngineConfig, List<String>> requirements) {
        Secrets secrets = secrets(r);
        ExecutionSettings execution = execution(r);
        r.parallelSettings(execution.maxConcurrency());
        EngineConfig config = new EngineConfig(backend(r, secrets), http(r), retry(r, execution.maxConcurrency()), polling(r), execution, governance(r),
                // A secret pasted into another setting is kept masked: listeners, a split run's part and results print these.
                reports(r), audit(r), webhook(r), secrets, secrets.mask(r.cognigyParameters()), approval(r), run(r),
                RecordReplaySettings.defaults());
        // The webhook URL's query values are masked as the secrets are (a QA platform may take its token there), by every
        // copy of the secrets the run hands on — its backends' included — and in the parameters kept for listeners.
        secrets = secrets.withWebhookUrl(config.webhook().url());
        config = config.withSecrets(secrets).withParameters(secrets.mask(r.cognigyParameters()));
        // Used by discovery (see maxFileSize), checked here with everything else.
        r.integer(DISCOVERY_MAX_FILE_SIZE, DEFAULT_MAX_FILE_SIZE, 1, Integer.MAX_VALUE);
        r.choice(NAMING_STRATEGY, NAMING_STRATEGIES, NamingStrategy.SHORT.id());
        // Used by discovery (see PlaybooksSettings.generated), checked here with everything else.
        r.choice(Constants.PLAYBOOKS_MODE, PLAYBOOKS_MODES, "existing");
        // Read here once, for the replay layer (ReplaySettings), the approval files and IneffectiveSettings alike, which
        // take them from the configuration rather than read the keys again; checked here with everything else: one
        // message lists every problem, and a bad value is found whatever the backend.
        config = config.withReplay(replay(r));
        ReplayMode replay = config.replayMode();
        // Where the run writes: a file where a folder is meant (or the reverse) would fail only once the tests have run.
        r.folder(REPORT_DIR);
        r.folder(APPROVE_DIR);
        r.folder(WEBHOOK_OUTBOX_DIR);
        if (replay != ReplayMode.OFF) r.folder(REPLAY_DIR);
        r.file(AUDIT_FILE);
        // Read by the NLU backends (NluSettings), checked here with everything else.
        r.bool(Constants.NLU_TRAIN_FIRST, false);
        if (secrets.previousWebhookUrl().isPresent() && config.webhook().url().isEmpty()) {
            r.problem("the environment variable " + WEBHOOK_PREVIOUS_URL_ENV + " is set but no webhook URL (" + WEBHOOK_URL + " or the"
                    + " environment variable " + WEBHOOK_URL_ENV + "): what was spooled for the previous URL is delivered to the"
                    + " current one; set it too, or unset " + WEBHOOK_PREVIOUS_URL_ENV);
        }
        if (config.webhook().url().isPresent()) {
            if (secrets.webhookSecret().isEmpty()) {
                // A part of a split run sends nothing (the merge sends the run's payload), so it needs no secret: the
                // fewer jobs hold it, the better.
                if (!config.deferred()) {
                    String url = r.string(WEBHOOK_URL).isPresent() ? WEBHOOK_URL : "the environment variable " + WEBHOOK_URL_ENV;
                    r.problem(url + " is set but the environment variable " + WEBHOOK_SECRET_ENV
                            + " is not: payloads are always signed (whsec_<base64>)");
                }
            } else {
                try {
                    WebhookKeys.decode(secrets.webhookSecret().get().reveal());
                } catch (IllegalArgumentException e) {
                    r.problem(e.getMessage());
                }
            }
        }
        r.rejectUnknownKeys();
        boolean backendNamed = r.string(BACKEND).map(name -> BackendChoice.named(name).isPresent()).orElse(true);
        boolean backendAsked = backendNamed && !replay.replaysRecordings();
        List<String> lacking = backendAsked ? requirements.apply(config) : List.of();
        Optional<String> endpointMeant = lacking.isEmpty() ? Optional.empty() : endpointMeant(r, config);
        // What the simulation API lacks is not what a run given only a REST Endpoint's URL lacks: the backend is.
        endpointMeant.ifPresentOrElse(r::problem, () -> lacking.forEach(r::problem));
        backendAsked &= endpointMeant.isEmpty();
        // A refusal repeats the value given: a secret given to the wrong setting is still one.
        return new Reading(config, r.problems().stream().map(secrets::mask).toList(), backendAsked, r.refused());
    }

    /**
     * The problem of a run whose backend lacks settings and that was given the REST Endpoint's URL
     * ({@code COGNIGY_ENDPOINT_URL}) and nothing else of a backend:
     * no {@code cognigy.backend}, no sandbox bot and none of the simulation API's settings. Its backend is then the
     * default, {@code simulation}, which does not read that URL, and what the simulation API lacks (its base URL, client
     * id and secret) is not what the user, who set a tenant's endpoint URL, has to fix.
     */
    private static Optional<String> endpointMeant(ParameterReader r, EngineConfig config) {
        BackendSettings.SimulationApi api = config.backend().simulationApi();
        boolean nothingElse = r.string(BACKEND).isEmpty() && config.backend().choice() == BackendChoice.SIMULATION
                && api.baseUrl().isEmpty() && api.clientId().isEmpty() && config.secrets().clientSecret().isEmpty();
        if (!nothingElse || config.secrets().endpointUrl().isEmpty()) return Optional.empty();
        return Optional.of("the environment variable " + ENDPOINT_URL_ENV + " is set, but " + BACKEND + " is not: without "
                + SANDBOX_BOT + " the backend is simulation (the simulation API of " + BASE_URL + "), which does not read it."
                + " To test through the REST Endpoint, set " + BACKEND + "=endpoint (in junit-platform.properties, or -D"
                + BACKEND + "=endpoint)");
    }

    /**
     * A configuration as read, and its problems in the order found: a configuration with problems is never run.
     *
     * @param config       what was read, a refused value replaced by its default
     * @param problems     every problem, one a line of the run's message; empty when the configuration is valid
     * @param backendAsked whether what the backend lacks was asked and is among the problems: not when the backend named
     *                     is refused, nor when a replayed run opens it only if a test must go live, nor when a run
     *                     given only {@code COGNIGY_ENDPOINT_URL} is told to set {@code cognigy.backend} instead
     * @param refused      the keys whose value is among the problems, read as its default (a URL: as given): what a
     *                     comparison of two configurations' values must not take for the default
     */
    public record Reading(EngineConfig config, List<String> problems, boolean backendAsked, Set<String> refused) {

        public Reading {
            problems = List.copyOf(problems);
            refused = Set.copyOf(refused);
        }

        /** The configuration; throws one {@link ConfigurationException} listing every problem. */
        public EngineConfig orThrow() {
            if (!problems.isEmpty()) throw ConfigurationException.misconfigured(problems);
            return config;
        }
    }

    /**
     * Only what discovery needs, with the same rules, but lenient: a refused value falls back to the
     * default instead of failing, since discovery must not fail on configuration; the run reports it
     * once, with everything else, when it reads the configuration.
     */
    public static long maxFileSize(ConfigurationParameters parameters) {
        return new ParameterReader(parameters, name -> null).integer(DISCOVERY_MAX_FILE_SIZE, DEFAULT_MAX_FILE_SIZE, 1,
                Integer.MAX_VALUE);
    }

    /**
     * How discovery checks files without a {@code mode:} and classes without {@code mode = Mode.NLU}: as
     * {@code mode: nlu} under {@code cognigy.backend=nlu}, which scores every test, else as flow tests. Read leniently,
     * like {@link #maxFileSize}.
     */
    public static dev.botsim.cognigy.annotations.Mode defaultMode(ConfigurationParameters parameters) {
        boolean nlu = parameters.get(BACKEND).map(v -> v.trim().equalsIgnoreCase(BackendChoice.NLU.id())).orElse(false);
        return nlu ? dev.botsim.cognigy.annotations.Mode.NLU : dev.botsim.cognigy.annotations.Mode.FLOW;
    }

    /**
     * {@code cognigy.replay} of settings as written, where no run's configuration was read (a split run's part, read by
     * {@code merge}): by the rule {@link #check} reads it with, so a value that is none of {@link #REPLAY_MODES} is refused
     * in the same words, with the one likely meant. A run reads it once, as {@link #replayMode()}.
     */
    public static ReplayMode replayModeAsWritten(ConfigurationParameters parameters) {
        return ReplayMode.of(ParameterReader.choiceAlone(parameters, REPLAY, REPLAY_MODES, ReplayMode.OFF.id()));
    }

    /**
     * {@code cognigy.replay}, its folder and what it redacts of settings as written, like {@link #replayModeAsWritten}: by
     * the rule {@link #check} reads them with. A run reads them once, as {@link #replay()}.
     */
    public static RecordReplaySettings replayAsWritten(ConfigurationParameters parameters) {
        return ParameterReader.readAlone(parameters, EngineConfig::replay);
    }

    /**
     * The record-and-replay keys. The folder is checked apart ({@code r.folder}), only when the mode uses it: a path the
     * file system refuses is refused there, and read here as the default.
     */
    private static RecordReplaySettings replay(ParameterReader r) {
        RecordReplaySettings defaults = RecordReplaySettings.defaults();
        ReplayMode mode = ReplayMode.of(r.choice(Constants.REPLAY, REPLAY_MODES, defaults.mode().id()));
        Path dir = r.string(REPLAY_DIR).flatMap(EngineConfig::path).orElse(defaults.dir());
        return new RecordReplaySettings(mode, dir, r.string(REPLAY_REDACT).map(EngineConfig::list).orElse(defaults.redact()));
    }

    /**
     * The path {@code written} names, empty where the file system can name none (a NUL; on Windows also one of
     * {@code <>:"|?*}): the path settings' own check ({@code r.folder}, {@code r.file}) refuses such a value in the one
     * message, and the setting is read as its default meanwhile, never thrown out of the reading.
     */
    private static Optional<Path> path(String written) {
        try {
            return Optional.of(Path.of(written));
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code cognigy.governance.require-live} of settings as written, like {@link #replayModeAsWritten}. A run reads it
     * once, as {@code governance().requireLive()}.
     */
    public static boolean requireLive(ConfigurationParameters parameters) {
        return ParameterReader.boolAlone(parameters, GOVERNANCE_REQUIRE_LIVE, false);
    }

    /** {@code cognigy.nlu.train-first} as the NLU backends read it, like {@link #replayModeAsWritten}: a blank value is unset. */
    public static boolean trainFirst(ConfigurationParameters parameters) {
        return ParameterReader.boolAlone(parameters, NLU_TRAIN_FIRST, false);
    }

    /** How discovery names tests; read leniently, like {@link #maxFileSize}. */
    public static NamingStrategy namingStrategy(ConfigurationParameters parameters) {
        String id = new ParameterReader(parameters, name -> null).choice(NAMING_STRATEGY, NAMING_STRATEGIES,
                NamingStrategy.SHORT.id());
        return NamingStrategy.valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    private static Secrets secrets(ParameterReader r) {
        r.refuseSecretParameter(ENDPOINT_URL, ENDPOINT_URL_ENV, "the REST Endpoint URL carries its URL token");
        Optional<String> shardKey = r.env(SHARD_KEY_ENV);
        shardKey.map(Secret::of).flatMap(ShardKey::problem).ifPresent(r::problem);
        Secrets secrets = Secrets.none()
                // Looked up when a test names its locale: the environment cannot be listed.
                .withLocaleEndpointUrls(locale -> r.env(Secrets.endpointUrlVariable(locale)).map(Secret::of))
                .withLocaleSocketUrls(locale -> r.env(Secrets.socketUrlVariable(locale)).map(Secret::of));
        secrets = given(secrets, r.env(CLIENT_SECRET_ENV), Secrets::withClientSecret);
        secrets = given(secrets, r.env(ENDPOINT_URL_ENV), Secrets::withEndpointUrl);
        secrets = given(secrets, r.env(MANAGEMENT_API_KEY_ENV), Secrets::withManagementApiKey);
        secrets = given(secrets, r.env(WEBHOOK_SECRET_ENV), Secrets::withWebhookSecret);
        secrets = given(secrets, shardKey, Secrets::withShardKey);
        secrets = given(secrets, r.env(SOCKET_URL_ENV), Secrets::withSocketUrl);
        // Read by the transport where a proxy asks for credentials; masked as any secret from here on.
        secrets = given(secrets, r.env(PROXY_PASSWORD_ENV), Secrets::withProxyPassword);
        Optional<String> previousWebhookUrl = r.env(WEBHOOK_PREVIOUS_URL_ENV);
        if (previousWebhookUrl.isEmpty()) return secrets;
        // Held as a secret, so its query values are masked from here on, even in the problems below, which never repeat it.
        secrets = secrets.withPreviousWebhookUrl(Secret.of(previousWebhookUrl.get()));
        HttpUrl parsed = HttpUrl.parse(previousWebhookUrl.get().trim());
        if (parsed == null) {
            r.problem("the environment variable " + WEBHOOK_PREVIOUS_URL_ENV + " is not an http(s) URL: give the whole URL payloads"
                    + " were spooled for (https://…), or unset it");
        }
        return secrets;
    }

    private static Secrets given(Secrets secrets, Optional<String> value, java.util.function.BiFunction<Secrets, Secret, Secrets> with) {
        return value.map(Secret::of).map(secret -> with.apply(secrets, secret)).orElse(secrets);
    }

    private static BackendSettings backend(ParameterReader r, Secrets secrets) {
        BackendSettings defaults = BackendSettings.defaults();
        BackendSettings.Sandbox sandbox = new BackendSettings.Sandbox(r.string(SANDBOX_BOT),
                r.duration(SANDBOX_PROCESSING_TIME, defaults.sandbox().processingTime()),
                r.bool(SANDBOX_MANAGEMENT_API, defaults.sandbox().managementApi()), r.string(SANDBOX_PLAYBOOKS));
        BackendChoice choice = r.string(BACKEND).map(name -> BackendChoice.named(name).orElseGet(() -> {
            r.refuse(BACKEND, BACKEND + "=" + name.trim().toLowerCase(java.util.Locale.ROOT) + " is not a backend; use one of "
                    + BackendChoice.written() + Suggestions.didYouMean(name, BackendChoice.written(), BackendChoice.ALIASES));
            return defaults.choice();
        })).orElse(sandbox.bot().isPresent() ? BackendChoice.SANDBOX : BackendChoice.SIMULATION);
        // With a sandbox bot and no endpoint URL, "endpoint" means the sandbox's own REST Endpoint.
        if (choice == BackendChoice.ENDPOINT && secrets.endpointUrl().isEmpty() && sandbox.bot().isPresent()) {
            choice = BackendChoice.SANDBOX_ENDPOINT;
        }
        // Likewise "socket" means the sandbox's own Socket Endpoint.
        if (choice == BackendChoice.SOCKET && secrets.socketUrl().isEmpty() && sandbox.bot().isPresent()) {
            choice = BackendChoice.SANDBOX_SOCKET;
        }
        if (sandbox.playbooks().isPresent() && (choice != BackendChoice.PLAYBOOKS || sandbox.bot().isEmpty())) {
            r.problem(SANDBOX_PLAYBOOKS, SANDBOX_PLAYBOOKS + " seeds the playbooks of the embedded sandbox, which only cognigy.backend=playbooks with "
                    + SANDBOX_BOT + " runs; set both, or remove " + SANDBOX_PLAYBOOKS);
        }
        BackendSettings.SimulationApi api = new BackendSettings.SimulationApi(
                cognigyHost(r, BASE_URL, r.url(BASE_URL, "https://cognigy.example.com", true), CognigyHosts::baseUrlProblem)
                        .map(EngineConfig::stripTrailingSlash),
                r.string(CLIENT_ID).or(() -> r.env(CLIENT_ID_ENV)), r.string(OAUTH_SCOPE).orElse(defaults.simulationApi().scope()));
        BackendSettings.EndpointData data = defaults.endpointData();
        BackendSettings.EndpointData endpointData = new BackendSettings.EndpointData(
                r.pointer(ENDPOINT_DATA_INTENT, data.intent()), r.pointer(ENDPOINT_DATA_INTENT_SCORE, data.intentScore()),
                r.pointer(ENDPOINT_DATA_FLOW, data.flow()), r.pointer(ENDPOINT_DATA_SLOTS, data.slots()),
                r.pointer(ENDPOINT_DATA_ERROR_CODE, data.errorCode()), r.pointer(ENDPOINT_DATA_ERROR_MESSAGE, data.errorMessage()),
                r.pointer(ENDPOINT_DATA_INTENT_FLOW, data.intentFlow()),
                r.choice(ENDPOINT_CODE_NODE, java.util.List.of("shared", "per-flow"), "shared").equals("per-flow"));
        BackendSettings.Management read = new BackendSettings.Management(
                cognigyHost(r, MANAGEMENT_URL, r.url(MANAGEMENT_URL, "https://api-trial.cognigy.ai", true),
                        CognigyHosts::managementUrlProblem).map(EngineConfig::stripTrailingSlash),
                r.string(MANAGEMENT_PROJECT_ID)).withUnlistedSlots(unlistedSlots(r));
        BackendSettings.Management management = r.string(EXPECTED_SNAPSHOT).map(read::withExpectedSnapshot).orElse(read);
        OptionalInt maxMessagesPerHour = r.string(ENDPOINT_MAX_MESSAGES_PER_HOUR).isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(r.integer(ENDPOINT_MAX_MESSAGES_PER_HOUR, 0, 0, 1_000_000));
        BackendSettings.Socket socket = new BackendSettings.Socket(r.positiveDuration(SOCKET_TURN_TIMEOUT,
                defaults.socket().turnTimeout(), "it is how long a turn may take until the Socket Endpoint's finalPing, and at 0"
                        + " every turn would time out as it is sent"), r.bool(SOCKET_TEST_MODE, defaults.socket().testMode()));
        return new BackendSettings(choice, api, endpointData, management, sandbox,
                new BackendSettings.Endpoint(maxMessagesPerHour), socket);
    }

    /**
     * {@code url}, the value of the URL setting {@code key}, refused when it names a host of Cognigy's that does not serve
     * what the setting is for ({@link CognigyHosts}): a URL already refused is not judged again.
     */
    private static Optional<String> cognigyHost(ParameterReader r, String key, Optional<String> url,
                                                Function<String, Optional<String>> problem) {
        if (url.isPresent() && !r.refused().contains(key)) {
            problem.apply(url.get()).ifPresent(why -> r.refuse(key, key + "=" + ShownUrl.of(url.get().trim()) + " " + why));
        }
        return url;
    }

    /**
     * The slot names of {@code cognigy.management.unlisted-slots}, each once, in their order. A blank name (two commas in
     * a row, one at either end) is refused rather than skipped: a name was more likely lost there than none meant.
     */
    private static List<String> unlistedSlots(ParameterReader r) {
        Optional<String> written = r.string(MANAGEMENT_UNLISTED_SLOTS);
        if (written.isEmpty()) return List.of();
        List<String> names = Arrays.stream(written.get().split(",", -1)).map(String::trim).toList();
        if (names.contains("")) {
            r.refuse(MANAGEMENT_UNLISTED_SLOTS, MANAGEMENT_UNLISTED_SLOTS + "=" + written.get() + " holds a blank slot name;"
                    + " write the slots the bot's flows fill that the management API does not list, comma-separated, as"
                    + " Cognigy names them (e.g. order_id,customer_tier)");
            return List.of();
        }
        return names.stream().distinct().toList();
    }

    private static ExecutionSettings execution(ParameterReader r) {
        ExecutionSettings defaults = ExecutionSettings.defaults();
        String defaultUser = r.string(DEFAULT_USER).orElse(defaults.defaultUser());
        if (!USER_ID.matcher(defaultUser).matches()) {
            r.refuse(DEFAULT_USER, DEFAULT_USER + "=" + defaultUser + " does not match ^usr_[a-zA-Z0-9]+$");
        }
        return new ExecutionSettings(r.integer(MAX_CONCURRENCY, defaults.maxConcurrency(), 1, 10_000),
                r.bool(PARALLEL_ENABLED, defaults.parallel()), defaultUser,
                r.string(DEFAULT_PLATFORM).orElse(defaults.defaultPlatform()),
                r.string(FLOWS).map(EngineConfig::list).orElse(defaults.extraFlows()),
                UserScope.named(r.choice(USER_SCOPE, USER_SCOPES, defaults.userScope().id())).orElseThrow(),
                r.integer(Constants.REPEAT, defaults.repeat(), 1, Constants.MAX_REPEAT), passRatio(r, defaults.passRatio()));
    }

    /** From 0 to 1, but not 0: at 0 a repeated test none of whose runs passed (BROKEN) would pass. */
    private static double passRatio(ParameterReader r, double fallback) {
        double ratio = r.decimal(Constants.REPEAT_PASS_RATIO, fallback, 0, 1);
        if (ratio > 0) return ratio;
        r.refuse(Constants.REPEAT_PASS_RATIO, Constants.REPEAT_PASS_RATIO + "=" + r.string(Constants.REPEAT_PASS_RATIO).orElse("0") + " would pass a"
                + " repeated test none of whose runs passed: give the share of runs that must pass, above 0 (0.95 means 95 %)");
        return fallback;
    }

    private static HttpSettings http(ParameterReader r) {
        HttpSettings defaults = HttpSettings.defaults();
        return new HttpSettings(r.duration(HTTP_CONNECT_TIMEOUT, defaults.connect()), r.duration(HTTP_READ_TIMEOUT, defaults.read()),
                r.duration(HTTP_CALL_TIMEOUT, defaults.call()), r.bool(HTTP_TRACE, false) ? HttpTrace.ASKED : HttpTrace.OFF);
    }

    /** The outage breaker opens by default after one more failure than requests may be in flight at once. */
    private static RetrySettings retry(ParameterReader r, int maxConcurrency) {
        RetrySettings defaults = RetrySettings.defaults();
        int outageAfter = (int) Math.min(Integer.MAX_VALUE, maxConcurrency + 1L);
        return new RetrySettings(r.integer(RETRY_MAX_ATTEMPTS, defaults.maxAttempts(), 1, 100),
                r.duration(RETRY_LONGEST_WAIT, defaults.longestWait()),
                r.duration(RETRY_RATE_LIMIT_TIMEOUT, defaults.rateLimitTimeout()),
                r.integer(RETRY_OUTAGE_AFTER, outageAfter, 1, Integer.MAX_VALUE, v -> RETRY_OUTAGE_AFTER + "=" + v + " must be a whole"
                        + " number from 1 to " + Integer.MAX_VALUE + ": the requests in a row that failed after their retries"
                        + " before the environment is taken for down"),
                r.positiveDuration(RETRY_OUTAGE_PROBE, defaults.outageProbe(), "it is how often one request is sent to see"
                        + " whether an environment taken for down is back, and how long requests must have failed before it is"));
    }

    private static PollingSettings polling(ParameterReader r) {
        PollingSettings defaults = PollingSettings.defaults();
        return new PollingSettings(r.positiveDuration(POLL_TIMEOUT, defaults.timeout(), "it is how long one simulation may take,"
                        + " and at 0 every simulation times out at its first status poll"),
                r.duration(POLL_INITIAL_DELAY, defaults.initialDelay()), r.positiveDuration(POLL_MAX_INTERVAL, defaults.maxInterval(),
                        "it is the longest wait between two status polls of a simulation, and at 0 the status is polled without pause"));
    }

    private static GovernanceSettings governance(ParameterReader r) {
        GovernanceSettings defaults = GovernanceSettings.defaults();
        return new GovernanceSettings(r.decimal(GOVERNANCE_THRESHOLD, defaults.threshold(), 0, 1),
                r.choice(GOVERNANCE_MODE, List.of("strict", "tolerant"), "strict").equals("tolerant"),
                r.string(COVERAGE_MINIMUM).map(v -> r.decimal(COVERAGE_MINIMUM, 0, 0, 1)),
                // Read here once, for the run's verdict and the replay layer (ReplaySettings) alike.
                r.bool(GOVERNANCE_REQUIRE_LIVE, defaults.requireLive()),
                r.bool(GOVERNANCE_PER_LOCALE, defaults.perLocale()));
    }

    private static ReportSettings reports(ParameterReader r) {
        ReportSettings defaults = ReportSettings.defaults();
        return new ReportSettings(r.string(REPORT_DIR).flatMap(EngineConfig::path).orElse(defaults.dir()),
                r.duration(PROGRESS_INTERVAL, defaults.progressInterval()),
                r.decimal(NLU_MARGIN, defaults.fragileMargin(), 0, 1, v -> NLU_MARGIN + "=" + v + " must be a difference"
                        + " between two intent scores, from 0 to 1: e.g. " + NLU_MARGIN + "=0.1 reports an utterance as fragile"
                        + " when its best intent leads the runner-up by less than 0.1 (0.77 against 0.70)"),
                r.bool(FULL_STACK_TRACES, defaults.fullStackTraces()),
                ReportSettings.CiReport.of(r.choice(REPORT_GITHUB_ACTIONS, ReportSettings.CiReport.ids(),
                        defaults.githubActions().id())),
                ReportSettings.CiReport.of(r.choice(REPORT_AZURE_PIPELINES, ReportSettings.CiReport.ids(),
                        defaults.azurePipelines().id())));
    }

    /**
     * The run id from the parameter, else from the environment ({@link EnvironmentRunId}). A shard without one cannot
     * be merged safely.
     */
    private static RunSettings run(ParameterReader r) {
        Optional<String> id = r.string(RUN_ID).or(() -> EnvironmentRunId.of(name -> r.env(name).orElse(null)).map(EnvironmentRunId::id));
        boolean invalid = id.isPresent() && !EnvironmentRunId.FORM.matcher(id.get()).matches();
        if (invalid) {
            r.refuse(RUN_ID, RUN_ID + "=" + id.get() + " must be 1 to 100 letters, digits, '.', '_' or '-', other than . and .. (it names a folder and the webhook id)");
            id = Optional.empty();
        }
        Optional<Shard> shard = r.string(SHARD).flatMap(text -> {
            Optional<Shard> parsed = Shard.parse(text);
            if (parsed.isEmpty()) r.refuse(SHARD, SHARD + "=" + text + " must be <i>/<n> with 1 <= i <= n, e.g. 1/4");
            return parsed;
        });
        boolean defer = r.bool(RUN_DEFER, false);
        if ((shard.isPresent() || defer) && id.isEmpty() && !invalid) {
            r.problem((shard.isPresent() ? SHARD : RUN_DEFER) + " needs a run id that every part shares, for merge to put them"
                    + " together: set " + RUN_ID + " or " + RUN_ID_ENV + " (on GitHub Actions, GitLab CI, Azure Pipelines and"
                    + " Jenkins it defaults to the run's, pipeline's or build's id)");
        }
        return new RunSettings(id, shard, defer);
    }

    private static AuditSettings audit(ParameterReader r) {
        return new AuditSettings(r.string(AUDIT_FILE).flatMap(EngineConfig::path));
    }

    private static ApprovalSettings approval(ParameterReader r) {
        ApprovalSettings defaults = ApprovalSettings.defaults();
        return new ApprovalSettings(r.bool(APPROVE, defaults.approve()), r.string(APPROVE_DIR).flatMap(EngineConfig::path).orElse(defaults.dir()),
                ContinuousIntegration.detected(r::env));
    }

    private static WebhookSettings webhook(ParameterReader r) {
        WebhookSettings defaults = WebhookSettings.defaults();
        return new WebhookSettings(r.urlOrEnv(WEBHOOK_URL, WEBHOOK_URL_ENV, "https://qa.example.com/hooks/cognigy"), r.string(WEBHOOK_PROJECT_ID),
                r.string(WEBHOOK_OUTBOX_DIR).flatMap(EngineConfig::path).orElse(defaults.outbox()),
                r.duration(WEBHOOK_TIMEOUT, defaults.timeout()), r.integer(WEBHOOK_MAX_ATTEMPTS, defaults.maxAttempts(), 1, 100),
                r.duration(WEBHOOK_BUDGET, defaults.budget()));
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String stripTrailingSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    public EngineConfig withBackend(BackendSettings backend) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    /** The same with other {@code cognigy.http.*} settings: the run's trace, once it started. */
    public EngineConfig withHttp(HttpSettings http) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    EngineConfig withRetry(RetrySettings retry) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    EngineConfig withPolling(PollingSettings polling) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    EngineConfig withExecution(ExecutionSettings execution) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    public EngineConfig withGovernance(GovernanceSettings governance) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    EngineConfig withReports(ReportSettings reports) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    EngineConfig withAudit(AuditSettings audit) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    public EngineConfig withWebhook(WebhookSettings webhook) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    public EngineConfig withSecrets(Secrets secrets) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    EngineConfig withParameters(Map<String, String> parameters) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    public EngineConfig withReplay(RecordReplaySettings replay) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters, approval, run, replay);
    }

    /** The same with {@code cognigy.replay} as {@code mode}, its folder and what it redacts unchanged. */
    public EngineConfig withReplayMode(ReplayMode mode) {
        return withReplay(replay.withMode(mode));
    }

    public EngineConfig withApproval(ApprovalSettings approval, RunSettings run) {
        return new EngineConfig(backend, http, retry, polling, execution, governance, reports, audit, webhook, secrets, parameters,
                approval, run, replay);
    }

    // Shortcuts for the run, its reporters and its end, which read one value each.

    /**
     * {@code cognigy.replay} as read once, with the rest of the configuration: the replay layer and the warnings of
     * settings it leaves without effect take it from here, never from the raw parameters.
     */
    public ReplayMode replayMode() {
        return replay.mode();
    }

    public int maxConcurrency() {
        return execution.maxConcurrency();
    }

    public String defaultUser() {
        return execution.defaultUser();
    }

    public String defaultPlatform() {
        return execution.defaultPlatform();
    }

    /** How many times a test runs when it says nothing itself ({@code cognigy.repeat}). */
    public int repeat() {
        return execution.repeat();
    }

    /** The share of a repeated test's runs that must pass ({@code cognigy.repeat.pass-ratio}). */
    public double repeatPassRatio() {
        return execution.passRatio();
    }

    public UserScope userScope() {
        return execution.userScope();
    }

    public List<String> extraFlows() {
        return execution.extraFlows();
    }

    public double governanceThreshold() {
        return governance.threshold();
    }

    public boolean tolerant() {
        return governance.tolerant();
    }

    public Optional<Double> coverageMinimum() {
        return governance.coverageMinimum();
    }

    public Path reportDir() {
        return reports.dir();
    }

    /** Lead of the best intent below which an utterance is reported fragile ({@code cognigy.nlu.margin}). */
    public double fragileMargin() {
        return reports.fragileMargin();
    }

    public Duration progressInterval() {
        return reports.progressInterval();
    }

    /** Whether failed tests keep their stack traces as thrown ({@code cognigy.report.full-stack-traces}). */
    public boolean fullStackTraces() {
        return reports.fullStackTraces();
    }

    /** Whether this JVM runs one part of a split run, leaving its verdict, audit record and webhook to {@code merge}. */
    public boolean deferred() {
        return run.deferred();
    }

    public Optional<Path> auditFile() {
        return audit.file();
    }

    Optional<String> webhookUrl() {
        return webhook.url();
    }
}
