package dev.botsim.cognigy.engine.merge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.config.NamingStrategy;
import dev.botsim.cognigy.engine.discovery.rules.DuplicateTestId;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The parts of one run put together as if one JVM had run them, or the reason they cannot be:
 *
 * <ul>
 *   <li>every part names the same run id, and the same suite (a module of a multi-module build: two modules are two
 *       runs, each with its own tests and bot, which one merge would judge as one run with one bot, and without noticing
 *       a module's missing shard, since the other module's shard of that number is there); a part written before parts
 *       recorded their suite is not checked;</li>
 *   <li>with shards, every shard {@code 1..n} is there — a shard that selected no tests leaves an empty part, so a
 *       missing part is a job that did not run or was not downloaded — and no two whole parts hold the same test (a
 *       shard downloaded twice, or two runs' artifacts in one folder; two shards of different numbers found different
 *       suites), and every shard was given the same selection of tests ({@link TestSelections}: one given a narrower
 *       {@code -Dtest} ran fewer than its share, and the rest of its share ran in no shard);</li>
 *   <li>every part ran in the same replay mode ({@code cognigy.replay}), named with its parts when they differ: the
 *       answers are counted as replayed or live under one mode;</li>
 *   <li>every part ran with the same settings that decide the verdict, what the reports mean and where the results
 *       go ({@link PartSettings#MUST_AGREE}): the run is concluded with one set of them;</li>
 *   <li>at least one part ran a test: a run without any has no verdict, as one JVM without tests has none;</li>
 *   <li>a part that ran tests picked one by one (a rerun) replaces the earlier results of those tests: the later
 *       result wins, marked as a rerun, with both attempts as its repetitions ({@link Rerun}), and the test is listed
 *       as rerun. A test is the same test when its unique id is, or — a rerun of a class's data file by its line, which
 *       discovers the file on its own — when its test id, file and line are. A rerun that ended before the whole part
 *       holding one of its tests began is refused: its result is the older one;</li>
 *   <li>test ids are unique in the run, as one JVM's discovery keeps them: a test id that two parts' tests use (two data
 *       files or classes, each run by another JVM, neither knowing the other) is kept by one use, and every later use
 *       is the failing result one JVM gives it ({@link UniqueTestIds}).</li>
 * </ul>
 *
 * <p>The run's batch id is derived from the run id and the parts' content, so merging the same parts twice gives the
 * same batch — and the same webhook id, which the receiver processes once — while parts that changed (a rerun added)
 * make a new batch. A merge given a verdict setting ({@link #VERDICT}) that it reads otherwise than the parts did — a
 * {@code -Dcognigy.governance.threshold} of its own — concludes another batch too: the same batch with another verdict
 * would find the first verdict's audit record and append nothing, and send the new verdict under the webhook id the
 * receiver already processed, while the merge exits with the new one.
 *
 * @param parts     the parts, by the name of the file each came from
 * @param reruns    unique ids of the tests whose result came from a rerun
 * @param duplicates the test ids used by more than one test of the parts, each later use now a failing result
 */
record MergedRun(String runId, RunInfo info, List<SimulationRecord> records, Map<String, String> dataFiles,
                 Map<String, RunPart> parts, Set<String> reruns, List<DuplicateTestId> duplicates) {

    /** @param parts by where each was read from (a file name the messages can give) */
    static MergedRun of(Map<String, RunPart> parts, Map<String, String> digests) {
        return of(parts, digests, Map.of());
    }

    /**
     * @param parts      by where each was read from (a file name the messages can give)
     * @param overridden the settings the merge is given values of ({@code -D}), by key: the parts need not agree on those
     *                   the merge decides with ({@link PartSettings#MERGE_DECIDES}), and a verdict setting read otherwise
     *                   than the parts read it makes another batch ({@link #judgedOtherwise})
     */
    static MergedRun of(Map<String, RunPart> parts, Map<String, String> digests, Map<String, String> overridden) {
        return of(parts, digests, overridden, MergeTerms.COMMAND_LINE);
    }

    /** @param terms how the merge's caller names what a refusal advises (which command merges each module, say) */
    static MergedRun of(Map<String, RunPart> parts, Map<String, String> digests, Map<String, String> overridden, MergeTerms terms) {
        return of(parts, digests, overridden, terms, List.of());
    }

    /**
     * @param begun the marks of parts that began and never wrote their file, found with the parts: each that says its
     *              suite is of that suite's run, so a module whose part left only its mark is a suite of these parts too
     */
    static MergedRun of(Map<String, RunPart> parts, Map<String, String> digests, Map<String, String> overridden, MergeTerms terms,
                        List<BegunMark> begun) {
        if (parts.isEmpty()) throw new MergeRefused("no part of a run was found (" + RunPart.FILE_NAME
                + " below the folders given): did the shards write their reports to cognigy.report.dir with cognigy.shard"
                + " or cognigy.run.defer and a run id set?");
        Map<String, List<String>> byRun = new TreeMap<>();
        parts.forEach((where, part) -> byRun.computeIfAbsent(part.runId(), k -> new ArrayList<>()).add(where));
        if (byRun.size() > 1) {
            throw new MergeRefused("the parts belong to " + byRun.size() + " different runs: " + byRun.entrySet().stream()
                    .map(e -> "run " + e.getKey() + " (" + String.join(", ", e.getValue()) + ")").collect(Collectors.joining("; "))
                    + "; merge one run at a time, giving only its folders"
                    + RunAttempts.of(RunAttempts.saidBy(parts.values())).map(attempts -> "; " + attempts).orElse(""));
        }
        String runId = byRun.keySet().iterator().next();
        checkSuites(runId, parts, begun, terms);
        checkBots(runId, parts, terms);
        checkTargets(runId, parts);
        List<Map.Entry<String, RunPart>> whole = whole(parts);
        refuseRerunsAlone(runId, parts, whole);
        checkShards(runId, whole, begun, terms);
        TestSelections.refuseDiffering(runId, whole);
        checkDataFiles(runId, parts);
        checkReplayModes(runId, parts);
        PartSettings.refuseDiffering(runId, parts, overridden.keySet());
        refuseRepeatedJudgedOtherwise(runId, parts, overridden, terms);
        refuseRerunsTwice(parts, digests);
        Results results = results(runId, parts, overridden);
        Map<String, SimulationRecord> records = results.byTest();
        if (records.isEmpty()) {
            // One JVM running a suite without tests concludes nothing either: no verdict, audit record or webhook.
            throw new MergeRefused("run " + runId + " has no results: none of its " + parts.size() + " parts ran a test (every"
                    + " shard selected none); check the filters and the data files the jobs were given");
        }
        List<RunPart> all = List.copyOf(parts.values());
        Map<String, String> dataFiles = new TreeMap<>();
        all.forEach(part -> dataFiles.putAll(part.dataFiles()));
        String batch = batchId(runId, digests.values(), judgedOtherwise(parts, overridden));
        return new MergedRun(runId, info(runId, parts, whole, batch, results.collapsed(), overridden), List.copyOf(records.values()),
                dataFiles, parts, results.reruns(), results.duplicates());
    }

    /** The whole parts, by shard number and then by where each was read from; a rerun's part is no whole part. */
    static List<Map.Entry<String, RunPart>> whole(Map<String, RunPart> parts) {
        return parts.entrySet().stream().filter(e -> !e.getValue().partial())
                .sorted(Comparator.comparing((Map.Entry<String, RunPart> e) -> shardIndex(e.getValue())).thenComparing(Map.Entry::getKey))
                .toList();
    }

    /**
     * Each test's result, as the run concludes with it.
     *
     * @param byTest     by unique id
     * @param reruns     the unique ids of the tests whose result came from a rerun
     * @param duplicates the test ids used by more than one test, each later use now a failing result
     * @param collapsed  how many results fewer than the parts' the run has for that: the turns of a data-file
     *                   conversation used again are one failing test, as one JVM plans it; and a test standing for
     *                   invalid input, which every shard holds, is one
     */
    record Results(Map<String, SimulationRecord> byTest, Set<String> reruns, List<DuplicateTestId> duplicates, int collapsed) {
    }

    /**
     * Each test's result, as the run concludes with it: the whole parts' (two holding one test are refused), each
     * replaced by a later rerun's ({@link Rerun}), and every later use of a test id the failing result one JVM gives it
     * ({@link UniqueTestIds}).
     */
    static Results results(String runId, Map<String, RunPart> parts) {
        return results(runId, parts, Map.of());
    }

    /** @param overridden the settings the merge is given ({@code -D}): a rerun's result is judged by its pass ratio */
    static Results results(String runId, Map<String, RunPart> parts, Map<String, String> overridden) {
        Set<String> reruns = new TreeSet<>();
        List<Map.Entry<String, RunPart>> whole = whole(parts);
        Map<String, SimulationRecord> records = new LinkedHashMap<>();
        Map<String, String> holder = new TreeMap<>();
        int shared = 0;
        for (Map.Entry<String, RunPart> entry : whole) {
            for (SimulationRecord record : entry.getValue().records()) {
                String before = holder.putIfAbsent(record.uniqueId(), entry.getKey());
                // A test standing for invalid input goes to every shard (ShardSelection): each shard that ran its class holds
                // it, and the run counts it once, as one JVM does.
                if (before != null && record.invalidInput() && records.get(record.uniqueId()).invalidInput()
                        && parts.get(before).shard() != null && entry.getValue().shard() != null
                        && !parts.get(before).shard().equals(entry.getValue().shard())) {
                    shared++;
                    continue;
                }
                if (before != null && !java.util.Objects.equals(parts.get(before).shard(), entry.getValue().shard())) {
                    // Two shards hold one test: each job split a different suite, not one job run twice.
                    throw new MergeRefused("shards " + parts.get(before).shard() + " and " + entry.getValue().shard() + " of run "
                            + runId + " both ran " + record.uniqueId() + " (" + before + " and " + entry.getKey() + "): the shards"
                            + " found different suites — their jobs ran different commits or versions of cognigy-junit, or"
                            + " were given different filters or selections of tests (-Dtest, -Dgroups, tags, the classes or"
                            + " files selected) — so they split different sets of tests, and some may have run in no shard."
                            + " Run every shard of the run from the same commit with the same cognigy-junit and selection");
                }
                if (before != null && RunAttempts.ofOneJob(parts.get(before), entry.getValue())) {
                    // Two attempts of one shard's job, each its own artifact (Azure Pipelines publishes a name once a run).
                    RunPart first = parts.get(before);
                    String last = first.attempt() > entry.getValue().attempt() ? before : entry.getKey();
                    String variable = first.attemptOf();
                    throw new MergeRefused(describe(entry.getValue()) + " is there twice, from two attempts of its job: " + before
                            + " (" + variable + " " + first.attempt() + ") and " + entry.getKey() + " (" + variable + " "
                            + entry.getValue().attempt() + ") both ran " + record.uniqueId() + "; give the merge only each shard's"
                            + " last attempt, here " + last + ": a job re-run replaces what its earlier attempt found (docs/ci.md)");
                }
                if (before != null) {
                    throw new MergeRefused(describe(entry.getValue()) + " is there twice: " + before + " and " + entry.getKey()
                            + " both ran " + record.uniqueId() + "; keep one of them (two attempts of one job, or the"
                            + " artifacts of two runs in one folder? A Maven build run again without clean under the same"
                            + " -Dcognigy.run-id leaves its parts beside the first build's: run mvn clean, or give each build"
                            + " its own run id)");
                }
                records.put(record.uniqueId(), record);
            }
        }
        double passRatio = passRatio(parts, overridden);
        refuseUnplannedReruns(runId, parts, records);
        refuseEarlierReruns(runId, parts, records, holder);
        parts.values().stream().filter(RunPart::partial).sorted(Comparator.comparing(RunPart::finished)).forEach(rerun -> {
            for (SimulationRecord record : rerun.records()) {
                String test = sameTest(records, record);
                SimulationRecord merged = Rerun.replacing(records.get(test), record, passRatio);
                // Under the id the suite knows it by: the class's, for a rerun that found the class's file on its own.
                if (!merged.uniqueId().equals(test)) merged = merged.toBuilder().uniqueId(test).build();
                records.put(test, merged);
                if (merged.rerun()) reruns.add(test);
            }
        });
        List<DuplicateTestId> duplicates = new ArrayList<>();
        Map<String, SimulationRecord> unique = UniqueTestIds.of(records, naming(parts), duplicates);
        // A later use's result is no rerun's any more: one JVM would not have run it.
        reruns.removeIf(test -> unique.get(test) != records.get(test));
        return new Results(unique, reruns, List.copyOf(duplicates), records.size() - unique.size() + shared);
    }

    /** How many tests a refusal names by their unique id before it counts the rest. */
    private static final int NAMED = 5;

    /**
     * Refuses a rerun's part holding a test that no whole part ran: a rerun replaces the results of tests the run's
     * shards or forks planned, and such a result would be added to the run as if it had planned it — one more test in
     * the verdict's count, passing, say, where the suite never had it. A rerun selected otherwise than the run (a test
     * added or renamed since its shards ran, another commit, another run's rerun under this run id) leaves one. Where a
     * whole part was cancelled it stands: its part holds no result of the tests it planned and never ran, so the rerun's
     * test may be one of those, and the run is {@code INTERRUPTED} whatever the rerun holds.
     *
     * @param planned the whole parts' results, by unique id
     */
    private static void refuseUnplannedReruns(String runId, Map<String, RunPart> parts, Map<String, SimulationRecord> planned) {
        if (cancelled(parts.values())) return;
        Map<String, List<String>> unplanned = new TreeMap<>();
        parts.forEach((where, part) -> {
            if (!part.partial()) return;
            for (SimulationRecord record : part.records()) {
                if (!planned.containsKey(sameTest(planned, record))) {
                    unplanned.computeIfAbsent(where, k -> new ArrayList<>()).add(record.uniqueId());
                }
            }
        });
        if (unplanned.isEmpty()) return;
        String found = unplanned.entrySet().stream().map(e -> {
            List<String> tests = e.getValue();
            String named = String.join(", ", tests.subList(0, Math.min(NAMED, tests.size())))
                    + (tests.size() > NAMED ? " and " + (tests.size() - NAMED) + " more" : "");
            return e.getKey() + " holds " + tests.size() + (tests.size() == 1 ? " test" : " tests") + " that no shard or fork of the run"
                    + " ran: " + named;
        }).collect(Collectors.joining("; "));
        boolean one = unplanned.size() == 1;
        throw new MergeRefused("a rerun of run " + runId + " ran tests the run did not plan: " + found + ". A rerun replaces the"
                + " results of tests the run's shards or forks ran; merged, these would be counted as tests of the run that it"
                + " never planned. " + (one ? "That rerun was" : "Those reruns were") + " given another selection than the run (a"
                + " test added or renamed since the shards ran, another commit, or another run's rerun under run id " + runId
                + "): leave " + (one ? "its part" : "their parts") + " out of the merge, or rerun only tests the shards or forks"
                + " ran, from the commit they ran");
    }

    /**
     * Refuses a rerun's part that finished before a whole part holding one of its tests began: its result is older than
     * that part's, and the later result wins — merged, the rerun's pass would stand in for the test's later failure. It
     * is the rerun of an earlier run of that shard or fork, left beside its part run again (a suite run again under the
     * same run id in a folder not cleaned, its older whole part deleted as the merge advised; a shard job run again whose
     * earlier attempt's rerun was downloaded too). Only a rerun that ended before that part began is refused: where their
     * times overlap neither is known to be the later, and a clock a few seconds off another machine's changes nothing.
     *
     * @param planned the whole parts' results, by unique id
     * @param holder  where each of those results was read from, by unique id
     */
    private static void refuseEarlierReruns(String runId, Map<String, RunPart> parts, Map<String, SimulationRecord> planned,
                                            Map<String, String> holder) {
        Map<String, Map<String, List<String>>> earlier = new TreeMap<>();
        parts.forEach((where, rerun) -> {
            if (!rerun.partial() || rerun.finished() == null) return;
            for (SimulationRecord record : rerun.records()) {
                String whole = holder.get(sameTest(planned, record));
                if (whole == null) continue;
                Instant began = parts.get(whole).info().started();
                if (began != null && rerun.finished().isBefore(began)) {
                    earlier.computeIfAbsent(where, k -> new TreeMap<>()).computeIfAbsent(whole, k -> new ArrayList<>())
                            .add(record.uniqueId());
                }
            }
        });
        if (earlier.isEmpty()) return;
        String found = earlier.entrySet().stream().map(e -> e.getKey() + " finished at " + parts.get(e.getKey()).finished()
                + ", before " + e.getValue().entrySet().stream().map(w -> {
                    List<String> tests = w.getValue();
                    return w.getKey() + " (" + describe(parts.get(w.getKey())) + ") began at " + parts.get(w.getKey()).info().started()
                            + ", which holds " + tests.size() + " of its tests: " + String.join(", ", tests.subList(0, Math.min(NAMED,
                            tests.size()))) + (tests.size() > NAMED ? " and " + (tests.size() - NAMED) + " more" : "");
                }).collect(Collectors.joining("; and before "))).collect(Collectors.joining("; "));
        boolean one = earlier.size() == 1;
        throw new MergeRefused("a rerun of run " + runId + " ran before the part whose results it would replace: " + found
                + ". The later result wins, and here it is that part's: merged, the rerun's older result would stand in for it"
                + " (a test that failed again counted as passed). " + (one ? "That rerun is" : "Those reruns are") + " of an"
                + " earlier run of the shard or fork, left beside its part run again (the suite run again under run id " + runId
                + " in a folder not cleaned, or an earlier attempt's artifacts downloaded too): leave " + (one ? "its part" : "their parts")
                + " out of the merge (its folder, or its file); to replace the later results, rerun those tests now and merge that"
                + " rerun's part instead");
    }

    /** How the run names tests: as the part that stands for the run was told to (they may differ; it names nothing else). */
    private static NamingStrategy naming(Map<String, RunPart> parts) {
        String naming = PartSettings.of(parts).get(Constants.NAMING_STRATEGY);
        return EngineConfig.namingStrategy(new MapParameters(naming == null ? Map.of() : Map.of(Constants.NAMING_STRATEGY, naming)));
    }

    /**
     * The unique id of the earlier result a rerun's {@code record} is a result of: its own, or — when no part holds that
     * one — that of the one result with its test id, file and line. A data file that a class names is found on its own
     * when a rerun selects it by a line (an IDE's run of one case): the same case, under a unique id without the class.
     */
    private static String sameTest(Map<String, SimulationRecord> records, SimulationRecord record) {
        if (records.containsKey(record.uniqueId()) || record.source() == null || record.line() <= 0) return record.uniqueId();
        List<String> same = records.values().stream().filter(r -> !r.invalidInput() && r.testId().equals(record.testId())
                && record.source().equals(r.source()) && r.line() == record.line()).map(SimulationRecord::uniqueId).toList();
        return same.size() == 1 ? same.get(0) : record.uniqueId();
    }

    /**
     * Whether JUnit cancelled one of the whole parts before all its tests ran: their skipped tests are in no part, so the
     * run is concluded INTERRUPTED. A rerun cancelled half-way leaves the earlier results of the tests it did not get to.
     */
    static boolean cancelled(java.util.Collection<RunPart> parts) {
        return parts.stream().anyMatch(part -> !part.partial() && part.cancelled());
    }

    /**
     * Refuses reruns' parts without any whole part of their run: a rerun replaces the results of the tests it reran, and
     * the run's shards or forks, whose tests it replaces them in, are then all missing — which no count of shards can
     * tell, shards being counted in whole parts. Merged alone, a rerun's few results (its one failed test, passing now)
     * would be judged as the whole suite.
     */
    private static void refuseRerunsAlone(String runId, Map<String, RunPart> parts, List<Map.Entry<String, RunPart>> whole) {
        if (!whole.isEmpty()) return;
        boolean one = parts.size() == 1;
        throw new MergeRefused("run " + runId + " has no whole part: " + (one ? "the 1 part given is a rerun" : "the " + parts.size()
                + " parts given are reruns") + " (tests picked one by one), " + String.join(", ", parts.keySet()) + ", whose results"
                + " replace those of the tests " + (one ? "it" : "they") + " reran in the parts of the run's shards or forks, and none"
                + " of those is among the parts given (their jobs failed, or their reports were not downloaded); merged alone, the"
                + (one ? " rerun's" : " reruns'") + " results would be judged as the whole suite. Merge " + (one ? "it" : "them")
                + " with the parts of every shard or fork of run " + runId);
    }

    /**
     * Refuses a rerun's part there twice — the same content in two files: downloaded into two folders, say — whose
     * attempts would otherwise count twice in the test's repetitions. A whole part there twice is refused by its tests.
     */
    private static void refuseRerunsTwice(Map<String, RunPart> parts, Map<String, String> digests) {
        Map<String, String> byDigest = new TreeMap<>();
        for (Map.Entry<String, RunPart> entry : parts.entrySet()) {
            if (!entry.getValue().partial() || digests.get(entry.getKey()) == null) continue;
            String before = byDigest.putIfAbsent(digests.get(entry.getKey()), entry.getKey());
            if (before != null) {
                throw new MergeRefused("a rerun of run " + entry.getValue().runId() + " is there twice: " + before + " and "
                        + entry.getKey() + " hold the same part; keep one of them (its artifact downloaded twice, or copied?)");
            }
        }
    }

    /**
     * Refuses a merge given a {@code cognigy.repeat.pass-ratio} ({@code -D}) read otherwise than its parts read theirs
     * when a part holds a repeated test's result ({@code cognigy.repeat}, {@code repeat:}): the ratio decided that test's
     * outcome in the JVM that ran it — passed, or the outcome, message and answer of the run whose failure it took (the
     * most serious kind among its runs that did not pass), which only that JVM saw — and the merge cannot judge its runs again. Merged, the run would say it was judged with the merge's ratio
     * while that test counted as its part's ratio judged it: passing at 0.8 in a run said to require 1.0. A run without
     * repeated tests is judged with it: the ratio a rerun's attempts show is then all it reaches.
     */
    private static void refuseRepeatedJudgedOtherwise(String runId, Map<String, RunPart> parts, Map<String, String> overridden,
                                                      MergeTerms terms) {
        String ratio = judgedOtherwise(parts, overridden).get(Constants.REPEAT_PASS_RATIO);
        if (ratio == null) return;
        Map<String, List<String>> repeated = new TreeMap<>();
        parts.forEach((where, part) -> part.records().stream().filter(r -> r.repetitions() != null)
                .forEach(r -> repeated.computeIfAbsent(where, k -> new ArrayList<>()).add(r.uniqueId())));
        if (repeated.isEmpty()) return;
        String own = String.valueOf(SettingsAsRead.of(PartSettings.of(parts)).value(Constants.REPEAT_PASS_RATIO));
        String found = repeated.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ",
                e.getValue().subList(0, Math.min(NAMED, e.getValue().size())))
                + (e.getValue().size() > NAMED ? " and " + (e.getValue().size() - NAMED) + " more" : "")).collect(Collectors.joining("; "));
        String given = terms.setting(Constants.REPEAT_PASS_RATIO);
        throw new MergeRefused(given + "=" + overridden.get(Constants.REPEAT_PASS_RATIO) + " cannot judge"
                + " run " + runId + ": its parts ran with " + Constants.REPEAT_PASS_RATIO + "=" + own + ", and their repeated tests ("
                + found + ") passed or failed by it in the JVMs that ran them, which alone saw their runs; merged, they would count"
                + " as judged by " + own + " in a run said to be judged by " + ratio + ". Merge without " + given + ", or run the shards or forks again with " + Constants.REPEAT_PASS_RATIO + "=" + ratio + " and merge those parts");
    }

    /**
     * The {@code cognigy.repeat.pass-ratio} the merge judges with: its own {@code -D} when given one, else the one the parts
     * ran with (1.0, its default, when they set none or it is not a ratio). The merge's, not the parts': a rerun's result
     * judged by the parts' ratio beside a verdict reached with the merge's would judge one run by two ratios.
     */
    private static double passRatio(Map<String, RunPart> parts, Map<String, String> overridden) {
        String ratio = overridden.containsKey(Constants.REPEAT_PASS_RATIO) ? overridden.get(Constants.REPEAT_PASS_RATIO)
                : PartSettings.of(parts).get(Constants.REPEAT_PASS_RATIO);
        if (ratio == null) return 1.0;
        try {
            double parsed = Double.parseDouble(ratio);
            if (parsed >= 0 && parsed <= 1) return parsed;
        } catch (NumberFormatException ignored) {
            // the parts' own runs (or the merge, reading its -D) refuse it before any verdict; nothing to take from it
        }
        return 1.0;
    }

    /**
     * Refuses the parts of several suites: each module of a build is a run of its own. Parts that do not say their
     * suite (written by an older engine) are not checked. A mark of a part that began and never wrote its file, which
     * says its suite, counts as that suite's: its module is told to merge it with its parts, for that merge to refuse the
     * module's incomplete run — in a report folder shared with another module, no folder of its parts may hold it.
     */
    private static void checkSuites(String runId, Map<String, RunPart> parts, List<BegunMark> begun, MergeTerms terms) {
        Map<String, List<String>> bySuite = new TreeMap<>();
        parts.forEach((where, part) -> {
            if (part.suite() != null) bySuite.computeIfAbsent(part.suite(), k -> new ArrayList<>()).add(where);
        });
        Set<String> marks = new TreeSet<>();
        begun.stream().filter(mark -> mark.begun().isPresent() && runId.equals(mark.begun().get().runId()) && mark.suite().isPresent())
                .forEach(mark -> {
                    bySuite.computeIfAbsent(mark.suite().get(), k -> new ArrayList<>()).add(mark.file().toString());
                    marks.add(mark.file().toString());
                });
        if (bySuite.size() < 2) return;
        String found = bySuite.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue().stream()
                        .map(where -> marks.contains(where) ? where + ", which began and never wrote its results" : where)
                        .collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining("; "));
        // Each module is told its run folders; where two modules' parts share one (one report folder for the build), each
        // is told its parts' own folders there: the shared folder would give each module's merge both modules' parts again.
        Map<String, Long> suitesPerFolder = bySuite.values().stream().flatMap(where -> where.stream().map(MergedRun::folder).distinct())
                .collect(Collectors.groupingBy(folder -> folder, Collectors.counting()));
        Map<String, List<String>> folders = new TreeMap<>();
        bySuite.forEach((suite, where) -> folders.put(suite, where.stream()
                .map(w -> suitesPerFolder.get(folder(w)) > 1 ? partFolder(w) : folder(w)).distinct().toList()));
        throw new MergeRefused("the parts of run " + runId + " are of " + bySuite.size() + " suites, each a module with its"
                + " own tests and bot: " + found + "; merged as one run, a module's missing shard would go unnoticed (the other"
                + " module's shard of that number is there) and the run would be judged against one module's bot. "
                + terms.eachModule(folders));
    }

    /** The bots the parts that sent a test name: each a label, as a part names it. */
    private static Set<String> botsSending(java.util.Collection<RunPart> parts) {
        Set<String> bots = new TreeSet<>();
        for (RunPart part : parts) {
            if (!sentNothing(part) && part.info().botName() != null && !part.info().botName().isBlank()) bots.add(part.info().botName());
        }
        return bots;
    }

    /**
     * Whether {@code part} sent no test — it holds results and every one was left out with {@code @Disabled}, a fork given
     * only a class disabled whole — and names another bot than the parts that sent one ({@code sending}). One JVM
     * running the whole selection takes the bots of the tests it sends, and a class of another bot left out whole names
     * no bot of the run and expects none of its flows; a fork given only that class does not see the rest of the
     * selection and names the class's bot, as a run of that class alone would. The merge, which sees every part, takes
     * the run's bots as one JVM does: such a part names no bot of the run and its flows are not the run's. A part of
     * the run's bot that sent nothing keeps its flows, as that class's do in one JVM.
     */
    private static boolean ofAnotherBotLeftOut(RunPart part, Set<String> sending) {
        String named = part.info().botName();
        return named != null && !named.isBlank() && !sending.isEmpty() && !sending.contains(named) && sentNothing(part);
    }

    private static boolean sentNothing(RunPart part) {
        return !part.records().isEmpty() && part.records().stream()
                .allMatch(r -> r.skipReason() == SimulationRecord.SkipReason.DISABLED);
    }

    /**
     * Refuses the parts of several bots: a run talks to one bot (a run whose tests name two does not start), so parts naming
     * different bots ({@code bot:}, {@code @BotSimulation(bot)}) are runs of different bots that share a run id and a report
     * folder — two Surefire executions of one module, each deferring its verdict — or shards each of which held one bot's
     * tests. Merged, one verdict, coverage and audit record would judge both bots' tests, against one part's bot. A part
     * that names no bot counts for none. A label is compared whole: one may hold a comma ({@code Support, EU}), so a part
     * of an engine before the refusal, which joined a run's several labels with {@code ", "}, differs from a part naming
     * one of them, as a run of both bots did. A part that sent no test, naming another bot than the parts that did
     * ({@link #ofAnotherBotLeftOut}), counts for none either.
     */
    private static void checkBots(String runId, Map<String, RunPart> parts, MergeTerms terms) {
        Map<String, List<String>> byBot = new TreeMap<>();
        Set<String> sending = botsSending(parts.values());
        parts.forEach((where, part) -> {
            String named = part.info().botName();
            if (named == null || named.isBlank() || ofAnotherBotLeftOut(part, sending)) return;
            byBot.computeIfAbsent(named, k -> new ArrayList<>()).add(where);
        });
        if (byBot.size() < 2) return;
        String found = byBot.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
        Map<String, Long> botsPerFolder = byBot.values().stream().flatMap(where -> where.stream().map(MergedRun::folder).distinct())
                .collect(Collectors.groupingBy(folder -> folder, Collectors.counting()));
        Map<String, List<String>> folders = new TreeMap<>();
        byBot.forEach((bot, where) -> folders.put(bot, where.stream()
                .map(w -> botsPerFolder.get(folder(w)) > 1 ? partFolder(w) : folder(w)).distinct().toList()));
        String commands = terms.eachCommand(folders);
        throw new MergeRefused("the parts of run " + runId + " tested " + byBot.size() + " different bots: " + found + "; a run"
                + " talks to one bot, and merged as one run, one verdict, coverage and audit record would judge every bot's tests"
                + " against one part's bot. Give each bot's runs a report folder of their own (cognigy.report.dir: a Surefire"
                + " execution per bot, docs/real-cognigy.md, \"Several bots\") and merge each bot's parts on its own"
                + (commands.isEmpty() ? "" : ": " + commands));
    }

    /**
     * Refuses parts that sent their messages to different places: a staging job's parts and a production job's under one
     * run id (the CI's, which every job of a workflow run shares), or a job whose {@code COGNIGY_ENDPOINT_URL} named another
     * tenant's endpoint. Each part records where its messages went, shown without secrets ({@code RunInfo.target()}), and
     * the endpoint the management API resolved ({@code bot_under_test}); parts that name the same thing otherwise, or only
     * one of them names (a shard without a test of a locale has no endpoint of that locale), agree. Merged, one verdict,
     * audit record and webhook payload would name one part's environment for the results of both. A part that ran no test
     * names none, and one written before parts recorded it neither.
     */
    private static void checkTargets(String runId, Map<String, RunPart> parts) {
        Map<String, Map<String, List<String>>> byFact = new TreeMap<>();
        parts.forEach((where, part) -> {
            if (part.records().isEmpty()) return;
            // The sandbox's bot definition is compared as a setting, where a path in the job's own checkout is not.
            part.info().target().entrySet().stream().filter(fact -> !fact.getKey().equals("sandbox"))
                    .forEach(fact -> byFact.computeIfAbsent(fact.getKey(), k -> new TreeMap<>())
                            .computeIfAbsent(fact.getValue(), k -> new ArrayList<>()).add(where));
            dev.botsim.cognigy.spi.BotUnderTest deployment = part.info().bot().underTest();
            if (deployment != null && deployment.endpointName() != null) {
                byFact.computeIfAbsent("endpoint as the management API names it", k -> new TreeMap<>())
                        .computeIfAbsent(deployment.endpointName(), k -> new ArrayList<>()).add(where);
            }
        });
        List<String> differing = byFact.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + ": " + e.getValue().entrySet().stream()
                        .map(v -> v.getKey() + " (" + String.join(", ", v.getValue()) + ")").collect(Collectors.joining("; ")))
                .toList();
        if (differing.isEmpty()) return;
        throw new MergeRefused("the parts of run " + runId + " sent their messages to different places — " + String.join(" — ",
                differing) + " —: a staging job's parts and a production job's under one run id, or a job given another"
                + " tenant's endpoint? Merged, one verdict, audit record and webhook payload would name one part's environment"
                + " for the results of all. Give each environment's jobs a run id of their own (cognigy.run-id) and merge each"
                + " environment's parts on its own, giving only its folders");
    }

    /**
     * Refuses parts that read different contents of one data file: jobs run from different commits (or a file changed
     * between them). Merged, the verdict would judge each test against the expectations its own job read, and the audit
     * record, which names one content per data file, would name one of them for all.
     */
    private static void checkDataFiles(String runId, Map<String, RunPart> parts) {
        Map<String, Map<String, List<String>>> byFile = new TreeMap<>();
        parts.forEach((where, part) -> part.dataFiles().forEach((file, sha) -> byFile.computeIfAbsent(file, k -> new TreeMap<>())
                .computeIfAbsent(sha, k -> new ArrayList<>()).add(where)));
        List<String> differing = byFile.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " (" + e.getValue().entrySet().stream()
                        .map(v -> "SHA-256 " + v.getKey().substring(0, Math.min(12, v.getKey().length())) + "… in " + String.join(", ", v.getValue()))
                        .collect(Collectors.joining("; ")) + ")")
                .toList();
        if (differing.isEmpty()) return;
        throw new MergeRefused("the parts of run " + runId + " read different contents of " + differing.size() + " data file(s): "
                + String.join("; ", differing) + "; their jobs ran different commits, or the files changed between them, and one"
                + " verdict and audit record would mix the two versions' expectations. Run every shard or fork of the run from"
                + " the same commit (or merge only the parts of one)");
    }

    /**
     * Refuses parts that ran in different replay modes ({@code cognigy.replay}), naming each part's: merged, every answer
     * would be counted as replayed or live under one mode, the first part's, and a verdict resting on cassettes in one
     * shard and on the bot in another would read as one of them. Checked before the settings, which name no value: a
     * mode is no secret, and which part ran which is what the fix needs. The mode is the one each part's run took
     * (what its counts rest on), not only its setting as written.
     */
    private static void checkReplayModes(String runId, Map<String, RunPart> parts) {
        Map<String, List<String>> byMode = new TreeMap<>();
        parts.forEach((where, part) -> byMode.computeIfAbsent(modeOf(part), k -> new ArrayList<>()).add(where));
        if (byMode.size() < 2) return;
        throw new MergeRefused("the parts of run " + runId + " ran in different replay modes (" + Constants.REPLAY + "): "
                + byMode.entrySet().stream().map(e -> e.getKey() + " in " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "))
                + "; merged, its answers would be counted as replayed and live under one part's mode, and a verdict resting on"
                + " cassettes in some parts and on the bot in others would read as one of them. Run every shard or fork of the"
                + " run with the same " + Constants.REPLAY + " (a -D given to one job only? jobs of different pipeline"
                + " definitions?) and merge again");
    }

    /** The replay mode a part's run took, as written when it is one the engine knows. */
    private static String modeOf(RunPart part) {
        String mode = part.info().replayMode();
        return java.util.Arrays.stream(dev.botsim.cognigy.engine.config.ReplayMode.values())
                .anyMatch(known -> known.id().equals(mode)) ? mode : "a mode the engine does not know";
    }

    /**
     * The folder of a part to give merge: its run's folder, {@code <report dir>/<run id>}, for a part file or the mark of
     * a begun part (which lies there); else as named.
     */
    private static String folder(String where) {
        try {
            java.nio.file.Path file = java.nio.file.Path.of(where);
            if (RunPart.isBegun(file) && file.getParent() != null) return file.getParent().toString();
            java.nio.file.Path batch = file.getParent();
            if (!RunPart.FILE_NAME.equals(String.valueOf(file.getFileName())) || batch == null || batch.getParent() == null) {
                return where;
            }
            return batch.getParent().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return where;
        }
    }

    /**
     * The folder a part file is in, {@code <report dir>/<run id>/<batch>}: one part's folder to give merge; else as named
     * (the mark of a begun part, given itself: its folder, the run's, holds another module's parts too).
     */
    private static String partFolder(String where) {
        try {
            java.nio.file.Path file = java.nio.file.Path.of(where);
            return RunPart.FILE_NAME.equals(String.valueOf(file.getFileName())) && file.getParent() != null ? file.getParent().toString() : where;
        } catch (java.nio.file.InvalidPathException e) {
            return where;
        }
    }

    /**
     * With shards: all of {@code 1..n}, of one {@code n}; without: parts of forks, which cannot tell how many there were. A
     * missing shard whose mark is there ({@code begun}) began and left no results, which is other news than a job that
     * failed before it or reports not downloaded: the refusal names the mark and what clears it.
     */
    private static void checkShards(String runId, List<Map.Entry<String, RunPart>> whole, List<BegunMark> begun, MergeTerms terms) {
        boolean any = whole.stream().anyMatch(e -> e.getValue().shard() != null);
        if (!any) return;
        // Only the shards: a fork's part has none (and a sorted set holds no null).
        Set<String> sharded = whole.stream().map(e -> e.getValue().shard()).filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        if (whole.stream().anyMatch(e -> e.getValue().shard() == null)) {
            throw new MergeRefused("run " + runId + " mixes shards with parts that ran no shard: "
                    + whole.stream().filter(e -> e.getValue().shard() == null).map(Map.Entry::getKey).collect(Collectors.joining(", "))
                    + "; set cognigy.shard on every job of the run");
        }
        Set<Integer> counts = whole.stream().map(e -> shardCount(e.getValue())).collect(Collectors.toCollection(TreeSet::new));
        if (counts.size() > 1) {
            throw new MergeRefused("the shards of run " + runId + " split the suite differently (" + String.join(", ", sharded)
                    + "); every job of a run must use the same n in cognigy.shard=i/n");
        }
        int count = counts.iterator().next();
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int index = i;
            if (whole.stream().noneMatch(e -> shardIndex(e.getValue()) == index)) missing.add(i + "/" + count);
        }
        if (!missing.isEmpty()) {
            String incomplete = "run " + runId + " is incomplete: shard " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " missing (found " + String.join(", ", sharded) + ")";
            Map<String, List<BegunMark>> marked = new TreeMap<>();
            for (String shard : missing) {
                List<BegunMark> marks = begun.stream().filter(mark -> mark.begun().isPresent() && runId.equals(mark.begun().get().runId())
                        && shard.equals(mark.begun().get().shard())).toList();
                if (!marks.isEmpty()) marked.put(shard, marks);
            }
            if (marked.isEmpty()) {
                throw new MergeRefused(incomplete + "; its job failed or its reports were not downloaded" + forkedShards(whole)
                        + " — a merge without it would judge part of the suite as the whole");
            }
            throw new MergeRefused(incomplete + ": " + leftNoResults(runId, missing, marked, terms));
        }
    }

    /**
     * Why a shard whose jobs ran their test classes in Surefire forks may be missing though its job ran: a fork starts no
     * engine run for a class without tests, so a shard that kept no test in any class leaves no part (more shards than the
     * largest class has simulations). Said when a shard that is there has several whole parts — an engine run per test
     * class, as Surefire's forks give it; nothing otherwise, where a shard that selected no tests writes its empty part.
     */
    private static String forkedShards(List<Map.Entry<String, RunPart>> whole) {
        Map<String, Long> partsPerShard = whole.stream().filter(e -> e.getValue().shard() != null)
                .collect(Collectors.groupingBy(e -> e.getValue().shard(), Collectors.counting()));
        if (partsPerShard.values().stream().noneMatch(count -> count > 1)) return "";
        return "; or, as its jobs ran each test class in a Surefire fork (a part of its own), no class kept a test in that shard:"
                + " a fork starts no engine run for a class without tests, so such a shard leaves no part. Split the run into"
                + " fewer shards (at most as many as the simulations of the largest test class, so that every shard keeps one),"
                + " or run the shard jobs with forkCount=1, whose shard without tests writes its empty part";
    }

    /**
     * What the marks of missing shards say: each began (when, and where its mark is) and left no results, as a JVM killed
     * or still running leaves it; a shard without a mark never got that far. The advice is what clears it: that shard run
     * again under the same run id (its part then stands for the mark), or the suite run again as a new run. Deleting the
     * mark would not: the shard is still missing.
     */
    private static String leftNoResults(String runId, List<String> missing, Map<String, List<BegunMark>> marked, MergeTerms terms) {
        List<String> said = new ArrayList<>();
        marked.values().forEach(marks -> marks.forEach(mark -> said.add(mark.describe())));
        boolean one = said.size() == 1;
        String began = String.join("; ", said) + (one ? " began and left no results: its JVM was" : " began and left no results: each"
                + " JVM was") + " killed (a CI timeout, kill -9, out of memory) or is still running, or its run could not start (the"
                + " tests' output of its job says which)";
        List<String> unmarked = missing.stream().filter(shard -> !marked.containsKey(shard)).toList();
        if (!unmarked.isEmpty()) {
            began += "; shard " + String.join(", ", unmarked) + " left no mark: " + (unmarked.size() == 1 ? "its job" : "their jobs")
                    + " failed before " + (unmarked.size() == 1 ? "it" : "they") + " began, or the reports were not downloaded";
        }
        boolean oneShard = marked.size() == 1;
        return began + " — a merge without " + (missing.size() == 1 ? "it" : "them") + " would judge part of the suite as the whole."
                + " Run " + (oneShard ? "that shard" : "those shards") + " again under run id " + runId + " (" + (oneShard ? "its job"
                : "their jobs") + ", with the same cognigy.shard) and merge again with " + (oneShard ? "its part" : "their parts")
                + terms.again() + "; or " + terms.newRun();
    }

    /**
     * The run as one JVM would have planned it: the union of what the parts saw, its batch named by its content.
     *
     * @param collapsed  how many results fewer the run has than its parts: a conversation used again is one test now
     * @param overridden the settings the merge is given ({@code -D}): its verdict settings are the run's
     */
    private static RunInfo info(String runId, Map<String, RunPart> parts, List<Map.Entry<String, RunPart>> whole,
                                String batchId, int collapsed, Map<String, String> overridden) {
        List<RunPart> all = List.copyOf(parts.values());
        // The bot as a part that ran tests saw it (a shard that selected none never asked the backend about the bot), and
        // the settings, from the one part the plugin's merge takes them from too.
        RunInfo first = PartSettings.representative(parts).info();
        Instant started = all.stream().map(p -> p.info().started()).min(Comparator.naturalOrder()).orElse(first.started());
        Set<String> flows = new TreeSet<>();
        Set<String> bots = new TreeSet<>();
        Set<String> sending = botsSending(all);
        for (RunPart part : all) {
            // A fork given only another bot's class left out whole: neither its bot nor its flows are the run's.
            if (ofAnotherBotLeftOut(part, sending)) continue;
            flows.addAll(part.info().expectedFlows());
            // One label at most (checkBots), compared and kept whole: it may hold a comma.
            if (part.info().botName() != null && !part.info().botName().isBlank()) bots.add(part.info().botName());
        }
        Map<String, String> configuration = new TreeMap<>(PartSettings.of(parts));
        // The verdict settings the merge is given ({@code -D}) replace the parts': the run's settings are those its verdict
        // was reached with, for the listeners and reports that read them beside it. Only these: another -D (a webhook URL
        // with its token, say) is the merge job's, never written where the parts' masked values stand.
        overridden.forEach((key, value) -> {
            if (VERDICT.contains(key)) configuration.put(key, value);
        });
        // The turns of a conversation used again stand as one failing test, as one JVM plans it.
        long planned = whole.stream().mapToLong(e -> e.getValue().info().plannedTests()).sum() - collapsed;
        Map<String, String> fingerprint = fingerprint(all).orElse(first.botFingerprint());
        return first.toBuilder().batchId(batchId).started(started).expectedFlows(List.copyOf(flows))
                .botName(bots.isEmpty() ? null : String.join(", ", bots)).plannedTests(planned).configuration(configuration)
                .replay(first.replayMode(), fingerprint)
                // Each part's own finding, never the merge job's configuration: the environment variables that decide
                // whether a job reached the bot or started the sandbox are the parts' jobs', not the merge's.
                .standIn(standIn(all))
                // The tests a launcher's filter took out of each whole part, as one JVM would have counted them.
                .filteredOut(whole.stream().mapToLong(e -> e.getValue().info().filteredOut()).sum())
                // The parts their CI ran again in a later attempt of its workflow run: what their earlier attempts found is in
                // no part, and the verdict does not say so.
                .rerunAttempts(RunAttempts.later(all))
                // Where every part that ran tests sent its messages: a shard whose tests named a locale the representative's
                // did not sent those to that locale's endpoint.
                .target(target(first, all))
                // The whole run, its reruns' results merged in: not a run of tests picked one by one, as a rerun part is,
                // nor one part of it.
                .partial(false).part(null).build();
    }

    /**
     * Where the run sent its messages: {@code representative}'s addresses, with each that only another part that ran
     * tests names (a locale's endpoint only its shard's tests named). The parts agree on every address two of them name
     * ({@link #checkTargets}) but the sandbox's bot definition, a path in each job's checkout, which stays the
     * representative's.
     */
    private static Map<String, String> target(RunInfo representative, java.util.Collection<RunPart> parts) {
        Map<String, String> target = new TreeMap<>(representative.target());
        parts.stream().filter(p -> !p.records().isEmpty()).map(p -> new TreeMap<>(p.info().target()))
                .sorted(Comparator.comparing(Object::toString)).forEach(named -> named.forEach(target::putIfAbsent));
        return target;
    }

    /**
     * What answered in the bot's place in the parts that ran tests, as each part found it, or {@code null}: one part's
     * stand-in is the whole run's, whose verdict rests on every part's answers. Said once when every part that ran tests
     * names the same; else each with its part (a shard whose job lacked the endpoint's variable, say).
     */
    private static String standIn(java.util.Collection<RunPart> parts) {
        List<RunPart> ran = parts.stream().filter(p -> !p.records().isEmpty()).toList();
        List<RunPart> answeredByOne = ran.stream().filter(p -> p.info().standIn() != null).toList();
        if (answeredByOne.isEmpty()) return null;
        Set<String> named = new java.util.LinkedHashSet<>();
        answeredByOne.forEach(p -> named.add(p.info().standIn()));
        if (answeredByOne.size() == ran.size() && named.size() == 1) return named.iterator().next();
        Set<String> each = new java.util.LinkedHashSet<>();
        answeredByOne.forEach(p -> each.add(p.info().standIn() + " in " + (p.shard() != null ? "shard " + p.shard()
                : "the part of batch " + p.info().batchId())));
        return String.join("; ", each);
    }

    /**
     * The bot the answers of the parts that ran tests come from, as their {@code cognigy.replay} fingerprints state it;
     * where they differ, a fact lists every value ({@code a | b}, a fact a part lacks as {@code none}), as a replayed
     * run names the cassettes it read: a merge of shards run against two bots must not name one of them for all. Empty
     * when no part states one (replay off).
     */
    private static Optional<Map<String, String>> fingerprint(List<RunPart> all) {
        List<Map<String, String>> stated = statedFingerprints(all);
        if (stated.isEmpty()) return Optional.empty();
        Set<String> keys = new TreeSet<>();
        stated.forEach(one -> keys.addAll(one.keySet()));
        Map<String, String> facts = new TreeMap<>();
        for (String key : keys) {
            Set<String> values = new TreeSet<>();
            stated.forEach(one -> values.add(one.getOrDefault(key, "none")));
            facts.put(key, String.join(" | ", values));
        }
        return Optional.of(facts);
    }

    /** The distinct fingerprints the parts that ran tests state, in the order of the parts' files. */
    private static List<Map<String, String>> statedFingerprints(java.util.Collection<RunPart> parts) {
        return parts.stream().filter(p -> !p.records().isEmpty()).map(p -> p.info().botFingerprint())
                .filter(f -> !f.isEmpty()).distinct().toList();
    }

    /**
     * When the parts ran against different bots (their fingerprints differ: a deployment or an edited sandbox
     * definition between the shards' jobs), the facts that differ and how many parts stated each value, for a warning:
     * one verdict then judges answers of several bots.
     */
    Optional<String> differentBots() {
        List<RunPart> ran = parts.values().stream().filter(p -> !p.records().isEmpty() && !p.info().botFingerprint().isEmpty()).toList();
        if (statedFingerprints(ran).size() < 2) return Optional.empty();
        Set<String> keys = new TreeSet<>();
        ran.forEach(p -> keys.addAll(p.info().botFingerprint().keySet()));
        List<String> differing = new ArrayList<>();
        for (String key : keys) {
            Map<String, Integer> counts = new TreeMap<>();
            ran.forEach(p -> counts.merge(p.info().botFingerprint().getOrDefault(key, "none"), 1, Integer::sum));
            if (counts.size() < 2) continue;
            differing.add(key + ": " + counts.entrySet().stream()
                    .map(e -> e.getKey() + " in " + e.getValue() + (e.getValue() == 1 ? " part" : " parts"))
                    .collect(Collectors.joining(", ")));
        }
        return Optional.of(String.join("; ", differing));
    }

    /**
     * What the run was merged from, for its page's header: {@code run 4711: shards 1/2, 2/2 and 1 rerun; 1 result from
     * a rerun}; parts without a shard (forks) are counted, {@code run 7: 2 parts}.
     */
    String description() {
        List<String> shards = parts.values().stream().filter(p -> !p.partial() && p.shard() != null)
                .sorted(Comparator.comparingInt(MergedRun::shardIndex)).map(RunPart::shard).toList();
        long forks = parts.values().stream().filter(p -> !p.partial() && p.shard() == null).count();
        long rerunParts = parts.values().stream().filter(RunPart::partial).count();
        List<String> from = new ArrayList<>();
        if (!shards.isEmpty()) from.add((shards.size() == 1 ? "shard " : "shards ") + String.join(", ", shards));
        if (forks > 0) from.add(forks + (forks == 1 ? " part" : " parts"));
        if (rerunParts > 0) from.add(rerunParts + (rerunParts == 1 ? " rerun" : " reruns"));
        return "run " + runId + ": " + String.join(" and ", from)
                + (reruns.isEmpty() ? "" : "; " + reruns.size() + (reruns.size() == 1 ? " result" : " results") + " from a rerun");
    }

    /** Whether JUnit cancelled one of the whole parts before all its tests ran ({@link #cancelled(java.util.Collection)}). */
    boolean cancelled() {
        return cancelled(parts.values());
    }

    static String batchId(String runId, java.util.Collection<String> digests) {
        return batchId(runId, digests, Map.of());
    }

    /**
     * The batch id of the run concluded from parts of these {@code digests}, judged with the parts' own verdict settings
     * but for {@code judgedOtherwise} ({@link #judgedOtherwise}): those are part of what the batch is, since the same
     * parts judged with another threshold are another conclusion — another audit record and webhook id, not the earlier
     * one's, whose verdict differs. Without any, the id is the run id's and the digests' alone, as it always was: a run
     * merged again as before finds its record in the trail.
     */
    static String batchId(String runId, java.util.Collection<String> digests, Map<String, String> judgedOtherwise) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(runId.getBytes(StandardCharsets.UTF_8));
            for (String digest : new TreeSet<>(digests)) sha.update(("\n" + digest).getBytes(StandardCharsets.UTF_8));
            // After the digests, and marked so no digest can be mistaken for one: a part's digest is hex.
            new TreeMap<>(judgedOtherwise).forEach((key, value) -> sha.update(("\njudged with " + key + "=" + value)
                    .getBytes(StandardCharsets.UTF_8)));
            return "batch_" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The settings that decide the verdict, which a merge's {@code -D} may give a value other than the parts'. */
    static final Set<String> VERDICT = Set.of(Constants.GOVERNANCE_THRESHOLD, Constants.GOVERNANCE_MODE,
            Constants.COVERAGE_MINIMUM, Constants.GOVERNANCE_REQUIRE_LIVE, Constants.GOVERNANCE_PER_LOCALE,
            Constants.REPEAT_PASS_RATIO);

    /**
     * The verdict settings the merge is given ({@code -D}) a value of that the run reads otherwise than its parts did,
     * each as read ({@link SettingsAsRead}): {@code 0.95} for a threshold of {@code 0.950}. A value the parts had too,
     * however written, is none: the merge then judges as the parts would have, and the batch is theirs.
     */
    static Map<String, String> judgedOtherwise(Map<String, RunPart> parts, Map<String, String> overridden) {
        SettingsAsRead own = SettingsAsRead.of(PartSettings.of(parts));
        Map<String, String> given = new TreeMap<>(PartSettings.of(parts));
        given.putAll(overridden);
        SettingsAsRead merge = SettingsAsRead.of(given);
        Map<String, String> otherwise = new TreeMap<>();
        for (String key : VERDICT) {
            if (!overridden.containsKey(key)) continue;
            Object value = merge.value(key);
            if (!java.util.Objects.equals(value, own.value(key))) otherwise.put(key, String.valueOf(value));
        }
        return otherwise;
    }

    private static int shardIndex(RunPart part) {
        return part.shard() == null ? 0 : Integer.parseInt(part.shard().substring(0, part.shard().indexOf('/')));
    }

    private static int shardCount(RunPart part) {
        return Integer.parseInt(part.shard().substring(part.shard().indexOf('/') + 1));
    }

    private static String describe(RunPart part) {
        return part.shard() == null ? "a part of run " + part.runId() : "shard " + part.shard() + " of run " + part.runId();
    }

    /** Why the parts given cannot be merged: one message saying what is wrong and what to do. */
    static final class MergeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MergeRefused(String message) {
            super(message);
        }
    }
}
