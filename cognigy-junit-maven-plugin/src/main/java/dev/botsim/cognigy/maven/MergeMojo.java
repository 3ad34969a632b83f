package dev.botsim.cognigy.maven;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.merge.MergeCommand;
import dev.botsim.cognigy.engine.shard.RunPart;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy:merge}: after the last Surefire fork, concludes the build's run once — the engine's {@code merge}
 * in this JVM over the parts below {@code <reportDirectory>/<run id>/}: one {@code results.json} and
 * {@code index.html}, one governance verdict, one audit record, one webhook delivery. It fails the build exactly where
 * one JVM running the whole suite would have: parts that cannot be merged, a verdict that is not COMPLIANT, tolerant
 * governance or minimum coverage not met, and — in strict governance, where every result that did not pass fails its
 * test — any such result, so the forks' execution may ignore test failures and let this goal judge the run.
 *
 * <p>Idempotent: running it again over the same parts (a second {@code mvn verify} without {@code clean} that ran no
 * new part, say) appends no audit record and sends no webhook again, and fails or passes as the first merge did.
 */
@Mojo(name = "merge", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class MergeMojo extends AbstractMojo {

    /**
     * Settings the engine reads as paths, written relative to the module (Surefire runs the forks there) while this
     * goal may run from another folder (a reactor's root): they are resolved against the module before the merge.
     * The outbox has a default of its own, also relative.
     */
    private static final Map<String, String> PATH_SETTINGS = Map.of(Constants.AUDIT_FILE, "", Constants.WEBHOOK_OUTBOX_DIR, ".cognigy/outbox");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The run to merge: set by {@code cognigy:prepare-run}, or given ({@code -Dcognigy.run-id=...}). */
    @Parameter(property = Constants.RUN_ID)
    String runId;

    /** The forks' {@code cognigy.report.dir}: their parts are below {@code <reportDirectory>/<run id>/}. */
    @Parameter(property = "cognigy.merge.report-dir", defaultValue = "${project.build.directory}/cognigy-reports", required = true)
    File reportDirectory;

    /** Where the run's {@code results.json}, {@code index.html} and {@code cognigy-merge.json} go; the report directory by default. */
    @Parameter(property = "cognigy.merge.out")
    File outputDirectory;

    /** {@code cognigy.*} settings that replace the parts' own for the merge, e.g. the audit trail's path on this machine. */
    @Parameter
    Map<String, String> settings = new LinkedHashMap<>();

    /** The module, where the forks ran and their relative paths start. */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    File basedir;

    /** Skips the merge ({@code -Dcognigy.merge.skip}). */
    @Parameter(property = "cognigy.merge.skip", defaultValue = "false")
    boolean skip;

    /** No tests ran, so there is nothing to merge. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** No tests compiled or ran. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    /**
     * Surefire's {@code -Dmaven.test.failure.ignore}: a build asked to go on past failed tests goes on past the run's
     * verdict too, as one JVM's failed tests and verdict would let it; the merge still runs, audits and reports. Parts
     * that cannot be merged still fail the build.
     */
    @Parameter(property = "maven.test.failure.ignore", defaultValue = "false")
    boolean testFailureIgnore;

    /** Surefire's {@code -Dtest}: tests picked by name, which may include no simulation. */
    @Parameter(property = "test")
    String test;

    /** Surefire's {@code -Dgroups}: tests picked by tag, which may include no simulation. */
    @Parameter(property = "groups")
    String groups;

    /** The build's environment: the webhook's secret and the CI's variables for the audit record come from it. */
    Function<String, String> environment = System::getenv;

    @Override
    public void execute() throws MojoFailureException {
        if (skip || skipTests || mavenTestSkip) {
            getLog().info("[cognigy] merge skipped: " + (skip ? "cognigy.merge.skip" : "the tests were skipped"));
            return;
        }
        if (BuildRunId.unset(runId)) {
            throw new MojoFailureException("no run id to merge: run cognigy:prepare-run earlier in the build (it sets "
                    + Constants.RUN_ID + " for every fork), or give one with -D" + Constants.RUN_ID + "=...");
        }
        Path runFolder = reportDirectory.toPath().resolve(runId.strip());
        List<Path> partFiles = partFiles(runFolder, p -> p.getFileName().toString().equals(RunPart.FILE_NAME));
        // Forks whose parts began but none was written (their runs could not start): the merge names them and why.
        if (partFiles.isEmpty() && partFiles(runFolder, RunPart::isBegun).isEmpty()) {
            // A fork given no simulation leaves no part: with tests picked, that is no misconfiguration but no run.
            String picked = Stream.of(test == null || test.isBlank() ? null : "-Dtest=" + test.strip(),
                    groups == null || groups.isBlank() ? null : "-Dgroups=" + groups.strip()).filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.joining(", "));
            if (!picked.isEmpty()) {
                getLog().info("[cognigy] nothing to merge for run " + runId + ": the tests picked (" + picked + ") include no"
                        + " simulation that ran in a fork");
                return;
            }
            throw new MojoFailureException("no part of run " + runId + " in " + runFolder + ": the Surefire execution must pass "
                    + Constants.RUN_ID + "=${" + Constants.RUN_ID + "} and " + Constants.RUN_DEFER + "=true to its forks, and its "
                    + Constants.REPORT_DIR + " must be this goal's reportDirectory (" + reportDirectory + "); or every fork's run"
                    + " was refused before its first test (a configuration problem, which each test class's error above names)");
        }
        Map<String, String> configuration = partFiles.isEmpty() ? Map.of() : configurationOf(partFiles.get(0));
        Path out = (outputDirectory == null ? reportDirectory : outputDirectory).toPath();
        // The run the goal merges: parts of another run in its folder are refused.
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "-D" + Constants.RUN_ID + "=" + runId.strip()));
        resolvedPaths(configuration).forEach((key, value) -> args.add("-D" + key + "=" + value));
        settings.forEach((key, value) -> args.add("-D" + key + "=" + value));
        args.add(runFolder.toString());

        getLog().info("[cognigy] merging run " + runId + ": " + partFiles.size() + " parts below " + runFolder);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        ByteArrayOutputStream complained = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(said, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(complained, true, StandardCharsets.UTF_8)) {
            code = MergeCommand.run(args, environment, Clock.systemUTC(), outStream, errStream);
        }
        said.toString(StandardCharsets.UTF_8).lines().forEach(getLog()::info);
        complained.toString(StandardCharsets.UTF_8).lines().forEach(code == 0 ? getLog()::warn : getLog()::error);
        try {
            switch (code) {
                case 0 -> failWhereAStrictRunWould(configuration, out);
                case 1 -> throw new MojoFailureException("run " + runId + " is not COMPLIANT or fell short of its targets (above);"
                        + " the merged report is " + out.resolve("index.html"));
                default -> throw new MojoFailureException("the parts of run " + runId + " were not merged (above): nothing was"
                        + " appended to the audit trail and no webhook was sent");
            }
        } catch (MojoFailureException e) {
            // What a failed test would fail; parts that cannot be merged are no test's failure.
            if (!testFailureIgnore || (code != 0 && code != 1)) throw e;
            getLog().error("[cognigy] " + e.getMessage() + " — the build goes on: maven.test.failure.ignore is set");
        }
    }

    /**
     * In strict governance every simulation that did not pass fails its test: so does the build, as in one JVM. The mode
     * is the merge's, read as the engine reads it: the parts' own unless {@link #settings} replaces it, in any case, and
     * strict unless it says tolerant.
     */
    private void failWhereAStrictRunWould(Map<String, String> configuration, Path out) throws MojoFailureException {
        String mode = settings.containsKey(Constants.GOVERNANCE_MODE) ? settings.get(Constants.GOVERNANCE_MODE)
                : configuration.get(Constants.GOVERNANCE_MODE);
        if (mode != null && mode.strip().equalsIgnoreCase("tolerant")) return;
        JsonNode summary;
        try {
            summary = JSON.readTree(out.resolve("results.json").toFile()).path("summary");
        } catch (RuntimeException e) {
            throw new MojoFailureException("the merged " + out.resolve("results.json") + " cannot be read: " + e.getMessage(), e);
        }
        long total = summary.path("total").asLong();
        // Every outcome but PASSED and SKIPPED fails its test; counted by name, not derived from the total, which leaves
        // skipped simulations out already.
        long failing = Stream.of("failed", "misconfiguration", "timeout", "error").mapToLong(outcome -> summary.path(outcome).asLong())
                .sum();
        if (failing > 0) {
            throw new MojoFailureException(failing + " of " + total + " simulations of run " + runId + " did not pass"
                    + " (strict governance: each fails its test); see " + out.resolve("index.html"));
        }
    }

    private static List<Path> partFiles(Path runFolder, java.util.function.Predicate<Path> which) throws MojoFailureException {
        if (!Files.isDirectory(runFolder)) return List.of();
        try (Stream<Path> below = Files.walk(runFolder)) {
            return below.filter(which).sorted().toList();
        } catch (IOException e) {
            throw new MojoFailureException("cannot read " + runFolder + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> configurationOf(Path partFile) throws MojoFailureException {
        try {
            return RunPart.read(partFile).info().configuration();
        } catch (IOException e) {
            throw new MojoFailureException("cannot read " + partFile + ": " + e.getMessage(), e);
        }
    }

    /** The parts' relative paths as the forks saw them, from the module; what {@link #settings} names is left to it. */
    private Map<String, String> resolvedPaths(Map<String, String> configuration) {
        Map<String, String> resolved = new LinkedHashMap<>();
        PATH_SETTINGS.forEach((key, fallback) -> {
            if (settings.containsKey(key)) return;
            Optional<String> value = Optional.ofNullable(configuration.get(key)).or(() -> Optional.of(fallback)).filter(v -> !v.isBlank());
            value.map(Path::of).filter(p -> !p.isAbsolute()).ifPresent(p -> resolved.put(key, basedir.toPath().resolve(p).toString()));
        });
        return resolved;
    }
}
