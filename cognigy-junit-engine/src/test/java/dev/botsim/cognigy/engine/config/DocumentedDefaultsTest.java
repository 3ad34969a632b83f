package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.nlu.NluSettings;
import dev.botsim.cognigy.engine.replay.ReplaySettings;
import dev.botsim.cognigy.engine.support.MarkdownBlocks;
import dev.botsim.cognigy.engine.support.Secret;

/**
 * The defaults the documentation states against the defaults the engine applies: every row of the key tables (a table
 * whose first column is headed {@code key} and which has a {@code default} column: docs/configuration.md, webhook.md,
 * real-cognigy.md), the defaults prose states beside a key ({@code `cognigy.retry.max-attempts` (4)},
 * {@code `cognigy.governance.threshold`, default 0.95}) on every page, and those {@link Constants}' javadoc states.
 * A CI that relies on a documented default — a retry count, a timeout, a threshold, a folder — gets that default.
 *
 * <p>The engine's default is what it reads when the run sets nothing and the environment holds nothing
 * ({@link EngineConfig#check}, and the readers outside it: replay, NLU, playbooks, discovery). The docs' wording is
 * read through a small vocabulary ({@link #expectation}): a value ({@code `30s`}, {@code `target/cognigy-reports`}),
 * nothing set ({@code off}, {@code none}, {@code —}, {@code not checked}), a default computed from another key
 * ({@code `cognigy.execution.max-concurrency` + 1}), a requirement ({@code required for `simulation`}), a choice on
 * another key ({@code `sandbox` when `cognigy.sandbox.bot` is set, else `simulation`}), and a few wordings of one key
 * each ({@link #RULES}). A row in no such form, and not listed in {@link #NOT_COMPARABLE} with the reason, fails: a new
 * row comes with its check. ConfigurationReferenceTest holds the plain values of docs/configuration.md to the code
 * another way (a key set to its documented default reads as if it were not set); this reads what each row says.
 */
class DocumentedDefaultsTest {

    /** How the engine's value of a key that is not set is shown: what {@code off}, {@code none} and {@code —} mean. */
    private static final String NOT_SET = "(not set)";

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** What a row or statement of the docs names: a configuration key or an environment variable. */
    private static final Pattern KEY = Pattern.compile("cognigy\\.[a-z0-9][a-z0-9.*-]*|[A-Z][A-Z0-9_]*(<LOCALE>)?");

    /** A value as prose writes it after a key or after "default": a code span, a number (with a unit), on or off. */
    private static final String VALUE = "(`[^`]+`|\\d+(?:\\.\\d+)?(?: ?(?:ms|min|s|m|h)\\b)?|on\\b|off\\b)";

    private static final String PROSE_KEY = "`(?<key>cognigy\\.[a-z0-9][a-z0-9.-]*[a-z0-9])`";

    /**
     * Rows whose default the engine learns only from the tenant when the run starts (a flow, a locale, a snapshot): no
     * configuration holds it, and the backends' own tests check how it is found.
     */
    private static final Map<String, String> NOT_COMPARABLE = Map.of(
            Constants.PLAYBOOKS_FLOW, "the flow of the REST endpoint, read through the management API (PlaybookTargets)",
            Constants.PLAYBOOKS_LOCALE, "the endpoint's locale or the project's primary one, read from the tenant (PlaybookTargets)",
            Constants.PLAYBOOKS_ENTRYPOINT, "the snapshot the endpoint serves, read from the tenant (PlaybookTargets)",
            Constants.NLU_FLOW, "the flow of the REST endpoint, read through the management API (NluTarget)",
            Constants.NLU_LOCALE, "the endpoint's locale, read through the management API (NluTarget)");

    /** A sample value of a key another key's default depends on. */
    private static final Map<String, String> SAMPLES = Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml");

    /** What each backend needs, all given: a requirement row is checked by leaving out its key. */
    private static final Map<String, Given> COMPLETE = Map.of(
            "simulation", new Given(Map.of(Constants.BACKEND, "simulation", Constants.BASE_URL, "https://cognigy.example.com",
                    Constants.CLIENT_ID, "client"), Map.of(Constants.CLIENT_SECRET_ENV, "secret")),
            "endpoint", new Given(Map.of(Constants.BACKEND, "endpoint"),
                    Map.of(Constants.ENDPOINT_URL_ENV, "https://endpoint-trial.cognigy.ai/test/abc123token")),
            "socket", new Given(Map.of(Constants.BACKEND, "socket"),
                    Map.of(Constants.SOCKET_URL_ENV, "https://endpoint-trial.cognigy.ai/abc123token")));

    /** What the run is given: its parameters and environment. */
    private record Given(Map<String, String> parameters, Map<String, String> environment) {

        static final Given NOTHING = new Given(Map.of(), Map.of());

        Given with(String key, String value) {
            Map<String, String> more = new HashMap<>(parameters);
            more.put(key, value);
            return new Given(more, environment);
        }

        Given without(List<String> keys) {
            Map<String, String> p = new HashMap<>(parameters);
            Map<String, String> e = new HashMap<>(environment);
            keys.forEach(p::remove);
            keys.forEach(e::remove);
            return new Given(p, e);
        }
    }

    /** What the engine reads from what it is given: its configuration, and the readers outside it. */
    private record Read(EngineConfig config, Map<String, String> parameters) {

        static Read of(Given given) {
            EngineConfig.Reading reading = EngineConfig.check(new MapParameters(given.parameters()), given.environment()::get,
                    c -> List.of());
            assertThat(reading.problems()).as("problems reading %s", given).isEmpty();
            return new Read(reading.config(), given.parameters());
        }

        MapParameters junit() {
            return new MapParameters(parameters);
        }
    }

    /** How a written value is read, as the engine reads the key. */
    private enum Kind {
        DURATION {
            @Override
            Object parse(String written) {
                // Prose writes "5 min" and "30 s"; the engine reads "5m" and "30 s".
                return DurationValue.parse(written.replaceAll("\\s*min$", "m"));
            }
        },
        WHOLE {
            @Override
            Object parse(String written) {
                return Long.parseLong(written);
            }
        },
        DECIMAL {
            @Override
            Object parse(String written) {
                return new BigDecimal(written);
            }
        },
        FLAG {
            @Override
            Object parse(String written) {
                return switch (written) {
                    case "true", "on" -> Boolean.TRUE;
                    case "false", "off" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException(written);
                };
            }
        },
        TEXT {
            @Override
            Object parse(String written) {
                return written;
            }
        },
        PATH {
            @Override
            Object parse(String written) {
                return Path.of(written);
            }
        };

        abstract Object parse(String written);
    }

    /** A key's value as the engine reads it. */
    private record Setting(Kind kind, Function<Read, Object> value) {

        /** The value read from {@code given}, {@link #NOT_SET} for nothing. */
        Object of(Given given) {
            return shown(value.apply(Read.of(given)));
        }
    }

    /** Every key a row or statement of the docs gives a default: how the engine reads it. */
    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    private static void setting(String key, Kind kind, Function<Read, Object> value) {
        SETTINGS.put(key, new Setting(kind, value));
    }

    static {
        setting(Constants.BACKEND, Kind.TEXT, r -> r.config().backend().choice().id());
        setting(Constants.BASE_URL, Kind.TEXT, r -> r.config().backend().simulationApi().baseUrl());
        setting(Constants.CLIENT_ID, Kind.TEXT, r -> r.config().backend().simulationApi().clientId());
        setting(Constants.CLIENT_SECRET_ENV, Kind.TEXT, r -> r.config().secrets().clientSecret());
        setting(Constants.OAUTH_SCOPE, Kind.TEXT, r -> r.config().backend().simulationApi().scope());
        setting(Constants.ENDPOINT_URL_ENV, Kind.TEXT, r -> r.config().secrets().endpointUrl());
        setting(Constants.ENDPOINT_URL_LOCALE_ENV_PREFIX + "<LOCALE>", Kind.TEXT,
                r -> r.config().secrets().localeEndpointUrls().apply("de-DE"));
        setting(Constants.SOCKET_URL_ENV, Kind.TEXT, r -> r.config().secrets().socketUrl());
        setting(Constants.SOCKET_URL_LOCALE_ENV_PREFIX + "<LOCALE>", Kind.TEXT,
                r -> r.config().secrets().localeSocketUrls().apply("de-DE"));
        setting(Constants.SOCKET_TURN_TIMEOUT, Kind.DURATION, r -> r.config().backend().socket().turnTimeout());
        setting(Constants.SOCKET_TEST_MODE, Kind.FLAG, r -> r.config().backend().socket().testMode());
        setting(Constants.SANDBOX_BOT, Kind.TEXT, r -> r.config().backend().sandbox().bot());
        setting(Constants.SANDBOX_PROCESSING_TIME, Kind.DURATION, r -> r.config().backend().sandbox().processingTime());
        setting(Constants.SANDBOX_PLAYBOOKS, Kind.TEXT, r -> r.config().backend().sandbox().playbooks());
        setting(Constants.SANDBOX_MANAGEMENT_API, Kind.FLAG, r -> r.config().backend().sandbox().managementApi());
        setting(Constants.ENDPOINT_DATA_INTENT, Kind.TEXT, r -> r.config().backend().endpointData().intent());
        setting(Constants.ENDPOINT_DATA_INTENT_SCORE, Kind.TEXT, r -> r.config().backend().endpointData().intentScore());
        setting(Constants.ENDPOINT_DATA_FLOW, Kind.TEXT, r -> r.config().backend().endpointData().flow());
        setting(Constants.ENDPOINT_DATA_SLOTS, Kind.TEXT, r -> r.config().backend().endpointData().slots());
        setting(Constants.ENDPOINT_DATA_ERROR_CODE, Kind.TEXT, r -> r.config().backend().endpointData().errorCode());
        setting(Constants.ENDPOINT_DATA_ERROR_MESSAGE, Kind.TEXT, r -> r.config().backend().endpointData().errorMessage());
        setting(Constants.ENDPOINT_DATA_INTENT_FLOW, Kind.TEXT, r -> r.config().backend().endpointData().intentFlow());
        setting(Constants.ENDPOINT_CODE_NODE, Kind.TEXT, r -> r.config().backend().endpointData().perFlow() ? "per-flow" : "shared");
        setting(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, Kind.WHOLE, r -> r.config().backend().endpoint().maxMessagesPerHour());
        setting(Constants.MANAGEMENT_URL, Kind.TEXT, r -> r.config().backend().management().url());
        setting(Constants.MANAGEMENT_PROJECT_ID, Kind.TEXT, r -> r.config().backend().management().projectId());
        setting(Constants.MANAGEMENT_UNLISTED_SLOTS, Kind.TEXT, r -> r.config().backend().management().unlistedSlots());
        setting(Constants.MANAGEMENT_API_KEY_ENV, Kind.TEXT, r -> r.config().secrets().managementApiKey());
        setting(Constants.PROXY_PASSWORD_ENV, Kind.TEXT, r -> r.config().secrets().proxyPassword());
        setting(Constants.EXPECTED_SNAPSHOT, Kind.TEXT, r -> r.config().backend().management().expectedSnapshot());
        setting(Constants.PLAYBOOKS_MODE, Kind.TEXT, r -> PlaybooksSettings.generated(r.junit()) ? "generated" : "existing");
        setting(Constants.PLAYBOOKS_INCLUDE, Kind.TEXT, r -> PlaybooksSettings.read(r.junit()).include());
        setting(Constants.PLAYBOOKS_FILE, Kind.PATH, r -> PlaybooksSettings.read(r.junit()).file());
        setting(Constants.NLU_TRAIN_FIRST, Kind.FLAG, r -> NluSettings.of(r.parameters()).trainFirst());
        setting(Constants.NLU_MARGIN, Kind.DECIMAL, r -> r.config().fragileMargin());

        setting(Constants.MAX_CONCURRENCY, Kind.WHOLE, r -> r.config().maxConcurrency());
        setting(Constants.PARALLEL_ENABLED, Kind.FLAG, r -> r.config().execution().parallel());
        setting(Constants.REPEAT, Kind.WHOLE, r -> r.config().repeat());
        setting(Constants.REPEAT_PASS_RATIO, Kind.DECIMAL, r -> r.config().repeatPassRatio());
        setting(Constants.POLL_TIMEOUT, Kind.DURATION, r -> r.config().polling().timeout());
        setting(Constants.POLL_INITIAL_DELAY, Kind.DURATION, r -> r.config().polling().initialDelay());
        setting(Constants.POLL_MAX_INTERVAL, Kind.DURATION, r -> r.config().polling().maxInterval());
        setting(Constants.HTTP_CONNECT_TIMEOUT, Kind.DURATION, r -> r.config().http().connect());
        setting(Constants.HTTP_READ_TIMEOUT, Kind.DURATION, r -> r.config().http().read());
        setting(Constants.HTTP_CALL_TIMEOUT, Kind.DURATION, r -> r.config().http().call());
        setting(Constants.HTTP_TRACE, Kind.FLAG, r -> r.config().http().trace().asked());
        setting(Constants.RETRY_MAX_ATTEMPTS, Kind.WHOLE, r -> r.config().retry().maxAttempts());
        setting(Constants.RETRY_LONGEST_WAIT, Kind.DURATION, r -> r.config().retry().longestWait());
        setting(Constants.RETRY_RATE_LIMIT_TIMEOUT, Kind.DURATION, r -> r.config().retry().rateLimitTimeout());
        setting(Constants.RETRY_OUTAGE_AFTER, Kind.WHOLE, r -> r.config().retry().outageAfter());
        setting(Constants.RETRY_OUTAGE_PROBE, Kind.DURATION, r -> r.config().retry().outageProbe());
        setting(Constants.DEFAULT_USER, Kind.TEXT, r -> r.config().defaultUser());
        setting(Constants.DEFAULT_PLATFORM, Kind.TEXT, r -> r.config().defaultPlatform());
        setting(Constants.USER_SCOPE, Kind.TEXT, r -> r.config().userScope().id());

        setting(Constants.DISCOVERY_MAX_FILE_SIZE, Kind.WHOLE, r -> EngineConfig.maxFileSize(r.junit()));
        setting(Constants.NAMING_STRATEGY, Kind.TEXT, r -> EngineConfig.namingStrategy(r.junit()).id());
        setting(Constants.FLOWS, Kind.TEXT, r -> r.config().extraFlows());
        setting(Constants.REPORT_DIR, Kind.PATH, r -> r.config().reportDir());
        setting(Constants.GOVERNANCE_THRESHOLD, Kind.DECIMAL, r -> r.config().governanceThreshold());
        setting(Constants.GOVERNANCE_MODE, Kind.TEXT, r -> r.config().tolerant() ? "tolerant" : "strict");
        setting(Constants.GOVERNANCE_REQUIRE_LIVE, Kind.FLAG, r -> ReplaySettings.of(r.parameters()).requireLive());
        setting(Constants.GOVERNANCE_PER_LOCALE, Kind.FLAG, r -> r.config().governance().perLocale());
        setting(Constants.COVERAGE_MINIMUM, Kind.DECIMAL, r -> r.config().coverageMinimum());
        setting(Constants.PROGRESS_INTERVAL, Kind.DURATION, r -> r.config().progressInterval());
        setting(Constants.FULL_STACK_TRACES, Kind.FLAG, r -> r.config().fullStackTraces());
        setting(Constants.REPORT_GITHUB_ACTIONS, Kind.TEXT, r -> r.config().reports().githubActions().id());
        // GITHUB_ACTIONS unset is a run outside GitHub Actions: under the default, no job summary or annotations, as "—" says.
        setting(Constants.GITHUB_ACTIONS_ENV, Kind.FLAG, r -> r.config().reports().githubActionsApply(name -> null)
                ? Boolean.TRUE : Optional.empty());
        setting(Constants.REPORT_AZURE_PIPELINES, Kind.TEXT, r -> r.config().reports().azurePipelines().id());
        // TF_BUILD unset is a run outside Azure Pipelines: under the default, no summary or issues, as "—" says.
        setting(Constants.AZURE_PIPELINES_ENV, Kind.FLAG, r -> r.config().reports().azurePipelinesApply(name -> null)
                ? Boolean.TRUE : Optional.empty());
        setting(Constants.APPROVE, Kind.FLAG, r -> r.config().approval().approve());
        setting(Constants.APPROVE_DIR, Kind.PATH, r -> r.config().approval().dir());
        // CI unset is a run outside CI: nothing set, as "—" says.
        setting(Constants.CI_ENV, Kind.FLAG, r -> r.config().approval().ci() ? Boolean.TRUE : Optional.empty());
        setting(Constants.RUN_ID, Kind.TEXT, r -> r.config().run().runId());
        setting(Constants.SHARD, Kind.TEXT, r -> r.config().run().shard());
        setting(Constants.RUN_DEFER, Kind.FLAG, r -> r.config().deferred());
        setting(Constants.SHARD_KEY_ENV, Kind.TEXT, r -> r.config().secrets().shardKey());
        setting(Constants.AUDIT_FILE, Kind.PATH, r -> r.config().auditFile());
        setting(Constants.WEBHOOK_URL, Kind.TEXT, r -> r.config().webhook().url());
        setting(Constants.WEBHOOK_PROJECT_ID, Kind.TEXT, r -> r.config().webhook().projectId());
        setting(Constants.WEBHOOK_SECRET_ENV, Kind.TEXT, r -> r.config().secrets().webhookSecret());
        setting(Constants.WEBHOOK_PREVIOUS_URL_ENV, Kind.TEXT, r -> r.config().secrets().previousWebhookUrl());
        setting(Constants.WEBHOOK_OUTBOX_DIR, Kind.PATH, r -> r.config().webhook().outbox());
        setting(Constants.WEBHOOK_TIMEOUT, Kind.DURATION, r -> r.config().webhook().timeout());
        setting(Constants.WEBHOOK_MAX_ATTEMPTS, Kind.WHOLE, r -> r.config().webhook().maxAttempts());
        setting(Constants.WEBHOOK_BUDGET, Kind.DURATION, r -> r.config().webhook().budget());

        setting(Constants.REPLAY, Kind.TEXT, r -> ReplaySettings.of(r.parameters()).mode().id());
        setting(Constants.REPLAY_DIR, Kind.PATH, r -> ReplaySettings.of(r.parameters()).dir());
        setting(Constants.REPLAY_REDACT, Kind.TEXT, r -> ReplaySettings.of(r.parameters()).redact());
    }

    /**
     * A wording of one key's default the vocabulary has no general form for, and how it is checked.
     *
     * @param wording what the default cell says, in full
     * @param check   what is wrong with the engine's default against the cell's match; empty when nothing is
     * @param stated  the values prose may give as the key's default (a conditional default has more than one)
     */
    private record Rule(Pattern wording, Function<Matcher, List<String>> check, Set<String> stated) {
    }

    private static final Map<String, Rule> RULES = Map.of(
            Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, new Rule(
                    Pattern.compile("`(\\d+)` for a test-mode URL \\(`…/test/<URLToken>`\\) and with `cognigy.socket.test-mode=true`,"
                            + " else off"),
                    // Unset is read as "the default", which MessagePacing makes the test-mode quota for /test/ URLs and
                    // sockets in test mode only (MessagePacingTest, SocketBackendTest hold that rule); the number is the quota's.
                    m -> failed(List.of(
                            check(setting(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR).of(Given.NOTHING), NOT_SET, "read when unset"),
                            check((long) Constants.TEST_MODE_MESSAGES_PER_HOUR, Long.parseLong(m.group(1)), "the test-mode quota"))),
                    Set.of(String.valueOf(Constants.TEST_MODE_MESSAGES_PER_HOUR))),
            Constants.RUN_ID, new Rule(
                    Pattern.compile("`GITHUB_RUN_ID` on GitHub Actions \\(every attempt of a workflow run\\), `CI_PIPELINE_ID` on GitLab CI,"
                            + " `BUILD_BUILDID` on Azure Pipelines \\(every attempt of a job; none in a classic release\\), `BUILD_TAG`"
                            + " on Jenkins \\(a run of characters a run id may not hold written `-`, and then the tag's digest"
                            + " added\\), else none"),
                    m -> failed(List.of(
                            check(setting(Constants.RUN_ID).of(new Given(Map.of(), Map.of("GITHUB_RUN_ID", "4711",
                                    "GITHUB_RUN_ATTEMPT", "2"))), "4711", "on GitHub Actions, whatever the attempt"),
                            check(setting(Constants.RUN_ID).of(new Given(Map.of(), Map.of("CI_PIPELINE_ID", "99"))), "99",
                                    "on GitLab CI"),
                            check(setting(Constants.RUN_ID).of(new Given(Map.of(), Map.of("TF_BUILD", "True", "BUILD_BUILDID", "812",
                                    "SYSTEM_JOBATTEMPT", "2", "SYSTEM_HOSTTYPE", "build"))), "812", "on Azure Pipelines, whatever the attempt"),
                            check(setting(Constants.RUN_ID).of(new Given(Map.of(), Map.of("TF_BUILD", "True", "BUILD_BUILDID", "812",
                                    "SYSTEM_HOSTTYPE", "release"))), NOT_SET, "in an Azure Pipelines classic release"),
                            check(setting(Constants.RUN_ID).of(new Given(Map.of(), Map.of("JENKINS_URL", "https://ci.example.com/",
                                    "BUILD_TAG", "jenkins-bots/orders/feature%2Fx-7"))), "jenkins-bots-orders-feature-2Fx-7-bd5fc44c405c", "on Jenkins"),
                            check(setting(Constants.RUN_ID).of(Given.NOTHING), NOT_SET, "elsewhere"))),
                    Set.of()),
            Constants.PARALLEL_CONFIG_PREFIX + "*", new Rule(
                    Pattern.compile("worker thread pool, fixed parallelism = max-concurrency"),
                    m -> failed(List.of(parallelDefaults(Given.NOTHING), parallelDefaults(Given.NOTHING.with(Constants.MAX_CONCURRENCY, "3")))),
                    Set.of()));

    // ------------------------------------------------------------------------------------------------ the tests

    @Test
    @DisplayName("every default the key tables of the docs give is the one the engine applies, or listed as not comparable")
    void tableDefaultsAreTheEngines() {
        List<Statement> statements = new ArrayList<>();
        for (String page : MarkdownBlocks.pages()) statements.addAll(tableStatements(page, MarkdownBlocks.lines(page)));
        // A parser that stops finding rows must not pass by checking none.
        assertThat(statements).hasSizeGreaterThan(85);
        assertThat(statements).extracting(Statement::where).anyMatch(w -> w.startsWith("docs/webhook.md:"))
                .anyMatch(w -> w.startsWith("docs/real-cognigy.md:"));

        // A rule or an exemption for a row that is gone would hide the next row of that key.
        assertThat(statements).extracting(Statement::key).containsAll(NOT_COMPARABLE.keySet()).containsAll(RULES.keySet());

        List<String> problems = new ArrayList<>();
        statements.forEach(s -> problems.addAll(problems(s)));

        assertThat(problems).as("default cells that are not the engine's default").isEmpty();
    }

    @Test
    @DisplayName("every default the docs' prose states beside a key (`key` (4), `key`, default 0.95, …) is the engine's")
    void proseDefaultsAreTheEngines() {
        List<Stated> stated = new ArrayList<>();
        for (String page : MarkdownBlocks.pages()) stated.addAll(proseStatements(page, MarkdownBlocks.lines(page)));
        assertThat(stated).hasSizeGreaterThan(25).extracting(Stated::key)
                .contains(Constants.RETRY_MAX_ATTEMPTS, Constants.GOVERNANCE_THRESHOLD, Constants.REPORT_DIR, Constants.RETRY_OUTAGE_AFTER,
                        Constants.PLAYBOOKS_INCLUDE, Constants.OAUTH_SCOPE);

        List<String> problems = new ArrayList<>();
        stated.forEach(s -> problems.addAll(problems(s)));

        assertThat(problems).as("defaults stated in prose that are not the engine's").isEmpty();
    }

    @Test
    @DisplayName("every default the javadoc of Constants states is the engine's")
    void javadocDefaultsAreTheEngines() throws IOException {
        List<Stated> stated = javadocStatements(Files.readString(Path.of("src/main/java/dev/botsim/cognigy/engine/config/Constants.java")));
        assertThat(stated).hasSizeGreaterThan(40).extracting(Stated::key)
                .contains(Constants.RETRY_OUTAGE_AFTER, Constants.ENDPOINT_DATA_INTENT_FLOW, Constants.OAUTH_SCOPE, Constants.GOVERNANCE_MODE);

        List<String> problems = new ArrayList<>();
        stated.forEach(s -> problems.addAll(problems(s)));

        assertThat(problems).as("defaults stated in Constants' javadoc that are not the engine's").isEmpty();
    }

    @Test
    @DisplayName("a default cell that drifts from the engine, says what this test cannot read, or names a key without a"
            + " reader fails at its row")
    void aDriftedCellFailsAtItsRow() {
        List<String> lines = List.of("| key / variable | meaning | default |", "|---|---|---|",
                "| `cognigy.retry.max-attempts` | attempts | `3` |",
                "| `cognigy.retry.outage-after` | breaker | `cognigy.execution.max-concurrency` + 2 |",
                "| `cognigy.report.dir` | reports | `cognigy-reports` |",
                "| `cognigy.audit.file` | trail | `audit.jsonl` |",
                "| `cognigy.coverage.minimum` | coverage | `0.8` (so most flows are reached) |",
                "| `cognigy.poll.timeout` | limit | about half a minute |",
                "| `cognigy.webhook.outbox-dir`, `.timeout` | delivery | `.cognigy/outbox`, `10s` |",
                "| `cognigy.base-url` | base URL | required for `endpoint` |",
                "| `cognigy.sandbox.bot` | bot | `sandbox` when `cognigy.sandbox.bot` is set, else `simulation` |",
                "| `cognigy.report.new-key` | new | `true` |");

        List<String> problems = new ArrayList<>();
        tableStatements("docs/wrong.md", lines).forEach(s -> problems.addAll(problems(s)));

        assertThat(problems).containsExactly(
                "docs/wrong.md:3: cognigy.retry.max-attempts: the docs say `3`, the engine's default is 4",
                "docs/wrong.md:4: cognigy.retry.outage-after: the docs say `cognigy.execution.max-concurrency` + 2, the engine"
                        + " reads 9 with cognigy.execution.max-concurrency unset (8)",
                "docs/wrong.md:5: cognigy.report.dir: the docs say `cognigy-reports`, the engine's default is target/cognigy-reports",
                "docs/wrong.md:6: cognigy.audit.file: the docs say `audit.jsonl`, the engine's default is (not set)",
                "docs/wrong.md:7: cognigy.coverage.minimum: the docs say `0.8` (so most flows are reached), the engine's default"
                        + " is (not set)",
                "docs/wrong.md:8: cognigy.poll.timeout: no check reads the default \"about half a minute\": word it as a value,"
                        + " off, none, or give DocumentedDefaultsTest a rule for it (or list it as not comparable, with the reason)",
                "docs/wrong.md:10: cognigy.base-url: the docs say required for `endpoint`, but the engine asks nothing of it"
                        + " for cognigy.backend=endpoint",
                "docs/wrong.md:11: cognigy.sandbox.bot: the docs say `sandbox` when `cognigy.sandbox.bot` is set, else"
                        + " `simulation`, the engine reads classpath:bots/order-bot.yaml when set and (not set) else",
                "docs/wrong.md:12: cognigy.report.new-key: no reader of the engine's default: add it to DocumentedDefaultsTest.SETTINGS");
    }

    @Test
    @DisplayName("a default stated in prose or javadoc that drifts from the engine fails where it is stated")
    void aDriftedStatementFailsWhereItIsStated() {
        List<String> lines = List.of("Up to `cognigy.retry.max-attempts` (3) attempts, within `cognigy.poll.timeout` (30 s);",
                "the pass rate (`cognigy.governance.threshold`, default 0.9) and `cognigy.retry.longest-wait`, 2 min — and",
                "`cognigy.retry.outage-after` in a row (by default one more than `cognigy.retry.max-attempts`).", "",
                "```properties", "# a glob; default Order*", "cognigy.playbooks.include=Order*", "```");
        String javadoc = """
                    /** Attempts. Default {@code 5}. */
                    public static final String RETRY_MAX_ATTEMPTS = "cognigy.retry.max-attempts";

                    /** {@code tolerant} (default): failures are aborted. */
                    public static final String GOVERNANCE_MODE = "cognigy.governance.mode";
                """;

        List<String> problems = new ArrayList<>();
        proseStatements("docs/wrong.md", lines).forEach(s -> problems.addAll(problems(s)));
        javadocStatements(javadoc).forEach(s -> problems.addAll(problems(s)));

        assertThat(problems).containsExactly(
                "docs/wrong.md:1: cognigy.retry.max-attempts: the docs say 3, the engine's default is 4",
                "docs/wrong.md:2: cognigy.governance.threshold: the docs say 0.9, the engine's default is 0.95",
                "docs/wrong.md:2: cognigy.retry.longest-wait: the docs say 2 min, the engine's default is PT5M",
                "docs/wrong.md:3: cognigy.retry.outage-after: the docs say `cognigy.retry.max-attempts` + 1, the engine reads 9"
                        + " with cognigy.retry.max-attempts unset (4)",
                "docs/wrong.md:6: cognigy.playbooks.include: the docs say Order*, the engine's default is *",
                "Constants.RETRY_MAX_ATTEMPTS: cognigy.retry.max-attempts: the docs say `5`, the engine's default is 4",
                "Constants.GOVERNANCE_MODE: cognigy.governance.mode: the docs say `tolerant`, the engine's default is strict");
    }

    // ------------------------------------------------------------------------------------------------ key tables

    /**
     * One default the docs give: a key and the words its default is given in.
     *
     * @param where   {@code page:line}, or the constant whose javadoc states it
     * @param key     the key (or variable) whose default it is
     * @param wording the default as written: a whole table cell, or a value stated in prose
     * @param row     the keys and variables of the row it stands in (a setting and its variable)
     */
    private record Statement(String where, String key, String wording, List<String> row) {
    }

    /**
     * The default cells of the key tables of a page: tables whose header's first cell is {@code key} (or
     * {@code key / variable}), which have a {@code default} column and whose first row names a configuration key or
     * environment variable. A row naming several keys with as many values
     * ({@code `cognigy.webhook.outbox-dir`, `.timeout`} | {@code `.cognigy/outbox`, `10s`}) gives one statement per key;
     * any other row one, for its first key.
     */
    private static List<Statement> tableStatements(String page, List<String> lines) {
        List<Statement> statements = new ArrayList<>();
        int defaults = -1;
        int columns = 0;
        boolean firstRow = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                defaults = -1;
                continue;
            }
            List<String> cells = cells(line);
            if (i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("|---")) {
                boolean keyTable = cells.get(0).equals("key") || cells.get(0).equals("key / variable");
                defaults = keyTable ? cells.indexOf("default") : -1;
                columns = cells.size();
                firstRow = true;
                i++;
                continue;
            }
            if (defaults < 0) continue;
            String where = page + ":" + (i + 1);
            assertThat(cells).as("%s: a row of %d cells", where, columns).hasSize(columns);
            List<String> keys = keys(cells.get(0));
            // A table of other keys (a bot definition's, in sandbox.md) names no configuration key in its first row.
            if (firstRow && keys.isEmpty()) {
                defaults = -1;
                continue;
            }
            firstRow = false;
            assertThat(keys).as("%s: the keys of the row", where).isNotEmpty();
            String cell = cells.get(defaults);
            List<String> values = codes(cell);
            boolean valuesOnly = CODE.matcher(cell).replaceAll("").replace(",", "").isBlank();
            if (keys.size() > 1 && valuesOnly && values.size() == keys.size()) {
                for (int k = 0; k < keys.size(); k++) statements.add(new Statement(where, keys.get(k), "`" + values.get(k) + "`", keys));
            } else {
                statements.add(new Statement(where, keys.get(0), cell, keys));
            }
        }
        return statements;
    }

    private static List<String> cells(String row) {
        return Arrays.stream(row.substring(1, row.length() - 1).split("(?<!\\\\)\\|")).map(String::strip).toList();
    }

    /** The keys a first cell names; {@code .timeout} after {@code `cognigy.webhook.outbox-dir`} is {@code cognigy.webhook.timeout}. */
    private static List<String> keys(String cell) {
        List<String> keys = new ArrayList<>();
        String first = null;
        for (String code : codes(cell)) {
            if (code.startsWith(".") && first != null) {
                keys.add(first.substring(0, first.lastIndexOf('.')) + code);
            } else if (KEY.matcher(code).matches()) {
                if (first == null) first = code;
                keys.add(code);
            }
        }
        return keys;
    }

    private static List<String> codes(String text) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) codes.add(m.group(1));
        return codes;
    }

    // ------------------------------------------------------------------------------------------------ the vocabulary

    /** What a default's wording says of the engine's default, checked against it. */
    private interface Expectation {

        /** What is wrong with the engine's default of the statement's key; empty when it is what the docs say. */
        List<String> problems(Statement statement);
    }

    /**
     * What a default cell says, read through the vocabulary: a rule of the key's own, nothing set, one value (with a
     * remark in parentheses), a value computed from another key, a requirement, or a choice on another key.
     */
    private static Optional<Expectation> expectation(String key, String wording) {
        Rule rule = RULES.get(key);
        if (rule != null) {
            Matcher m = rule.wording().matcher(wording);
            if (m.matches()) return Optional.of(s -> rule.check().apply(m));
        }
        if (Set.of("off", "none", "—", "not checked", "every test").contains(wording) || wording.startsWith("unset:")) {
            return Optional.of(s -> failed(List.of(check(setting(s.key()).of(Given.NOTHING), NOT_SET, "when unset"))));
        }
        Matcher derived = Pattern.compile("`(cognigy\\.[a-z.-]+)` \\+ (\\d+)").matcher(wording);
        if (derived.matches()) return Optional.of(new Derived(derived.group(1), Long.parseLong(derived.group(2))));
        Matcher value = Pattern.compile("`([^`]+)`(?: \\(.*\\))?").matcher(wording);
        if (value.matches()) return Optional.of(new Value(value.group(1)));
        Matcher required = Pattern.compile("required for `([a-z]+)`").matcher(wording);
        if (required.matches()) return Optional.of(new Required(required.group(1)));
        Matcher choice = Pattern.compile("`([^`]+)` when `(cognigy\\.[a-z.-]+)` is set, else `([^`]+)`").matcher(wording);
        if (choice.matches()) return Optional.of(new Choice(choice.group(1), choice.group(2), choice.group(3)));
        return Optional.empty();
    }

    private static List<String> problems(Statement statement) {
        if (NOT_COMPARABLE.containsKey(statement.key())) return List.of();
        Optional<Expectation> expectation = expectation(statement.key(), statement.wording());
        if (expectation.isEmpty()) {
            return List.of(statement.where() + ": " + statement.key() + ": no check reads the default \"" + statement.wording()
                    + "\": word it as a value, off, none, or give DocumentedDefaultsTest a rule for it (or list it as not"
                    + " comparable, with the reason)");
        }
        if (!SETTINGS.containsKey(statement.key()) && !RULES.containsKey(statement.key())) {
            return List.of(statement.where() + ": " + statement.key() + ": no reader of the engine's default: add it to"
                    + " DocumentedDefaultsTest.SETTINGS");
        }
        return expectation.get().problems(statement).stream()
                .map(p -> statement.where() + ": " + statement.key() + ": the docs say " + statement.wording() + ", " + p).toList();
    }

    /** One value: the engine's when nothing is set. */
    private record Value(String written) implements Expectation {

        @Override
        public List<String> problems(Statement statement) {
            Setting setting = setting(statement.key());
            Object documented;
            try {
                documented = setting.kind().parse(written);
            } catch (RuntimeException e) {
                return List.of("which is no " + setting.kind().name().toLowerCase(Locale.ROOT) + " value");
            }
            Object engine = setting.of(Given.NOTHING);
            return same(documented, engine) ? List.of() : List.of("the engine's default is " + engine);
        }
    }

    /** {@code `base` + n}: the engine's default follows another key's value, set or not. */
    private record Derived(String base, long plus) implements Expectation {

        @Override
        public List<String> problems(Statement statement) {
            for (String value : Arrays.asList(null, "1", "3", "50")) {
                Given given = value == null ? Given.NOTHING : Given.NOTHING.with(base, value);
                Object engine = setting(statement.key()).of(given);
                Object from = setting(base).of(given);
                if (!(from instanceof Long b) || !Long.valueOf(b + plus).equals(engine)) {
                    return List.of("the engine reads " + engine + " with " + base + (value == null ? " unset (" + from + ")" : "=" + value));
                }
            }
            return List.of();
        }
    }

    /** {@code required for `backend`}: that backend refuses to run without it, naming it, and runs with it. */
    private record Required(String backend) implements Expectation {

        @Override
        public List<String> problems(Statement statement) {
            Given complete = COMPLETE.get(backend);
            if (complete == null) return List.of("which names no backend DocumentedDefaultsTest.COMPLETE configures");
            List<String> problems = new ArrayList<>();
            List<String> all = Backends.requirements(Read.of(complete).config());
            if (!all.isEmpty()) problems.add("but cognigy.backend=" + backend + " with every setting given still lacks " + all);
            List<String> without = Backends.requirements(Read.of(complete.without(statement.row())).config());
            if (without.stream().noneMatch(p -> p.contains(statement.key()))) {
                problems.add("but the engine asks nothing of it for cognigy.backend=" + backend);
            }
            return problems;
        }
    }

    /** {@code `a` when `key` is set, else `b`}. */
    private record Choice(String whenSet, String key, String otherwise) implements Expectation {

        @Override
        public List<String> problems(Statement statement) {
            Setting setting = setting(statement.key());
            Object set = setting.of(Given.NOTHING.with(key, SAMPLES.getOrDefault(key, "x")));
            Object unset = setting.of(Given.NOTHING);
            if (same(setting.kind().parse(whenSet), set) && same(setting.kind().parse(otherwise), unset)) return List.of();
            return List.of("the engine reads " + set + " when set and " + unset + " else");
        }
    }

    // ------------------------------------------------------------------------------------------------ prose and javadoc

    /**
     * A default stated beside a key, in prose or javadoc.
     *
     * @param value the value stated: a code span, a number (with a unit), on or off; or {@code `base` + n}
     */
    private record Stated(String where, String key, String value) {
    }

    /** Forms of prose that state a key's default: group {@code key} the key, {@code value} what is stated. */
    private static final List<Pattern> PROSE = List.of(
            // `cognigy.retry.max-attempts` (4), `cognigy.nlu.margin` (default 0.1), (above 0, up to 1, default `1.0`)
            Pattern.compile(PROSE_KEY + " \\((?<value>[^()]*)\\)"),
            // `cognigy.governance.threshold`, default 0.95; `cognigy.report.dir`, relative to …: default `target/…`
            Pattern.compile(PROSE_KEY + "[^`.;()]{0,60}?\\bdefault:? (?<value>" + VALUE + ")"),
            // `cognigy.retry.longest-wait`, 5 min
            Pattern.compile(PROSE_KEY + ", (?<value>\\d+ ?(?:ms|min|s|m|h))\\b"),
            // `cognigy.sandbox.management-api`, on by default
            Pattern.compile(PROSE_KEY + ", (?<value>on|off) by default"),
            // `cognigy.endpoint.code-node` says …: under `shared` (the default)
            Pattern.compile(PROSE_KEY + "[^`.;]{0,40}(?<value>`[^`]+`) \\(the default\\)"),
            // `cognigy.retry.outage-after` requests in a row (by default one more than `cognigy.execution.max-concurrency`)
            Pattern.compile(PROSE_KEY + "[^.`]{0,40}?\\((?:by )?default:? (?<value>one more than `cognigy\\.[a-z.-]+`)"),
            // `cognigy.governance.mode=strict`, the default; **`cognigy.playbooks.mode=existing`** (the default of …
            Pattern.compile("`(?<key>cognigy\\.[a-z0-9.-]+)=(?<value>[^`]+)`\\**,? \\(?the default\\b"),
            // the default `cognigy.repeat.pass-ratio` of 1.0
            Pattern.compile("default " + PROSE_KEY + " of (?<value>" + VALUE + ")"),
            // `scope` (default `bot:read …`, key `cognigy.oauth.scope`)
            Pattern.compile("\\(default (?<value>`[^`]+`), key " + PROSE_KEY + "\\)"));

    /** A paragraph (or table row) of prose: its text on one line, and where each of its lines starts in it. */
    private record Paragraph(int firstLine, String text, List<Integer> starts) {

        /** The page's line (1-based) of the text's character at {@code offset}. */
        int lineOf(int offset) {
            int line = firstLine;
            for (int s = 0; s < starts.size() && starts.get(s) <= offset; s++) line = firstLine + s;
            return line + 1;
        }
    }

    /**
     * The defaults a page's prose states beside a key: in every paragraph and table row, and in the comments of its
     * {@code properties} blocks ({@code # …; default *} above {@code cognigy.playbooks.include=…}).
     */
    private static List<Stated> proseStatements(String page, List<String> lines) {
        List<Stated> stated = new ArrayList<>();
        for (Paragraph paragraph : paragraphs(lines)) stated.addAll(proseStatements(page, paragraph));
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                fence = fence == null ? line.substring(3).strip().split("\\s+")[0] : null;
                continue;
            }
            if (!"properties".equals(fence) || i + 1 == lines.size()) continue;
            Matcher comment = Pattern.compile("#.*\\bdefault:? (.+)$").matcher(line);
            Matcher next = Pattern.compile("#? ?(cognigy\\.[a-z0-9.-]+)=.*").matcher(lines.get(i + 1).strip());
            if (comment.find() && next.matches()) stated.add(new Stated(page + ":" + (i + 1), next.group(1), comment.group(1).strip()));
        }
        return stated;
    }

    /** The paragraphs of a page outside its fenced blocks, each table row a paragraph of its own. */
    private static List<Paragraph> paragraphs(List<String> lines) {
        List<Paragraph> paragraphs = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        int first = 0;
        boolean fenced = false;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i).strip() : "";
            boolean fence = line.startsWith("```");
            boolean row = line.startsWith("|");
            if ((line.isEmpty() || fence || row) && !text.isEmpty()) {
                paragraphs.add(new Paragraph(first, text.toString(), List.copyOf(starts)));
                text.setLength(0);
                starts.clear();
            }
            if (fence) fenced = !fenced;
            if (fenced || fence || line.isEmpty()) continue;
            if (text.isEmpty()) first = i;
            starts.add(text.length());
            text.append(line).append(' ');
            if (row) {
                paragraphs.add(new Paragraph(first, text.toString(), List.copyOf(starts)));
                text.setLength(0);
                starts.clear();
            }
        }
        return paragraphs;
    }

    /** The statements of one paragraph, each at the page's line it starts on. */
    private static List<Stated> proseStatements(String page, Paragraph paragraph) {
        List<Stated> stated = new ArrayList<>();
        for (Pattern form : PROSE) {
            Matcher m = form.matcher(paragraph.text());
            while (m.find()) {
                String value = m.group("value").strip();
                if (form == PROSE.get(0)) {
                    // In parentheses: a value alone, or the one after "default" among other words.
                    Matcher inner = Pattern.compile("^" + VALUE + "$|\\bdefault:? " + VALUE + "(?=$|[ ;,])").matcher(value);
                    if (!inner.find()) continue;
                    value = inner.group(1) != null ? inner.group(1) : inner.group(2);
                }
                stated.add(new Stated(page + ":" + paragraph.lineOf(m.start()), m.group("key"), value));
            }
        }
        return stated;
    }

    /** A constant with its javadoc: group 1 the javadoc, 2 the constant's name, 3 its value. */
    private static final Pattern DOCUMENTED_CONSTANT = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public static final String (\\w+) = \"([^\"]+)\";", Pattern.DOTALL);

    /**
     * The defaults the javadoc of Constants states: {@code Default {@code 30s}}, {@code Default: {@link #MAX_CONCURRENCY}
     * + 1}, {@code {@code strict} (default)}, and, for the prefix of the endpoint's pointers, {@code {@code intent}
     * (default {@code /intent})}.
     */
    private static List<Stated> javadocStatements(String source) {
        List<Stated> stated = new ArrayList<>();
        Matcher constant = DOCUMENTED_CONSTANT.matcher(source);
        while (constant.find()) {
            String text = javadocText(constant.group(1), constant.group(3));
            String key = constant.group(3);
            String where = "Constants." + constant.group(2);
            if (key.endsWith(".")) {
                Matcher pointer = Pattern.compile("`([a-z-]+)` \\((?:default )?(`[^`]+`)").matcher(text);
                while (pointer.find()) stated.add(new Stated(where, key + pointer.group(1), pointer.group(2)));
                continue;
            }
            Matcher after = Pattern.compile("(?i)\\bdefault:? (`[^`]+`(?: \\+ \\d+)?|\\d+(?:\\.\\d+)?|none)").matcher(text);
            if (after.find()) stated.add(new Stated(where, key, after.group(1)));
            Matcher before = Pattern.compile("(`[^`]+`) \\((?:the )?default\\)").matcher(text);
            if (before.find()) stated.add(new Stated(where, key, before.group(1)));
        }
        return stated;
    }

    /** Javadoc as prose: one line, {@code {@code x}} and {@code {@value #X}} as {@code `x`}, a link to a key as the key. */
    private static String javadocText(String javadoc, String value) {
        String text = javadoc.replaceAll("\\s*\\n\\s*\\*\\s?", " ").strip();
        text = Pattern.compile("\\{@(?:code|literal) ([^}]*)}").matcher(text).replaceAll(m -> Matcher.quoteReplacement("`" + m.group(1) + "`"));
        text = Pattern.compile("\\{@value}").matcher(text).replaceAll(Matcher.quoteReplacement("`" + value + "`"));
        return Pattern.compile("\\{@(?:value|link(?:plain)?) #(\\w+)}").matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement("`" + constant(m.group(1)) + "`"));
    }

    private static Object constant(String name) {
        try {
            return Constants.class.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Constants." + name, e);
        }
    }

    /**
     * What is wrong with a default stated in prose or javadoc: a value must be the engine's (for a key whose table gives
     * a rule, one of the values the rule allows), {@code `base` + n} and "one more than `base`" the engine's reading.
     */
    private static List<String> problems(Stated stated) {
        if (NOT_COMPARABLE.containsKey(stated.key()) || !SETTINGS.containsKey(stated.key())) return List.of();
        String value = stated.value().replaceFirst("^one more than (`[^`]+`)$", "$1 + 1");
        Statement statement = new Statement(stated.where(), stated.key(), value, List.of(stated.key()));
        Matcher derived = Pattern.compile("`(cognigy\\.[a-z.-]+)` \\+ (\\d+)").matcher(value);
        Expectation expectation;
        if (derived.matches()) {
            expectation = new Derived(derived.group(1), Long.parseLong(derived.group(2)));
        } else {
            String written = value.replaceAll("^`|`$", "");
            Set<String> allowed = allowedStated(stated.key());
            if (allowed != null) {
                return allowed.contains(written) ? List.of()
                        : List.of(stated.where() + ": " + stated.key() + ": the docs say " + value + ", the engine's default is one of " + allowed);
            }
            // "Default: none" says nothing is set; `off` in a code span is a value (cognigy.replay's).
            boolean nothing = setting(stated.key()).kind() != Kind.FLAG && Set.of("none", "off").contains(value);
            expectation = nothing ? s -> failed(List.of(check(setting(s.key()).of(Given.NOTHING), NOT_SET, "when unset")))
                    : new Value(written);
        }
        return expectation.problems(statement).stream()
                .map(p -> stated.where() + ": " + stated.key() + ": the docs say " + value + ", " + p).toList();
    }

    /** The values prose may state for a key whose default depends on something else; null for any other key. */
    private static Set<String> allowedStated(String key) {
        if (RULES.containsKey(key)) return RULES.get(key).stated();
        if (key.equals(Constants.BACKEND)) {
            return Set.of(String.valueOf(setting(key).of(Given.NOTHING.with(Constants.SANDBOX_BOT, SAMPLES.get(Constants.SANDBOX_BOT)))),
                    String.valueOf(setting(key).of(Given.NOTHING)));
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Setting setting(String key) {
        Setting setting = SETTINGS.get(key);
        if (setting == null) throw new IllegalStateException("no reader of " + key + " in DocumentedDefaultsTest.SETTINGS");
        return setting;
    }

    /**
     * The map the engine hands JUnit to build its worker pool with (CognigyTestEngine.parallelDefaults, which the
     * engine keeps to itself): the worker thread pool with a fixed parallelism of max-concurrency.
     */
    private static Optional<String> parallelDefaults(Given given) {
        long concurrency = (Long) setting(Constants.MAX_CONCURRENCY).of(given);
        try {
            Method method = CognigyTestEngine.class.getDeclaredMethod("parallelDefaults", int.class);
            method.setAccessible(true);
            Object defaults = method.invoke(null, (int) concurrency);
            Map<String, String> expected = Map.of("strategy", "fixed", "fixed.parallelism", String.valueOf(concurrency),
                    "executor-service", "worker_thread_pool");
            return defaults.equals(expected) ? Optional.empty()
                    : Optional.of("the engine hands JUnit " + defaults + " at max-concurrency " + concurrency);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("CognigyTestEngine.parallelDefaults(int) is how this test reads the worker pool's"
                    + " defaults: follow it where it went", e);
        }
    }

    private static Optional<String> check(Object engine, Object documented, String when) {
        return same(documented, engine) ? Optional.empty()
                : Optional.of("the engine reads " + engine + " " + when + ", not " + documented);
    }

    /** The checks that failed, each saying how. */
    private static List<String> failed(List<Optional<String>> checks) {
        return checks.stream().flatMap(Optional::stream).toList();
    }

    private static boolean same(Object documented, Object engine) {
        if (documented instanceof BigDecimal d && engine instanceof BigDecimal e) return d.compareTo(e) == 0;
        return documented.equals(engine);
    }

    /** A value as compared: nothing as {@link #NOT_SET}, numbers as {@code Long} or {@code BigDecimal}, secrets as set. */
    private static Object shown(Object value) {
        if (value instanceof Optional<?> o) return o.map(DocumentedDefaultsTest::shown).orElse(NOT_SET);
        if (value instanceof OptionalInt o) return o.isPresent() ? (Object) (long) o.getAsInt() : NOT_SET;
        if (value instanceof List<?> l) return l.isEmpty() ? NOT_SET : String.join(",", l.stream().map(String::valueOf).toList());
        if (value instanceof Secret) return "(set)";
        if (value instanceof Integer i) return (long) i;
        if (value instanceof Double d) return BigDecimal.valueOf(d);
        if (value instanceof Duration || value instanceof Path || value instanceof Boolean || value instanceof Long
                || value instanceof String) {
            return value;
        }
        return String.valueOf(value);
    }
}
