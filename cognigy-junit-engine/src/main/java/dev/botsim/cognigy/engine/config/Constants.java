package dev.botsim.cognigy.engine.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * Every configuration key of the {@code cognigy} engine. Keys are read from
 * {@code junit-platform.properties}, {@code -D} system properties or Surefire's
 * {@code configurationParameters}; secrets are read from environment variables only.
 *
 * <p>Durations accept ISO-8601 ({@code PT30S}) or a number with a unit: {@code 250ms}, {@code 30s},
 * {@code 2m}, {@code 1h}.
 */
@API(status = MAINTAINED, since = "0.1")
public final class Constants {

    /** The engine id: {@value}. */
    public static final String ENGINE_ID = "cognigy";

    /** Prefix of every configuration key: {@value}. */
    public static final String PREFIX = "cognigy.";

    /**
     * Which Cognigy environment to talk to: {@code simulation} (the simulation API at
     * {@link #BASE_URL}), {@code sandbox} (an in-process sandbox started from {@link #SANDBOX_BOT}),
     * {@code endpoint} (a Cognigy REST Endpoint, {@link #ENDPOINT_URL_ENV}), {@code socket} (a Cognigy Socket Endpoint,
     * the one Webchat talks to, {@link #SOCKET_URL_ENV}), {@code playbooks} (the project's
     * Cognigy Playbooks) or {@code nlu} (Cognigy's NLU scores, intents only). Default: {@code sandbox} when
     * {@link #SANDBOX_BOT} is set, else {@code simulation}.
     */
    public static final String BACKEND = "cognigy.backend";

    /** Base URL of the simulation API, e.g. {@code https://cognigy.example.com}. Required for {@code simulation}. */
    public static final String BASE_URL = "cognigy.base-url";

    /** OAuth2 client id; the environment variable {@link #CLIENT_ID_ENV} is used when not set. */
    public static final String CLIENT_ID = "cognigy.client-id";

    /** Environment variable with the OAuth2 client id: {@value}. */
    public static final String CLIENT_ID_ENV = "COGNIGY_CLIENT_ID";

    /** Environment variable with the OAuth2 client secret: {@value}. Never read from files or properties. */
    public static final String CLIENT_SECRET_ENV = "COGNIGY_CLIENT_SECRET";

    /** OAuth2 scope requested. Default: {@value #DEFAULT_SCOPE}. */
    public static final String OAUTH_SCOPE = "cognigy.oauth.scope";

    public static final String DEFAULT_SCOPE = "bot:read simulation:execute bot:write";

    /**
     * Refused: the REST Endpoint URL carries its URL token, a secret, and configuration parameters are
     * written into reports (Surefire's {@code TEST-*.xml}) and committed files. Setting it fails the run,
     * naming {@link #ENDPOINT_URL_ENV}; the key stays known so the refusal says why.
     */
    public static final String ENDPOINT_URL = "cognigy.endpoint.url";

    /**
     * Environment variable with the REST Endpoint URL including its URL token (a secret: never printed
     * whole): {@value}. Backend {@code endpoint}.
     */
    public static final String ENDPOINT_URL_ENV = "COGNIGY_ENDPOINT_URL";

    /**
     * Prefix of the JSON pointers, into an output's {@code data}, where a flow reports what the REST
     * Endpoint does not return: {@code intent} (default {@code /intent}), {@code intent-score}
     * ({@code /intentScore}), {@code flow} ({@code /flowName}), {@code slots} ({@code /slots}),
     * {@code error-code} ({@code /error/code}), {@code error-message} ({@code /error/message}), {@code intent-flow}
     * ({@code /intentFlow}, the reference id of the flow the intent was found in).
     * The defaults match the Code node in docs/real-cognigy.md.
     */
    public static final String ENDPOINT_DATA_PREFIX = "cognigy.endpoint.data.";

    public static final String ENDPOINT_DATA_INTENT = "cognigy.endpoint.data.intent";
    public static final String ENDPOINT_DATA_INTENT_SCORE = "cognigy.endpoint.data.intent-score";
    public static final String ENDPOINT_DATA_FLOW = "cognigy.endpoint.data.flow";
    public static final String ENDPOINT_DATA_SLOTS = "cognigy.endpoint.data.slots";
    public static final String ENDPOINT_DATA_ERROR_CODE = "cognigy.endpoint.data.error-code";
    public static final String ENDPOINT_DATA_ERROR_MESSAGE = "cognigy.endpoint.data.error-message";
    public static final String ENDPOINT_DATA_INTENT_FLOW = "cognigy.endpoint.data.intent-flow";

    /**
     * Where the Code node of docs/real-cognigy.md runs, which decides the flow a turn is reported in: {@code shared}
     * (default) once, in a flow every turn passes through, whose {@code flowName} is the same on every turn — the flow
     * the input was understood in ({@code intentFlow}), named through the management API when it is configured, stands
     * for the turn's flow; {@code per-flow} in each handling flow, whose {@code flowName} is the flow that handled the
     * turn, also on a follow-up whose text the NLU placed in another flow. {@code intentFlow}'s reference id is kept
     * for {@code next_flow} either way.
     */
    public static final String ENDPOINT_CODE_NODE = "cognigy.endpoint.code-node";

    /**
     * Most messages per hour the {@code endpoint} and {@code socket} backends send, waiting rather than exceeding it.
     * Default {@value #TEST_MODE_MESSAGES_PER_HOUR} for a test-mode URL ({@code .../test/<URLToken>}) and a socket in
     * test mode ({@link #SOCKET_TEST_MODE}), whose quota that is, and no limit otherwise; {@code 0} turns pacing off.
     */
    public static final String ENDPOINT_MAX_MESSAGES_PER_HOUR = "cognigy.endpoint.max-messages-per-hour";

    /** Messages per hour a REST Endpoint in test mode accepts; more "may be considered misuse" (Cognigy's test-mode docs). */
    public static final int TEST_MODE_MESSAGES_PER_HOUR = 600;

    /**
     * Prefix of the environment variables holding the REST Endpoint URL of one locale: the locale tag upper-cased,
     * {@code -} written {@code _} ({@code COGNIGY_ENDPOINT_URL_DE_DE} for {@code de-DE}). A test naming a locale goes
     * to its URL, else to {@link #ENDPOINT_URL_ENV}.
     */
    public static final String ENDPOINT_URL_LOCALE_ENV_PREFIX = "COGNIGY_ENDPOINT_URL_";

    /**
     * Environment variable with the Socket Endpoint URL as Cognigy shows it, the server's address followed by the URL
     * token ({@code https://endpoint-trial.cognigy.ai/<URLToken>}; a secret: never printed whole): {@value}. Backend
     * {@code socket}.
     */
    public static final String SOCKET_URL_ENV = "COGNIGY_SOCKET_URL";

    /**
     * Prefix of the environment variables holding the Socket Endpoint URL of one locale, named as
     * {@link #ENDPOINT_URL_LOCALE_ENV_PREFIX}'s are ({@code COGNIGY_SOCKET_URL_DE_DE} for {@code de-DE}). With backend
     * {@code socket}, a test naming a locale goes to its URL, else to {@link #SOCKET_URL_ENV}.
     */
    public static final String SOCKET_URL_LOCALE_ENV_PREFIX = "COGNIGY_SOCKET_URL_";

    /**
     * How long one turn through a Socket Endpoint may take, from its message to the endpoint's {@code finalPing} (the
     * flow done with the message), its outputs collected meanwhile. Default {@code 30s}, as long as a REST Endpoint turn
     * may wait for its answer ({@link #HTTP_READ_TIMEOUT}) and a simulation may take ({@link #POLL_TIMEOUT}). Backend
     * {@code socket}.
     */
    public static final String SOCKET_TURN_TIMEOUT = "cognigy.socket.turn-timeout";

    /**
     * Whether the {@code socket} backend connects in Cognigy's test mode ({@code testMode=true} on the connection): its
     * messages are not billed, and Cognigy allows up to {@value #TEST_MODE_MESSAGES_PER_HOUR} an hour, to which they are
     * paced ({@link #ENDPOINT_MAX_MESSAGES_PER_HOUR} changes it). Default
     * {@code false}, as Cognigy's socket client.
     */
    public static final String SOCKET_TEST_MODE = "cognigy.socket.test-mode";

    /**
     * Base URL of the Cognigy management API ({@code https://api-trial.cognigy.ai}, {@code https://api-app.cognigy.ai},
     * a dedicated or on-premises host). With {@link #MANAGEMENT_PROJECT_ID} and {@link #MANAGEMENT_API_KEY_ENV}, the
     * {@code endpoint} backend reads the project's flows, intents and lexicon slots to check expectations before
     * running and to give coverage its denominators. Optional.
     */
    public static final String MANAGEMENT_URL = "cognigy.management.url";

    /** Id of the Cognigy project whose schema is read through {@link #MANAGEMENT_URL}. */
    public static final String MANAGEMENT_PROJECT_ID = "cognigy.management.project-id";

    /**
     * Slots the bot's flows fill that the management API cannot list, comma-separated, case-sensitive as Cognigy names
     * slots ({@code order_id,customer_tier}): a Regex Slot Filler node or a Code node writes {@code input.slots}, but
     * only lexicon slots, system slots and flow-wide slot fillers are listed. With the management API, an expectation
     * naming a slot none of these hold is refused before sending ({@code UNKNOWN_ENTITY}); a name here is a slot the
     * bot has. Default: none.
     */
    public static final String MANAGEMENT_UNLISTED_SLOTS = "cognigy.management.unlisted-slots";

    /** Environment variable with the management API key ({@code X-API-Key}): {@value}. */
    public static final String MANAGEMENT_API_KEY_ENV = "COGNIGY_API_KEY";

    /**
     * Environment variable with the password a proxy that asks for credentials (407) is sent, with the user of the JVM's
     * {@code https.proxyUser} ({@code http.proxyUser} for an http:// host): {@value}. The JVM's {@code https.proxyPassword}
     * is read when it is not set, but a system property is no place for it: Surefire copies every one into each
     * {@code TEST-*.xml}.
     */
    public static final String PROXY_PASSWORD_ENV = "COGNIGY_PROXY_PASSWORD";

    /**
     * The snapshot, by name or id, the REST endpoint under test must serve: the run fails before any test when the
     * endpoint serves another snapshot or the live project. Needs the management API ({@link #MANAGEMENT_URL}). Not
     * checked when unset.
     */
    public static final String EXPECTED_SNAPSHOT = "cognigy.expected-snapshot";

    /**
     * Bot definition of the in-process sandbox: {@code classpath:bots/order-bot.yaml} or a file path.
     * Setting it makes {@code sandbox} the default backend. Needs {@code cognigy-junit-sandbox} on the
     * test classpath.
     */
    public static final String SANDBOX_BOT = "cognigy.sandbox.bot";

    /**
     * Simulated processing time of the in-process sandbox: how long a simulation takes, and how long its REST Endpoint
     * holds a message's answer while the flow runs, as a tenant's HTTP Request and LLM nodes take seconds. Default
     * {@code 0ms}.
     */
    public static final String SANDBOX_PROCESSING_TIME = "cognigy.sandbox.processing-time";

    /**
     * Whether a run through the sandbox's REST Endpoint ({@code cognigy.backend=endpoint} with
     * {@code cognigy.sandbox.bot}) reads the bot from the sandbox's management API, as a run against a
     * tenant does with {@code cognigy.management.*} and {@code COGNIGY_API_KEY}. Default {@code true};
     * {@code false} runs it as against a tenant without an API key.
     */
    public static final String SANDBOX_MANAGEMENT_API = "cognigy.sandbox.management-api";

    /**
     * With {@code cognigy.backend=playbooks} and {@link #SANDBOX_BOT}: the JSON export of Cognigy Playbooks the
     * sandbox's project starts with ({@code classpath:playbooks/order-bot.playbooks.json} or a file path; format in
     * docs/sandbox.md), which the engine then lists and runs through the sandbox's management API, offline.
     * Default: none, so the project has no playbooks.
     */
    public static final String SANDBOX_PLAYBOOKS = "cognigy.sandbox.playbooks";

    /**
     * Hard cap on simulations in flight at once, across all tests. Within it the engine adapts to
     * the server: a 429 cuts the number in flight by a tenth, every completed simulation raises it
     * again by one per current limit's worth. Default {@value #DEFAULT_MAX_CONCURRENCY}.
     */
    public static final String MAX_CONCURRENCY = "cognigy.execution.max-concurrency";

    public static final int DEFAULT_MAX_CONCURRENCY = 8;

    /** Whether tests run in parallel. Default {@code true}. */
    public static final String PARALLEL_ENABLED = "cognigy.execution.parallel.enabled";

    /**
     * Prefix of the JUnit parallel-execution settings ({@code strategy}, {@code fixed.parallelism},
     * {@code executor-service}, ...). Default: the worker thread pool with a fixed parallelism of
     * {@link #MAX_CONCURRENCY}.
     */
    public static final String PARALLEL_CONFIG_PREFIX = "cognigy.execution.parallel.config.";

    /** How long one simulation may take from submission to completion. Default {@code 30s}. */
    public static final String POLL_TIMEOUT = "cognigy.poll.timeout";

    /** Delay before the first status poll. Default {@code 100ms}. */
    public static final String POLL_INITIAL_DELAY = "cognigy.poll.initial-delay";

    /** Longest interval between status polls; intervals grow ×1.5 up to it. Default {@code 2s}. */
    public static final String POLL_MAX_INTERVAL = "cognigy.poll.max-interval";

    /** TCP connect timeout. Default {@code 10s}. */
    public static final String HTTP_CONNECT_TIMEOUT = "cognigy.http.connect-timeout";

    /** Inactivity timeout while reading a response. Default {@code 30s}. */
    public static final String HTTP_READ_TIMEOUT = "cognigy.http.read-timeout";

    /** Limit on one whole HTTP call, body included. Default {@code 60s}. */
    public static final String HTTP_CALL_TIMEOUT = "cognigy.http.call-timeout";

    /**
     * Whether the run writes every HTTP exchange of its clients — the simulation API (its OAuth2 token requests too), a
     * REST Endpoint and the management API — to {@code http-trace.jsonl} in the report folder, one JSON object a line:
     * when, which client, method, URL, headers and bodies of request and answer, status, duration, attempt, or the failure
     * when none answered. Secrets are written as {@code ****}, what {@link #REPLAY_REDACT} names as {@code <redacted>},
     * bodies cut after 64 KiB; user utterances and bot answers stay (docs/reports.md). A trace that cannot be written is
     * one warning, and the run goes on. Default {@code false}: no file, nothing added to any request.
     */
    public static final String HTTP_TRACE = "cognigy.http.trace";

    /**
     * Attempts of one request facing transient failures: connection errors, timeouts, resets and
     * 5xx answers. Status polls are always safe to repeat; a submission is repeated only with its
     * idempotency key, and a REST Endpoint message only while none of its attempts left this machine (a
     * connection refused or not made in time, a host that does not resolve, a failed TLS handshake): a
     * conversational turn the flow may have seen is never sent twice. 429s are not counted here (see
     * {@link #RETRY_RATE_LIMIT_TIMEOUT}). Default {@code 4}.
     */
    public static final String RETRY_MAX_ATTEMPTS = "cognigy.retry.max-attempts";

    /**
     * Longest single {@code Retry-After} (seconds or an HTTP date) a request waits. A server asking
     * for more — a day, say — ends the test at once with a message saying so, instead of stalling
     * CI. Default {@code 5m}, the window of Cognigy's shared-SaaS rate limit.
     */
    public static final String RETRY_LONGEST_WAIT = "cognigy.retry.longest-wait";

    /**
     * How long one request keeps being repeated while the server answers 429, counting the waits.
     * A 429 means the request was refused, not processed, so repeating it is safe and costs no
     * attempt; a test never fails for a 429 the server clears within this time. Default {@code 15m}.
     */
    public static final String RETRY_RATE_LIMIT_TIMEOUT = "cognigy.retry.rate-limit-timeout";

    /**
     * Requests of one client in a row that failed transiently after their own retries — a 502, 503 or 504 (a gateway's error page), a
     * refused connection, no answer in time — with no successful answer between, and over at least
     * {@link #RETRY_OUTAGE_PROBE} from the first to the latest, before the environment is taken for down (a shorter burst
     * is a blip, and fails only the tests it meets): every later request fails at once, unsent, naming the first
     * failure, but one every {@link #RETRY_OUTAGE_PROBE}, which closes the breaker when it is answered. Answers that are the test's own (4xx
     * other than 408), 429s and 500s, which a live server sends, neither count nor reset. At least 1. Default: {@link #MAX_CONCURRENCY} + 1, so requests
     * sent after a whole wave of failures in flight failed too.
     */
    public static final String RETRY_OUTAGE_AFTER = "cognigy.retry.outage-after";

    /**
     * While the environment is taken for down ({@link #RETRY_OUTAGE_AFTER}), how often one request is sent to see whether
     * it is back, or later when the last failure's {@code Retry-After} asked for longer; the others fail at once. Also how
     * long requests must have been failing before it is taken for down. More than 0. Default {@code 30s}.
     */
    public static final String RETRY_OUTAGE_PROBE = "cognigy.retry.outage-probe";

    /** User id for tests that name none ({@code ^usr_[a-zA-Z0-9]+$}). Default {@value #DEFAULT_USER_ID}. */
    public static final String DEFAULT_USER = "cognigy.default-user";

    public static final String DEFAULT_USER_ID = "usr_cognigyjunit";

    /** Channel for tests that name none. Default {@code web}. */
    public static final String DEFAULT_PLATFORM = "cognigy.default-platform";

    /** Further expected flows (comma-separated) added to those of files and classes, for coverage. */
    public static final String FLOWS = "cognigy.flows";

    /** Largest data file accepted, in bytes. Default 1048576 (1 MiB). */
    public static final String DISCOVERY_MAX_FILE_SIZE = "cognigy.discovery.max-file-size";

    /** Directory of the JSON and HTML reports. Default {@code target/cognigy-reports}. */
    public static final String REPORT_DIR = "cognigy.report.dir";

    /** Pass rate a run needs to be COMPLIANT, from 0 to 1. Default {@code 0.95}. */
    public static final String GOVERNANCE_THRESHOLD = "cognigy.governance.threshold";

    /**
     * {@code strict} (default): every failing simulation fails its test. {@code tolerant}, for NLU
     * suites where some misrecognitions are expected: a simulation whose answer differs from the
     * expectation is reported as aborted with the reason (still visible), and the run fails at its
     * end only when the pass rate is below {@link #GOVERNANCE_THRESHOLD}. Misconfigurations,
     * timeouts and errors still fail their tests.
     */
    public static final String GOVERNANCE_MODE = "cognigy.governance.mode";

    /** Lowest flow coverage (0 to 1) the run must reach, else it fails at its end. Not checked when unset. */
    public static final String COVERAGE_MINIMUM = "cognigy.coverage.minimum";

    /** How often a progress line is printed on runs longer than that. Default {@code 5s}; {@code 0s} turns it off. */
    public static final String PROGRESS_INTERVAL = "cognigy.report.progress-interval";

    /**
     * {@code true} leaves a failed test's stack trace as it was thrown, the engine's own frames included, for debugging
     * the engine. Default {@code false}: a data file's test fails at one frame naming the test, its file and its line
     * ({@code at ✽.test_refund(simulations/orders.sim.yaml:9)}); a test method's trace keeps the method's own frames
     * and what they called, without the engine's. JUnit prunes its own frames unless
     * {@code junit.platform.stacktrace.pruning.enabled=false}.
     */
    public static final String FULL_STACK_TRACES = "cognigy.report.full-stack-traces";

    /**
     * The GitHub Actions job summary and annotations at the end of a run (docs/ci.md): {@code auto} writes them when
     * {@value #GITHUB_ACTIONS_ENV} is {@code true}, as GitHub sets it in every job; {@code false} never writes them;
     * {@code true} writes them wherever the run is — a job summary where {@code GITHUB_STEP_SUMMARY} names a file, an
     * annotation's file where the test's file lies below {@code GITHUB_WORKSPACE}. Default {@code auto}.
     */
    public static final String REPORT_GITHUB_ACTIONS = "cognigy.report.github-actions";

    /**
     * Environment variable GitHub Actions sets to {@code true} in every job: {@value}. Under
     * {@link #REPORT_GITHUB_ACTIONS}{@code =auto}, the run then appends its job summary to the file
     * {@code GITHUB_STEP_SUMMARY} names and prints an error annotation for each failing test.
     */
    public static final String GITHUB_ACTIONS_ENV = "GITHUB_ACTIONS";

    /**
     * The Azure Pipelines summary and issues at the end of a run (docs/ci.md): {@code auto} writes them when
     * {@value #AZURE_PIPELINES_ENV} is {@code True}, as the agent sets it in every job; {@code false} never writes them;
     * {@code true} writes them wherever the run is. The summary — the GitHub Actions job summary's Markdown — goes to a
     * file in {@code AGENT_TEMPDIRECTORY} (else beside the run's {@code index.html}) that
     * {@code ##vso[task.uploadsummary]} attaches to the run's Extensions tab; each failing test is a
     * {@code ##vso[task.logissue]} error at its file, below {@code BUILD_SOURCESDIRECTORY}, and line. Default {@code auto}.
     */
    public static final String REPORT_AZURE_PIPELINES = "cognigy.report.azure-pipelines";

    /**
     * Environment variable the Azure Pipelines agent sets to {@code True} in every job: {@value}. Under
     * {@link #REPORT_AZURE_PIPELINES}{@code =auto}, the run then uploads its summary and logs each failing test as an
     * issue; it also says the run is in CI ({@link #CI_ENV}).
     */
    public static final String AZURE_PIPELINES_ENV = "TF_BUILD";

    /**
     * The logical run this JVM reports under, when a suite is split across JVMs (CI shards, Surefire forks). Falls back
     * to {@value #RUN_ID_ENV}, then to the CI's own ids: {@code GITHUB_RUN_ID} on GitHub Actions (every attempt of a workflow run),
     * {@code CI_PIPELINE_ID} on GitLab CI, {@code BUILD_BUILDID} on Azure Pipelines (every attempt of a job; not in a classic
     * release), {@code BUILD_TAG} on Jenkins (a run of characters a run id may not hold written {@code -}, and then the
     * tag's digest added). Letters, digits, {@code . _ -}, at most 100 characters. See docs/ci.md.
     */
    public static final String RUN_ID = "cognigy.run-id";

    /** Environment variable naming the logical run when {@link #RUN_ID} is not set. */
    public static final String RUN_ID_ENV = "COGNIGY_RUN_ID";

    /**
     * {@code <i>/<n>}: run only shard {@code i} of {@code n} (from 1) — a deterministic, balanced part of the tests by a
     * stable hash of their unique ids, a data-file conversation always whole. Needs a run id ({@link #RUN_ID}); the
     * shard defers the verdict, audit record and webhook to {@code merge}. See docs/ci.md.
     */
    public static final String SHARD = "cognigy.shard";

    /**
     * {@code true}: this JVM is one part of a run split some other way (Surefire {@code forkCount>1}): it writes its
     * part under the run id and defers the verdict, audit record and webhook to {@code merge}. Needs a run id. Default
     * {@code false}.
     */
    public static final String RUN_DEFER = "cognigy.run.defer";

    /**
     * Environment variable with the key that authenticates the parts of a split run: {@value}. Set (the same value) in
     * every shard's or fork's JVM, each signs its {@code cognigy-part.json} with HMAC-SHA256 in a file beside it,
     * {@code cognigy-part.json.sig}; set for {@code merge}, it refuses any part without a valid signature — one written
     * without the key, changed after its JVM wrote it, or written with another key. At least
     * {@value ShardKey#MIN_BYTES} bytes (surrounding white space ignored): a random value such as the output of
     * {@code openssl rand -base64 32}; a shorter one is a configuration problem. Environment only, never printed. Unset,
     * parts are written unsigned and merged as trusted input. See docs/ci.md.
     */
    public static final String SHARD_KEY_ENV = "COGNIGY_SHARD_KEY";

    /** File of the tamper-evident audit trail (JSON Lines). No audit trail when not set. */
    public static final String AUDIT_FILE = "cognigy.audit.file";

    /**
     * URL of the QA platform's webhook; the environment variable {@link #WEBHOOK_URL_ENV} is used when not set. No webhook
     * when neither is. Wherever the engine keeps or shows it (a split run's part, the configuration listeners are given),
     * its user info, query and fragment are masked, so a URL with a credential there belongs in {@link #WEBHOOK_URL_ENV}.
     */
    public static final String WEBHOOK_URL = "cognigy.webhook.url";

    /**
     * Environment variable with the webhook's URL when {@link #WEBHOOK_URL} is not set: {@value}. For a receiver that takes
     * its credential in the URL ({@code https://qa.example/hook?token=...}), so CI keeps it with its secrets; never
     * written to the run's files, its value never repeated in a message. In a split run only {@code merge} needs it.
     */
    public static final String WEBHOOK_URL_ENV = "COGNIGY_WEBHOOK_URL";

    /**
     * Environment variable with the webhook URL payloads were spooled for before the receiver moved or its token was
     * rotated: {@value}. A run with it delivers what waits in the outbox for that URL to the webhook's URL ({@link
     * #WEBHOOK_URL}, {@link #WEBHOOK_URL_ENV}), as it delivers its own receiver's, each entry still checked under {@code
     * COGNIGY_WEBHOOK_SECRET}; entries for any other URL stay where they are. For a rotation whose old token is already
     * revoked, or a receiver that moved: set it for one run (or one {@code merge}), then remove it. Read from the
     * environment only, since the old URL may still hold a live token; its query values are masked as secrets.
     */
    public static final String WEBHOOK_PREVIOUS_URL_ENV = "COGNIGY_WEBHOOK_PREVIOUS_URL";

    /** Project id sent in the webhook payload. */
    public static final String WEBHOOK_PROJECT_ID = "cognigy.webhook.project-id";

    /**
     * Where payloads that could not be delivered wait for the next run. Default {@code .cognigy/outbox}
     * in the working directory: outside {@code target/}, so {@code mvn clean} does not lose them.
     */
    public static final String WEBHOOK_OUTBOX_DIR = "cognigy.webhook.outbox-dir";

    /** Limit on one delivery attempt. Default {@code 10s}. */
    public static final String WEBHOOK_TIMEOUT = "cognigy.webhook.timeout";

    /** Attempts per payload in one run. Default {@code 5}. */
    public static final String WEBHOOK_MAX_ATTEMPTS = "cognigy.webhook.max-attempts";

    /**
     * How long delivery may take, attempts and waits together: the outbox before the first test,
     * and again the run's own payload at its end. Default {@code 60s}.
     */
    public static final String WEBHOOK_BUDGET = "cognigy.webhook.budget";

    /** Environment variable with the webhook signing secret ({@code whsec_...}, a key of at least 24 bytes): {@value}. */
    public static final String WEBHOOK_SECRET_ENV = "COGNIGY_WEBHOOK_SECRET";

    /**
     * Which user a test that names none speaks as: {@code case} (default) a user per single-turn case or
     * conversation, new in every run; {@code run} one user per run; {@code fixed} {@link #DEFAULT_USER} always.
     * Cognigy keeps a contact profile per user id for 30 days, so a shared user lets tests and runs see each other's
     * profile. A user a test names itself always wins. Applies to every backend.
     */
    public static final String USER_SCOPE = "cognigy.endpoint.user-scope";

    /**
     * How tests are named: {@code short} (default), by what the test says ({@code where is my order}), as IDEs show
     * them under their file and conversation; or {@code long}, by the name that is unique in the run
     * ({@code orders.sim.yaml test_order_check: where is my order}, a turn as
     * {@code orders.sim.yaml test_order_then_human > turn 2: where is my order ORD_99}, an annotated test as
     * {@code OrderBotSimulationTest#orderStatus: Where is my order?}): a data file's test by the file's name and the
     * test id, not its line, so editing the file renames none of its tests. Whatever the strategy, every test's legacy
     * reporting name is the long one. Set {@code long} for Surefire, which names a test without a method by its
     * display name and merges tests with the same name.
     */
    public static final String NAMING_STRATEGY = "cognigy.naming-strategy";

    /**
     * With {@code cognigy.backend=playbooks}: which of the project's Cognigy Playbooks run, a glob on their names
     * ({@code Order*}, {@code *}). Default {@code *}: every playbook of {@link #MANAGEMENT_PROJECT_ID}. Ignored when
     * {@link #PLAYBOOKS_FILE} is set.
     */
    public static final String PLAYBOOKS_INCLUDE = "cognigy.playbooks.include";

    /**
     * With {@code cognigy.backend=playbooks}: a {@code playbooks.json} in the format of Cognigy's CLI,
     * {@code [{"playbookId", "entrypoint", "flowId", "localeId"}]}, naming the playbooks to run and what each runs
     * against. A path relative to the working directory.
     */
    public static final String PLAYBOOKS_FILE = "cognigy.playbooks.file";

    /**
     * With {@code cognigy.backend=playbooks}: the flow playbooks run in, by name or reference id. Default: the flow of
     * the endpoint {@link #ENDPOINT_URL_ENV} names, read through the management API.
     */
    public static final String PLAYBOOKS_FLOW = "cognigy.playbooks.flow";

    /**
     * With {@code cognigy.backend=playbooks}: the locale playbooks run in, by name ({@code en-US}) or reference id.
     * Default: the endpoint's; without an endpoint, the project's primary locale.
     */
    public static final String PLAYBOOKS_LOCALE = "cognigy.playbooks.locale";

    /**
     * With {@code cognigy.backend=playbooks}: what playbooks run against: the project id, or a snapshot by id or name,
     * resolved through the project's snapshot list. Default: the snapshot the endpoint serves, else
     * {@link #MANAGEMENT_PROJECT_ID}.
     */
    public static final String PLAYBOOKS_ENTRYPOINT = "cognigy.playbooks.entrypoint";

    /**
     * With {@code cognigy.backend=playbooks}: {@code existing} (the default) runs the project's own playbooks;
     * {@code generated} compiles the run's data files, {@code @Utterance} methods and conversations into temporary
     * playbooks named {@code cognigy-junit/<run id>/<test id>}, one per case or conversation, created before they run
     * and deleted after; each turn of a {@code @Conversation} method runs as a playbook of the turns so far; tests in
     * {@code mode: nlu} are scored by the NLU (see docs/playbooks.md, "Mode generated").
     */
    public static final String PLAYBOOKS_MODE = "cognigy.playbooks.mode";

    /**
     * The flow whose intents {@code cognigy.backend=nlu} and tests in {@code mode: nlu} score against, by name or
     * reference id. Default: the flow of the endpoint {@link #ENDPOINT_URL_ENV} names ({@link #SOCKET_URL_ENV} with
     * {@code cognigy.backend=socket}), resolved through the management API.
     */
    public static final String NLU_FLOW = "cognigy.nlu.flow";

    /**
     * The locale {@code cognigy.backend=nlu} and tests in {@code mode: nlu} score in, by language ({@code en-US}, the
     * locale's {@code nluLanguage}), name ({@code English}) or reference id. Default: the locale of the endpoint those
     * tests' flow comes from.
     */
    public static final String NLU_LOCALE = "cognigy.nlu.locale";

    /**
     * Whether {@code cognigy.backend=nlu} trains a flow whose model is out of date before the first test
     * ({@code POST flows/{id}/intents/train}, its task awaited) instead of failing the run. Default {@code false}.
     */
    public static final String NLU_TRAIN_FIRST = "cognigy.nlu.train-first";

    /**
     * An utterance whose best intent leads the runner-up by less than this (0 to 1) is reported fragile, even when
     * its test passed: the run's analysis lists it in {@code results.json}, {@code index.html} and the console
     * summary. Only backends that see the NLU's whole ranking (the {@code nlu} backend) give a margin. Default 0.1.
     */
    public static final String NLU_MARGIN = "cognigy.nlu.margin";

    /**
     * {@code true} accepts the bot's current answers of every test that has an approved answer
     * ({@code expect: approved}, {@code @Utterance(approved = true)}): the run rewrites their approval files, removing
     * the entries of tests that no longer approve, and passes those tests. Meant for a local run whose diff is then
     * reviewed in the pull request. Default {@code false}: answers are compared with the approved ones, and a test
     * without one records it (outside CI, see {@link #CI_ENV}). See docs/approved-answers.md.
     */
    public static final String APPROVE = "cognigy.approve";

    /**
     * Folder of the approval files, one per data file ({@code <resource>.approved.yaml}) or class
     * ({@code <package path>/<Class>.approved.yaml}). Default {@code src/test/cognigy/approved}, relative to the
     * working directory (the module, under Maven and Gradle).
     */
    public static final String APPROVE_DIR = "cognigy.approve.dir";

    /**
     * Environment variable that CI services set: when it is set (to anything but {@code false} or {@code 0}), a test
     * without an approved answer fails instead of recording one, so an answer is never approved without review:
     * {@value}. Where it is not set, the variables of CI servers that set none count too: {@code JENKINS_URL},
     * {@code TF_BUILD} (Azure Pipelines), {@code TEAMCITY_VERSION}, {@code CODEBUILD_BUILD_ID}, {@code bamboo_buildKey};
     * {@code CI=false} says a run is not in CI, whatever else is set.
     */
    public static final String CI_ENV = "CI";

    /**
     * Record and replay ({@code docs/replay.md}): {@code off} (the default) talks to the bot; {@code record} talks to the
     * bot and writes every exchange to a cassette per data file or class under {@link #REPLAY_DIR}; {@code replay}
     * answers every test from its cassette without opening the backend (a test without a recording fails); {@code auto}
     * replays a test whose recorded request and bot fingerprint are unchanged and runs (and re-records) the others live.
     */
    public static final String REPLAY = "cognigy.replay";

    /** The folder cassettes are read from and written to, relative to the working directory. Default {@code src/test/cognigy}. */
    public static final String REPLAY_DIR = "cognigy.replay.dir";

    /**
     * What a cassette never holds, comma-separated: JSON pointers into an exchange ({@code /request/data/email},
     * {@code /answer/turns/0/text}) or slot names ({@code EMAIL}: that entity of every turn, and that key of the
     * request's data). Their values are written as {@code <redacted>}; a request's as {@code <redacted sha256:…>}, a digest
     * that tells a test whose message changed from its recording. Approval files honour it too, whatever
     * {@link #REPLAY} is: there every value it names is a digest, which the bot's answer is compared by
     * ({@code docs/approved-answers.md}). Default: none.
     */
    public static final String REPLAY_REDACT = "cognigy.replay.redact";

    /**
     * Whether a run with any replayed test is {@code REVIEW_REQUIRED} at best: for pipelines whose verdict must come from
     * the bot itself. Default {@code false}.
     */
    public static final String GOVERNANCE_REQUIRE_LIVE = "cognigy.governance.require-live";

    /**
     * {@code true} applies {@link #GOVERNANCE_THRESHOLD} to each locale's tests as well as to the whole run: a run whose
     * tests span more than one locale is {@code COMPLIANT} only when every locale's pass rate meets the threshold, else
     * {@code REVIEW_REQUIRED} with a reason naming each locale that does not, its pass rate and counts — so 50 French
     * tests all failing cannot hide behind 950 German ones passing. A test's locale is its {@code locale:} in its usual case
     * ({@code de-de} is {@code de-DE}); a test naming none counts as the run's own locale (the deployment's, else
     * {@link #NLU_LOCALE}, else {@code (run's locale)}). A locale is held to the threshold exactly as the whole run is,
     * however few its tests: one failure among a locale's 10 tests is 90 %, below 95 %; a locale whose tests ran and none
     * passed, or whose every test was skipped, is never compliant. No statistical allowance is made for small locales.
     * Default {@code false}: the verdict is the whole run's alone.
     */
    public static final String GOVERNANCE_PER_LOCALE = "cognigy.governance.per-locale";

    /**
     * How many times every test runs, each time in a fresh session: a data-file case or {@code @Utterance} method sends
     * its message again, a conversation (data file or {@code @Conversation}) runs whole again. A case's, conversation's or
     * file's {@code repeat:}, {@code @Utterance(repeat)} and {@code @Conversation(repeat)} win over it. A test that
     * ran more than once passes when at least {@link #REPEAT_PASS_RATIO} of its runs passed, and is reported STABLE,
     * FLAKY or BROKEN with what the bot answered across the runs (docs/stability.md). 1 to 1,000; default 1.
     */
    public static final String REPEAT = "cognigy.repeat";

    /**
     * The share of a repeated test's runs that must pass for the test to pass, above 0 and up to 1 ({@code 0} is refused:
     * a test none of whose runs passed would pass). Default 1.0: every run.
     */
    public static final String REPEAT_PASS_RATIO = "cognigy.repeat.pass-ratio";

    /** The most runs one test may ask for, through {@link #REPEAT} or {@code repeat:}. */
    public static final int MAX_REPEAT = 1_000;

    private Constants() {
    }
}
