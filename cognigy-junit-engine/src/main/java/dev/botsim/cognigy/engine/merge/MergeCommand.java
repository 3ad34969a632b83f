package dev.botsim.cognigy.engine.merge;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.botsim.cognigy.engine.support.ShownUrl;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.ShardKey;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.UnmaskableSecrets;
import dev.botsim.cognigy.engine.config.GoalProperty;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.lifecycle.RunConclusion;
import dev.botsim.cognigy.engine.lifecycle.RunShortfallError;
import dev.botsim.cognigy.engine.reporting.BuiltInListeners;
import dev.botsim.cognigy.engine.reporting.FinishedRun;
import dev.botsim.cognigy.engine.reporting.Listeners;
import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.engine.shard.PartSignature;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.webhook.Webhook;
import dev.botsim.cognigy.engine.webhook.WebhookReceiver;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.engine.support.FileFailures;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code merge [--out DIR] [-Dcognigy.key=value ...] FOLDER|FILE|GLOB ...}: puts the parts of one run split across
 * JVMs together ({@link MergedRun}) and concludes it once, exactly as one JVM concludes a run
 * ({@link RunConclusion}): one verdict, one audit record, one webhook delivery, one {@code results.json} and
 * {@code index.html} in {@code --out} (default {@code target/cognigy-reports}).
 *
 * <p>The settings are the parts' own (the {@code cognigy.*} parameters the shards ran with, which every part records),
 * so the verdict uses the threshold, audit trail and webhook the shards were configured with — parts that differ on a
 * setting deciding the verdict, what the reports mean or where the results go are refused ({@link PartSettings}); {@code -D}
 * overrides one, e.g. an audit file at another path on the merging machine. Secrets come from the environment, as in a run,
 * and so does the webhook's URL when the parts kept it masked ({@value Constants#WEBHOOK_URL_ENV}): a merge without it
 * is refused, naming the variable, before anything is concluded.
 *
 * <p>Merging the same parts again appends no second audit record: a file {@value #MARKER} in the output folder records
 * which parts were merged, and a second merge of them into that folder says so and appends, sends and writes nothing.
 * Merged into another folder, the run is concluded again, but its audit record is found in the trail by its batch id
 * (the run id and the parts' content) and not appended again; the payload goes out again under the same webhook id,
 * for the receiver to process once. A {@code -D} giving a setting that decides the verdict (threshold, mode, coverage
 * minimum, require-live, repeat pass ratio) a value other than the parts' makes another batch
 * ({@link MergedRun#judgedOtherwise}): its own audit record, webhook id and exit code, all with its verdict.
 *
 * <p>With {@value Constants#SHARD_KEY_ENV} in its environment, it merges only parts whose signature
 * ({@link PartSignature}) the key verifies, and refuses the run otherwise; without it, it checks none and warns when
 * parts are signed. With {@code -Dcognigy.run-id}, it merges only parts of that run.
 *
 * <p>Exit codes: 0 the run is COMPLIANT and met its targets, and no result failed its own test; 1 it is not, fell short,
 * or a result failed its test as it would have in one JVM running the suite ({@link FailedTests}: in strict governance,
 * any that did not pass) — the reason is printed and kept in {@value #MARKER};
 * 2 wrong use, or parts that cannot be merged (missing, duplicated, of different runs, unreadable, not authenticated).
 * A merge refused once its command line is read leaves {@code --out} saying so, the earlier merge's pair kept
 * ({@link ReportWriter#mergeRefused}); wrong use writes nothing.
 */
public final class MergeCommand {

    public static final String USAGE = "usage: java -jar cognigy-junit-engine-<version>-standalone.jar merge [--out DIR] [-Dcognigy.key=value ...]"
            + " FOLDER|FILE|GLOB ...  (the report folders of every shard or fork of one run)";

    /** What the output folder keeps of a merge, so the same parts are not concluded twice. */
    static final String MARKER = "cognigy-merge.json";

    /** The marker's field saying the merge's run got no audit record: merged again, the run is concluded again. */
    private static final String UNAUDITED = "unaudited";

    /**
     * The marker's field saying the merge's webhook payload was neither delivered nor kept in the outbox: merged again,
     * the run is concluded again and its payload sent, since no outbox holds it for a later delivery.
     */
    private static final String UNDELIVERED = "undelivered";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MergeCommand() {
    }

    /**
     * Runs the command line's merge (the jar's {@code merge}, reached by name from its {@code Main-Class}) with the JVM's
     * environment and clock; returns its exit code.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, MergeTerms.COMMAND_LINE, System::getenv, Clock.systemUTC(), out, err);
    }

    /** Runs the command line's merge with the environment and clock given. */
    public static int run(List<String> args, Function<String, String> environment, Clock clock, PrintStream out, PrintStream err) {
        return run(args, MergeTerms.COMMAND_LINE, environment, clock, out, err);
    }

    /**
     * Runs the merge for a caller that names things its own way, with the environment and clock given: how a build tool
     * that runs the merge in its own JVM (the Maven plugin's {@code cognigy:merge}) passes the build's environment, where
     * the webhook's secret comes from, and its own terms, so that what the merge advises is what its user can do.
     *
     * @param args  the command line's arguments, which the caller builds from its own settings
     * @param terms how the caller names the output folder, a setting, its environment and running the merge again
     */
    public static int run(List<String> args, MergeTerms terms, Function<String, String> environment, Clock clock, PrintStream out,
                          PrintStream err) {
        return run(args, terms, environment, clock, out, err, new PartFiles());
    }

    /**
     * Runs the merge as {@link #run(List, MergeTerms, Function, Clock, PrintStream, PrintStream)} does, taking the part
     * files it finds from {@code read}: a caller that read the run's parts to judge them first (the Maven plugin's
     * {@code cognigy:merge}) hands them over, so each is read and parsed once. A file {@code read} does not hold yet is
     * read as it is found.
     */
    public static int run(List<String> args, MergeTerms terms, Function<String, String> environment, Clock clock, PrintStream out,
                          PrintStream err, PartFiles read) {
        Path outDir = Path.of("target/cognigy-reports");
        Map<String, String> overrides = new TreeMap<>();
        List<String> inputs = new ArrayList<>();
        // What is wrong with the -D settings is said with what is wrong with the folders, in one message: a job that fixes
        // one problem a run would otherwise need a run for each. These keys are wrong use (the command line itself).
        List<String> wrongKeys = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--out")) {
                if (i + 1 == args.size()) return wrongUse(err, terms, "--out needs a folder");
                String folder = args.get(++i);
                // "$OUT" of a variable the job never set: the reports would land in the working directory.
                if (folder.isBlank()) return wrongUse(err, terms, "--out is given an empty folder name (a variable of the job unset?); name"
                        + " the folder the merged reports go to");
                try {
                    outDir = Path.of(folder);
                } catch (InvalidPathException e) {
                    return wrongUse(err, terms, "--out " + folder + " is not a folder name on this system (" + e.getReason() + ")");
                }
            } else if (arg.startsWith("-D") && !arg.contains("=")) {
                return wrongUse(err, terms, arg + " has no value: write " + arg + "=value");
            } else if (arg.startsWith("-D")) {
                String key = arg.substring(2, arg.indexOf('='));
                // Nothing else is read: a misspelt prefix would leave the parts' own value in force (their audit trail, say).
                if (key.matches("COGNIGY_[A-Z0-9_]+")) {
                    // A secret given where settings go would be written into the merged run's files: the value is not repeated.
                    wrongKeys.add(key + " is an environment variable, not a setting: set it in " + terms.environment()
                            + " (secrets are read from there only)");
                    continue;
                }
                if (!key.startsWith("cognigy.")) {
                    // One of the engine's keys but for its first word (cogingy.run-id): named with the key meant, as a run names it.
                    String meant = EngineConfig.refusedKeys(List.of(key)).stream().findFirst().map(refusal -> ": " + refusal)
                            .orElse(" (is cognigy misspelt?)");
                    wrongKeys.add(terms.setting(key) + " is not a cognigy.* setting, the only settings a merge reads" + meant);
                    continue;
                }
                // The engine knows these keys, so nothing else refuses them; the command reads none of them.
                Optional<GoalProperty> goals = GoalProperty.named(key);
                if (goals.isPresent()) {
                    wrongKeys.add(terms.setting(key) + " is " + refusal(goals.get(), key, terms));
                    continue;
                }
                overrides.put(key, arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("-")) {
                return wrongUse(err, terms, "unexpected option " + ShownUrl.argument(arg));
            } else if (arg.isBlank()) {
                // "$SHARDS" of a variable the job never set: read as the working directory, it would merge every part below it.
                return wrongUse(err, terms, "an empty argument where a report folder belongs (a variable of the job unset?); name the"
                        + " report folders of the run's shards or forks");
            } else {
                inputs.add(arg);
            }
        }
        if (inputs.isEmpty()) {
            return wrongUse(err, terms, withKeys("name the report folders of the run's shards or forks", wrongKeys));
        }
        // The command line is read: from here a refusal says so in the output folder too, in place of the earlier merge's pair.
        Refusal refuse = new Refusal(outDir, clock, err, List.of(), null);
        // Until the parts are found and read, a refusal of them names the -D settings refused too: a key the engine does not
        // know (cognigy.runid) is otherwise refused only once the parts are merged, by the next run of the job. With a key
        // that is wrong use among them, nothing is written, as for wrong use alone.
        List<String> keyProblems = new ArrayList<>(wrongKeys);
        keyProblems.addAll(EngineConfig.refusedKeys(overrides.keySet()));
        Refusal refuseParts = new Refusal(outDir, clock, err, keyProblems, wrongKeys.isEmpty() ? null : terms);
        Optional<Secret> key;
        try {
            key = ShardKey.from(environment);
        } catch (IllegalArgumentException e) {
            return refuseParts.with("merge: " + e.getMessage());
        }
        // Each file is read once: its signature is checked over, and the part merged from, the same bytes. Bounded: a wrong
        // file named as a part, or a hostile one, is refused by its size, not read into memory (RunPart.readBytes). One
        // file's bytes at a time: read, checked, parsed and named by their digest, then let go before the next is read — the
        // parts of a large suite are megabytes each, and all held at once were more than the merged run itself.
        Inputs given;
        try {
            // Each folder given is walked once, for its parts, the marks of begun parts and whether it holds either.
            given = Inputs.of(inputs);
        } catch (IOException | InvalidPathException e) {
            return refuseParts.with("merge: " + e.getMessage());
        }
        Optional<byte[]> keyBytes = key.map(ShardKey::bytes);
        List<String> unsigned = new ArrayList<>();
        String notAPart = null;
        Map<String, RunPart> parts = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        for (Path file : given.partFiles()) {
            PartFiles.Read content = read.of(file);
            try {
                byte[] bytes;
                try {
                    bytes = content.bytes();
                } catch (IOException e) {
                    return refuseParts.with("merge: cannot read " + file + ": " + FileFailures.reason(e));
                }
                if (keyBytes.isPresent()) signatureProblem(file, bytes, keyBytes.get()).ifPresent(unsigned::add);
                // Parsed only once its signature is checked, and while every part before it is one: parsed already when
                // the caller judged it first, and not again. A merge that will be refused parses no more.
                if (!unsigned.isEmpty() || notAPart != null) continue;
                String where = file.toString();
                try {
                    parts.put(where, content.part());
                    digests.put(where, content.digest());
                } catch (IOException e) {
                    notAPart = "merge: cannot read " + where + ": " + e.getMessage();
                }
            } finally {
                content.release();
            }
        }
        Optional<String> unauthenticated = unauthenticated(given.partFiles(), keyBytes.isPresent(), unsigned, err);
        if (unauthenticated.isPresent()) return refuseParts.with(unauthenticated.get());
        if (notAPart != null) return refuseParts.with(notAPart);
        MergedRun run;
        List<String> stoodFor = new ArrayList<>();
        try {
            List<BegunMark> marks = begunMarks(given.marks(), given.partFiles());
            // Parts that began and none written (every JVM's run could not start): that, not "no part found", is the news.
            if (parts.isEmpty()) {
                refuseUnwritten(marks);
                throw new MergedRun.MergeRefused("no part of a run was found below " + String.join(", ", inputs) + " (no "
                        + RunPart.FILE_NAME + " there): name the folders the shards' or forks' reports were downloaded to; did"
                        + " the shards write their reports to cognigy.report.dir with cognigy.shard or cognigy.run.defer and a run id set?");
            }
            List<BegunMark> ofTheseSuites = ofSuites(marks, parts.values());
            run = MergedRun.of(parts, digests, overrides, terms, ofTheseSuites);
            refuseAnotherRun(run.runId(), overrides.get(Constants.RUN_ID), parts.values(), ownAttempt(environment), terms);
            refuseWithoutParts(run.runId(), given.withoutParts(), parts.size(), terms);
            List<BegunMark> unfinished = new ArrayList<>();
            for (BegunMark mark : ofTheseSuites) {
                Optional<String> own = mark.ownPart(parts);
                if (own.isPresent()) {
                    stoodFor.add("[cognigy] run " + run.runId() + ": " + mark.describe() + " wrote its results, " + own.get()
                            + ", and ended before it removed its mark; merged with them");
                    continue;
                }
                Optional<String> standing = mark.standingPart(parts);
                if (standing.isEmpty()) {
                    unfinished.add(mark);
                } else {
                    // Said, not deleted: the merge changes none of its inputs, and the mark says which JVM never ended.
                    stoodFor.add("[cognigy] run " + run.runId() + ": " + mark.describe() + " never wrote its results; its shard ran"
                            + " again: " + standing.get() + " planned the same tests, began after it and stands for it");
                }
            }
            refuseUnfinished(run.runId(), unfinished, parts, terms);
        } catch (MergedRun.MergeRefused e) {
            // A refusal is one line, which quotes what the parts say of themselves (their run id, suite, shard) and where
            // they lie: a part file holding a line break there cannot start a line of its own in the CI's log.
            return refuseParts.with("merge refused: " + ConsoleText.oneLine(e.getMessage()));
        } catch (IOException e) {
            return refuseParts.with("merge: " + e.getMessage());
        }
        // The parts could be merged: a key that is wrong use is refused now, alone. One the engine does not know is refused
        // below with the run's settings, every problem of theirs in one message.
        if (!wrongKeys.isEmpty()) return wrongUse(err, terms, keysRefused(wrongKeys));
        stoodFor.forEach(line -> ConsoleText.println(out, line));
        EngineConfig config;
        // The parts keep a webhook URL with its user info and query masked (ShownUrl): what they hid may be the receiver's
        // token, so the merge sends to its own URL (-D, else COGNIGY_WEBHOOK_URL), never to the masked one. A URL kept
        // whole, which hid nothing, is the run's as before.
        Optional<String> maskedUrl = Optional.ofNullable(run.info().configuration().get(Constants.WEBHOOK_URL)).filter(ShownUrl::hides);
        try {
            Map<String, String> settings = new TreeMap<>(run.info().configuration());
            maskedUrl.ifPresent(url -> settings.remove(Constants.WEBHOOK_URL));
            String partsRedact = settings.get(Constants.REPLAY_REDACT);
            settings.putAll(overrides);
            // What a part named personal data stays so: the merge's own list is added to the parts', not put in its place.
            if (partsRedact != null && overrides.containsKey(Constants.REPLAY_REDACT)) {
                settings.put(Constants.REPLAY_REDACT, PartSettings.widenedRedaction(partsRedact, overrides.get(Constants.REPLAY_REDACT)));
            }
            config = EngineConfig.read(new MapParameters(settings), environment);
        } catch (ConfigurationException e) {
            // The engine's message names where a test run's settings come from; a merge's come from the parts and its -D.
            String problems = e.getMessage().lines().filter(line -> !line.startsWith("Settings come from"))
                    .collect(Collectors.joining("\n"));
            return refuse.with("merge: the settings of run " + run.runId() + " are refused: " + problems + "\nThe settings are those"
                    + " the parts ran with, recorded in each " + RunPart.FILE_NAME + "; " + terms.overrides() + " replaces one"
                    + " (secrets come from the environment); see docs/ci.md and docs/configuration.md.");
        }
        Path marker = outDir.resolve(MARKER);
        // Only while the folder still shows that merge: a refused merge since (other parts, a bad setting) replaced its pair
        // with the refusal, and these parts merged again must not leave the refusal standing beside exit 0. Concluded
        // again, the run appends no second audit record (the trail knows its batch) and sends under the same webhook id.
        boolean shown = ReportWriter.to(outDir).holdsReportsOf(run.info().batchId());
        FailedTests failed = FailedTests.of(run.runId(), run.records(), config.tolerant());
        // A marker saying exit 0 over tests that failed their own test was left by a merge that did not judge them: no proof.
        // Nor is a merge whose run got no audit record (the trail could not be written then): merged again once the trail is
        // fixed, the run is concluded again and its record appended, rather than kept UNAUDITED in this folder for good.
        // Nor one whose payload went nowhere (the receiver down and the outbox not writable): no outbox holds it, so only
        // the run concluded again sends it; the trail holds its record already, so none is appended.
        Optional<Earlier> already = alreadyMerged(marker, run)
                .filter(earlier -> shown && !earlier.unaudited() && !earlier.undelivered() && (earlier.code() != 0 || !failed.any()));
        if (already.isPresent()) {
            ConsoleText.println(out, "[cognigy] run " + run.runId() + " (" + run.info().batchId() + ") was already merged from these "
                    + parts.size() + " parts into " + outDir.toAbsolutePath() + "; no audit record appended and no webhook sent again");
            // What waits in the outbox still goes, as before any merge: the first merge's own payload among it, spooled
            // while its receiver was down. A merge job run again once the receiver is back is how a team sends it; without
            // this, it would wait for the next run's merge, and the QA platform would lack this run until then.
            if (receiverProblem(run.runId(), maskedUrl, config.webhook().url(), overrides.containsKey(Constants.WEBHOOK_URL), terms).isEmpty()) {
                try {
                    Webhook.from(config, clock, out).map(w -> w.forRun(run.runId())).ifPresent(Webhook::redeliverOutbox);
                } catch (ConfigurationException e) {
                    return refuse.with("merge: " + e.getMessage());
                }
            }
            // A job run again gets the first merge's exit code: a failing one says why, as the first merge did.
            if (already.get().code() != 0) {
                String why = already.get().reason().orElse("see " + outDir.toAbsolutePath().resolve("results.json"));
                ConsoleText.printLines(err, "[cognigy] exit " + already.get().code() + ", as the first merge of these parts: " + why
                        + " (" + outDir.toAbsolutePath().resolve("index.html") + ")");
            }
            return already.get().code();
        }
        Optional<String> receiver = receiverProblem(run.runId(), maskedUrl, config.webhook().url(),
                overrides.containsKey(Constants.WEBHOOK_URL), terms);
        if (receiver.isPresent()) {
            return refuse.with("merge refused: " + receiver.get() + "; nothing was appended to the audit trail and no webhook was sent");
        }
        // The merge sends to its own URL and reads its own secrets: one too short to be masked is warned of here, as a run's
        // start warns of the run's.
        UnmaskableSecrets.of(config).ifPresent(warning -> ConsoleText.println(out, "[cognigy] WARNING " + warning));
        Optional<String> unwritable = unwritable(outDir);
        if (unwritable.isPresent()) {
            // Nothing can say so in a folder the job cannot write. A file where the folder should be is named with the fix in
            // one sentence, as every writer says it, without the reason beside it.
            Path results = outDir.resolve("results.json");
            boolean inTheWay = FileFailures.fileInTheWay(results).isPresent();
            ConsoleText.printLines(err, "merge: the reports cannot be written into " + outDir.toAbsolutePath()
                    + (inTheWay ? "" : " (" + unwritable.get() + ")") + "; nothing was appended to the audit trail and no webhook was"
                    + " sent: " + (inTheWay ? FileFailures.writableFix(results.toAbsolutePath(), Path::toString, terms.outputFolder())
                    : "give " + terms.outputFolder() + " a folder this job can write"));
            return 2;
        }
        ConsoleText.println(out, "[cognigy] merging run " + run.runId() + ": " + parts.size() + " parts"
                + (key.isPresent() ? " (each signature verified with " + Constants.SHARD_KEY_ENV + ")" : "") + ", " + run.records().size()
                + " results" + (run.reruns().isEmpty() ? "" : ", " + run.reruns().size() + " of them from a rerun (the later result wins)"));
        // A shard its CI ran again ("Re-run failed jobs"): only its last attempt's part is here.
        RunAttempts.line(run.info().rerunAttempts()).ifPresent(line -> ConsoleText.println(out, line));
        // One JVM reports these at discovery; the parts each found only their share of the suite, so none could tell.
        run.duplicates().forEach(duplicate -> ConsoleText.printLines(err, "[cognigy] WARNING merge: " + duplicate.message()
                + " (the parts ran these uses in different JVMs, none of which saw the other uses; as in one JVM running the suite,"
                + " the first keeps the id and " + String.join(", ", duplicate.places().subList(1, duplicate.places().size()))
                + (duplicate.places().size() == 2 ? " is" : " are") + " a failing test)"));
        run.differentBots().ifPresent(bots -> ConsoleText.printLines(err, "[cognigy] WARNING merge: the parts of run " + run.runId()
                + " ran against different bots (" + bots + "): one verdict judges the answers of each, and the reports and"
                + " audit record name every value (a | b); run every shard or fork of a run against the same bot (one"
                + " deployment or snapshot, the same commit of a sandbox definition), or run the suite again"));
        // The parts' JVMs loaded these listeners already: one this JVM cannot load costs its call, not the run's verdict.
        Listeners listeners = Listeners.loadSkippingUnloadable(BuiltInListeners.merged(config, out, environment, run.runId()),
                Thread.currentThread().getContextClassLoader());
        FinishedRun finished;
        int code;
        String reason = null;
        boolean testsFailed = false;
        boolean undelivered = false;
        // The verdict the run was concluded with, also when it fell short (the audit record not appended: UNAUDITED).
        Governance[] concluded = new Governance[1];
        try {
            // The payload names the run its parts ran under: the merge's own configuration need not name it.
            Path mergedInto = outDir;
            Optional<Webhook> webhook = Webhook.from(config, clock, out).map(w -> w.forRun(run.runId()).mergedInto(mergedInto));
            // What an earlier merge (or run) could not deliver goes first, as a run delivers its outbox before its first
            // test: in a split run only the merge holds the secret and sends, so no other run would deliver it.
            webhook.ifPresent(Webhook::redeliverOutbox);
            ReportWriter reports = ReportWriter.to(outDir).forMerge(run.description());
            // The folder marked as a run's start marks its own, the earlier merge's pair kept in previous/: a merge whose
            // reports cannot be written once it concluded (a disk that filled up since the folder was found writable), or
            // that is killed while it concludes, never leaves the earlier merge's verdict there as the latest.
            reports.begin(run.info()).ifPresent(line -> ConsoleText.println(out, "[cognigy] " + line));
            RunConclusion conclusion = new RunConclusion(config, webhook, environment, clock, out, reports);
            try {
                finished = conclusion.conclude(run.info(), run.records(), run.dataFiles(), finishedRun -> {
                    concluded[0] = finishedRun.analysis().verdict().status();
                    listeners.runFinished(finishedRun);
                }, run.cancelled());
                Governance status = finished.analysis().verdict().status();
                code = status == Governance.COMPLIANT ? 0 : 1;
                if (code != 0) {
                    reason = "the run's verdict was " + status;
                } else if (failed.any()) {
                    // The verdict stays COMPLIANT, as one JVM's does; its build fails over each failed test, and so does this.
                    code = 1;
                    reason = failed.reason();
                    testsFailed = true;
                    ConsoleText.printLines(err, "[cognigy] exit 1: " + reason);
                }
            } catch (RunShortfallError e) {
                ConsoleText.printLines(err, "[cognigy] run " + run.runId() + " falls short:\n" + e.getMessage());
                code = 1;
                reason = "the run fell short: " + String.join(" ", e.getMessage().lines().map(String::strip).toList());
                undelivered = e.payloadLost();
            }
        } catch (ConfigurationException e) {
            return refuse.with("merge: " + e.getMessage());
        }
        remember(marker, run, code, reason, testsFailed, concluded[0] == Governance.UNAUDITED, undelivered, err);
        return code;
    }

    /**
     * A merge refused once its command line is read: said on standard error, and in the output folder in place of the
     * earlier merge's pair, which is kept in its {@code previous/} ({@link ReportWriter#mergeRefused}). The job fails, and
     * the folder must not show the earlier merge's verdict as the latest. Wrong use — the command line itself — writes
     * nothing: its output folder may not be read yet.
     *
     * @param keys     the problems of the {@code -D} settings given, said after the message
     * @param wrongUse the caller's terms when a setting given is wrong use; {@code null} when none is
     */
    private record Refusal(Path outDir, Clock clock, PrintStream err, List<String> keys, MergeTerms wrongUse) {

        Refusal {
            keys = List.copyOf(keys);
        }

        /**
         * Says {@code message}, each of its lines printed as one, followed by the settings refused with it, and leaves it
         * in the output folder — but for wrong use among them, after which the usage is printed and nothing written —;
         * the merge's exit code.
         */
        int with(String message) {
            String said = withKeys(message, keys);
            ConsoleText.printLines(err, said);
            if (wrongUse != null) {
                if (!wrongUse.usage().isEmpty()) ConsoleText.printLines(err, wrongUse.usage());
                return 2;
            }
            ReportWriter.to(outDir).mergeRefused(clock.instant(), said);
            return 2;
        }
    }

    /** {@code problem}, followed by the problems of the {@code -D} settings given, when there are any. */
    private static String withKeys(String problem, List<String> keys) {
        if (keys.isEmpty()) return problem;
        return problem + "\nmerge: " + (keys.size() == 1 ? "a setting given is refused too: " + keys.get(0) + "; nothing was merged"
                : keys.size() + " settings given are refused too; nothing was merged:" + listed(keys));
    }

    /** The problems of the {@code -D} settings given, when nothing else stops the merge. */
    private static String keysRefused(List<String> keys) {
        return keys.size() == 1 ? keys.get(0) + "; nothing was merged"
                : keys.size() + " settings given are refused; nothing was merged:" + listed(keys);
    }

    private static String listed(List<String> problems) {
        return problems.stream().map(problem -> "\n  - " + problem).collect(Collectors.joining());
    }

    /**
     * Why the parts may not be merged as far as their signatures go ({@link PartSignature}), or empty. With
     * {@value Constants#SHARD_KEY_ENV} set, every part must carry a valid signature, else the merge is refused naming
     * each part that does not and why. Without it, nothing is checked — parts are trusted input, as they were — but
     * signed parts are named in a warning: someone meant them to be checked.
     *
     * @param files    every part file given
     * @param checked  whether the merge has the key, so each file's signature was checked
     * @param unsigned what {@link #signatureProblem} found, one line per part, in the files' order
     */
    private static Optional<String> unauthenticated(List<Path> files, boolean checked, List<String> unsigned, PrintStream err) {
        String variable = Constants.SHARD_KEY_ENV;
        if (!checked) {
            long signed = files.stream().filter(PartSignature::signed).count();
            if (signed > 0) {
                ConsoleText.printLines(err, "[cognigy] WARNING merge: " + signed + " of " + files.size() + " parts are signed,"
                        + " but " + variable + " is not set for this merge: their signatures were not checked; set it to the shards'"
                        + " key for merge to refuse a part changed after its JVM wrote it");
            }
            return Optional.empty();
        }
        if (unsigned.isEmpty()) return Optional.empty();
        return Optional.of("merge refused: " + unsigned.size() + " of " + files.size() + " parts are not authenticated by the "
                + variable + " this merge has; nothing was appended to the audit trail and no webhook was sent:"
                + unsigned.stream().map(line -> "\n  " + line).collect(Collectors.joining()));
    }

    /** What is wrong with the signature of part {@code file}, whose content is {@code bytes}, under {@code key}; empty when it is valid. */
    private static Optional<String> signatureProblem(Path file, byte[] bytes, byte[] key) {
        String variable = Constants.SHARD_KEY_ENV;
        PartSignature.Status status;
        try {
            status = PartSignature.check(file, bytes, key);
        } catch (IOException e) {
            return Optional.of(file + ": its signature " + PartSignature.of(file) + " cannot be read (" + FileFailures.reason(e) + ")");
        }
        return switch (status) {
            case VALID -> Optional.empty();
            case UNSIGNED -> Optional.of(file + " has no signature (" + PartSignature.of(file).getFileName() + " beside it): it was"
                    + " written without " + variable + "; set the same " + variable + " for every shard or fork and run it"
                    + " again, or merge without " + variable + " to take the parts unchecked");
            case MISMATCH -> Optional.of(file + " does not match its signature " + PartSignature.of(file).getFileName() + ": it was"
                    + " changed after its JVM wrote it, or written with another key; run that part again, or give this merge"
                    + " the " + variable + " its JVM had");
        };
    }

    /**
     * What the inputs name, each expanded once and each folder walked once.
     *
     * @param partFiles    every part file the inputs name: a part file, a folder searched below, or a glob of either; a
     *                     mark of a begun part named is no part file. By the file each path names: one part named through
     *                     several paths — a folder and its parent, a path through "..", a linked folder — is one part,
     *                     read once, not a shard there twice; the path first found names it, unless it is a symbolic link
     *                     and another is not: a part file that is a link is refused unread, though the file it leads to
     *                     was given too
     * @param marks        the marks of begun parts below the folders named or named themselves, absolute and normalised
     * @param withoutParts the folders given below which there is neither a part nor the mark of one that began: each named
     *                     one, and each a glob matched that holds no file at all. A folder named is a shard's or fork's
     *                     report folder whatever else it holds (its JUnit XML, say); a glob matches whatever is there,
     *                     another artifact's folder too, but an empty one is a report folder whose content is missing
     */
    record Inputs(List<Path> partFiles, List<Path> marks, List<Path> withoutParts) {

        static Inputs of(List<String> inputs) throws IOException {
            return of(inputs, Files::walk);
        }

        /** @param walking how a folder's files are walked: {@code Files::walk}, or a test's that counts the walks */
        static Inputs of(List<String> inputs, Listing walking) throws IOException {
            Map<Path, Path> files = new java.util.HashMap<>();
            Set<Path> marks = new TreeSet<>();
            List<Path> without = new ArrayList<>();
            for (String input : inputs) {
                List<Path> matched = expand(input, walking);
                if (matched.isEmpty()) {
                    throw new IOException(input + " matches no file or folder" + (isAbsolute(input) ? "" : " in "
                            + Path.of("").toAbsolutePath()) + "; name the folders the shards' or forks' reports were downloaded to");
                }
                boolean named = !isGlob(input);
                for (Path path : matched) {
                    if (Files.isDirectory(path)) {
                        boolean[] holds = new boolean[1];
                        walk(path, walking, below -> below.forEach(p -> {
                            boolean part = p.getFileName().toString().equals(RunPart.FILE_NAME);
                            boolean begun = RunPart.isBegun(p);
                            if (part) files.merge(identity(p), p, MergeCommand::unlinked);
                            if (begun && Files.isRegularFile(p)) marks.add(p.toAbsolutePath().normalize());
                            if (!holds[0] && !p.equals(path)) holds[0] = named ? part || begun : !Files.isDirectory(p);
                        }));
                        if (!holds[0]) without.add(path);
                    } else if (!RunPart.isBegun(path)) {
                        files.merge(identity(path), path, MergeCommand::unlinked);
                    } else if (Files.isRegularFile(path)) {
                        marks.add(path.toAbsolutePath().normalize());
                    }
                }
            }
            return new Inputs(files.values().stream().sorted().toList(), List.copyOf(marks), List.copyOf(without));
        }
    }

    /** Every part file the inputs name ({@link Inputs#partFiles}). */
    static List<Path> partFiles(List<String> inputs) throws IOException {
        return Inputs.of(inputs).partFiles();
    }

    /**
     * Of two paths to one part file, the one found first unless it is a symbolic link and the other is not: a part file
     * that is a link is refused unread ({@link RunPart#readBytes}), and the file it leads to, given too, is the part.
     */
    private static Path unlinked(Path first, Path then) {
        return Files.isSymbolicLink(first) && !Files.isSymbolicLink(then) ? then : first;
    }

    /** The file {@code path} names, however it is spelt: its real path, or its absolute one when that cannot be read. */
    private static Path identity(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * Walks the files below {@code folder} as {@code walking} opens them ({@code Files::walk}); one below it that cannot
     * be read (a folder of another user's) is named with the reason, instead of surfacing as the stream's unchecked
     * exception: a part there could not be merged. A folder
     * given through a symbolic link is walked where it leads, its files named below the link as given: {@code Files.walk}
     * takes a link it starts at for a file, and a shard's folder linked into the job's workspace would hold no part.
     */
    private static void walk(Path folder, Listing walking, java.util.function.Consumer<Stream<Path>> use) throws IOException {
        if (Files.isSymbolicLink(folder) && Files.isDirectory(folder)) {
            Path target;
            try {
                target = folder.toRealPath();
            } catch (IOException e) {
                throw unreadable(e, folder);
            }
            read(target, walking, below -> use.accept(below.map(p -> folder.resolve(target.relativize(p)))));
            return;
        }
        read(folder, walking, use);
    }

    /** What a folder's listing opens: {@code Files.walk} or {@code Files.list}. */
    interface Listing {
        Stream<Path> open(Path folder) throws IOException;
    }

    /** Reads {@code folder}'s files as {@code listing} opens them; one that cannot be read is named with the reason. */
    private static void read(Path folder, Listing listing, java.util.function.Consumer<Stream<Path>> use) throws IOException {
        try (Stream<Path> below = listing.open(folder)) {
            use.accept(below);
        } catch (java.io.UncheckedIOException e) {
            throw unreadable(e.getCause(), folder);
        } catch (IOException e) {
            throw unreadable(e, folder);
        }
    }

    private static IOException unreadable(IOException e, Path fallback) {
        Path where = e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : fallback;
        return new IOException("cannot read " + where + ": " + FileFailures.reason(e) + "; give this job read access to the report"
                + " folders (or copy them where it can read them)", e);
    }

    private static boolean isAbsolute(String input) {
        try {
            return Path.of(input).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * The marks of parts that began but whose file was never written, below the folders the inputs name or named
     * themselves: a JVM still running, or one killed or crashed before its end, or whose run could not start; and those
     * in the run folder of every part named, however it was named (not {@linkplain BegunMark#given given}: that folder
     * may hold other modules' parts and marks too).
     *
     * @param partFiles the part files the inputs name ({@link Inputs#partFiles})
     */
    static List<BegunMark> begunParts(List<String> inputs, List<Path> partFiles) throws IOException {
        return begunMarks(Inputs.of(inputs).marks(), partFiles);
    }

    /**
     * @param given     the marks below the folders given or named themselves ({@link Inputs#marks})
     * @param partFiles the part files the inputs name ({@link Inputs#partFiles})
     */
    private static List<BegunMark> begunMarks(List<Path> given, List<Path> partFiles) throws IOException {
        // Absolute and normalised: a mark found both below a folder given and beside a part is one mark, and given.
        Map<Path, Boolean> marks = new TreeMap<>();
        given.forEach(mark -> marks.put(mark, true));
        // Parts named by file or by their own folder (a glob of them, say): their run's folder, where the marks are, is two up.
        for (Path part : partFiles) {
            Path runFolder = part.toAbsolutePath().getParent().getParent();
            if (runFolder == null || !Files.isDirectory(runFolder)) continue;
            read(runFolder, Files::list, beside -> beside.filter(p -> RunPart.isBegun(p) && Files.isRegularFile(p))
                    .forEach(p -> marks.putIfAbsent(p.normalize(), false)));
        }
        return marks.entrySet().stream().map(mark -> BegunMark.read(mark.getKey(), mark.getValue())).toList();
    }

    /**
     * The marks that may be of the suites merged: every mark given, and those beside a part named that say no suite or
     * one of the parts'. A mark beside a part that says another suite is another module's, whose parts share this
     * report folder: that module's merge refuses its run, and this one would be refused over a part it never had — and
     * its advice, to delete the mark, would hide it from the module whose tests it lacks.
     */
    static List<BegunMark> ofSuites(List<BegunMark> marks, java.util.Collection<RunPart> parts) {
        Set<String> suites = new TreeSet<>();
        parts.forEach(part -> {
            if (part.suite() != null) suites.add(part.suite());
        });
        return marks.stream().filter(mark -> mark.given() || suites.isEmpty() || mark.suite().isEmpty() || suites.contains(mark.suite().get()))
                .toList();
    }

    /**
     * Why the run's payload cannot go to the receiver its parts ran with, when they kept its URL masked ({@code masked}) and
     * the merge was not given one with {@code -D} ({@code givenHere}): the merge has no URL of its own — concluded without
     * it, the payload would reach no outbox entry a later run could send (an entry names the receiver by its whole URL),
     * so nothing is concluded and the same merge with the URL delivers it — or {@code COGNIGY_WEBHOOK_URL} names another
     * receiver (a job's variables copied from another project's pipeline), where the run's results would reach a platform
     * that does not track it. Its token may differ (rotated since): only what the parts kept of the URL is compared, as
     * the receiver it names ({@link WebhookReceiver}).
     */
    private static Optional<String> receiverProblem(String runId, Optional<String> masked, Optional<String> configured,
                                                    boolean givenHere, MergeTerms terms) {
        if (masked.isEmpty() || givenHere) return Optional.empty();
        String sent = "the parts of run " + runId + " send their webhook to " + masked.get();
        if (configured.isEmpty()) {
            return Optional.of(sent + ", kept without what it hides; set " + Constants.WEBHOOK_URL_ENV + " to the receiver's whole"
                    + " URL in " + terms.environment() + " and merge again" + terms.again() + " (or -D" + Constants.WEBHOOK_URL
                    + "= to merge without sending)");
        }
        // One receiver however its URL is written: a host in other case, its scheme's default port written or not.
        if (WebhookReceiver.of(ShownUrl.of(configured.get())).equals(WebhookReceiver.of(masked.get()))) return Optional.empty();
        return Optional.of(sent + ", but " + Constants.WEBHOOK_URL_ENV + " names another receiver, " + ShownUrl.of(configured.get())
                + "; set it to the receiver the parts ran with and merge again" + terms.again() + ", or give the receiver"
                + " deliberately with -D" + Constants.WEBHOOK_URL + "=…");
    }

    /**
     * Refuses a run one of whose parts began and never wrote its file, and for which no later part stands
     * ({@link BegunMark#standingPart}): its tests would be missing from the verdict. What it advises is what clears the
     * refusal: a shard run again under the run id, whose part then stands for the mark; for a fork's part, which no
     * later part can stand for, the suite run again as a new run; or the mark deleted. Parts of the mark's shard that
     * planned other tests (another test class's engine run in that shard's job) are named as standing for none of it.
     */
    private static void refuseUnfinished(String runId, List<BegunMark> marks, Map<String, RunPart> parts, MergeTerms terms)
            throws MergedRun.MergeRefused {
        // A mark that cannot be read was cut short by the JVM that was writing it: that part never ended either.
        List<BegunMark> unfinished = marks.stream().filter(mark -> mark.mayBeOf(runId)).toList();
        if (unfinished.isEmpty()) return;
        List<String> advice = new ArrayList<>();
        long shards = unfinished.stream().filter(BegunMark::canBeRunAgain).count();
        if (shards > 0) {
            advice.add("Run " + (shards == 1 ? "that shard" : "those shards") + " again under run id " + runId + " (its job, with the"
                    + " same cognigy.shard) and merge its part with these: a whole part of the same run, suite and shard that planned"
                    + " the same tests and began after the mark stands for it");
        }
        List<String> otherwise = unfinished.stream().flatMap(mark -> mark.otherwisePlanned(parts).stream()).distinct().sorted().toList();
        if (!otherwise.isEmpty()) {
            advice.add(String.join(", ", otherwise) + (otherwise.size() == 1 ? " is a part" : " are parts") + " of "
                    + (shards == 1 ? "that shard" : "those shards") + " that planned other tests — another engine run of its job, as each test class is in a Surefire fork of its own —"
                    + " and " + (otherwise.size() == 1 ? "stands" : "stand") + " for none of it; or " + terms.newRun());
        }
        List<String> noneStands = new ArrayList<>();
        if (unfinished.stream().anyMatch(mark -> mark.begun().isPresent() && mark.begun().get().shard() == null)) {
            noneStands.add("a part without a shard (a fork's) cannot be run again on its own: nothing records which tests it had,"
                    + " and a later part without a shard may be another fork's, so none stands for it");
        }
        if (unfinished.stream().anyMatch(mark -> !mark.canBeRunAgain() && (mark.begun().isEmpty() || mark.begun().get().shard() != null))) {
            noneStands.add("a mark that does not say its shard, suite, the tests it planned and when it began (cut short, or"
                    + " written by an engine that did not record them) names no part that could stand for it");
        }
        if (!noneStands.isEmpty()) {
            String said = String.join("; ", noneStands);
            advice.add(Character.toUpperCase(said.charAt(0)) + said.substring(1) + ": " + terms.newRun());
        }
        boolean one = unfinished.size() == 1;
        throw new MergedRun.MergeRefused("run " + runId + " is incomplete: " + unfinished.size() + " part(s) began but never"
                + " wrote their results: " + String.join("; ", unfinished.stream().map(BegunMark::describe).toList()) + " — "
                + (one ? "its JVM is" : "each JVM is") + " still running, was killed or crashed (a CI timeout, kill -9, out of"
                + " memory), or its run could not start; a merge without " + (one ? "it" : "them") + " would judge part of the"
                + " suite as the whole. " + String.join(". ", advice) + "; or delete " + (one ? "its .started file" : "their .started files")
                + " to merge without " + (one ? "its" : "their") + " tests" + terms.again());
    }

    /** Why the goal's property {@code key} is refused, and what the caller sets instead, in its words. */
    private static String refusal(GoalProperty property, String key, MergeTerms terms) {
        return "the " + property.parameter() + " of the Maven plugin's " + property.goal() + ", not a setting of the run, which"
                + " the merge does not read: " + (terms.goalParameter().isEmpty() ? property.mergeCommandInstead()
                : String.format(java.util.Locale.ROOT, terms.goalParameter(), key, property.parameter()));
    }

    /**
     * Refuses parts of another run than the one {@code -Dcognigy.run-id} names: a signature proves who wrote a part, not
     * that it belongs to the run being merged, so a whole set of an earlier run's parts would otherwise be merged as it.
     */
    private static void refuseAnotherRun(String runId, String named, Collection<RunPart> parts, RunAttempts.Said ownAttempt,
                                         MergeTerms terms)
            throws MergedRun.MergeRefused {
        if (named == null || named.isBlank() || named.strip().equals(runId)) return;
        throw new MergedRun.MergeRefused("the parts given are of run " + runId + ", not of run " + named.strip() + " that -D"
                + Constants.RUN_ID + " names: another run's parts in this run's place; " + terms.runsParts(named.strip())
                + RunAttempts.of(attemptsSaid(parts, named.strip(), ownAttempt)).map(attempts -> "; " + attempts).orElse(""));
    }

    /** The attempts the parts said, and the merging JVM's own for the run id it was told to merge. */
    private static Map<String, List<RunAttempts.Said>> attemptsSaid(Collection<RunPart> parts, String named,
                                                                    RunAttempts.Said ownAttempt) {
        Map<String, List<RunAttempts.Said>> said = RunAttempts.saidBy(parts);
        List<RunAttempts.Said> ofNamed = said.computeIfAbsent(named, id -> new ArrayList<>());
        if (ownAttempt != null) ofNamed.add(ownAttempt);
        return said;
    }

    /** The attempt the merging JVM's own job runs in, as a part would say it; {@code null}: none said. */
    private static RunAttempts.Said ownAttempt(Function<String, String> environment) {
        Integer attempt = RunPart.attempt(environment);
        if (attempt == null) return null;
        String variable = RunPart.attemptVariable(environment);
        return new RunAttempts.Said(attempt, variable == null ? RunPart.ATTEMPT_ENV : variable);
    }

    /**
     * Refuses a run with a folder given that holds no part ({@link Inputs#withoutParts}) beside the parts the others hold:
     * the shard or fork whose reports belong there left none, or they never arrived. A missing shard is also missing from
     * the count of shards, but nothing counts forks: without this, their results would vanish from the verdict.
     */
    private static void refuseWithoutParts(String runId, List<Path> without, int parts, MergeTerms terms) throws MergedRun.MergeRefused {
        if (without.isEmpty()) return;
        boolean one = without.size() == 1;
        throw new MergedRun.MergeRefused(String.join(", ", without.stream().map(Path::toString).toList()) + (one ? " holds" : " hold")
                + " no part of run " + runId + " (no " + RunPart.FILE_NAME + " below " + (one ? "it" : "them") + ", nor the "
                + RunPart.BEGUN_SUFFIX + " mark of one that began), beside the " + parts + (parts == 1 ? " part" : " parts") + " the other folders"
                + " given hold: the results of the " + (one ? "shard or fork whose reports belong there are" : "shards or forks"
                + " whose reports belong there are") + " missing — " + (one ? "its job" : "their jobs") + " failed before "
                + (one ? "it" : "they") + " wrote them, or they were not uploaded or downloaded — and a merge without them would"
                + " judge part of the suite as the whole. Download " + (one ? "its" : "their") + " reports again, or "
                + terms.newRun() + "; a folder that is no shard's or fork's, leave out");
    }

    /** Refuses inputs in which no part was written but some began: their JVMs never got as far as their results. */
    private static void refuseUnwritten(List<BegunMark> marks) throws MergedRun.MergeRefused {
        if (marks.isEmpty()) return;
        List<String> begun = marks.stream().map(BegunMark::describe).toList();
        throw new MergedRun.MergeRefused("no part of a run was written, but " + marks.size() + " part(s) began and never wrote"
                + " their results: " + String.join("; ", begun) + " — each JVM is still running, was killed or crashed (a CI"
                + " timeout, kill -9, out of memory), or its run could not start (the backend unreachable, credentials refused:"
                + " the tests' output of that job or fork says which); fix that and run them again");
    }

    /** A path as given, or the paths a glob in it matches (for shells that do not expand it, or quoted). */
    private static List<Path> expand(String input, Listing walking) throws IOException {
        // A folder or file of that name is taken as named, even when the name holds a glob's characters ("shard[1]").
        if (!isGlob(input)) {
            Path path = Path.of(input);
            try {
                Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
                return List.of(path);
            } catch (java.nio.file.NoSuchFileException e) {
                return List.of();
            } catch (IOException e) {
                // Files.exists says false of a file in a folder this job may not enter: that is not "no such file".
                throw unreadable(e, path);
            }
        }
        String normalised = input.replace('\\', '/');
        int firstGlob = indexOfGlob(normalised);
        int slash = normalised.lastIndexOf('/', firstGlob);
        Path base = slash < 0 ? Path.of(".") : Path.of(normalised.substring(0, slash + 1));
        if (!Files.isDirectory(base)) return List.of();
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + (slash < 0 ? normalised : normalised.substring(slash + 1)));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IOException(input + " is neither a file or folder nor a glob merge can read (" + e.getDescription() + "); name"
                    + " the report folders, or write the glob like 'shards/*/cognigy-reports'", e);
        }
        List<Path> matched = new ArrayList<>();
        walk(base, walking, below -> below.filter(p -> !p.equals(base) && matcher.matches(base.relativize(p))).sorted().forEach(matched::add));
        return matched;
    }

    /** Whether {@link #expand} takes {@code input} for a glob: no file or folder has its name, and it holds a glob's characters. */
    private static boolean isGlob(String input) {
        try {
            if (Files.exists(Path.of(input))) return false;
        } catch (InvalidPathException e) {
            // not a path on this system: a glob, or nothing
        }
        return input.contains("*") || input.contains("?") || input.contains("[") || input.contains("{");
    }

    private static int indexOfGlob(String s) {
        for (int i = 0; i < s.length(); i++) if ("*?[{".indexOf(s.charAt(i)) >= 0) return i;
        return s.length();
    }

    /**
     * Why the reports could not be written into {@code outDir}, found before the run is concluded: a merge whose
     * {@code results.json} cannot be written must not append its audit record and send its payload first.
     */
    private static Optional<String> unwritable(Path outDir) {
        try {
            Files.createDirectories(outDir);
            Files.delete(PartialFile.create(outDir, ".merge.", ".probe"));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(FileFailures.reason(e));
        }
    }

    /**
     * What an earlier merge of exactly these parts into a folder ended with: its exit code and, when not 0, why.
     *
     * @param unaudited   whether the earlier merge's run got no audit record: no proof that the run was concluded
     * @param undelivered whether the earlier merge's payload was neither delivered nor kept in the outbox
     */
    private record Earlier(int code, Optional<String> reason, boolean unaudited, boolean undelivered) {
    }

    /** The earlier merge of exactly these parts into this folder, if there was one. */
    private static Optional<Earlier> alreadyMerged(Path marker, MergedRun run) {
        if (!Files.isRegularFile(marker)) return Optional.empty();
        try {
            JsonNode earlier = JSON.readTree(marker.toFile());
            if (run.runId().equals(earlier.path("run_id").asString(null)) && run.info().batchId().equals(earlier.path("batch_id").asString(null))) {
                int code = earlier.path("exit_code").asInt(1);
                // A marker without "unaudited" (this engine writes it only when true; engines before 2026-12-06 never
                // did) leaves the folder's results.json to say whether that merge's run got its audit record: read as
                // one that did, a run an earlier engine left UNAUDITED would stay so after the upgrade, however often
                // it is merged again.
                boolean unaudited = earlier.has(UNAUDITED) ? earlier.path(UNAUDITED).asBoolean(false)
                        : code != 0 && reportedUnaudited(marker.resolveSibling("results.json"));
                // A marker written before the reason was kept has none: the message then points at the reports.
                Optional<String> reason = Optional.ofNullable(earlier.path("reason").asString(null));
                // Nor "undelivered" (the same way): its reason then says whether the payload went nowhere, in the words
                // every engine since the webhook's first has used for it.
                boolean undelivered = earlier.has(UNDELIVERED) ? earlier.path(UNDELIVERED).asBoolean(false)
                        : code != 0 && reason.filter(r -> r.contains("webhook payload msg_" + run.info().batchId())
                                && r.contains(" was neither delivered (")).isPresent();
                return Optional.of(new Earlier(code, reason, unaudited, undelivered));
            }
        } catch (RuntimeException e) {
            // An unreadable marker is no proof of an earlier merge: merge.
        }
        return Optional.empty();
    }

    /**
     * Whether {@code results} gives its run's governance as {@code UNAUDITED}, read token by token up to it (a large
     * suite's results are hundreds of megabytes); false when there is no such file or it says otherwise.
     */
    private static boolean reportedUnaudited(Path results) {
        if (!Files.isRegularFile(results)) return false;
        try (JsonParser parser = JSON.createParser(results.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return false;
            for (String name; (name = parser.nextName()) != null; ) {
                JsonToken value = parser.nextToken();
                if ("governance".equals(name) && value == JsonToken.START_OBJECT) {
                    for (String field; (field = parser.nextName()) != null; ) {
                        JsonToken status = parser.nextToken();
                        if ("status".equals(field)) {
                            return status == JsonToken.VALUE_STRING && Governance.UNAUDITED.name().equals(parser.getString());
                        }
                        parser.skipChildren();
                    }
                    return false;
                }
                parser.skipChildren();
            }
        } catch (RuntimeException e) {
            // A results.json that cannot be read says nothing of the earlier merge.
        }
        return false;
    }

    /**
     * @param testsFailed whether {@code reason} is that tests failed their own test ({@link FailedTests#recordedIn})
     * @param unaudited   whether the run's audit record could not be appended (its verdict UNAUDITED)
     * @param undelivered whether the run's webhook payload was neither delivered nor kept in the outbox
     */
    private static void remember(Path marker, MergedRun run, int code, String reason, boolean testsFailed, boolean unaudited,
                                 boolean undelivered, PrintStream err) {
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("run_id", run.runId());
        merged.put("batch_id", run.info().batchId());
        merged.put("parts", List.copyOf(run.parts().keySet()));
        merged.put("reruns", List.copyOf(run.reruns()));
        merged.put("exit_code", code);
        if (reason != null) merged.put("reason", reason);
        if (testsFailed) merged.put(FailedTests.FIELD, reason);
        if (unaudited) merged.put(UNAUDITED, true);
        if (undelivered) merged.put(UNDELIVERED, true);
        try {
            Files.createDirectories(marker.toAbsolutePath().getParent());
            PartialFile.write(marker, JSON.writeValueAsBytes(merged));
        } catch (IOException | RuntimeException e) {
            ConsoleText.printLines(err, "[cognigy] WARNING merge: " + marker.toAbsolutePath() + " could not be written (" + e.getMessage()
                    + "): merging these parts again would append and send again");
        }
    }


    private static int wrongUse(PrintStream err, MergeTerms terms, String problem) {
        ConsoleText.printLines(err, "merge: " + problem);
        if (!terms.usage().isEmpty()) ConsoleText.printLines(err, terms.usage());
        return 2;
    }
}
