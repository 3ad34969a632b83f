package dev.botsim.cognigy.engine.config;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.platform.engine.ConfigurationParameters;

import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.Suggestions;

/**
 * The engine's configuration, read once per run from the JUnit configuration parameters and the
 * environment. Every problem is collected, so one message tells the user everything to fix.
 */
public record EngineConfig(
        String backend,
        Optional<String> baseUrl,
        Optional<String> clientId,
        Optional<Secret> clientSecret,
        String scope,
        Optional<Secret> endpointUrl,
        Map<String, String> endpointData,
        Optional<String> managementUrl,
        Optional<String> managementProjectId,
        Optional<Secret> managementApiKey,
        Optional<String> sandboxBot,
        Duration sandboxProcessingTime,
        int maxConcurrency,
        boolean parallel,
        Duration pollTimeout,
        Duration pollInitialDelay,
        Duration pollMaxInterval,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        int retryMaxAttempts,
        Duration retryLongestWait,
        Duration retryRateLimitTimeout,
        String defaultUser,
        String defaultPlatform,
        List<String> extraFlows,
        long maxFileSize,
        Path reportDir,
        double governanceThreshold,
        boolean tolerant,
        Optional<Double> coverageMinimum,
        Duration progressInterval,
        Optional<Path> auditFile,
        Optional<String> webhookUrl,
        Optional<String> webhookProjectId,
        Optional<Secret> webhookSecret,
        Path webhookOutbox,
        Duration webhookTimeout,
        int webhookMaxAttempts,
        Duration webhookBudget,
        Map<String, String> parameters) {

    public static final Set<String> BACKENDS = Set.of("simulation", "sandbox", "endpoint");
    private static final Pattern USER_ID = Pattern.compile("^usr_[a-zA-Z0-9]+$");

    /** Reads the configuration; throws one {@link ConfigurationException} listing every problem. */
    public static EngineConfig read(ConfigurationParameters parameters, Function<String, String> environment) {
        Reader r = new Reader(parameters, environment);
        Optional<String> sandboxBot = r.string(SANDBOX_BOT);
        String backend = r.string(BACKEND).map(b -> b.trim().toLowerCase(Locale.ROOT))
                .orElse(sandboxBot.isPresent() ? "sandbox" : "simulation");
        if (!BACKENDS.contains(backend)) {
            r.problem(BACKEND + "=" + backend + " is not a backend; use one of " + new java.util.TreeSet<>(BACKENDS));
        }
        String defaultUser = r.string(DEFAULT_USER).orElse(DEFAULT_USER_ID);
        if (!USER_ID.matcher(defaultUser).matches()) {
            r.problem(DEFAULT_USER + "=" + defaultUser + " does not match ^usr_[a-zA-Z0-9]+$");
        }
        int maxConcurrency = r.integer(MAX_CONCURRENCY, DEFAULT_MAX_CONCURRENCY, 1, 10_000);
        r.refuseSecretParameter(ENDPOINT_URL, ENDPOINT_URL_ENV, "the REST Endpoint URL carries its URL token");
        r.parallelSettings(maxConcurrency);
        double threshold = r.decimal(GOVERNANCE_THRESHOLD, 0.95, 0, 1);
        EngineConfig config = new EngineConfig(
                backend,
                r.string(BASE_URL).map(EngineConfig::stripTrailingSlash),
                r.string(CLIENT_ID).or(() -> r.env(CLIENT_ID_ENV)),
                r.env(CLIENT_SECRET_ENV).map(Secret::of),
                r.string(OAUTH_SCOPE).orElse(DEFAULT_SCOPE),
                r.env(ENDPOINT_URL_ENV).map(Secret::of),
                r.pointers(Map.of(ENDPOINT_DATA_INTENT, "/intent", ENDPOINT_DATA_INTENT_SCORE, "/intentScore",
                        ENDPOINT_DATA_FLOW, "/flowName", ENDPOINT_DATA_SLOTS, "/slots",
                        ENDPOINT_DATA_ERROR_CODE, "/error/code", ENDPOINT_DATA_ERROR_MESSAGE, "/error/message")),
                r.string(MANAGEMENT_URL).map(EngineConfig::stripTrailingSlash),
                r.string(MANAGEMENT_PROJECT_ID),
                r.env(MANAGEMENT_API_KEY_ENV).map(Secret::of),
                sandboxBot,
                r.duration(SANDBOX_PROCESSING_TIME, Duration.ZERO),
                maxConcurrency,
                r.bool(PARALLEL_ENABLED, true),
                r.duration(POLL_TIMEOUT, Duration.ofSeconds(30)),
                r.duration(POLL_INITIAL_DELAY, Duration.ofMillis(100)),
                r.duration(POLL_MAX_INTERVAL, Duration.ofSeconds(2)),
                r.duration(HTTP_CONNECT_TIMEOUT, Duration.ofSeconds(10)),
                r.duration(HTTP_READ_TIMEOUT, Duration.ofSeconds(30)),
                r.duration(HTTP_CALL_TIMEOUT, Duration.ofSeconds(60)),
                r.integer(RETRY_MAX_ATTEMPTS, 4, 1, 100),
                r.duration(RETRY_LONGEST_WAIT, Duration.ofMinutes(5)),
                r.duration(RETRY_RATE_LIMIT_TIMEOUT, Duration.ofMinutes(15)),
                defaultUser,
                r.string(DEFAULT_PLATFORM).orElse("web"),
                r.string(FLOWS).map(EngineConfig::list).orElse(List.of()),
                r.integer(DISCOVERY_MAX_FILE_SIZE, 1 << 20, 1, Integer.MAX_VALUE),
                Path.of(r.string(REPORT_DIR).orElse("target/cognigy-reports")),
                threshold,
                r.choice(GOVERNANCE_MODE, List.of("strict", "tolerant"), "strict").equals("tolerant"),
                r.string(COVERAGE_MINIMUM).map(v -> r.decimal(COVERAGE_MINIMUM, 0, 0, 1)),
                r.duration(PROGRESS_INTERVAL, Duration.ofSeconds(5)),
                r.string(AUDIT_FILE).map(Path::of),
                r.string(WEBHOOK_URL),
                r.string(WEBHOOK_PROJECT_ID),
                r.env(WEBHOOK_SECRET_ENV).map(Secret::of),
                Path.of(r.string(WEBHOOK_OUTBOX_DIR).orElse(".cognigy/outbox")),
                r.duration(WEBHOOK_TIMEOUT, Duration.ofSeconds(10)),
                r.integer(WEBHOOK_MAX_ATTEMPTS, 5, 1, 100),
                r.duration(WEBHOOK_BUDGET, Duration.ofSeconds(60)),
                r.cognigyParameters());
        r.rejectUnknownKeys();
        r.throwIfProblems();
        return config;
    }

    /**
     * Only what discovery needs, read leniently: discovery must not fail on configuration that
     * matters at execution, where it is reported once.
     */
    public static long maxFileSize(ConfigurationParameters parameters) {
        return parameters.get(DISCOVERY_MAX_FILE_SIZE).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).orElse(1L << 20);
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String stripTrailingSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** Every {@code cognigy.*} key {@link Constants} documents. */
    static Set<String> knownKeys() {
        return Arrays.stream(Constants.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(EngineConfig::constantValue)
                .filter(v -> v.startsWith(PREFIX) && !v.equals(PREFIX) && !v.endsWith("."))
                .collect(Collectors.toSet());
    }

    private static String constantValue(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Reader {
        private final ConfigurationParameters parameters;
        private final Function<String, String> environment;
        private final List<String> problems = new ArrayList<>();

        Reader(ConfigurationParameters parameters, Function<String, String> environment) {
            this.parameters = parameters;
            this.environment = environment;
        }

        void problem(String message) {
            problems.add(message);
        }

        Optional<String> string(String key) {
            return parameters.get(key).map(String::trim).filter(v -> !v.isEmpty());
        }

        Optional<String> env(String name) {
            return Optional.ofNullable(environment.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        int integer(String key, int fallback, int min, int max) {
            return string(key).map(v -> {
                try {
                    long parsed = Long.parseLong(v);
                    if (parsed >= min && parsed <= max) return (int) parsed;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                problem(key + "=" + v + " must be a whole number from " + min + " to " + max);
                return fallback;
            }).orElse(fallback);
        }

        double decimal(String key, double fallback, double min, double max) {
            return string(key).map(v -> {
                try {
                    double parsed = Double.parseDouble(v);
                    if (parsed >= min && parsed <= max) return parsed;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                problem(key + "=" + v + " must be a number from " + min + " to " + max + " (0.95 means 95 %)");
                return fallback;
            }).orElse(fallback);
        }

        String choice(String key, List<String> allowed, String fallback) {
            return string(key).map(v -> {
                String value = v.toLowerCase(Locale.ROOT);
                if (allowed.contains(value)) return value;
                problem(key + "=" + v + " must be one of " + allowed);
                return fallback;
            }).orElse(fallback);
        }

        boolean bool(String key, boolean fallback) {
            return string(key).map(v -> {
                if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
                problem(key + "=" + v + " must be true or false");
                return fallback;
            }).orElse(fallback);
        }

        Duration duration(String key, Duration fallback) {
            return string(key).map(v -> {
                try {
                    Duration parsed = DurationValue.parse(v);
                    if (!parsed.isNegative()) return parsed;
                } catch (IllegalArgumentException ignored) {
                    // reported below
                }
                problem(key + "=" + v + " is not a duration; write e.g. 30s, 250ms, 2m or PT30S");
                return fallback;
            }).orElse(fallback);
        }

        /**
         * Refuses a secret given as a configuration parameter: parameters are not secret — Surefire
         * writes them into every {@code TEST-*.xml}, {@code junit-platform.properties} is committed — so
         * secrets come from the environment only. The value is never repeated, not even in the refusal.
         */
        void refuseSecretParameter(String key, String variable, String why) {
            if (parameters.get(key).isPresent()) {
                problem(key + " must not be set: " + why + ", a secret, and configuration parameters end up in files"
                        + " and reports (Surefire's TEST-*.xml, junit-platform.properties). Remove it, set the environment"
                        + " variable " + variable + " instead, and rotate the token if the value was committed or published");
            }
        }

        /**
         * JUnit's parallel settings, passed on to JUnit as they are: checked here because JUnit builds
         * the worker pool from them before the engine runs anything, and a pool of 0 workers never
         * runs the engine node that would report the problem.
         *
         * @param maxConcurrency the parallelism when {@code fixed.parallelism} is not set
         */
        void parallelSettings(int maxConcurrency) {
            String prefix = PARALLEL_CONFIG_PREFIX;
            choice(prefix + "strategy", List.of("fixed", "dynamic", "custom"), "fixed");
            choice(prefix + "executor-service", List.of("worker_thread_pool", "fork_join_pool"), "worker_thread_pool");
            int parallelism = integer(prefix + "fixed.parallelism", maxConcurrency, 1, 10_000);
            integer(prefix + "fixed.max-pool-size", parallelism, parallelism, Integer.MAX_VALUE);
            bool(prefix + "fixed.saturate", true);
            factor(prefix + "dynamic.factor", 0, false);
            factor(prefix + "dynamic.max-pool-size-factor", 1, true);
            bool(prefix + "dynamic.saturate", true);
        }

        /** A decimal factor above {@code min} (or from {@code min}, when inclusive). */
        void factor(String key, double min, boolean inclusive) {
            string(key).ifPresent(v -> {
                try {
                    double parsed = Double.parseDouble(v);
                    if (inclusive ? parsed >= min : parsed > min) return;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                problem(key + "=" + v + " must be a number " + (inclusive ? "from " : "greater than ") + min);
            });
        }

        /** JSON pointers by key, defaults for those not set; each must start with '/'. */
        Map<String, String> pointers(Map<String, String> defaults) {
            Map<String, String> pointers = new TreeMap<>();
            defaults.forEach((key, fallback) -> {
                String value = string(key).orElse(fallback);
                if (!value.startsWith("/")) {
                    problem(key + "=" + value + " is not a JSON pointer; write it like /intent or /data/nlu/intent");
                    value = fallback;
                }
                pointers.put(key, value);
            });
            return Map.copyOf(pointers);
        }

        /** The {@code cognigy.*} parameters for listeners; the endpoint URL is left out, it holds a secret. */
        Map<String, String> cognigyParameters() {
            Map<String, String> all = new TreeMap<>();
            for (String key : parameters.keySet()) {
                if (key.startsWith(PREFIX) && !key.equals(ENDPOINT_URL)) parameters.get(key).ifPresent(v -> all.put(key, v));
            }
            return Map.copyOf(all);
        }

        void rejectUnknownKeys() {
            Set<String> known = knownKeys();
            for (String key : new java.util.TreeSet<>(parameters.keySet())) {
                if (key.startsWith(PREFIX) && !known.contains(key) && !key.startsWith(PARALLEL_CONFIG_PREFIX)) {
                    problem("unknown configuration key " + key + Suggestions.didYouMean(key, known));
                }
            }
        }

        void throwIfProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigurationException("The cognigy engine is misconfigured:\n  - "
                        + String.join("\n  - ", problems)
                        + "\nSee the configuration reference in docs/configuration.md.");
            }
        }
    }
}
