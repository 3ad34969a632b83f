package dev.botsim.cognigy.engine.merge;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 * <p>Both the command-line merge and the Maven plugin's {@code cognigy:merge} take the run's settings from
 * {@link #of(Map)}, the one part that stands for the run.
 */
public final class PartSettings {

    /** Settings every part of a run must have the same value of (or all leave unset). */
    public static final Set<String> MUST_AGREE = Set.of(
            // what was tested: the backend, the bot, its project and what the answers are read as
            BACKEND, BASE_URL, ENDPOINT_DATA_PREFIX, ENDPOINT_DATA_INTENT, ENDPOINT_DATA_INTENT_SCORE, ENDPOINT_DATA_FLOW,
            ENDPOINT_DATA_SLOTS, ENDPOINT_DATA_ERROR_CODE, ENDPOINT_DATA_ERROR_MESSAGE, ENDPOINT_DATA_INTENT_FLOW,
            ENDPOINT_CODE_NODE, MANAGEMENT_URL, MANAGEMENT_PROJECT_ID, EXPECTED_SNAPSHOT, SANDBOX_BOT, SANDBOX_MANAGEMENT_API,
            SANDBOX_PLAYBOOKS, DEFAULT_PLATFORM, FLOWS, DISCOVERY_MAX_FILE_SIZE, PLAYBOOKS_INCLUDE, PLAYBOOKS_FILE,
            PLAYBOOKS_FLOW, PLAYBOOKS_LOCALE, PLAYBOOKS_ENTRYPOINT, PLAYBOOKS_MODE, NLU_FLOW, NLU_LOCALE,
            // the verdict and what the reports mean
            GOVERNANCE_THRESHOLD, GOVERNANCE_MODE, COVERAGE_MINIMUM, GOVERNANCE_REQUIRE_LIVE, REPEAT, REPEAT_PASS_RATIO,
            NLU_MARGIN, APPROVE, APPROVE_DIR, REPLAY, REPLAY_DIR,
            // where the results go
            AUDIT_FILE, WEBHOOK_URL, WEBHOOK_PROJECT_ID, WEBHOOK_OUTBOX_DIR, WEBHOOK_TIMEOUT, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BUDGET);

    /** Settings that only shape how a job ran: its parts may have different values of them. */
    public static final Set<String> MAY_DIFFER = Set.of(
            // credentials (the secrets themselves are never recorded) and a key every run refuses
            CLIENT_ID, OAUTH_SCOPE, ENDPOINT_URL,
            // pacing, concurrency, timeouts, retries, polling
            ENDPOINT_MAX_MESSAGES_PER_HOUR, SANDBOX_PROCESSING_TIME, MAX_CONCURRENCY, PARALLEL_ENABLED, PARALLEL_CONFIG_PREFIX,
            POLL_TIMEOUT, POLL_INITIAL_DELAY, POLL_MAX_INTERVAL, HTTP_CONNECT_TIMEOUT, HTTP_READ_TIMEOUT, HTTP_CALL_TIMEOUT,
            RETRY_MAX_ATTEMPTS, RETRY_LONGEST_WAIT, RETRY_RATE_LIMIT_TIMEOUT, RETRY_OUTAGE_AFTER, RETRY_OUTAGE_PROBE,
            NLU_TRAIN_FIRST,
            // which user a job's tests speak as (a job of its own may keep its users apart from the others')
            DEFAULT_USER, USER_SCOPE,
            // the job's own console, names and folders: the merge writes its reports to --out
            REPORT_DIR, PROGRESS_INTERVAL, FULL_STACK_TRACES, NAMING_STRATEGY, REPLAY_REDACT,
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
        return configuration;
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
     * with which parts have which value (never the value: a URL may hold a token); nothing when they agree.
     *
     * @param parts by where each was read from
     */
    public static Optional<String> differing(String runId, Map<String, RunPart> parts) {
        Set<String> keys = new TreeSet<>();
        parts.values().forEach(part -> keys.addAll(part.info().configuration().keySet()));
        List<String> differing = new ArrayList<>();
        for (String key : keys) {
            if (!mustAgree(key)) continue;
            // The parts by the value they have, in the order of where they were read from; a part without it has none.
            Map<Optional<String>, List<String>> groups = new LinkedHashMap<>();
            new TreeMap<>(parts).forEach((where, part) -> groups.computeIfAbsent(
                    Optional.ofNullable(part.info().configuration().get(key)).map(v -> comparable(key, v.strip(), part.suite())),
                    v -> new ArrayList<>()).add(where));
            if (groups.size() < 2) continue;
            List<String> said = new ArrayList<>();
            List<String> unset = groups.get(Optional.<String>empty());
            if (unset != null) said.add("not set in " + String.join(", ", unset));
            List<List<String>> set = groups.entrySet().stream().filter(e -> e.getKey().isPresent()).map(Map.Entry::getValue).toList();
            for (int i = 0; i < set.size(); i++) {
                said.add((set.size() == 1 ? "set in " : i == 0 ? "one value in " : "another in ") + String.join(", ", set.get(i)));
            }
            differing.add(key + " (" + String.join("; ", said) + ")");
        }
        if (differing.isEmpty()) return Optional.empty();
        return Optional.of("the parts of run " + runId + " ran with different settings that decide its verdict, what its"
                + " reports mean or where its results go: " + String.join(", ", differing) + "; merged, one part's settings"
                + " would judge and deliver the whole run. Run every shard or fork of the run with the same values of these"
                + " settings (a -D given to one job only? jobs of different pipeline definitions?) and merge again; settings"
                + " that only shape how a job runs (concurrency, timeouts, retries, polling) may differ");
    }

    /** Refuses parts that differ on a setting of {@link #MUST_AGREE} ({@link #differing}). */
    static void refuseDiffering(String runId, Map<String, RunPart> parts) {
        differing(runId, parts).ifPresent(message -> {
            throw new MergedRun.MergeRefused(message);
        });
    }

    /** Settings naming a file or folder: an absolute one names it in the job's own checkout. */
    static final Set<String> PATHS = Set.of(AUDIT_FILE, WEBHOOK_OUTBOX_DIR, APPROVE_DIR, REPLAY_DIR, SANDBOX_BOT,
            SANDBOX_PLAYBOOKS, PLAYBOOKS_FILE);

    /**
     * A path setting's value as the parts are compared by: an absolute path from the module's folder on
     * ({@code <module>/target/audit.jsonl}), since each job's checkout may lie elsewhere — a Jenkins workspace's copy
     * ({@code job@2}), a GitLab runner's folder per concurrent job — while the file is the module's same one. A relative
     * path, a {@code classpath:} name, an absolute path outside the module and any other setting are compared as written.
     */
    static String comparable(String key, String value, String suite) {
        if (!PATHS.contains(key) || suite == null) return value;
        try {
            java.nio.file.Path path = java.nio.file.Path.of(value).normalize();
            if (!path.isAbsolute()) return value;
            for (int i = path.getNameCount() - 1; i >= 0; i--) {
                if (!RunPart.suiteOfFolder(path.getName(i).toString()).equals(suite)) continue;
                return i + 1 == path.getNameCount() ? "<module>" : "<module>/" + path.subpath(i + 1, path.getNameCount())
                        .toString().replace('\\', '/');
            }
            return value;
        } catch (java.nio.file.InvalidPathException e) {
            return value;
        }
    }

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
