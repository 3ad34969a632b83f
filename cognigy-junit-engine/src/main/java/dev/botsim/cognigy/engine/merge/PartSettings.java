package dev.botsim.cognigy.engine.merge;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.botsim.cognigy.engine.shard.RunPart;

/**
 * The settings a split run is concluded with, and which of them its parts must share.
 *
 * <p>Each part records the {@code cognigy.*} settings its JVM ran with. The merge concludes the run with one set of
 * them, so the parts must agree on every setting that decides the verdict, what the reports mean or where the results go
 * ({@link #MUST_AGREE}); otherwise one part's threshold would judge, and its webhook receive, the whole run. Settings that
 * only shape how a job ran — concurrency, timeouts, retries, polling, progress, test names, its shard — may differ
 * ({@link #MAY_DIFFER}). Every configuration key is in exactly one of the two; a key ending in {@code .} stands for every
 * key below it.
 *
 * <p>Parts agree on a setting when their runs read the same value of it ({@link SettingsAsRead}), however each job wrote
 * it: left unset or set to its default, {@code 0.8} or {@code 0.80}, {@code 10s} or {@code 10000ms}.
 *
 * <p>Both the command-line merge and the Maven plugin's {@code cognigy:merge} take the run's settings from
 * {@link #of(Map)}, the one part that stands for the run, as that part wrote them: the others differ from them at most in
 * how they are written on the settings that must agree, so the merge reads the same threshold, audit file and webhook
 * whichever part it is.
 */
public final class PartSettings {

    /** Settings every part of a run must have read the same value of (its default, where a part leaves one unset). */
    public static final Set<String> MUST_AGREE = Set.of(
            // what was tested: the backend, the bot, its project and what the answers are read as
            BACKEND, BASE_URL, ENDPOINT_DATA_PREFIX, ENDPOINT_DATA_INTENT, ENDPOINT_DATA_INTENT_SCORE, ENDPOINT_DATA_FLOW,
            ENDPOINT_DATA_SLOTS, ENDPOINT_DATA_ERROR_CODE, ENDPOINT_DATA_ERROR_MESSAGE, ENDPOINT_DATA_INTENT_FLOW,
            ENDPOINT_CODE_NODE, MANAGEMENT_URL, MANAGEMENT_PROJECT_ID, MANAGEMENT_UNLISTED_SLOTS, EXPECTED_SNAPSHOT, SANDBOX_BOT,
            SANDBOX_MANAGEMENT_API, SANDBOX_PLAYBOOKS, DEFAULT_PLATFORM, FLOWS, DISCOVERY_MAX_FILE_SIZE, PLAYBOOKS_INCLUDE, PLAYBOOKS_FILE,
            PLAYBOOKS_FLOW, PLAYBOOKS_LOCALE, PLAYBOOKS_ENTRYPOINT, PLAYBOOKS_MODE, NLU_FLOW, NLU_LOCALE,
            // the verdict and what the reports mean
            GOVERNANCE_THRESHOLD, GOVERNANCE_MODE, COVERAGE_MINIMUM, GOVERNANCE_REQUIRE_LIVE, GOVERNANCE_PER_LOCALE, REPEAT,
            REPEAT_PASS_RATIO, NLU_MARGIN, APPROVE, APPROVE_DIR, REPLAY, REPLAY_DIR,
            // where the results go
            AUDIT_FILE, WEBHOOK_URL, WEBHOOK_PROJECT_ID, WEBHOOK_OUTBOX_DIR, WEBHOOK_TIMEOUT, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BUDGET);

    /** Settings that only shape how a job ran: its parts may have different values of them. */
    public static final Set<String> MAY_DIFFER = Set.of(
            // credentials (the secrets themselves are never recorded) and a key every run refuses
            CLIENT_ID, OAUTH_SCOPE, ENDPOINT_URL,
            // pacing, concurrency, timeouts, retries, polling
            ENDPOINT_MAX_MESSAGES_PER_HOUR, SANDBOX_PROCESSING_TIME, MAX_CONCURRENCY, PARALLEL_ENABLED, PARALLEL_CONFIG_PREFIX,
            SOCKET_TURN_TIMEOUT, SOCKET_TEST_MODE,
            POLL_TIMEOUT, POLL_INITIAL_DELAY, POLL_MAX_INTERVAL, HTTP_CONNECT_TIMEOUT, HTTP_READ_TIMEOUT, HTTP_CALL_TIMEOUT, HTTP_TRACE,
            RETRY_MAX_ATTEMPTS, RETRY_LONGEST_WAIT, RETRY_RATE_LIMIT_TIMEOUT, RETRY_OUTAGE_AFTER, RETRY_OUTAGE_PROBE,
            NLU_TRAIN_FIRST,
            // which user a job's tests speak as (a job of its own may keep its users apart from the others')
            DEFAULT_USER, USER_SCOPE,
            // the job's own console, names and folders: the merge writes its reports to --out
            REPORT_DIR, PROGRESS_INTERVAL, FULL_STACK_TRACES, REPORT_GITHUB_ACTIONS, REPORT_AZURE_PIPELINES, NAMING_STRATEGY, REPLAY_REDACT,
            // the split itself: the run id and the shards are checked on their own
            RUN_ID, SHARD, RUN_DEFER);

    private PartSettings() {
    }

    /**
     * The run's settings, as the merge concludes it with them: those of the part that stands for the run — the first
     * whole part (by shard number, then by where it was read from) that ran a test, else the first rerun that did, else
     * the first part — without the shard and deferral, which belong to a part.
     *
     * @param parts by where each was read from
     */
    public static Map<String, String> of(Map<String, RunPart> parts) {
        if (parts.isEmpty()) return Map.of();
        Map<String, String> configuration = new TreeMap<>(representative(parts).info().configuration());
        configuration.remove(SHARD);
        configuration.remove(RUN_DEFER);
        // What any part names as personal data, the merge redacts: its webhook payload and job summary leave the machine
        // with every part's results, and a part may name what the part standing for the run's settings does not. Its own
        // list first, as written, then the others' names it lacks, by where their parts were read from.
        Set<String> redacted = new LinkedHashSet<>(named(configuration.get(REPLAY_REDACT)));
        int own = redacted.size();
        new TreeMap<>(parts).values().forEach(part -> redacted.addAll(named(part.info().configuration().get(REPLAY_REDACT))));
        if (redacted.size() > own) configuration.put(REPLAY_REDACT, String.join(",", redacted));
        return configuration;
    }

    /**
     * {@code cognigy.replay.redact} as the merge's {@code -D} gives it over the parts' {@code parts}: every name of both,
     * the parts' first. A merge's own value widens what the parts name as personal data, never narrows it.
     */
    static String widenedRedaction(String parts, String merge) {
        Set<String> names = new LinkedHashSet<>(named(parts));
        names.addAll(named(merge));
        return String.join(",", names);
    }

    /** The names a {@code cognigy.replay.redact} value lists, as the engine reads them. */
    private static List<String> named(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    /** The part that stands for the run: the bot as a part that ran tests saw it, its settings. */
    static RunPart representative(Map<String, RunPart> parts) {
        List<Map.Entry<String, RunPart>> ordered = parts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, RunPart> e) -> e.getValue().partial())
                        .thenComparingInt(e -> shardIndex(e.getValue())).thenComparing(Map.Entry::getKey))
                .toList();
        return ordered.stream().map(Map.Entry::getValue).filter(p -> !p.records().isEmpty()).findFirst()
                .orElse(ordered.get(0).getValue());
    }

    /**
     * Why the parts cannot be concluded with one set of settings: each setting of {@link #MUST_AGREE} they differ on,
     * with which parts have which value (never the value: a URL may hold a token); nothing when they agree. Parts agree
     * on a setting when their runs read the same value of it ({@link SettingsAsRead}): one that leaves it unset and one
     * that sets its default agree, and so do {@code 0.8} and {@code 0.80}, {@code 10s} and {@code 10000ms}.
     *
     * @param parts by where each was read from
     */
    public static Optional<String> differing(String runId, Map<String, RunPart> parts) {
        return differing(runId, parts, Set.of());
    }

    /**
     * The same, leaving out the settings of {@link #MERGE_DECIDES} among {@code overridden}: the merge is given its own
     * value of them ({@code -D}), which stands for the whole run whatever the parts had.
     */
    public static Optional<String> differing(String runId, Map<String, RunPart> parts, Set<String> overridden) {
        Map<String, SettingsAsRead> read = new TreeMap<>();
        parts.forEach((where, part) -> read.put(where, SettingsAsRead.of(part.info().configuration())));
        Set<String> keys = new TreeSet<>();
        parts.values().forEach(part -> keys.addAll(part.info().configuration().keySet()));
        List<String> differing = new ArrayList<>();
        for (String key : keys) {
            if (!mustAgree(key) || (overridden.contains(key) && MERGE_DECIDES.contains(key))) continue;
            // The parts by the value their runs read, in the order of where they were read from.
            Map<Object, List<String>> groups = new LinkedHashMap<>();
            read.forEach((where, settings) -> groups.computeIfAbsent(settings.value(key), v -> new ArrayList<>()).add(where));
            if (groups.size() < 2) continue;
            differing.add(key + " (" + said(key, groups.values(), read) + ")");
        }
        if (differing.isEmpty()) return Optional.empty();
        return Optional.of("the parts of run " + runId + " ran with different settings that decide its verdict, what its"
                + " reports mean or where its results go: " + String.join(", ", differing) + "; merged, one part's settings"
                + " would judge and deliver the whole run. Run every shard or fork of the run with the same values of these"
                + " settings (a -D given to one job only? jobs of different pipeline definitions?) and merge again; settings"
                + " that only shape how a job runs (concurrency, timeouts, retries, polling) may differ");
    }

    /**
     * Which parts read which value of {@code key}, without the values: the default first — {@code not set in a} (and
     * {@code, set to its default in b}) — then the others, a value the configuration refuses said as such.
     */
    private static String said(String key, java.util.Collection<List<String>> groups, Map<String, SettingsAsRead> read) {
        List<String> said = new ArrayList<>();
        List<List<String>> others = new ArrayList<>();
        for (List<String> group : groups) {
            List<String> unset = group.stream().filter(where -> !read.get(where).set(key)).toList();
            if (unset.isEmpty()) {
                others.add(group);
                continue;
            }
            List<String> spelt = group.stream().filter(where -> read.get(where).set(key)).toList();
            said.add(0, "not set in " + String.join(", ", unset) + (spelt.isEmpty() ? "" : ", set to its default in "
                    + String.join(", ", spelt)));
        }
        boolean defaultSaid = !said.isEmpty();
        for (int i = 0; i < others.size(); i++) {
            List<String> group = others.get(i);
            if (read.get(group.get(0)).value(key) instanceof SettingsAsRead.Refused) {
                said.add("a value the configuration refuses in " + String.join(", ", group));
            } else {
                said.add((defaultSaid && others.size() == 1 ? "set in " : i == 0 ? "one value in " : "another in ")
                        + String.join(", ", group));
            }
        }
        return String.join("; ", said);
    }

    /** Refuses parts that differ on a setting of {@link #MUST_AGREE} ({@link #differing}). */
    static void refuseDiffering(String runId, Map<String, RunPart> parts, Set<String> overridden) {
        differing(runId, parts, overridden).ifPresent(message -> {
            throw new MergedRun.MergeRefused(message);
        });
    }

    /**
     * Settings the merge itself decides with — the verdict's and where the merged results go — which a {@code -D} given to
     * the merge overrides: the parts then need not agree on them. What the parts tested (the backend, the bot, its
     * project) is not among them: no setting of the merge changes what answered.
     */
    static final Set<String> MERGE_DECIDES = Set.of(GOVERNANCE_THRESHOLD, GOVERNANCE_MODE, COVERAGE_MINIMUM,
            GOVERNANCE_REQUIRE_LIVE, GOVERNANCE_PER_LOCALE, REPEAT_PASS_RATIO, AUDIT_FILE, WEBHOOK_URL, WEBHOOK_PROJECT_ID, WEBHOOK_OUTBOX_DIR,
            WEBHOOK_TIMEOUT, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BUDGET);

    private static boolean mustAgree(String key) {
        if (MUST_AGREE.contains(key)) return true;
        return MUST_AGREE.stream().anyMatch(k -> k.endsWith(".") && key.startsWith(k));
    }

    /** The shard's number, {@code 0} for a part without one (or a shard no JVM writes, which the merge refuses). */
    private static int shardIndex(RunPart part) {
        if (part.shard() == null) return 0;
        try {
            return Integer.parseInt(part.shard().substring(0, part.shard().indexOf('/')).strip());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
