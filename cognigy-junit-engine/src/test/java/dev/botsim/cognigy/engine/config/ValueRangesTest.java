package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The edges of the settings' ranges, which side of each a value falls on; what a refused value is read as beside its
 * problem; which of a key and an environment variable wins.
 */
class ValueRangesTest {

    private static EngineConfig read(Map<String, String> parameters, Map<String, String> environment) {
        return EngineConfig.read(new MapParameters(parameters), environment::get);
    }

    private static EngineConfig.Reading check(Map<String, String> parameters) {
        return EngineConfig.check(new MapParameters(parameters), name -> null, config -> List.of());
    }

    @ParameterizedTest(name = "{0}={1} is taken, the edge of its range")
    @CsvSource({"cognigy.execution.max-concurrency, 1", "cognigy.execution.max-concurrency, 10000",
            "cognigy.repeat, 1", "cognigy.repeat, 1000", "cognigy.retry.max-attempts, 1", "cognigy.retry.max-attempts, 100",
            "cognigy.webhook.max-attempts, 100", "cognigy.discovery.max-file-size, 1"})
    @DisplayName("a whole number at either end of its range is taken as given")
    void wholeNumberAtTheEdge(String key, String value) {
        EngineConfig.Reading reading = check(Map.of(key, value));
        assertThat(reading.problems()).isEmpty();
        int read = switch (key) {
            case Constants.MAX_CONCURRENCY -> reading.config().maxConcurrency();
            case Constants.REPEAT -> reading.config().repeat();
            case Constants.RETRY_MAX_ATTEMPTS -> reading.config().retry().maxAttempts();
            case Constants.WEBHOOK_MAX_ATTEMPTS -> reading.config().webhook().maxAttempts();
            default -> (int) EngineConfig.maxFileSize(new MapParameters(Map.of(key, value)));
        };
        assertThat(read).isEqualTo(Integer.parseInt(value));
    }

    @ParameterizedTest(name = "{0}={1} is refused, one past the edge of its range")
    @CsvSource({"cognigy.execution.max-concurrency, 10001, 1 to 10000", "cognigy.retry.max-attempts, 0, 1 to 100",
            "cognigy.retry.max-attempts, 101, 1 to 100", "cognigy.webhook.max-attempts, 101, 1 to 100",
            "cognigy.discovery.max-file-size, 0, 1 to 2147483647"})
    @DisplayName("a whole number one past either end of its range is refused naming the range, and read as the default")
    void wholeNumberPastTheEdge(String key, String value, String range) {
        EngineConfig.Reading reading = check(Map.of(key, value));
        assertThat(reading.problems()).containsExactly(key + "=" + value + " must be a whole number from " + range);
        assertThat(reading.refused()).containsExactly(key);
        assertThat(reading.config().maxConcurrency()).isEqualTo(EngineConfig.defaults().maxConcurrency());
        assertThat(reading.config().retry().maxAttempts()).isEqualTo(RetrySettings.defaults().maxAttempts());
    }

    @Test
    @DisplayName("shares: 1 is the top of a pass ratio and a threshold, 0 the bottom of a threshold; a pass ratio of 0 is refused"
            + " and read as 1, the default, beside its problem")
    void sharesAtTheEdge() {
        assertThat(check(Map.of(Constants.REPEAT_PASS_RATIO, "0.95")).config().repeatPassRatio()).isEqualTo(0.95);
        assertThat(check(Map.of(Constants.REPEAT_PASS_RATIO, "1")).config().repeatPassRatio()).isEqualTo(1.0);
        assertThat(check(Map.of(Constants.GOVERNANCE_THRESHOLD, "1")).config().governanceThreshold()).isEqualTo(1.0);
        assertThat(check(Map.of(Constants.GOVERNANCE_THRESHOLD, "0")).config().governanceThreshold()).isEqualTo(0.0);
        EngineConfig.Reading zero = check(Map.of(Constants.REPEAT_PASS_RATIO, "0"));
        assertThat(zero.problems()).singleElement().asString().startsWith(Constants.REPEAT_PASS_RATIO + "=0 would pass");
        assertThat(zero.config().repeatPassRatio()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("JUnit's dynamic factors: the factor must be above 0, the pool's factor at least 1; each edge taken, each value"
            + " past it refused in the words of its own rule")
    void parallelFactors() {
        String prefix = Constants.PARALLEL_CONFIG_PREFIX;
        assertThat(check(Map.of(prefix + "dynamic.factor", "0.5", prefix + "dynamic.max-pool-size-factor", "1")).problems()).isEmpty();
        assertThat(check(Map.of(prefix + "dynamic.factor", "0")).problems())
                .containsExactly(prefix + "dynamic.factor=0 must be a number greater than 0.0");
        assertThat(check(Map.of(prefix + "dynamic.max-pool-size-factor", "0.99")).problems())
                .containsExactly(prefix + "dynamic.max-pool-size-factor=0.99 must be a number from 1.0");
        assertThat(check(Map.of(prefix + "dynamic.max-pool-size-factor", "many")).problems())
                .containsExactly(prefix + "dynamic.max-pool-size-factor=many must be a number from 1.0");
        assertThat(check(Map.of(prefix + "fixed.parallelism", "3", prefix + "fixed.max-pool-size", "3")).problems()).isEmpty();
    }

    @ParameterizedTest(name = "cognigy.shard={0} is taken as {1}")
    @CsvSource({"1/4, 1/4", "4/4, 4/4", "1/1, 1/1", " 2 / 3 , 2/3"})
    @DisplayName("a shard from the first to the last part is taken")
    void shardTaken(String written, String shard) {
        EngineConfig.Reading reading = check(Map.of(Constants.SHARD, written, Constants.RUN_ID, "run-7"));
        assertThat(reading.problems()).isEmpty();
        assertThat(reading.config().run().shard()).map(Shard::toString).contains(shard);
    }

    @ParameterizedTest(name = "cognigy.shard={0} is refused")
    @CsvSource({"0/4", "5/4", "1/0", "0/0", "-1/4", "1-4", "two/four"})
    @DisplayName("a shard before the first or after the last part, or of no parts, is refused naming the form, with no other problem")
    void shardRefused(String written) {
        EngineConfig.Reading reading = check(Map.of(Constants.SHARD, written, Constants.RUN_ID, "run-7"));
        assertThat(reading.problems()).containsExactly(Constants.SHARD + "=" + written + " must be <i>/<n> with 1 <= i <= n, e.g. 1/4");
        assertThat(reading.config().run().shard()).isEmpty();
    }

    @Test
    @DisplayName("a shard made in code takes the same range: the first to the last part of at least one")
    void shardRange() {
        assertThat(new Shard(1, 1)).hasToString("1/1");
        assertThat(new Shard(4, 4)).hasToString("4/4");
        for (int[] outside : new int[][] {{0, 4}, {5, 4}, {1, 0}, {0, 0}}) {
            assertThatThrownBy(() -> new Shard(outside[0], outside[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("shard " + outside[0] + "/" + outside[1] + " is not one of 1/" + outside[1] + " to " + outside[1]
                            + "/" + outside[1]);
        }
    }

    @Test
    @DisplayName("a shard or a deferred part without a run id is refused naming what sets one; with a refused run id only that"
            + " refusal is said")
    void partNeedsRunId() {
        assertThat(check(Map.of(Constants.SHARD, "1/2")).problems()).singleElement().asString()
                .startsWith(Constants.SHARD + " needs a run id that every part shares, for merge to put them together: set "
                        + Constants.RUN_ID + " or " + Constants.RUN_ID_ENV);
        assertThat(check(Map.of(Constants.RUN_DEFER, "true")).problems()).singleElement().asString()
                .startsWith(Constants.RUN_DEFER + " needs a run id");
        assertThat(check(Map.of(Constants.SHARD, "1/2", Constants.RUN_ID, "a b")).problems()).singleElement().asString()
                .startsWith(Constants.RUN_ID + "=a b must be 1 to 100 letters");
        EngineConfig deferred = read(Map.of(Constants.RUN_DEFER, "true"), Map.of(Constants.RUN_ID_ENV, "build-12"));
        assertThat(deferred.deferred()).isTrue();
        assertThat(deferred.run().runId()).contains("build-12");
        assertThat(read(Map.of(), Map.of()).deferred()).isFalse();
    }

    @Test
    @DisplayName("the shard key's edge: 32 bytes are taken, 31 refused")
    void shardKeyEdge() {
        String key = "k".repeat(32);
        assertThat(read(Map.of(), Map.of(Constants.SHARD_KEY_ENV, key)).secrets().shardKey()).isPresent();
        assertThatThrownBy(() -> read(Map.of(), Map.of(Constants.SHARD_KEY_ENV, key.substring(1))))
                .hasMessageContaining("holds 31 bytes; a shard key must be at least 32");
    }

    @ParameterizedTest(name = "{0}={1} is refused and read as its default")
    @CsvSource({"cognigy.http.connect-timeout, soon", "cognigy.http.connect-timeout, -1s", "cognigy.http.connect-timeout, 577h",
            "cognigy.http.connect-timeout, 99999999999999999999s", "cognigy.poll.timeout, 0", "cognigy.poll.timeout, later"})
    @DisplayName("a refused duration is read as its default beside its problem, never as nothing")
    void refusedDurationReadAsDefault(String key, String value) {
        EngineConfig.Reading reading = check(Map.of(key, value));
        assertThat(reading.problems()).singleElement().asString().startsWith(key + "=" + value + " ");
        assertThat(reading.refused()).containsExactly(key);
        assertThat(reading.config().http()).isEqualTo(HttpSettings.defaults());
        assertThat(reading.config().polling()).isEqualTo(PollingSettings.defaults());
    }

    @Test
    @DisplayName("the edge of a duration: 24 days (576h) are taken, a millisecond more is refused")
    void longestDuration() {
        assertThat(check(Map.of(Constants.HTTP_CONNECT_TIMEOUT, "576h")).config().http().connect()).isEqualTo(Duration.ofDays(24));
        assertThat(check(Map.of(Constants.HTTP_CONNECT_TIMEOUT, "PT576H0.001S")).problems()).singleElement().asString()
                .contains("is too long: at most 24 days (576h)");
    }

    @Test
    @DisplayName("a refused true-or-false is read as its default, also where the default is true")
    void refusedBooleanReadAsDefault() {
        EngineConfig.Reading reading = check(Map.of(Constants.SANDBOX_MANAGEMENT_API, "yes", Constants.PARALLEL_ENABLED, "on"));
        assertThat(reading.refused()).containsExactlyInAnyOrder(Constants.SANDBOX_MANAGEMENT_API, Constants.PARALLEL_ENABLED);
        assertThat(reading.config().backend().sandbox().managementApi()).isEqualTo(BackendSettings.defaults().sandbox().managementApi());
        assertThat(reading.config().execution().parallel()).isTrue();
        assertThat(check(Map.of(Constants.PARALLEL_ENABLED, "FALSE")).config().execution().parallel()).isFalse();
    }

    @Test
    @DisplayName("the client id: cognigy.client-id wins over COGNIGY_CLIENT_ID; a blank variable is none, as a blank key is")
    void clientIdPrecedence() {
        assertThat(read(Map.of(Constants.CLIENT_ID, "from-key"), Map.of(Constants.CLIENT_ID_ENV, "from-env")).backend()
                .simulationApi().clientId()).contains("from-key");
        assertThat(read(Map.of(Constants.CLIENT_ID, " "), Map.of(Constants.CLIENT_ID_ENV, " from-env ")).backend()
                .simulationApi().clientId()).contains("from-env");
        assertThat(read(Map.of(), Map.of(Constants.CLIENT_ID_ENV, "  ")).backend().simulationApi().clientId()).isEmpty();
    }

    @Test
    @DisplayName("the run id: cognigy.run-id wins over COGNIGY_RUN_ID, which wins over the CI's; a blank COGNIGY_RUN_ID is none")
    void runIdPrecedence() {
        Map<String, String> environment = Map.of(Constants.RUN_ID_ENV, "own-run", "GITHUB_RUN_ID", "4711");
        assertThat(read(Map.of(Constants.RUN_ID, "key-run"), environment).run().runId()).contains("key-run");
        assertThat(read(Map.of(), environment).run().runId()).contains("own-run");
        assertThat(read(Map.of(), Map.of(Constants.RUN_ID_ENV, " ", "GITHUB_RUN_ID", "4711")).run().runId()).contains("4711");
        assertThat(read(Map.of(), Map.of(Constants.RUN_ID_ENV, " ")).run().runId()).isEmpty();
    }

    @Test
    @DisplayName("cognigy.sandbox.playbooks is refused but with cognigy.backend=playbooks and a sandbox bot, which it seeds")
    void sandboxPlaybooksNeedsBoth() {
        String problem = Constants.SANDBOX_PLAYBOOKS + " seeds the playbooks of the embedded sandbox";
        String bot = "classpath:bots/order-bot.yaml";
        assertThat(check(Map.of(Constants.SANDBOX_PLAYBOOKS, "p.json", Constants.SANDBOX_BOT, bot, Constants.BACKEND, "playbooks"))
                .problems()).isEmpty();
        assertThat(check(Map.of(Constants.SANDBOX_PLAYBOOKS, "p.json", Constants.SANDBOX_BOT, bot)).problems())
                .singleElement().asString().startsWith(problem);
        assertThat(check(Map.of(Constants.SANDBOX_PLAYBOOKS, "p.json", Constants.BACKEND, "playbooks")).problems())
                .singleElement().asString().startsWith(problem);
    }

    @Test
    @DisplayName("what the run's parts ask of the configuration reads as the keys say: tolerant, full stack traces, the audit"
            + " file, the extra flows")
    void shortcutsReadTheKeys() {
        EngineConfig config = read(Map.of(Constants.GOVERNANCE_MODE, "Tolerant", Constants.FULL_STACK_TRACES, "true",
                Constants.AUDIT_FILE, "audit.jsonl", Constants.FLOWS, "Main, ,Billing"), Map.of());
        assertThat(config.tolerant()).isTrue();
        assertThat(config.fullStackTraces()).isTrue();
        assertThat(config.auditFile()).contains(Path.of("audit.jsonl"));
        assertThat(config.extraFlows()).containsExactly("Main", "Billing");
        EngineConfig defaults = read(Map.of(), Map.of());
        assertThat(defaults.tolerant()).isFalse();
        assertThat(defaults.fullStackTraces()).isFalse();
        assertThat(defaults.auditFile()).isEmpty();
    }

    @Test
    @DisplayName("a URL with a user name or password is refused saying the value would be written into the run's files; one"
            + " that is no URL is refused with an example, without that clause")
    void urlRefusals() {
        assertThat(check(Map.of(Constants.BASE_URL, "https://ops:pw-canary-1@cognigy.example.com")).problems()).singleElement()
                .asString().endsWith("holds a user name or password, which the engine does not send and which would be written"
                        + " into the run's files: remove it").doesNotContain("pw-canary-1");
        assertThat(check(Map.of(Constants.BASE_URL, "cognigy.example.com")).problems()).singleElement().asString()
                .endsWith("is not an http(s) URL; write it like https://cognigy.example.com");
    }
    @ParameterizedTest(name = "cognigy.report.github-actions={0} with GITHUB_ACTIONS={1}: written {2}")
    @CsvSource(nullValues = "unset", value = {"unset, true, true", "unset, TRUE, true", "unset, unset, false", "unset, false, false",
            "auto, true, true", "true, unset, true", "false, true, false"})
    @DisplayName("the GitHub Actions summary and annotations are written under Actions unless set false, elsewhere only when"
            + " set true; the Azure Pipelines summary alike under TF_BUILD")
    void ciReportsWhere(String setting, String variable, boolean written) {
        Map<String, String> given = new java.util.HashMap<>();
        if (setting != null) {
            given.put(Constants.REPORT_GITHUB_ACTIONS, setting);
            given.put(Constants.REPORT_AZURE_PIPELINES, setting);
        }
        ReportSettings reports = read(given, Map.of()).reports();
        Map<String, String> environment = new java.util.HashMap<>();
        if (variable != null) {
            environment.put(Constants.GITHUB_ACTIONS_ENV, variable);
            environment.put(Constants.AZURE_PIPELINES_ENV, variable);
        }
        assertThat(reports.githubActionsApply(environment::get)).isEqualTo(written);
        assertThat(reports.azurePipelinesApply(environment::get)).isEqualTo(written);
        assertThat(reports.githubActionsApply(Map.of(Constants.AZURE_PIPELINES_ENV, "true")::get))
                .as("another CI's variable").isEqualTo("true".equals(setting));
    }

    @Test
    @DisplayName("settings read apart from a run's configuration (discovery, the replay layer, the NLU backends) read as the"
            + " run reads them: in any case, trimmed, a blank value unset")
    void settingsReadApart() {
        assertThat(EngineConfig.requireLive(new MapParameters(Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, " TRUE ")))).isTrue();
        assertThat(EngineConfig.requireLive(new MapParameters(Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, " ")))).isFalse();
        assertThat(EngineConfig.trainFirst(new MapParameters(Map.of(Constants.NLU_TRAIN_FIRST, "true")))).isTrue();
        assertThat(EngineConfig.trainFirst(new MapParameters(Map.of()))).isFalse();
        assertThat(EngineConfig.defaultMode(new MapParameters(Map.of(Constants.BACKEND, " NLU "))))
                .isEqualTo(dev.botsim.cognigy.annotations.Mode.NLU);
        assertThat(EngineConfig.defaultMode(new MapParameters(Map.of()))).isEqualTo(dev.botsim.cognigy.annotations.Mode.FLOW);
        assertThat(PlaybooksSettings.chosen(new MapParameters(Map.of(Constants.BACKEND, " Playbooks ")))).isTrue();
        assertThat(PlaybooksSettings.chosen(new MapParameters(Map.of(Constants.BACKEND, "sandbox")))).isFalse();
        assertThat(PlaybooksSettings.generated(new MapParameters(Map.of(Constants.PLAYBOOKS_MODE, "Generated")))).isTrue();
        assertThat(PlaybooksSettings.generated(new MapParameters(Map.of()))).isFalse();
        assertThat(PlaybooksSettings.read(new MapParameters(Map.of(Constants.PLAYBOOKS_INCLUDE, " ")))).extracting(PlaybooksSettings::include)
                .isEqualTo("*");
        assertThat(PlaybooksSettings.read(new MapParameters(Map.of(Constants.PLAYBOOKS_INCLUDE, " Returns* ")))).extracting(PlaybooksSettings::include)
                .isEqualTo("Returns*");
    }
}
