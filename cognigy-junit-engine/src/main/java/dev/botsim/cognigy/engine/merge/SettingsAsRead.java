package dev.botsim.cognigy.engine.merge;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.config.PlaybooksSettings;
import dev.botsim.cognigy.engine.replay.ReplaySettings;

/**
 * One part's settings as its run read them: what two parts are compared by ({@link PartSettings#differing}).
 *
 * <p>A part records its {@code cognigy.*} settings as they were written, and two CI jobs write one setting differently
 * all the time: one passes {@code -Dcognigy.governance.threshold=0.95} and the other relies on the default, one writes
 * {@code 10s} and the other {@code 10000ms}, {@code TRUE}, {@code 0.80}, a base URL with its trailing slash. Their runs
 * read the same value, so the parts agree. Each value is taken from the configuration's own reading
 * ({@link EngineConfig#check}, and for the settings it keeps none of, the readers of the replay and playbooks settings), so
 * the comparison accepts exactly the spellings a run does and knows each key's default; nothing here parses a value.
 *
 * <p>A value the configuration refuses is kept as written: it is read as no default, and equals only the same text.
 * A run refuses to start with it, so a part holding one was written by an engine that read it otherwise; the merge
 * cannot tell how, and refuses the parts unless they all wrote the same — then the merge's own reading of the run's
 * settings names it.
 */
final class SettingsAsRead {

    /**
     * Each setting of {@link PartSettings#MUST_AGREE} as the configuration reads it, its default when unset. A key
     * without one here is compared as written, stripped, a blank one unset: so the NLU backend reads its flow and locale
     * (names it resolves against the project later, which no merge can), and no run knows another key below
     * {@code cognigy.endpoint.data.}.
     */
    private static final Map<String, Function<SettingsAsRead, Object>> READ = Map.ofEntries(
            // what was tested
            read(BACKEND, s -> s.config().backend().choice()),
            read(BASE_URL, s -> s.config().backend().simulationApi().baseUrl()),
            read(ENDPOINT_DATA_INTENT, s -> s.config().backend().endpointData().intent()),
            read(ENDPOINT_DATA_INTENT_SCORE, s -> s.config().backend().endpointData().intentScore()),
            read(ENDPOINT_DATA_FLOW, s -> s.config().backend().endpointData().flow()),
            read(ENDPOINT_DATA_SLOTS, s -> s.config().backend().endpointData().slots()),
            read(ENDPOINT_DATA_ERROR_CODE, s -> s.config().backend().endpointData().errorCode()),
            read(ENDPOINT_DATA_ERROR_MESSAGE, s -> s.config().backend().endpointData().errorMessage()),
            read(ENDPOINT_DATA_INTENT_FLOW, s -> s.config().backend().endpointData().intentFlow()),
            read(ENDPOINT_CODE_NODE, s -> s.config().backend().endpointData().perFlow()),
            read(MANAGEMENT_URL, s -> s.config().backend().management().url()),
            read(MANAGEMENT_PROJECT_ID, s -> s.config().backend().management().projectId()),
            read(MANAGEMENT_UNLISTED_SLOTS, s -> new java.util.TreeSet<>(s.config().backend().management().unlistedSlots())),
            read(EXPECTED_SNAPSHOT, s -> s.config().backend().management().expectedSnapshot()),
            read(SANDBOX_BOT, s -> s.config().backend().sandbox().bot()),
            read(SANDBOX_MANAGEMENT_API, s -> s.config().backend().sandbox().managementApi()),
            read(SANDBOX_PLAYBOOKS, s -> s.config().backend().sandbox().playbooks()),
            read(DEFAULT_PLATFORM, s -> s.config().defaultPlatform()),
            read(FLOWS, s -> s.config().extraFlows()),
            read(DISCOVERY_MAX_FILE_SIZE, s -> EngineConfig.maxFileSize(s.parameters())),
            read(PLAYBOOKS_INCLUDE, s -> PlaybooksSettings.read(s.parameters()).include()),
            read(PLAYBOOKS_FILE, s -> PlaybooksSettings.read(s.parameters()).file()),
            read(PLAYBOOKS_FLOW, s -> PlaybooksSettings.read(s.parameters()).flow()),
            read(PLAYBOOKS_LOCALE, s -> PlaybooksSettings.read(s.parameters()).locale()),
            read(PLAYBOOKS_ENTRYPOINT, s -> PlaybooksSettings.read(s.parameters()).entrypoint()),
            read(PLAYBOOKS_MODE, s -> PlaybooksSettings.generated(s.parameters())),
            // the verdict and what the reports mean
            read(GOVERNANCE_THRESHOLD, s -> s.config().governanceThreshold()),
            read(GOVERNANCE_MODE, s -> s.config().tolerant()),
            read(COVERAGE_MINIMUM, s -> s.config().coverageMinimum()),
            read(GOVERNANCE_REQUIRE_LIVE, s -> ReplaySettings.of(s.written()).requireLive()),
            read(GOVERNANCE_PER_LOCALE, s -> s.config().governance().perLocale()),
            read(REPEAT, s -> s.config().repeat()),
            read(REPEAT_PASS_RATIO, s -> s.config().repeatPassRatio()),
            read(NLU_MARGIN, s -> s.config().fragileMargin()),
            read(APPROVE, s -> s.config().approval().approve()),
            read(APPROVE_DIR, s -> s.config().approval().dir()),
            read(REPLAY, s -> ReplaySettings.of(s.written()).mode()),
            read(REPLAY_DIR, s -> ReplaySettings.of(s.written()).dir()),
            // where the results go
            read(AUDIT_FILE, s -> s.config().auditFile()),
            read(WEBHOOK_URL, s -> s.config().webhook().url()),
            read(WEBHOOK_PROJECT_ID, s -> s.config().webhook().projectId()),
            read(WEBHOOK_OUTBOX_DIR, s -> s.config().webhook().outbox()),
            read(WEBHOOK_TIMEOUT, s -> s.config().webhook().timeout()),
            read(WEBHOOK_MAX_ATTEMPTS, s -> s.config().webhook().maxAttempts()),
            read(WEBHOOK_BUDGET, s -> s.config().webhook().budget()));

    private static Map.Entry<String, Function<SettingsAsRead, Object>> read(String key, Function<SettingsAsRead, Object> how) {
        return Map.entry(key, how);
    }

    /** Settings naming a file or folder: an absolute one names it in the job's own checkout. */
    private static final Set<String> PATHS = Set.of(AUDIT_FILE, WEBHOOK_OUTBOX_DIR, APPROVE_DIR, REPLAY_DIR,
            SANDBOX_BOT, SANDBOX_PLAYBOOKS, PLAYBOOKS_FILE);

    private final Map<String, String> written;
    private final MapParameters parameters;
    private final EngineConfig.Reading reading;

    private SettingsAsRead(Map<String, String> written) {
        this.written = Map.copyOf(written);
        this.parameters = new MapParameters(this.written);
        // As the merge reads the run's settings, without secrets: none is recorded, and none is compared.
        this.reading = EngineConfig.check(parameters, name -> null, config -> List.of());
    }

    /** @param written a part's {@code cognigy.*} settings as it recorded them */
    static SettingsAsRead of(Map<String, String> written) {
        return new SettingsAsRead(written);
    }

    /** Whether the part gave {@code key} a value: a blank one, as in a run, leaves it unset. */
    boolean set(String key) {
        return written.containsKey(key) && !written.get(key).isBlank();
    }

    /**
     * The value of {@code key} the part's run read, to be compared with another part's by {@link Object#equals}: its
     * default when unset; a {@link Refused} one as written; any absolute path as one ({@link AbsolutePath}).
     */
    Object value(String key) {
        Function<SettingsAsRead, Object> read = READ.get(key);
        if (read == null) return Optional.ofNullable(written.get(key)).map(String::strip).filter(v -> !v.isEmpty());
        if (set(key) && reading.refused().contains(key)) return new Refused(written.get(key).strip());
        Object value;
        try {
            value = read.apply(this);
        } catch (RuntimeException e) {
            // The reader of the replay or playbooks settings refuses the part's (this one, or another it reads with it):
            // its run would not have started.
            return new Refused(written.getOrDefault(key, "").strip());
        }
        return PATHS.contains(key) && absolute(value) ? new AbsolutePath() : value;
    }

    /**
     * A path written relative (to the module, as a POM's {@code target/audit.jsonl}) or as a {@code classpath:} resource
     * must be the same in every part; one written absolute names a place in the job's own checkout, which differs between
     * CI jobs (a Jenkins workspace's copy {@code job@2}, a GitLab runner's folder per concurrent job,
     * {@code ${project.basedir}/../bots/x.yaml} filled in by Maven) while the file is the same: absolute paths are not
     * compared with each other.
     */
    private static boolean absolute(Object value) {
        Object path = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (path instanceof Path p) return p.isAbsolute();
        if (path instanceof String text) {
            try {
                return Path.of(text).isAbsolute();
            } catch (InvalidPathException e) {
                return false;
            }
        }
        return false;
    }

    /** What every absolute path is compared as: equal to any other. */
    record AbsolutePath() {
    }

    /** A value the configuration refuses, as written: equal only to the same text. */
    record Refused(String written) {
    }

    private EngineConfig config() {
        return reading.config();
    }

    private MapParameters parameters() {
        return parameters;
    }

    private Map<String, String> written() {
        return written;
    }
}
