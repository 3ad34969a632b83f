package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.support.Secret;

/** The configuration read once into one settings record per concern. */
class EngineConfigTest {

    private static EngineConfig read(Map<String, String> parameters, Map<String, String> environment) {
        return EngineConfig.read(new MapParameters(parameters), environment::get);
    }

    @Test
    @DisplayName("nothing set reads as the defaults every settings record names")
    void defaults() {
        assertThat(read(Map.of(), Map.of())).isEqualTo(EngineConfig.defaults());
    }

    @Test
    @DisplayName("cognigy.replay is read once, with the rest, in any case and spacing; a refused value is off beside its problem")
    void replayModeReadOnce() {
        assertThat(read(Map.of(), Map.of()).replayMode()).isEqualTo(ReplayMode.OFF);
        assertThat(read(Map.of(Constants.REPLAY, " Auto "), Map.of()).replayMode()).isEqualTo(ReplayMode.AUTO);
        assertThat(read(Map.of(Constants.REPLAY, "record"), Map.of()).replayMode()).isEqualTo(ReplayMode.RECORD);
        EngineConfig.Reading refused = EngineConfig.check(new MapParameters(Map.of(Constants.REPLAY, "sometimes")), name -> null,
                config -> List.of());
        assertThat(refused.config().replayMode()).isEqualTo(ReplayMode.OFF);
        assertThat(refused.refused()).containsExactly(Constants.REPLAY);
    }

    @Test
    @DisplayName("cognigy.replay.dir, cognigy.replay.redact and cognigy.governance.require-live are read once, with the"
            + " rest: the folder trimmed, the names comma-separated without blanks; a require-live that is no boolean is"
            + " refused, read as false beside its problem")
    void replayKeysReadOnce() {
        EngineConfig config = read(Map.of(Constants.REPLAY, "replay", Constants.REPLAY_DIR, " cassettes ",
                Constants.REPLAY_REDACT, "EMAIL, ,/request/data/phone,", Constants.GOVERNANCE_REQUIRE_LIVE, "TRUE"), Map.of());
        assertThat(config.replay()).isEqualTo(new RecordReplaySettings(ReplayMode.REPLAY, Path.of("cassettes"),
                List.of("EMAIL", "/request/data/phone")));
        assertThat(config.governance().requireLive()).isTrue();
        assertThat(read(Map.of(), Map.of()).replay()).isEqualTo(new RecordReplaySettings(ReplayMode.OFF,
                Path.of("src/test/cognigy"), List.of()));
        assertThat(read(Map.of(), Map.of()).governance().requireLive()).isFalse();
        EngineConfig.Reading refused = EngineConfig.check(new MapParameters(Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, "yes")),
                name -> null, c -> List.of());
        assertThat(refused.config().governance().requireLive()).isFalse();
        assertThat(refused.problems()).containsExactly("cognigy.governance.require-live=yes must be true or false");
        assertThat(refused.refused()).containsExactly(Constants.GOVERNANCE_REQUIRE_LIVE);
    }

    @Test
    @DisplayName("cognigy.governance.per-locale is read once, with the rest, off by default; a value that is no boolean is"
            + " refused, read as off beside its problem, and a misspelt key is refused naming the key meant")
    void perLocaleReadOnce() {
        assertThat(read(Map.of(), Map.of()).governance().perLocale()).isFalse();
        assertThat(read(Map.of(Constants.GOVERNANCE_PER_LOCALE, "TRUE"), Map.of()).governance())
                .isEqualTo(GovernanceSettings.defaults().withPerLocale(true));
        EngineConfig.Reading refused = EngineConfig.check(new MapParameters(Map.of(Constants.GOVERNANCE_PER_LOCALE, "yes")),
                name -> null, c -> List.of());
        assertThat(refused.config().governance().perLocale()).isFalse();
        assertThat(refused.problems()).containsExactly("cognigy.governance.per-locale=yes must be true or false");
        assertThat(refused.refused()).containsExactly(Constants.GOVERNANCE_PER_LOCALE);
        assertThatThrownBy(() -> read(Map.of("cognigy.governance.per-locales", "true"), Map.of()))
                .hasMessageContaining("unknown configuration key cognigy.governance.per-locales — did you mean"
                        + " 'cognigy.governance.per-locale'?");
        assertThatThrownBy(() -> read(Map.of("cognigy.governance.perlocale", "true"), Map.of()))
                .hasMessageContaining("unknown configuration key cognigy.governance.perlocale — did you mean"
                        + " 'cognigy.governance.per-locale'?");
    }

    @Test
    @DisplayName("the record-and-replay keys of settings as written (a split run's part) read by the rule a run reads them"
            + " with, a refusal thrown as the run's configuration words it")
    void replayAsWritten() {
        Map<String, String> written = Map.of(Constants.REPLAY, " Auto ", Constants.REPLAY_DIR, "recorded",
                Constants.REPLAY_REDACT, "EMAIL,,");
        assertThat(EngineConfig.replayAsWritten(new MapParameters(written))).isEqualTo(read(written, Map.of()).replay());
        assertThatThrownBy(() -> EngineConfig.replayAsWritten(new MapParameters(Map.of(Constants.REPLAY, "replai"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.replay=replai must be one of [off, record, replay, auto] — did you mean 'replay'?");
    }

    @Test
    @DisplayName("cognigy.nlu.margin is a lead from 0 to 1, 0.1 when not set; anything else is refused naming the key, the range and an example")
    void fragileMargin() {
        assertThat(read(Map.of(), Map.of()).fragileMargin()).isEqualTo(0.1);
        assertThat(read(Map.of(Constants.NLU_MARGIN, "0.05"), Map.of()).reports())
                .isEqualTo(ReportSettings.defaults().withFragileMargin(0.05));
        assertThatThrownBy(() -> read(Map.of(Constants.NLU_MARGIN, "1.5"), Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.nlu.margin=1.5 must be a difference between two intent scores, from 0 to 1:"
                        + " e.g. cognigy.nlu.margin=0.1 reports an utterance as fragile when its best intent leads the"
                        + " runner-up by less than 0.1 (0.77 against 0.70)")
                .hasMessageNotContaining("95 %");
        assertThatThrownBy(() -> read(Map.of(Constants.NLU_MARGIN, "ten percent"), Map.of()))
                .hasMessageContaining("cognigy.nlu.margin=ten percent must be a difference between two intent scores");
        assertThatThrownBy(() -> read(Map.of(Constants.GOVERNANCE_THRESHOLD, "95"), Map.of()))
                .as("a share keeps the share's wording").hasMessageContaining("(0.95 means 95 %)");
    }

    @Test
    @DisplayName("each key lands in its concern's record; secrets come from the environment only")
    void concerns() {
        EngineConfig config = read(Map.ofEntries(
                Map.entry(Constants.BASE_URL, "https://cognigy.example.com/"),
                Map.entry(Constants.HTTP_READ_TIMEOUT, "45s"),
                Map.entry(Constants.RETRY_MAX_ATTEMPTS, "6"),
                Map.entry(Constants.POLL_MAX_INTERVAL, "500ms"),
                Map.entry(Constants.MAX_CONCURRENCY, "3"),
                Map.entry(Constants.GOVERNANCE_MODE, "tolerant"),
                Map.entry(Constants.REPORT_DIR, "out"),
                Map.entry(Constants.AUDIT_FILE, "audit.jsonl"),
                Map.entry(Constants.WEBHOOK_URL, "https://qa.example.com/hook"),
                Map.entry(Constants.ENDPOINT_DATA_FLOW, "/nlu/flow")),
                Map.of(Constants.CLIENT_ID_ENV, "client-1", Constants.CLIENT_SECRET_ENV, "s3cret-value", Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr"));
        assertThat(config.backend().choice()).isEqualTo(BackendChoice.SIMULATION);
        assertThat(config.backend().simulationApi()).isEqualTo(BackendSettings.SimulationApi.defaults()
                .withBaseUrl("https://cognigy.example.com").withClientId("client-1"));
        assertThat(config.backend().endpointData()).isEqualTo(BackendSettings.EndpointData.defaults().withFlow("/nlu/flow"));
        assertThat(config.http()).isEqualTo(HttpSettings.defaults().withRead(Duration.ofSeconds(45)));
        // The outage breaker opens by default after one failure more than may be in flight.
        assertThat(config.retry()).isEqualTo(RetrySettings.defaults().withMaxAttempts(6).withOutageAfter(4));
        assertThat(config.polling()).isEqualTo(PollingSettings.defaults().withMaxInterval(Duration.ofMillis(500)));
        assertThat(config.execution()).isEqualTo(ExecutionSettings.defaults().withMaxConcurrency(3));
        assertThat(config.governance()).isEqualTo(GovernanceSettings.defaults().withTolerant(true));
        assertThat(config.reports()).isEqualTo(ReportSettings.defaults().withDir(Path.of("out")));
        assertThat(config.audit()).isEqualTo(AuditSettings.defaults().withFile(Path.of("audit.jsonl")));
        assertThat(config.webhook()).isEqualTo(WebhookSettings.defaults().withUrl("https://qa.example.com/hook"));
        assertThat(config.secrets().clientSecret()).get().extracting(s -> s.reveal()).isEqualTo("s3cret-value");
        assertThat(config.secrets().webhookSecret()).isPresent();
        assertThat(config.secrets().endpointUrl()).isEmpty();
        assertThat(config.parameters()).containsEntry(Constants.MAX_CONCURRENCY, "3").hasSize(10);
    }

    @Test
    @DisplayName("the backend is an enum: the sandbox by default with a bot, its REST Endpoint for endpoint without an endpoint URL,"
            + " its Socket Endpoint for socket without a socket URL")
    void backendChoice() {
        String bot = "classpath:bots/order-bot.yaml";
        assertThat(read(Map.of(Constants.SANDBOX_BOT, bot), Map.of()).backend().choice()).isEqualTo(BackendChoice.SANDBOX);
        assertThat(read(Map.of(Constants.SANDBOX_BOT, bot, Constants.BACKEND, "endpoint"), Map.of()).backend().choice())
                .isEqualTo(BackendChoice.SANDBOX_ENDPOINT);
        assertThat(read(Map.of(Constants.SANDBOX_BOT, bot, Constants.BACKEND, "Endpoint"),
                Map.of(Constants.ENDPOINT_URL_ENV, "https://endpoint.example.com/abcdef0123456789")).backend().choice())
                .as("an endpoint URL wins over the sandbox").isEqualTo(BackendChoice.ENDPOINT);
        assertThat(BackendChoice.SANDBOX_ENDPOINT.id()).isEqualTo("sandbox-endpoint");
        assertThatThrownBy(() -> read(Map.of(Constants.BACKEND, "sandbox-endpoint"), Map.of()))
                .hasMessageContaining("cognigy.backend=sandbox-endpoint is not a backend; use one of [endpoint, nlu, playbooks, sandbox, simulation, socket]");
        assertThat(read(Map.of(Constants.BACKEND, "nlu"), Map.of()).backend().choice()).isEqualTo(BackendChoice.NLU);
        assertThat(read(Map.of(Constants.BACKEND, "playbooks"), Map.of()).backend().choice()).isEqualTo(BackendChoice.PLAYBOOKS);
        assertThat(read(Map.of(Constants.BACKEND, "socket"), Map.of()).backend().choice()).isEqualTo(BackendChoice.SOCKET);
        assertThat(read(Map.of(Constants.SANDBOX_BOT, bot, Constants.BACKEND, "socket"), Map.of()).backend().choice())
                .as("socket without a socket URL: the sandbox's Socket Endpoint").isEqualTo(BackendChoice.SANDBOX_SOCKET);
        assertThat(read(Map.of(Constants.SANDBOX_BOT, bot, Constants.BACKEND, "socket"),
                Map.of(Constants.SOCKET_URL_ENV, "https://endpoint.example.com/abcdef0123456789")).backend().choice())
                .as("a socket URL wins over the sandbox").isEqualTo(BackendChoice.SOCKET);
        assertThat(BackendChoice.SANDBOX_SOCKET.id()).isEqualTo("sandbox-socket");
    }

    @ParameterizedTest(name = "cognigy.backend={0} suggests {1}")
    @CsvSource(textBlock = """
            rest-endpoint,    endpoint
            rest,             endpoint
            REST_ENDPOINT,    endpoint
            Rest Endpoint,    endpoint
            rest-endpont,     endpoint
            endpiont,         endpoint
            sandbox-endpoint, endpoint
            sandbox-socket,   socket
            playbook,         playbooks
            sim,              simulation
            simulator,        simulation
            sandbx,           sandbox
            webchat,          socket
            socket.io,        socket
            websocket,        socket
            """)
    @DisplayName("a backend near a backend's name, or another word for one, is refused with the one likely meant")
    void backendSuggested(String typed, String meant) {
        assertThatThrownBy(() -> read(Map.of(Constants.BACKEND, typed), Map.of()))
                .hasMessageContaining("cognigy.backend=" + typed.toLowerCase(java.util.Locale.ROOT) + " is not a backend; use one of"
                        + " [endpoint, nlu, playbooks, sandbox, simulation, socket] — did you mean '" + meant + "'?");
    }

    @Test
    @DisplayName("a backend like none is refused with the backends alone")
    void backendLikeNone() {
        assertThatThrownBy(() -> read(Map.of(Constants.BACKEND, "webhook"), Map.of()))
                .hasMessageContaining("cognigy.backend=webhook is not a backend; use one of [endpoint, nlu, playbooks, sandbox,"
                        + " simulation, socket]").hasMessageNotContaining("did you mean");
    }

    @ParameterizedTest(name = "{0}={1} suggests {2}")
    @CsvSource(textBlock = """
            cognigy.replay,                   recording, record,   '[off, record, replay, auto]'
            cognigy.playbooks.mode,           generate,  generated, '[existing, generated]'
            cognigy.governance.mode,          tolerent,  tolerant, '[strict, tolerant]'
            cognigy.naming-strategy,          shrot,     short,    '[short, long]'
            cognigy.endpoint.code-node,       per_flow,  per-flow, '[shared, per-flow]'
            cognigy.endpoint.user-scope,      cases,     case,     '[case, run, fixed]'
            cognigy.execution.parallel.config.strategy, fixd, fixed, '[fixed, dynamic, custom]'
            """)
    @DisplayName("every other setting of a few values refuses a near miss as the backend does: the values, and the one likely meant")
    void choicesSuggested(String key, String typed, String meant, String allowed) {
        assertThatThrownBy(() -> read(Map.of(key, typed), Map.of()))
                .hasMessageContaining(key + "=" + typed + " must be one of " + allowed + " — did you mean '" + meant + "'?");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(textBlock = """
            cognigy.replay,                  replai,   'cognigy.replay=replai must be one of [off, record, replay, auto] — did you mean ''replay''?'
            cognigy.replay,                  Recrod,   'cognigy.replay=Recrod must be one of [off, record, replay, auto] — did you mean ''record''?'
            cognigy.replay,                  sometimes, 'cognigy.replay=sometimes must be one of [off, record, replay, auto]'
            cognigy.playbooks.mode,          generatd, 'cognigy.playbooks.mode=generatd must be one of [existing, generated] — did you mean ''generated''?'
            cognigy.governance.require-live, yes,      'cognigy.governance.require-live=yes must be true or false'
            """)
    @DisplayName("the replay layer and discovery's playbooks, which read their settings apart from the rest, refuse a value"
            + " in the configuration's own words: the values allowed and the one likely meant")
    void readApartInTheConfigurationsWords(String key, String typed, String said) {
        assertThat(EngineConfig.check(new MapParameters(Map.of(key, typed)), name -> null, config -> List.of()).problems())
                .containsExactly(said);
        org.assertj.core.api.ThrowableAssert.ThrowingCallable apart = key.equals(Constants.PLAYBOOKS_MODE)
                ? () -> PlaybooksSettings.generated(new MapParameters(Map.of(key, typed)))
                : () -> dev.botsim.cognigy.engine.replay.ReplaySettings.of(Map.of(key, typed));
        assertThatThrownBy(apart).isInstanceOf(ConfigurationException.class).hasMessage(said);
    }

    @Test
    @DisplayName("settings other parts read — replay, require-live, NLU training, the webhook's secret — are refused in the"
            + " same one message as the rest, whatever the backend")
    void keysReadElsewhereInTheOneMessage() {
        assertThatThrownBy(() -> read(Map.of(Constants.REPEAT, "0", Constants.REPLAY, "bogus", Constants.GOVERNANCE_REQUIRE_LIVE, "maybe",
                Constants.NLU_TRAIN_FIRST, "sometimes", Constants.WEBHOOK_URL, "https://qa.example.com/hook"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.repeat=0")
                .hasMessageContaining("cognigy.replay=bogus must be one of [off, record, replay, auto]")
                .hasMessageContaining("cognigy.governance.require-live=maybe must be true or false")
                .hasMessageContaining("cognigy.nlu.train-first=sometimes must be true or false")
                .hasMessageContaining("cognigy.webhook.url is set but the environment variable COGNIGY_WEBHOOK_SECRET is not");
        assertThatThrownBy(() -> read(Map.of(Constants.REPLAY, "bogus", Constants.WEBHOOK_URL, "https://qa.example.com/hook"),
                Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_c2hvcnQta2V5")))
                .hasMessageContaining("cognigy.replay=bogus")
                .hasMessageContaining("COGNIGY_WEBHOOK_SECRET: the secret decodes to 9 bytes; a signing key must be at least 24 bytes")
                .hasMessageNotContaining("c2hvcnQta2V5");
    }

    @Test
    @DisplayName("COGNIGY_SHARD_KEY is read from the environment, surrounding white space left out; one shorter than 32 bytes"
            + " is refused in the one message with the rest, naming the variable and the fix, never the key")
    void shardKey() {
        String key = "shard-key-0123456789abcdef0123456";
        assertThat(read(Map.of(), Map.of(Constants.SHARD_KEY_ENV, " " + key + "\n")).secrets().shardKey()).map(Secret::reveal).contains(key);
        assertThat(read(Map.of(), Map.of()).secrets().shardKey()).isEmpty();
        assertThatThrownBy(() -> read(Map.of(Constants.REPLAY, "bogus"), Map.of(Constants.SHARD_KEY_ENV, "sk-31-bytes-of-key-material-xyz")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.replay=bogus")
                .hasMessageContaining("the environment variable COGNIGY_SHARD_KEY holds 31 bytes; a shard key must be at least 32:"
                        + " set it, in every shard's or fork's job and in the merge's, to the same random value, e.g. the output of"
                        + " openssl rand -base64 32")
                .hasMessageNotContaining("sk-31-bytes-of-key-material-xyz");
    }

    @Test
    @DisplayName("a run id of . or .. is refused: the run's parts would go into the report folder itself or beside it")
    void runIdThatNamesNoFolderOfItsOwn() {
        for (String id : java.util.List.of(".", "..")) {
            assertThatThrownBy(() -> read(Map.of(Constants.RUN_ID, id, Constants.SHARD, "1/2"), Map.of()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("cognigy.run-id=" + id + " must be 1 to 100 letters, digits, '.', '_' or '-', other than . and ..");
            assertThatThrownBy(() -> read(Map.of(Constants.SHARD, "1/2"), Map.of(Constants.RUN_ID_ENV, id)))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("other than . and ..");
        }
        assertThat(read(Map.of(Constants.RUN_ID, "...", Constants.SHARD, "1/2"), Map.of()).run().runId()).contains("...");
        assertThat(read(Map.of(Constants.RUN_ID, "v1.2", Constants.SHARD, "1/2"), Map.of()).run().runId()).contains("v1.2");
    }

    @Test
    @DisplayName("every problem in one message without stack trace, unknown keys with a did-you-mean, secrets never repeated")
    void oneMessage() {
        assertThatThrownBy(() -> read(Map.of(Constants.MAX_CONCURRENCY, "0", "cognigy.pol.timeout", "5s",
                Constants.ENDPOINT_URL, "https://endpoint.example.com/tok-canary-1234", Constants.WEBHOOK_BUDGET, "soon"), Map.of()))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.getStackTrace()).isEmpty())
                .hasMessageStartingWith("The cognigy engine is misconfigured:")
                .hasMessageContaining("cognigy.execution.max-concurrency=0 must be a whole number from 1 to 10000")
                .hasMessageContaining("unknown configuration key cognigy.pol.timeout — did you mean 'cognigy.poll.timeout'?")
                .hasMessageContaining("cognigy.endpoint.url must not be set")
                .hasMessageContaining("cognigy.webhook.budget=soon is not a duration")
                .hasMessageContaining("Settings come from src/test/resources/junit-platform.properties, -D system properties and"
                        + " Surefire's <configurationParameters>")
                .hasMessageNotContaining("tok-canary-1234");
    }

    @Test
    @DisplayName("the Maven plugin's properties, which Surefire passes to the tests with every -D, are not refused; a misspelt one is")
    void mavenPluginProperties() {
        assertThat(read(Map.of("cognigy.merge.skip", "true", "cognigy.merge.out", "target/merged", "cognigy.merge.report-dir",
                "target/cognigy-reports", "cognigy.skip-prepare-run", "true"), Map.of())).isEqualTo(EngineConfig.defaults()
                .withParameters(Map.of("cognigy.merge.skip", "true", "cognigy.merge.out", "target/merged", "cognigy.merge.report-dir",
                        "target/cognigy-reports", "cognigy.skip-prepare-run", "true")));
        assertThatThrownBy(() -> read(Map.of("cognigy.merge.skp", "true"), Map.of()))
                .hasMessageContaining("unknown configuration key cognigy.merge.skp — did you mean 'cognigy.merge.skip'?");
    }

    @Test
    @DisplayName("a cognigy key written in another case, or with a segment left out, is refused naming the key it means")
    void unknownKeysNamed() {
        assertThatThrownBy(() -> read(Map.of("Cognigy.Backend", "sandbox", "COGNIGY.REPORT.DIR", "out",
                "cognigy.max-concurency", "4"), Map.of()))
                .hasMessageContaining("unknown configuration key Cognigy.Backend — did you mean 'cognigy.backend'?")
                .hasMessageContaining("unknown configuration key COGNIGY.REPORT.DIR — did you mean 'cognigy.report.dir'?")
                .hasMessageContaining("unknown configuration key cognigy.max-concurency — did you mean 'cognigy.execution.max-concurrency'?");
        assertThat(read(Map.of("junit.jupiter.execution.parallel.enabled", "true", "Other.Key", "x"), Map.of()))
                .as("keys of others are not the engine's to refuse").isEqualTo(EngineConfig.defaults());
    }

    @Test
    @DisplayName("a cognigy key with its first word misspelt is refused naming the key it means, not left without effect")
    void misspeltPrefixNamed() {
        assertThatThrownBy(() -> read(Map.of("cogingy.sandbox.bot", "classpath:b.bot.yaml", "Congigy.Report.Dir", "out"),
                Map.of()))
                .hasMessageContaining("unknown configuration key cogingy.sandbox.bot — did you mean 'cognigy.sandbox.bot'?")
                .hasMessageContaining("unknown configuration key Congigy.Report.Dir — did you mean 'cognigy.report.dir'?");
        assertThat(read(Map.of("cognac.report.dir", "x", "cogingy.no-such-key", "x", "cognigyx", "x"), Map.of()))
                .as("only a key that is one of the engine's but for its first word is the engine's to refuse")
                .isEqualTo(EngineConfig.defaults());
    }

    @Test
    @DisplayName("the keys alone are refused as a run refuses them, for a tool handing the engine a build's properties: an"
            + " engine or plugin key misspelt, with the key meant; the engine's and the plugin's keys, and others', are not")
    void refusedKeysByName() {
        assertThat(EngineConfig.refusedKeys(List.of("cogingy.run-id", "cognigy.runid", "cognigy.merge.skp", "cognigy.run-id",
                "cognigy.merge.skip", "cognigy.audit.file", "revision", "cognac.report.dir", "maven.test.skip")))
                .containsExactlyInAnyOrder("unknown configuration key cognigy.merge.skp — did you mean 'cognigy.merge.skip'?",
                        "unknown configuration key cognigy.runid — did you mean 'cognigy.run-id'?",
                        "unknown configuration key cogingy.run-id — did you mean 'cognigy.run-id'?");
    }

    @Test
    @DisplayName("a secret given as a parameter is refused naming its environment variable, never with a did-you-mean, never repeated")
    void secretKeys() {
        Map<String, String> variables = Map.of("cognigy.client-secret", "COGNIGY_CLIENT_SECRET", "cognigy.management.api-key",
                "COGNIGY_API_KEY", "cognigy.webhook.secret", "COGNIGY_WEBHOOK_SECRET", "cognigy.shard-key", "COGNIGY_SHARD_KEY",
                "Cognigy.Endpoint.Url", "COGNIGY_ENDPOINT_URL", "cognigy.endpoint.token", "COGNIGY_ENDPOINT_URL");
        variables.forEach((key, variable) -> assertThatThrownBy(() -> read(Map.of(key, "canary-value-9f3a"), Map.of())).as(key)
                .hasMessageContaining(key + " must not be set: secrets are read from environment variables only")
                .hasMessageContaining("set the environment variable " + variable + " instead, and rotate the secret")
                .hasMessageNotContaining("did you mean")
                .hasMessageNotContaining("canary-value-9f3a"));
        assertThatThrownBy(() -> read(Map.of("cognigy.password", "canary-value-9f3a"), Map.of()))
                .hasMessageContaining("cognigy.password must not be set")
                .hasMessageContaining("COGNIGY_CLIENT_SECRET, COGNIGY_ENDPOINT_URL, COGNIGY_API_KEY, COGNIGY_WEBHOOK_SECRET, COGNIGY_SHARD_KEY")
                .hasMessageNotContaining("canary-value-9f3a");
    }

    @Test
    @DisplayName("JUnit's parallel settings: a misspelt one is named with the right one, custom needs its class")
    void parallelKeys() {
        String prefix = Constants.PARALLEL_CONFIG_PREFIX;
        assertThatThrownBy(() -> read(Map.of(prefix + "fixed.paralellism", "0", prefix + "colour", "blue"), Map.of()))
                .hasMessageContaining("unknown configuration key " + prefix + "fixed.paralellism — did you mean '" + prefix
                        + "fixed.parallelism'?")
                .hasMessageContaining("unknown configuration key " + prefix + "colour; JUnit's parallel settings below " + prefix
                        + " are strategy, executor-service, fixed.parallelism");
        assertThatThrownBy(() -> read(Map.of(prefix + "strategy", "custom"), Map.of()))
                .hasMessageContaining(prefix + "strategy=custom needs " + prefix + "custom.class");
        assertThat(read(Map.of(prefix + "strategy", "custom", prefix + "custom.class", "com.example.Strategy"), Map.of()))
                .isNotNull();
        assertThatThrownBy(() -> read(Map.of(prefix + "fixed.max-pool-size", "2"), Map.of()))
                .hasMessageContaining(prefix + "fixed.max-pool-size=2 must be a whole number of at least the parallelism, 8");
    }

    @Test
    @DisplayName("durations: negative, longer than 24 days or too long to count are refused as such; timeouts that cannot be 0 are not")
    void durations() {
        assertThatThrownBy(() -> read(Map.of(Constants.HTTP_CONNECT_TIMEOUT, "-5s", Constants.HTTP_READ_TIMEOUT, "9999999999999h",
                Constants.WEBHOOK_BUDGET, "9999999999999999h", Constants.RETRY_LONGEST_WAIT, "99999999999999999999h",
                Constants.HTTP_CALL_TIMEOUT, "577h", Constants.POLL_TIMEOUT, "0s", Constants.POLL_MAX_INTERVAL, "0ms"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.http.connect-timeout=-5s is negative")
                .hasMessageContaining("cognigy.http.read-timeout=9999999999999h is too long: at most 24 days (576h)")
                .hasMessageContaining("cognigy.webhook.budget=9999999999999999h is too long")
                .hasMessageContaining("cognigy.retry.longest-wait=99999999999999999999h is too long")
                .hasMessageContaining("cognigy.http.call-timeout=577h is too long")
                .hasMessageContaining("cognigy.poll.timeout=0s must be more than 0")
                .hasMessageContaining("cognigy.poll.max-interval=0ms must be more than 0");
        EngineConfig longest = read(Map.of(Constants.HTTP_CALL_TIMEOUT, "576h", Constants.HTTP_READ_TIMEOUT, "0s"), Map.of());
        assertThat(longest.http()).isEqualTo(HttpSettings.defaults().withCall(Duration.ofDays(24)).withRead(Duration.ZERO));
    }

    @Test
    @DisplayName("a duration of 0 needs no unit, as docs/configuration.md writes it: an HTTP timeout of 0 is no limit, a"
            + " progress interval of 0 no progress lines; a timeout that cannot be 0 says so; another number without a unit is refused")
    void zeroDurationWithoutUnit() {
        EngineConfig zero = read(Map.of(Constants.HTTP_READ_TIMEOUT, "0", Constants.HTTP_CALL_TIMEOUT, " 0 ",
                Constants.PROGRESS_INTERVAL, "0"), Map.of());
        assertThat(zero.http()).isEqualTo(HttpSettings.defaults().withRead(Duration.ZERO).withCall(Duration.ZERO));
        assertThat(zero.reports()).isEqualTo(ReportSettings.defaults().withProgressInterval(Duration.ZERO));
        assertThatThrownBy(() -> read(Map.of(Constants.POLL_TIMEOUT, "0", Constants.RETRY_OUTAGE_PROBE, "30"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.poll.timeout=0 must be more than 0")
                .hasMessageContaining("cognigy.retry.outage-probe=30 is not a duration; write e.g. 30s, 250ms, 2m or PT30S");
    }

    @Test
    @DisplayName("the outage breaker: opens after max-concurrency + 1 failures unless set, at least 1; probes every 30 s unless"
            + " set, never every 0 s")
    void outage() {
        assertThat(read(Map.of(), Map.of()).retry()).extracting(RetrySettings::outageAfter, RetrySettings::outageProbe)
                .containsExactly(9, Duration.ofSeconds(30));
        assertThat(read(Map.of(Constants.MAX_CONCURRENCY, "32"), Map.of()).retry().outageAfter()).isEqualTo(33);
        assertThat(read(Map.of(Constants.MAX_CONCURRENCY, "32", Constants.RETRY_OUTAGE_AFTER, "3", Constants.RETRY_OUTAGE_PROBE, "2m"),
                Map.of()).retry()).extracting(RetrySettings::outageAfter, RetrySettings::outageProbe).containsExactly(3, Duration.ofMinutes(2));
        assertThatThrownBy(() -> read(Map.of(Constants.RETRY_OUTAGE_AFTER, "0", Constants.RETRY_OUTAGE_PROBE, "0s"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.retry.outage-after=0 must be a whole number from 1 to 2147483647: the requests in a"
                        + " row that failed after their retries before the environment is taken for down")
                .hasMessageContaining("cognigy.retry.outage-probe=0s must be more than 0: it is how often one request is sent to"
                        + " see whether an environment taken for down is back");
    }

    @Test
    @DisplayName("base URL, management URL and webhook URL are checked with the rest; user info is refused and never repeated")
    void urls() {
        assertThatThrownBy(() -> read(Map.of(Constants.BASE_URL, "cognigy.example.com", Constants.MANAGEMENT_URL,
                "https://api.example.com/?project=1", Constants.WEBHOOK_URL, "https://qa:canary-pass-77@qa.example.com/hook",
                Constants.MAX_CONCURRENCY, "0"), Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr")))
                .hasMessageContaining("cognigy.base-url=cognigy.example.com is not an http(s) URL; write it like https://cognigy.example.com")
                .hasMessageContaining("cognigy.management.url=https://api.example.com/?**** has a query or fragment")
                .hasMessageContaining("cognigy.webhook.url=https://****@qa.example.com/hook holds a user name or password")
                .hasMessageContaining("cognigy.execution.max-concurrency=0")
                .hasMessageNotContaining("canary-pass-77");
        assertThatThrownBy(() -> read(Map.of(Constants.BASE_URL, "htps://admin:canary-pass-77@cognigy.example.com"), Map.of()))
                .hasMessageContaining("cognigy.base-url=htps://****@cognigy.example.com is not an http(s) URL")
                .hasMessageNotContaining("canary-pass-77");
        // A receiver may take its token in the query: a refused webhook URL is repeated without it, in the CI log too.
        assertThatThrownBy(() -> read(Map.of(Constants.WEBHOOK_URL, "https://qa:canary-pass-77@qa.example.com/hook?token=canary-token-88"),
                Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr")))
                .hasMessageContaining("cognigy.webhook.url=https://****@qa.example.com/hook?**** holds a user name or password")
                .hasMessageNotContaining("canary-pass-77").hasMessageNotContaining("canary-token-88");
        assertThatThrownBy(() -> read(Map.of(Constants.WEBHOOK_URL, "htps://qa.example.com/hook#token=canary-token-88"),
                Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr")))
                .hasMessageContaining("cognigy.webhook.url=htps://qa.example.com/hook#**** is not an http(s) URL")
                .hasMessageNotContaining("canary-token-88");
        // A password written with an '@' of its own makes the URL no URL: the refusal shows none of it.
        assertThatThrownBy(() -> read(Map.of(Constants.WEBHOOK_URL, "https://qa:P@ss-canary-77@qa.example.com/hook?token=canary-token-88"),
                Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr")))
                .hasMessageContaining("cognigy.webhook.url=https://****@qa.example.com/hook?**** is not an http(s) URL")
                .hasMessageNotContaining("canary-77").hasMessageNotContaining("canary-token-88");
        // A URL java.net.URI takes and OkHttp does not (no port 0 or above 65535) is refused here, not where the client is built.
        for (String port : List.of("0", "99999")) {
            assertThatThrownBy(() -> read(Map.of(Constants.WEBHOOK_URL, "https://qa.example.com:" + port + "/hook?token=canary-token-88"),
                    Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr")))
                    .hasMessageContaining("cognigy.webhook.url=https://qa.example.com:" + port + "/hook?**** is not an http(s) URL")
                    .hasMessageNotContaining("canary-token-88");
        }
        assertThat(read(Map.of(Constants.WEBHOOK_URL, "https://qa.example.com/hook?team=bots"),
                Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr")).webhook().url())
                .as("a webhook URL keeps its query").contains("https://qa.example.com/hook?team=bots");
    }

    @Test
    @DisplayName("a path written with Windows' backslashes is refused on a system where '\\' is a file name's character,"
            + " naming the path with '/'; one a .properties file's escapes turned into a tab is refused too")
    void pathsWithBackslashes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.io.File.separatorChar == '/', "'\\' separates folders here");
        assertThatThrownBy(() -> read(Map.of(Constants.REPORT_DIR, "target\\cognigy-reports", Constants.REPLAY, "replay",
                Constants.REPLAY_DIR, "src\\test\\cognigy", Constants.AUDIT_FILE, "audit\\trail.jsonl"), Map.of()))
                .hasMessageContaining("cognigy.report.dir=target\\cognigy-reports separates its folders with '\\'")
                .hasMessageContaining("write target/cognigy-reports")
                .hasMessageContaining("write src/test/cognigy")
                .hasMessageContaining("write audit/trail.jsonl");
        // As a team's junit-platform.properties writes it, with single backslashes: Properties reads \t as a tab.
        java.util.Properties written = new java.util.Properties();
        written.load(new java.io.StringReader("cognigy.approve.dir=src\\test\\cognigy\\approved\n"));
        assertThatThrownBy(() -> read(Map.of(Constants.APPROVE_DIR, written.getProperty(Constants.APPROVE_DIR)), Map.of()))
                .hasMessageContaining("cognigy.approve.dir=src\\testcognigyapproved holds a control character")
                .hasMessageContaining("write the path with '/'");
        assertThat(read(Map.of(Constants.REPORT_DIR, "target/cognigy-reports"), Map.of()).reports().dir())
                .isEqualTo(Path.of("target/cognigy-reports"));
    }

    @Test
    @DisplayName("a path the file system cannot name (a NUL, which junit-platform.properties writes as \\u0000; on Windows also"
            + " one of <>\"|?*) is refused in the one message with every other problem, naming its key, and read as the"
            + " default: never thrown as an exception of its own")
    void pathsTheFileSystemCannotName() {
        String nul = "out\u0000dir";
        List<String> keys = List.of(Constants.REPORT_DIR, Constants.APPROVE_DIR, Constants.WEBHOOK_OUTBOX_DIR, Constants.AUDIT_FILE,
                Constants.REPLAY_DIR);
        Map<String, String> parameters = new java.util.HashMap<>(Map.of(Constants.REPLAY, "record", Constants.MAX_CONCURRENCY, "0"));
        keys.forEach(key -> parameters.put(key, nul));

        EngineConfig.Reading reading = EngineConfig.check(new MapParameters(parameters), name -> null, config -> List.of());

        assertThat(reading.problems()).hasSize(keys.size() + 1)
                .anySatisfy(problem -> assertThat(problem).startsWith(Constants.MAX_CONCURRENCY + "=0 must be a whole number"));
        for (String key : keys) {
            assertThat(reading.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith(key + "=out\\u0000dir holds a control character"));
        }
        assertThat(reading.refused()).containsAll(keys);
        EngineConfig defaults = EngineConfig.defaults();
        assertThat(reading.config().reportDir()).isEqualTo(defaults.reportDir());
        assertThat(reading.config().approval().dir()).isEqualTo(defaults.approval().dir());
        assertThat(reading.config().webhook().outbox()).isEqualTo(defaults.webhook().outbox());
        assertThat(reading.config().auditFile()).isEmpty();
        assertThat(reading.config().replay().dir()).isEqualTo(defaults.replay().dir());
    }

    @Test
    @DisplayName("a folder setting naming a file, or the audit file naming a folder, is refused before the run")
    void paths(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");
        assertThatThrownBy(() -> read(Map.of(Constants.REPORT_DIR, file.toString(), Constants.APPROVE_DIR, file.toString(),
                Constants.WEBHOOK_OUTBOX_DIR, file.toString(), Constants.REPLAY, "record", Constants.REPLAY_DIR, file.toString(),
                Constants.AUDIT_FILE, dir.toString()), Map.of()))
                .hasMessageContaining("cognigy.report.dir=" + file + " is a file, not a folder")
                .hasMessageContaining("cognigy.approve.dir=" + file + " is a file, not a folder")
                .hasMessageContaining("cognigy.webhook.outbox-dir=" + file + " is a file, not a folder")
                .hasMessageContaining("cognigy.replay.dir=" + file + " is a file, not a folder")
                .hasMessageContaining("cognigy.audit.file=" + dir + " is a folder, not a file");
        assertThat(read(Map.of(Constants.REPORT_DIR, dir.resolve("new/reports").toString(), Constants.AUDIT_FILE,
                dir.resolve("audit.jsonl").toString(), Constants.REPLAY_DIR, file.toString()), Map.of())).as("replay off: its folder is unused")
                .isNotNull();
    }

    @Test
    @DisplayName("discovery's file-size limit is read with the same rule as the run's, falling back to the default where the run refuses")
    void maxFileSizeSameRule() {
        assertThat(EngineConfig.maxFileSize(new MapParameters(Map.of(Constants.DISCOVERY_MAX_FILE_SIZE, "2048")))).isEqualTo(2048);
        assertThat(EngineConfig.maxFileSize(new MapParameters(Map.of()))).isEqualTo(1 << 20);
        for (String refused : new String[] {"0", "-5", "big", "99999999999"}) {
            assertThat(EngineConfig.maxFileSize(new MapParameters(Map.of(Constants.DISCOVERY_MAX_FILE_SIZE, refused)))).as(refused)
                    .isEqualTo(1 << 20);
            assertThatThrownBy(() -> read(Map.of(Constants.DISCOVERY_MAX_FILE_SIZE, refused), Map.of()))
                    .hasMessageContaining(Constants.DISCOVERY_MAX_FILE_SIZE + "=" + refused + " must be a whole number");
        }
    }

    @Test
    @DisplayName("settings records are built by name: defaults and withers, never long positional lists")
    void withers() {
        EngineConfig config = EngineConfig.defaults()
                .withExecution(ExecutionSettings.defaults().withMaxConcurrency(2))
                .withGovernance(GovernanceSettings.defaults().withThreshold(0.5).withCoverageMinimum(Optional.of(0.8)));
        assertThat(config.maxConcurrency()).isEqualTo(2);
        assertThat(config.governanceThreshold()).isEqualTo(0.5);
        assertThat(config.coverageMinimum()).contains(0.8);
        assertThat(config.retry()).isEqualTo(RetrySettings.defaults());
    }

    @Test
    @DisplayName("items 9, 10, 15: the intentFlow pointer, the hourly message budget and one endpoint URL per locale")
    void endpointWire() {
        EngineConfig config = read(Map.of(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, "1200",
                        Constants.ENDPOINT_DATA_INTENT_FLOW, "/nlu/flowRef"),
                Map.of("COGNIGY_ENDPOINT_URL_DE_DE", "https://endpoint-trial.cognigy.ai/de-token"));
        assertThat(config.backend().endpoint().maxMessagesPerHour()).hasValue(1200);
        assertThat(config.backend().endpointData().intentFlow()).isEqualTo("/nlu/flowRef");
        assertThat(config.secrets().localeEndpointUrls().apply("de-DE")).get().extracting(s -> s.reveal())
                .isEqualTo("https://endpoint-trial.cognigy.ai/de-token");
        assertThat(config.secrets().localeEndpointUrls().apply("fr-FR")).isEmpty();
        assertThat(Secrets.endpointUrlVariable("pt-br")).isEqualTo("COGNIGY_ENDPOINT_URL_PT_BR");
        assertThat(read(Map.of(), Map.of()).backend().endpoint().maxMessagesPerHour()).isEmpty();
        assertThat(read(Map.of(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, "0"), Map.of()).backend().endpoint()
                .maxMessagesPerHour()).hasValue(0);
        assertThatThrownBy(() -> read(Map.of(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, "-5"), Map.of()))
                .hasMessageContaining("cognigy.endpoint.max-messages-per-hour=-5 must be a whole number from 0");
    }

    @Test
    @DisplayName("cognigy.management.unlisted-slots: names comma-separated, trimmed, each once, case kept as Cognigy's; a blank"
            + " name (a stray comma) is refused naming the key")
    void unlistedSlots() {
        assertThat(read(Map.of(), Map.of()).backend().management().unlistedSlots()).isEmpty();
        assertThat(read(Map.of(Constants.MANAGEMENT_UNLISTED_SLOTS, " order_id , Customer_Tier,order_id"), Map.of()).backend()
                .management()).isEqualTo(BackendSettings.Management.defaults().withUnlistedSlots(List.of("order_id", "Customer_Tier")));
        for (String blank : List.of("order_id,,email", "order_id,", ", order_id", " , ")) {
            assertThatThrownBy(() -> read(Map.of(Constants.MANAGEMENT_UNLISTED_SLOTS, blank), Map.of()))
                    .as(blank).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("cognigy.management.unlisted-slots=" + blank.strip() + " holds a blank slot name;")
                    .hasMessageContaining("comma-separated");
        }
    }

    @Test
    @DisplayName("item 6: cognigy.endpoint.user-scope is case by default, run or fixed when set, and anything else is named"
            + " with the values it takes")
    void userScope() {
        assertThat(read(Map.of(), Map.of()).userScope()).isEqualTo(UserScope.CASE);
        assertThat(read(Map.of(Constants.USER_SCOPE, "Run"), Map.of()).userScope()).isEqualTo(UserScope.RUN);
        assertThat(read(Map.of(Constants.USER_SCOPE, "fixed"), Map.of()).userScope()).isEqualTo(UserScope.FIXED);
        assertThat(read(Map.of(Constants.USER_SCOPE, " Fixed "), Map.of()).userScope()).isEqualTo(UserScope.FIXED);
        assertThatThrownBy(() -> read(Map.of(Constants.USER_SCOPE, "session"), Map.of()))
                .hasMessageContaining("cognigy.endpoint.user-scope=session must be one of [case, run, fixed]")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    @DisplayName("a reading names the keys whose value it refused (and read as the default), not the keys it read nor those"
            + " whose problem is another's: what a comparison of two runs' settings must not take for the default")
    void readingNamesTheRefusedKeys() {
        Map<String, String> given = new java.util.TreeMap<>(Map.of(Constants.GOVERNANCE_THRESHOLD, "high", Constants.WEBHOOK_TIMEOUT,
                "10 seconds", Constants.BACKEND, "cloud", Constants.REPLAY, "sometimes", Constants.BASE_URL, "ftp://tenant",
                Constants.REPEAT_PASS_RATIO, "0", Constants.POLL_TIMEOUT, "0", Constants.GOVERNANCE_MODE, "TOLERANT",
                Constants.WEBHOOK_BUDGET, "1m"));
        given.put(Constants.SANDBOX_PLAYBOOKS, "playbooks.json");
        EngineConfig.Reading reading = EngineConfig.check(new MapParameters(given), name -> null, config -> java.util.List.of());

        assertThat(reading.refused()).containsExactlyInAnyOrder(Constants.GOVERNANCE_THRESHOLD, Constants.WEBHOOK_TIMEOUT,
                Constants.BACKEND, Constants.REPLAY, Constants.BASE_URL, Constants.REPEAT_PASS_RATIO, Constants.POLL_TIMEOUT);
        assertThat(reading.problems()).as("the sandbox's playbooks without the playbooks backend: a problem of two settings")
                .anyMatch(problem -> problem.startsWith(Constants.SANDBOX_PLAYBOOKS));
        assertThat(reading.config().governanceThreshold()).isEqualTo(GovernanceSettings.defaults().threshold());
        assertThat(EngineConfig.check(new MapParameters(Map.of()), name -> null, config -> java.util.List.of()).refused()).isEmpty();
    }
}
