package dev.botsim.cognigy.engine.audit;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.botsim.cognigy.engine.analysis.BotUnderTestFields;
import dev.botsim.cognigy.engine.analysis.LocaleNluFields;
import dev.botsim.cognigy.engine.analysis.ReplayFields;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.VerdictReasons;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** The audit record of one run: who ran what, where, on which data, with which result. */
public final class BatchRecord {

    /** CI variables recorded when present: they tie a record to a pipeline run. */
    static final List<String> CI_VARIABLES = List.of("CI", "GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT", "GITHUB_REPOSITORY",
            "GITHUB_WORKFLOW", "BUILD_NUMBER", "BUILD_URL", "JOB_NAME", "BUILD_TAG", "BUILD_BUILDID", "BUILD_DEFINITIONNAME",
            "BUILD_REPOSITORY_NAME", "SYSTEM_JOBATTEMPT", "CI_PIPELINE_ID", "CI_JOB_ID", "CI_PROJECT_PATH", "BUILDKITE_BUILD_ID");

    /**
     * Azure Pipelines' commit of the build; {@code BUILD_SOURCEVERSION} is a changeset number for a TFVC repository,
     * which is no commit.
     */
    private static final String AZURE_COMMIT = "BUILD_SOURCEVERSION";

    /**
     * The settings that change which tests pass or how the verdict reads, besides the threshold and replay mode the record
     * carries on their own: a run approving the bot's answers as it goes ({@code cognigy.approve=true} passes a test whose
     * answer changed) or tolerating more than the last run did reads the same as a strict one without them. Never a secret,
     * nor a URL.
     */
    static final List<String> VERDICT_SETTINGS = List.of(Constants.APPROVE, Constants.GOVERNANCE_MODE,
            Constants.GOVERNANCE_REQUIRE_LIVE, Constants.GOVERNANCE_PER_LOCALE, Constants.COVERAGE_MINIMUM, Constants.REPEAT,
            Constants.REPEAT_PASS_RATIO, Constants.NLU_MARGIN, Constants.EXPECTED_SNAPSHOT, Constants.FLOWS);

    private BatchRecord() {
    }

    /**
     * @param records the run's results, of which the record keeps the counts: where their answers came from under
     *                {@code cognigy.replay}, as {@code results.json} counts them
     */
    public static Map<String, Object> of(RunInfo run, RunAnalysis analysis, List<SimulationRecord> records,
                                         Map<String, String> dataFiles, Instant now, Function<String, String> environment) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("batch_id", run.batchId());
        record.put("time", now.toString());
        record.put("user", System.getProperty("user.name"));
        record.put("host", host(environment));
        Map<String, String> ci = new TreeMap<>();
        for (String name : CI_VARIABLES) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) ci.put(name, value);
        }
        record.put("ci", ci);
        record.put("git_commit", gitCommit(environment));
        record.put("bot", run.botName());
        record.put("backend", run.backend());
        // Only for tests picked one by one (an IDE's run, Surefire's rerun): their verdict is not the suite's.
        if (run.partial()) record.put("partial", true);
        // Only when a launcher's filter (tags, method names) took discovered tests out of the run: how many, so a COMPLIANT
        // record of a run that filtered its failing tests away says so. Absent, as in every record before it, means none.
        if (run.filteredOut() > 0) record.put("filtered_out", run.filteredOut());
        // Only for a merged run one of whose parts its CI ran again in a later attempt: which, in which attempt.
        if (!run.rerunAttempts().isEmpty()) record.put("rerun_attempts", run.rerunAttempts());
        record.put("bot_under_test", BotUnderTestFields.of(run));
        // Where the messages went, shown without secrets: which environment (staging, production) the record's verdict is
        // of, where the management API names no deployment. Absent in records written before it.
        if (!run.target().isEmpty()) record.put("target", run.target());
        // How many verdicts rest on cassettes and how many on the bot as it is now, not only that the run replayed.
        Map<String, Object> replay = ReplayFields.of(run, records);
        if (replay != null) record.put("replay", replay);
        record.put("data_files", new TreeMap<>(dataFiles));
        // Those set, as given (a merged run's as its parts ran, but for a verdict setting the merge was given itself, whose
        // value stands for the run): a setting left out had its default.
        Map<String, String> settings = new TreeMap<>();
        for (String key : VERDICT_SETTINGS) {
            String value = run.configuration().get(key);
            if (value != null) settings.put(key, value);
        }
        record.put("settings", settings);
        Map<String, Long> outcomes = new TreeMap<>();
        analysis.outcomes().forEach((o, n) -> outcomes.put(o.name().toLowerCase(Locale.ROOT), n));
        record.put("outcomes", outcomes);
        record.put("total", analysis.total());
        record.put("success_rate", analysis.passRate());
        record.put("flow_coverage", analysis.coverage().ratio());
        record.put("governance", analysis.verdict().status().name());
        // Why it is not COMPLIANT (empty when it is); a record written before this field has none, and verifies as before.
        record.put("governance_reasons", VerdictReasons.fields(analysis.verdict().reasons()));
        record.put("threshold", analysis.verdict().threshold());
        // Only when a test ran more than once: a record of a run without repetition stays as it was.
        if (analysis.stability().any()) {
            Map<String, Long> stability = new java.util.LinkedHashMap<>();
            analysis.stability().counts().forEach((s, n) -> stability.put(s.name().toLowerCase(Locale.ROOT), n));
            record.put("stability", stability);
        }
        // Only when the run's NLU tests span more than one locale: each locale's figures, so a weak locale is not read
        // through the merged ones. A record of a run in one locale stays as it was.
        Map<String, Object> byLocale = LocaleNluFields.of(analysis.localeFigures(), analysis.stability().any());
        if (byLocale != null) record.put("by_locale", byLocale);
        return record;
    }

    private static String host(Function<String, String> environment) {
        String fromEnvironment = environment.apply("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** From CI variables, else from {@code .git} in the working directory, without running git. */
    static String gitCommit(Function<String, String> environment) {
        for (String name : List.of("GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", AZURE_COMMIT)) {
            String value = environment.apply(name);
            if (name.equals(AZURE_COMMIT) && "TfsVersionControl".equals(environment.apply("BUILD_REPOSITORY_PROVIDER"))) continue;
            if (value != null && value.matches("[0-9a-f]{7,64}")) return value;
        }
        try {
            Path git = Path.of(".git").toAbsolutePath();
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                git = dir.resolve(".git");
                if (Files.isDirectory(git)) break;
            }
            String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
            if (!head.startsWith("ref: ")) return head;
            Path ref = git.resolve(head.substring(5));
            if (Files.exists(ref)) return Files.readString(ref, StandardCharsets.UTF_8).trim();
            Path packed = git.resolve("packed-refs");
            if (Files.exists(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + head.substring(5))) return line.substring(0, line.indexOf(' '));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
