package dev.botsim.cognigy.engine.config;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.DefaultParallelExecutionConfigurationStrategy;
import org.junit.platform.engine.support.hierarchical.ParallelHierarchicalTestExecutorServiceFactory;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.ShownUrl;
import dev.botsim.cognigy.engine.support.Suggestions;
import okhttp3.HttpUrl;

/**
 * Reads values from configuration parameters and the environment with one set of rules, collecting
 * a problem for every value it refuses (and using the default in its place), so one message can
 * list everything to fix.
 */
final class ParameterReader {

    /**
     * The longest duration any setting takes: the HTTP client counts its timeouts in milliseconds of an {@code int}
     * (about 24.8 days), and nothing the engine waits for is meant to take longer.
     */
    static final Duration LONGEST_DURATION = Duration.ofDays(24);

    private final ConfigurationParameters parameters;
    private final Function<String, String> environment;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> refused = new TreeSet<>();
    private final ParameterOrigins origins;

    ParameterReader(ConfigurationParameters parameters, Function<String, String> environment) {
        this(parameters, environment, ParameterOrigins.NONE);
    }

    /** A reader whose problems with a key say where its value came from, where {@code origins} can tell. */
    ParameterReader(ConfigurationParameters parameters, Function<String, String> environment, ParameterOrigins origins) {
        this.parameters = parameters;
        this.environment = environment;
        this.origins = origins;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** A problem with {@code key} as given: said with where its value came from ({@link ParameterOrigins}), when known. */
    void problem(String key, String message) {
        problems.add(message + origins.of(key));
    }

    /** A problem with the value of {@code key}, which is then read as its default (or, a URL, kept as given). */
    void refuse(String key, String message) {
        refused.add(key);
        problem(key, message);
    }

    Optional<String> string(String key) {
        return parameters.get(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    Optional<String> env(String name) {
        return Optional.ofNullable(environment.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    int integer(String key, int fallback, int min, int max) {
        return integer(key, fallback, min, max, v -> key + "=" + v + " must be a whole number from " + min + " to " + max);
    }

    /** A whole number from {@code min} to {@code max}, refused with {@code refusal} of the value given. */
    int integer(String key, int fallback, int min, int max, Function<String, String> refusal) {
        return string(key).map(v -> {
            try {
                long parsed = Long.parseLong(v);
                if (parsed >= min && parsed <= max) return (int) parsed;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            refuse(key, refusal.apply(v));
            return fallback;
        }).orElse(fallback);
    }

    /** A share from {@code min} to {@code max}, refused as one ("0.95 means 95 %"). */
    double decimal(String key, double fallback, double min, double max) {
        return decimal(key, fallback, min, max, v -> key + "=" + v + " must be a number from " + min + " to " + max
                + " (0.95 means 95 %)");
    }

    /** A number from {@code min} to {@code max}, refused with {@code refusal} of the value given. */
    double decimal(String key, double fallback, double min, double max, Function<String, String> refusal) {
        return string(key).map(v -> {
            try {
                double parsed = Double.parseDouble(v);
                if (parsed >= min && parsed <= max) return parsed;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            refuse(key, refusal.apply(v));
            return fallback;
        }).orElse(fallback);
    }

    /**
     * One of {@code allowed}, whatever its case; another value is refused with the values allowed and, when it is a typo
     * of one, the one likely meant.
     */
    String choice(String key, List<String> allowed, String fallback) {
        return string(key).map(v -> {
            String value = v.toLowerCase(Locale.ROOT);
            if (allowed.contains(value)) return value;
            refuse(key, key + "=" + v + " must be one of " + allowed + Suggestions.didYouMean(v, allowed, Map.of()));
            return fallback;
        }).orElse(fallback);
    }

    /**
     * {@link #choice} of one setting read on its own, apart from a run's configuration (the replay layer, discovery's
     * playbooks mode): the same rule and words, its refusal thrown, as there is no one message to collect it.
     */
    static String choiceAlone(ConfigurationParameters parameters, String key, List<String> allowed, String fallback) {
        ParameterReader r = new ParameterReader(parameters, name -> null);
        return r.alone(r.choice(key, allowed, fallback));
    }

    /** {@link #bool} of one setting read on its own, as {@link #choiceAlone}. */
    static boolean boolAlone(ConfigurationParameters parameters, String key, boolean fallback) {
        ParameterReader r = new ParameterReader(parameters, name -> null);
        return r.alone(r.bool(key, fallback));
    }

    /** What {@code read} makes of settings read on their own, as {@link #choiceAlone}: the first refusal thrown. */
    static <T> T readAlone(ConfigurationParameters parameters, Function<ParameterReader, T> read) {
        ParameterReader r = new ParameterReader(parameters, name -> null);
        return r.alone(read.apply(r));
    }

    private <T> T alone(T value) {
        if (!problems.isEmpty()) throw new ConfigurationException(problems.get(0));
        return value;
    }

    boolean bool(String key, boolean fallback) {
        return string(key).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
            refuse(key, key + "=" + v + " must be true or false");
            return fallback;
        }).orElse(fallback);
    }

    Duration duration(String key, Duration fallback) {
        return string(key).map(v -> {
            Duration parsed;
            try {
                parsed = DurationValue.parse(v);
            } catch (ArithmeticException e) {
                // Too many digits for any duration: as far beyond the longest as one that fits.
                parsed = null;
            } catch (IllegalArgumentException e) {
                refuse(key, key + "=" + v + " is not a duration; write e.g. 30s, 250ms, 2m or PT30S");
                return fallback;
            }
            if (parsed != null && parsed.isNegative()) {
                refuse(key, key + "=" + v + " is negative; write a duration of 0 or more, e.g. 30s, 250ms, 2m or PT30S");
                return fallback;
            }
            if (parsed == null || parsed.compareTo(LONGEST_DURATION) > 0) {
                refuse(key, key + "=" + v + " is too long: at most " + LONGEST_DURATION.toDays() + " days (" + LONGEST_DURATION.toHours() + "h)");
                return fallback;
            }
            return parsed;
        }).orElse(fallback);
    }

    /** A duration that must be more than 0, with {@code why} 0 is refused. */
    Duration positiveDuration(String key, Duration fallback, String why) {
        Duration duration = duration(key, fallback);
        if (!duration.isZero()) return duration;
        refuse(key, key + "=" + string(key).orElse("0") + " must be more than 0: " + why);
        return fallback;
    }

    /**
     * An http(s) URL with a host, refused naming {@code example} otherwise. A user name or password in it is refused (the
     * engine sends neither, and the parameters are written into the run's files), and so is a query or fragment where
     * {@code base} (a base URL, which requests extend, leaving them out). A URL the engine's HTTP client cannot use (a port
     * of 0 or above 65535, a host no DNS name can be) is refused here too, in the one message, rather than where the client
     * is built. A refused value is repeated without its user info, query and fragment.
     */
    Optional<String> url(String key, String example, boolean base) {
        Optional<String> value = string(key);
        value.ifPresent(v -> urlProblem(v, example, base).ifPresent(why -> refuse(key, key + "=" + ShownUrl.of(v) + " " + why
                + (why.equals(USER_INFO) ? " and which would be written into the run's files: remove it" : ""))));
        return value;
    }

    /**
     * The URL {@code key} gives, else the environment variable {@code variable}'s: the property wins, as it does for the
     * client id. The variable's value is checked as {@link #url} checks a property's, but never repeated, not even
     * masked: it is there because it holds a credential, which may stand in its path as well as in its query.
     */
    Optional<String> urlOrEnv(String key, String variable, String example) {
        if (string(key).isPresent()) return url(key, example, false);
        Optional<String> value = env(variable);
        value.flatMap(v -> urlProblem(v, example, false))
                .ifPresent(why -> problem("the environment variable " + variable + " " + why + " (its value is not repeated: it"
                        + " may hold the receiver's token)"));
        return value;
    }

    /** Why a URL with a user name or password is refused. */
    private static final String USER_INFO = "holds a user name or password, which the engine does not send";

    /** Why {@code url} is no URL the engine can send to, said after its name: {@code is not an http(s) URL; ...}. */
    private static Optional<String> urlProblem(String url, String example, boolean base) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null || HttpUrl.parse(url) == null) {
            return Optional.of("is not an http(s) URL; write it like " + example);
        }
        if (uri.getRawUserInfo() != null) return Optional.of(USER_INFO);
        if (base && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
            return Optional.of("has a query or fragment, which a base URL does not take (requests are built on its host and path); write it like " + example);
        }
        return Optional.empty();
    }

    /** Refuses {@code key} naming a file that exists and is not a folder: the run writes into the folder it names. */
    void folder(String key) {
        path(key).filter(p -> Files.exists(p) && !Files.isDirectory(p)).ifPresent(p -> problem(key, key + "=" + p
                + " is a file, not a folder: name a folder (it is created when missing)"));
    }

    /** Refuses {@code key} naming a folder: the run appends to the file it names. */
    void file(String key) {
        path(key).filter(Files::isDirectory).ifPresent(p -> problem(key, key + "=" + p + " is a folder, not a file: name the file, e.g. "
                + p.resolve("cognigy-audit.jsonl")));
    }

    private Optional<Path> path(String key) {
        return string(key).flatMap(v -> {
            // In a .properties file a backslash starts an escape: src\test\cognigy reads as "src", a tab, "estcognigy".
            if (v.chars().anyMatch(Character::isISOControl)) {
                refuse(key, key + "=" + ConsoleText.oneLine(v) + " holds a control character (a tab, a line break): in"
                        + " junit-platform.properties a backslash starts an escape (\\t is a tab); write the path with '/',"
                        + " which Windows reads too");
                return Optional.empty();
            }
            // A backslash is a file name's character here, not a separator: the folder would be one of that name, and the
            // files the suite keeps (cassettes, approvals) would be looked for in it and not found, with no word said.
            if (v.indexOf('\\') >= 0 && java.io.File.separatorChar == '/') {
                refuse(key, key + "=" + v + " separates its folders with '\\', which is a file name's character on this"
                        + " system: write " + v.replace('\\', '/') + " ('/' separates folders on Windows too)");
                return Optional.empty();
            }
            try {
                return Optional.of(Path.of(v));
            } catch (InvalidPathException e) {
                refuse(key, key + "=" + v + " is not a path: " + e.getReason());
                return Optional.empty();
            }
        });
    }

    /** A JSON pointer; it must start with '/'. */
    String pointer(String key, String fallback) {
        String value = string(key).orElse(fallback);
        if (value.startsWith("/")) return value;
        refuse(key, key + "=" + value + " is not a JSON pointer; write it like /intent or /data/nlu/intent");
        return fallback;
    }

    /**
     * Refuses a secret given as a configuration parameter: parameters are not secret — Surefire
     * writes them into every {@code TEST-*.xml}, {@code junit-platform.properties} is committed — so
     * secrets come from the environment only. The value is never repeated, not even in the refusal.
     */
    void refuseSecretParameter(String key, String variable, String why) {
        if (parameters.get(key).isPresent()) {
            problem(key, key + " must not be set: " + why + ", a secret, and configuration parameters end up in files"
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
        String strategy = choice(prefix + "strategy", List.of("fixed", "dynamic", "custom"), "fixed");
        if (strategy.equals("custom") && string(prefix + "custom.class").isEmpty()) {
            problem(prefix + "strategy", prefix + "strategy=custom needs " + prefix + "custom.class, the class name of a JUnit"
                    + " ParallelExecutionConfigurationStrategy; or set strategy=fixed or dynamic");
        }
        choice(prefix + "executor-service", List.of("worker_thread_pool", "fork_join_pool"), "worker_thread_pool");
        int parallelism = integer(prefix + "fixed.parallelism", maxConcurrency, 1, 10_000);
        integer(prefix + "fixed.max-pool-size", parallelism, parallelism, Integer.MAX_VALUE, v -> prefix + "fixed.max-pool-size=" + v
                + " must be a whole number of at least the parallelism, " + parallelism + " (" + prefix + "fixed.parallelism, else "
                + MAX_CONCURRENCY + ")");
        bool(prefix + "fixed.saturate", true);
        factor(prefix + "dynamic.factor", 0, false);
        factor(prefix + "dynamic.max-pool-size-factor", 1, true);
        bool(prefix + "dynamic.saturate", true);
    }

    /** A decimal factor above {@code min} (or from {@code min}, when inclusive). */
    private void factor(String key, double min, boolean inclusive) {
        string(key).ifPresent(v -> {
            try {
                double parsed = Double.parseDouble(v);
                if (inclusive ? parsed >= min : parsed > min) return;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            refuse(key, key + "=" + v + " must be a number " + (inclusive ? "from " : "greater than ") + min);
        });
    }

    /**
     * The {@code cognigy.*} parameters for listeners and a split run's part; the endpoint URL is left out, it holds a
     * secret, and every URL is kept as {@link ShownUrl} shows it: a QA platform's receiver may take its token in the
     * query, and these are printed by listeners and written into the part file.
     */
    Map<String, String> cognigyParameters() {
        Map<String, String> all = new TreeMap<>();
        for (String key : parameters.keySet()) {
            if (!key.startsWith(PREFIX) || key.equals(ENDPOINT_URL)) continue;
            parameters.get(key).ifPresent(v -> all.put(key, URL_KEYS.contains(key) ? ShownUrl.of(v) : v));
        }
        return Map.copyOf(all);
    }

    /** The settings whose value is a URL. */
    private static final Set<String> URL_KEYS = Set.of(WEBHOOK_URL, BASE_URL, MANAGEMENT_URL);

    /**
     * Refuses every {@code cognigy.*} key that is not one: JUnit's keys are case-sensitive, so {@code Cognigy.Backend}
     * would otherwise be ignored without a word. A key that looks like a secret is refused as a secret, never with a
     * "did you mean" that would put it into a parameter; the others with the likely key, also when a segment of it was
     * left out ({@code cognigy.max-concurency}).
     */
    void rejectUnknownKeys() {
        Set<String> known = new java.util.HashSet<>(knownKeys());
        // Surefire hands the build's -D properties to the tests as system properties, which JUnit reads as parameters.
        known.addAll(GoalProperty.keys());
        for (String key : new TreeSet<>(parameters.keySet())) {
            if (!key.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                Optional<String> variable = environmentVariableAsParameter(key);
                if (variable.isPresent()) {
                    problem(key, variable.get());
                    continue;
                }
                misspeltPrefix(key, known).ifPresent(meant -> problem(key, "unknown configuration key " + key
                        + " — did you mean '" + meant + "'?"));
                continue;
            }
            if (known.contains(key)) continue;
            if (key.startsWith(PARALLEL_CONFIG_PREFIX)) {
                String name = key.substring(PARALLEL_CONFIG_PREFIX.length());
                if (!PARALLEL_KEYS.contains(name)) {
                    problem(key, "unknown configuration key " + key + Suggestions.closest(name, PARALLEL_KEYS)
                            .map(k -> " — did you mean '" + PARALLEL_CONFIG_PREFIX + k + "'?")
                            .orElseGet(() -> "; JUnit's parallel settings below " + PARALLEL_CONFIG_PREFIX + " are "
                                    + String.join(", ", PARALLEL_KEYS)));
                }
                continue;
            }
            Optional<String> variable = secretVariable(key);
            if (variable.isPresent()) {
                problem(key, key + " must not be set: secrets are read from environment variables only, and configuration parameters end"
                        + " up in files and reports (Surefire's TEST-*.xml, junit-platform.properties). Remove it, set the"
                        + " environment variable " + variable.get() + " instead, and rotate the secret if the value was committed"
                        + " or published");
                continue;
            }
            problem(key, "unknown configuration key " + key + suggestion(key, known));
        }
    }

    /** The environment variables holding a secret: read from the environment only, never as a parameter. */
    private static final List<String> SECRET_VARIABLES = List.of(CLIENT_SECRET_ENV, ENDPOINT_URL_ENV, MANAGEMENT_API_KEY_ENV,
            WEBHOOK_SECRET_ENV, WEBHOOK_URL_ENV, WEBHOOK_PREVIOUS_URL_ENV, SHARD_KEY_ENV, SOCKET_URL_ENV);

    /** The environment variables that stand for a setting, each with its key: the key is what a parameter sets. */
    private static final Map<String, String> SETTING_VARIABLES = Map.of(CLIENT_ID_ENV, CLIENT_ID, RUN_ID_ENV, RUN_ID);

    /**
     * The refusal of a configuration parameter named as one of the engine's environment variables
     * ({@code -DCOGNIGY_ENDPOINT_URL=…}, a line of junit-platform.properties): JUnit hands it to the engine, which reads
     * those names from the environment only, so the run would go on without it — with {@code cognigy.sandbox.bot} set,
     * against the sandbox's REST Endpoint instead of the tenant's, green — and Surefire writes it, a secret, into every
     * {@code TEST-*.xml}. A secret's is refused whatever the environment holds; a setting's variable
     * ({@code COGNIGY_CLIENT_ID}) only where the environment does not give it, naming its key. The value is never repeated.
     */
    private Optional<String> environmentVariableAsParameter(String key) {
        boolean secret = SECRET_VARIABLES.contains(key) || key.startsWith(ENDPOINT_URL_LOCALE_ENV_PREFIX) && key.length()
                > ENDPOINT_URL_LOCALE_ENV_PREFIX.length() || key.startsWith(SOCKET_URL_LOCALE_ENV_PREFIX) && key.length()
                > SOCKET_URL_LOCALE_ENV_PREFIX.length();
        String given = key + " is given as a configuration parameter (a -D system property, Surefire's"
                + " <systemPropertyVariables>, or a line of junit-platform.properties), where the engine does not read it: ";
        if (secret) {
            return Optional.of(given + "it reads " + key + " from the environment only. Remove the parameter, set the environment"
                    + " variable " + key + " instead (in CI, a masked secret variable), and rotate the secret if the value was"
                    + " committed or published: Surefire writes every -D property into each TEST-*.xml");
        }
        String setting = SETTING_VARIABLES.get(key);
        if (setting == null || env(key).isPresent()) return Optional.empty();
        return Optional.of(given + "set the environment variable " + key + ", or the key " + setting);
    }

    /** JUnit's parallel-execution settings, as the engine hands them to JUnit below {@link Constants#PARALLEL_CONFIG_PREFIX}. */
    static final List<String> PARALLEL_KEYS = List.of(
            DefaultParallelExecutionConfigurationStrategy.CONFIG_STRATEGY_PROPERTY_NAME,
            ParallelHierarchicalTestExecutorServiceFactory.EXECUTOR_SERVICE_PROPERTY_NAME,
            DefaultParallelExecutionConfigurationStrategy.CONFIG_FIXED_PARALLELISM_PROPERTY_NAME,
            DefaultParallelExecutionConfigurationStrategy.CONFIG_FIXED_MAX_POOL_SIZE_PROPERTY_NAME,
            DefaultParallelExecutionConfigurationStrategy.CONFIG_FIXED_SATURATE_PROPERTY_NAME,
            DefaultParallelExecutionConfigurationStrategy.CONFIG_DYNAMIC_FACTOR_PROPERTY_NAME,
            DefaultParallelExecutionConfigurationStrategy.CONFIG_DYNAMIC_MAX_POOL_SIZE_FACTOR_PROPERTY_NAME,
            DefaultParallelExecutionConfigurationStrategy.CONFIG_DYNAMIC_SATURATE_PROPERTY_NAME,
            DefaultParallelExecutionConfigurationStrategy.CONFIG_CUSTOM_CLASS_PROPERTY_NAME);

    /**
     * The environment variable an unknown key that names a secret stands for ({@code cognigy.client-secret},
     * {@code cognigy.api-key}, {@code Cognigy.Endpoint.Url}, ...), or every secret's variable when it names none of them.
     */
    static Optional<String> secretVariable(String key) {
        String name = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (name.contains("clientsecret")) return Optional.of(CLIENT_SECRET_ENV);
        if (name.contains("apikey")) return Optional.of(MANAGEMENT_API_KEY_ENV);
        if (name.contains("webhook") && name.contains("secret")) return Optional.of(WEBHOOK_SECRET_ENV);
        if (name.contains("shardkey")) return Optional.of(SHARD_KEY_ENV);
        if (name.contains("endpoint") && (name.contains("url") || name.contains("token"))) return Optional.of(ENDPOINT_URL_ENV);
        if (name.contains("secret") || name.contains("password") || name.contains("token")) {
            return Optional.of("that holds it (" + String.join(", ", CLIENT_SECRET_ENV, ENDPOINT_URL_ENV, MANAGEMENT_API_KEY_ENV,
                    WEBHOOK_SECRET_ENV, SHARD_KEY_ENV) + ")");
        }
        return Optional.empty();
    }

    /**
     * The engine's key that {@code key} is but for a misspelt first word ({@code cogingy.sandbox.bot}): such a key is
     * nobody else's and would be without effect. Any other key outside {@code cognigy.*} is left to its owner.
     */
    private static Optional<String> misspeltPrefix(String key, Set<String> known) {
        int dot = key.indexOf('.');
        if (dot < 1) return Optional.empty();
        String first = PREFIX.substring(0, PREFIX.length() - 1);
        if (Suggestions.closest(key.substring(0, dot), List.of(first)).isEmpty()) return Optional.empty();
        String meant = first + key.substring(dot);
        return known.stream().filter(k -> k.equalsIgnoreCase(meant)).findFirst();
    }

    /**
     * What a key guessed from Cognigy's own words means, by its last segment: the key the engine has for it under another
     * name ({@code cognigy.project-id}), or, where no key sets it, what does ({@code cognigy.locale}). A typo's closest key
     * would name something else: {@code cognigy.client-id} for {@code cognigy.project-id}, {@code cognigy.shard} for
     * {@code cognigy.user}.
     */
    private static final Map<String, String> GUESSED = Map.ofEntries(
            Map.entry("project-id", "did you mean '" + MANAGEMENT_PROJECT_ID + "'?"),
            Map.entry("project", "did you mean '" + MANAGEMENT_PROJECT_ID + "'?"),
            Map.entry("user", "did you mean '" + DEFAULT_USER + "'?"),
            Map.entry("user-id", "did you mean '" + DEFAULT_USER + "'?"),
            Map.entry("channel", "did you mean '" + DEFAULT_PLATFORM + "'?"),
            Map.entry("platform", "did you mean '" + DEFAULT_PLATFORM + "'?"),
            Map.entry("snapshot", "did you mean '" + EXPECTED_SNAPSHOT + "'?"),
            Map.entry("concurrency", "did you mean '" + MAX_CONCURRENCY + "'?"),
            Map.entry("locale", "no key sets the locale of a run: a test's is its data file's locale: (a case's own wins),"
                    + " and goes to the REST Endpoint of the environment variable " + ENDPOINT_URL_LOCALE_ENV_PREFIX
                    + "<LOCALE> (" + ENDPOINT_URL_LOCALE_ENV_PREFIX + "DE_DE for de-DE); " + NLU_LOCALE + " and "
                    + PLAYBOOKS_LOCALE + " choose the locale the NLU scores in and playbooks run in"),
            Map.entry("test-mode", "no key sets test mode: the endpoint URL does, " + ENDPOINT_URL_ENV
                    + "=https://<endpoint host>/test/<URLToken> (not billed, at most "
                    + TEST_MODE_MESSAGES_PER_HOUR + " messages an hour, which the run keeps to)"));

    /**
     * The likely key: what a key guessed from Cognigy's words means ({@link #GUESSED}), else the closest whole key, else
     * the key whose last segment is closest to the typed one's when only one key ends so ({@code cognigy.max-concurency}:
     * {@code cognigy.execution.max-concurrency}). Never a key that is refused when set ({@code cognigy.endpoint.url}, a
     * secret's), nor one of the Maven plugin's properties for a key that names neither {@code merge} nor {@code prepare}.
     */
    private static String suggestion(String key, Set<String> candidates) {
        String guessed = GUESSED.get(lastSegment(key).toLowerCase(Locale.ROOT));
        if (guessed != null) return guessed.startsWith("did you mean") ? " — " + guessed : "; " + guessed;
        Set<String> known = new TreeSet<>(candidates);
        known.remove(ENDPOINT_URL);
        if (!key.startsWith(PREFIX + "merge.") && !key.contains("prepare")) known.removeAll(GoalProperty.keys());
        Optional<String> whole = Suggestions.closest(key, known);
        if (whole.isPresent()) return " — did you mean '" + whole.get() + "'?";
        Map<String, List<String>> byLast = known.stream().collect(Collectors.groupingBy(ParameterReader::lastSegment));
        return Suggestions.closest(lastSegment(key), byLast.keySet()).map(byLast::get).filter(keys -> keys.size() == 1)
                .map(keys -> " — did you mean '" + keys.get(0) + "'?").orElse("");
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Every problem found so far, in the order found. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The keys whose value was refused so far ({@link #refuse}). */
    Set<String> refused() {
        return Set.copyOf(refused);
    }

    /** Every {@code cognigy.*} key {@link Constants} documents. */
    static Set<String> knownKeys() {
        return Arrays.stream(Constants.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(ParameterReader::constantValue)
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
}
