package dev.botsim.cognigy.maven;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.GoalProperty;
import dev.botsim.cognigy.engine.merge.FailedTests;
import dev.botsim.cognigy.engine.merge.MergeCommand;
import dev.botsim.cognigy.engine.merge.MergeTerms;
import dev.botsim.cognigy.engine.merge.PartFiles;
import dev.botsim.cognigy.engine.merge.PartSettings;
import dev.botsim.cognigy.engine.merge.ShardTally;
import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.engine.shard.RunPart;

/**
 * {@code cognigy:merge}: after the last Surefire fork, concludes the build's run once — the engine's {@code merge}
 * in this JVM over the parts below {@code <reportDirectory>/<run id>/}: one {@code results.json} and
 * {@code index.html}, one governance verdict, one audit record, one webhook delivery. It fails the build exactly where
 * one JVM running the whole suite would have, as the merge itself judges the run ({@link FailedTests}): parts that
 * cannot be merged, a verdict that is not COMPLIANT, tolerant governance or minimum coverage not met, and — in strict
 * governance, where every result that did not pass fails its test — any such result, so the forks' execution may ignore
 * test failures and let this goal judge the run.
 *
 * <p>Idempotent: running it again over the same parts (a second {@code mvn verify} without {@code clean} that ran no
 * new part, say) appends no audit record and sends no webhook again, and fails or passes as the first merge did.
 */
@Mojo(name = "merge", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresDependencyResolution = ResolutionScope.TEST)
public class MergeMojo extends AbstractMojo {

    /**
     * Settings the engine reads as paths, written relative to the module (Surefire runs the forks there) while this
     * goal may run from another folder (a reactor's root): they are resolved against the module before the merge.
     * The outbox has a default of its own, also relative.
     */
    private static final Map<String, String> PATH_SETTINGS = Map.of(Constants.AUDIT_FILE, "", Constants.WEBHOOK_OUTBOX_DIR, ".cognigy/outbox");

    /** The run to merge: set by {@code cognigy:prepare-run}, or given ({@code -Dcognigy.run-id=...}). */
    @Parameter(property = Constants.RUN_ID)
    String runId;

    /** The forks' {@code cognigy.report.dir}: their parts are below {@code <reportDirectory>/<run id>/}. */
    @Parameter(property = GoalProperty.MERGE_REPORT_DIR, defaultValue = "${project.build.directory}/cognigy-reports",
            required = true)
    File reportDirectory;

    /** Where the run's {@code results.json}, {@code index.html} and {@code cognigy-merge.json} go; the report directory by default. */
    @Parameter(property = GoalProperty.MERGE_OUT)
    File outputDirectory;

    /**
     * {@code cognigy.*} settings that replace the parts' own for the merge, e.g. the audit trail's path on this machine.
     * An empty element ({@code <cognigy.webhook.url/>}) is an empty value, as {@code -Dcognigy.webhook.url=} is; a
     * {@code -Dcognigy.*} of the build replaces the same key here ({@link #userProperties}).
     */
    @Parameter
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * The build's user properties ({@code mvn -Dkey=value}): its {@code cognigy.*} settings replace the parts' own for the
     * merge, over {@link #settings} — as Surefire's forks take them over its {@code systemPropertyVariables} — so the
     * {@code -Dcognigy.key=value} that a build's forks read, and that the merge's advice names, is the merge's too.
     */
    @Parameter(defaultValue = "${session.userProperties}", readonly = true)
    Properties userProperties = new Properties();

    /** The module, where the forks ran and their relative paths start. */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    File basedir;

    /** Skips the merge ({@code -Dcognigy.merge.skip}). */
    @Parameter(property = GoalProperty.MERGE_SKIP, defaultValue = "false")
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

    /** The module's packaging: a {@code pom} (a reactor's parent, say) runs no tests, so it has no run to merge. */
    @Parameter(defaultValue = "${project.packaging}", readonly = true)
    String packaging;

    /** Where the module's test classes are compiled to, to tell a module Surefire found no test class in. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true)
    File testOutputDirectory;

    /** Surefire's {@code -Dtest}: tests picked by name, which may include no simulation. */
    @Parameter(property = "test")
    String test;

    /** Surefire's {@code -Dgroups}: tests picked by tag, which may include no simulation. */
    @Parameter(property = "groups")
    String groups;

    /**
     * The module's test class path: the {@code SimulationListener}s it registers (as its forks loaded them, through
     * {@code META-INF/services}) are given the merged run, as one JVM's run would give them the whole run.
     */
    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true)
    List<String> testClasspath = List.of();

    /**
     * The build's environment: the webhook's secret, its URL when the forks' parts keep it masked
     * ({@code COGNIGY_WEBHOOK_URL}), and the CI's variables for the audit record come from it.
     */
    Function<String, String> environment = System::getenv;

    @Override
    public void execute() throws MojoFailureException {
        if (skip || skipTests || mavenTestSkip) {
            getLog().info("[cognigy] merge skipped: " + (skip ? "cognigy.merge.skip" : "the tests were skipped"));
            return;
        }
        if ("pom".equals(packaging)) {
            // A reactor's parent that declares the goal for its modules: they merge their own runs.
            getLog().info("[cognigy] merge skipped: a module of packaging pom runs no tests");
            return;
        }
        // A property that is one of the engine's keys or the goal's but misspelt (-Dcogingy.audit.file, -Dcognigy.merge.skp)
        // would be without effect here — the parts' audit trail used, the merge not skipped — where the engine fails a run
        // over it: the goal fails the same way, naming the key meant, before anything is merged.
        List<String> refused = userProperties == null ? List.of() : EngineConfig.refusedKeys(userProperties.stringPropertyNames());
        // The goal's own inputs wrong, as the command line's wrong use: nothing is written, the output folder may be misnamed too.
        if (!refused.isEmpty()) {
            throw new MojoFailureException("the build's -D properties hold what cognigy-junit refuses, as a run of its engine"
                    + " would: " + String.join("; ", refused) + "; nothing was merged: correct or remove them");
        }
        if (BuildRunId.unset(runId)) {
            throw new MojoFailureException("no run id to merge: run cognigy:prepare-run earlier in the build (it sets "
                    + Constants.RUN_ID + " for every fork), or give one with -D" + Constants.RUN_ID + "=...");
        }
        Path out = (outputDirectory == null ? reportDirectory : outputDirectory).toPath();
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
            Optional<String> noTestClass = noTestClass();
            if (noTestClass.isPresent()) throw refusal(out, "no part of run " + runId + " in " + runFolder + ": " + noTestClass.get());
            Optional<String> shardGiven = shardGiven();
            if (shardGiven.isPresent()) {
                // Not merged here (the other shards are other jobs), and so not said in the output folder: no merge was refused.
                throw new MojoFailureException("no part of run " + runId + " in " + runFolder + ": this build ran shard "
                        + shardGiven.get() + " (-D" + Constants.SHARD + "), and no test class kept a test in it — Surefire starts"
                        + " no engine run for a class without tests in a fork (forkCount above 1, or reuseForks=false), so a"
                        + " shard that selected none leaves no part here, and the run's merge will refuse the run as missing"
                        + " shard " + shardGiven.get() + ". Split the run into fewer shards (at most as many as the simulations"
                        + " of the largest test class, so that every shard keeps one), or run the shard jobs with forkCount=1;"
                        + " or every fork's run was refused before its first test (a configuration problem, which each test"
                        + " class's error above names)");
            }
            // A run id given by hand (mvn cognigy:merge -Dcognigy.run-id=...) and mistyped: the runs that are there say so.
            List<String> otherRuns = Files.isDirectory(runFolder) ? List.of() : otherRuns();
            throw refusal(out, "no part of run " + runId + " in " + runFolder + ": the Surefire execution must pass "
                    + Constants.RUN_ID + "=${" + Constants.RUN_ID + "} and " + Constants.RUN_DEFER + "=true to its forks, and its "
                    + Constants.REPORT_DIR + " must be this goal's reportDirectory (" + reportDirectory + "); or every fork's run"
                    + " was refused before its first test (a configuration problem, which each test class's error above names)"
                    + (otherRuns.isEmpty() ? "" : "; or, merging an earlier build's run with -D" + Constants.RUN_ID + ", its id is"
                    + " mistyped: " + reportDirectory + " holds the parts of run" + (otherRuns.size() == 1 ? " " : "s ")
                    + String.join(", ", otherRuns) + " (newest first)"));
        }
        // A part that cannot be read is the merge's to refuse, with its reason.
        // Read and parsed once: the merge takes them from here rather than parse them again.
        PartFiles read = new PartFiles();
        Map<String, RunPart> parts = new java.util.TreeMap<>();
        partFiles.forEach(file -> readPart(read, file).ifPresent(part -> parts.put(file.toString(), part)));
        Optional<String> shard = oneShardOfMore(List.copyOf(parts.values()));
        if (shard.isPresent()) {
            judgeTheShard(shard.get(), runFolder, parts);
            return;
        }
        // The run's settings as the merge takes them: from the same part, whichever order the files were found in.
        Map<String, String> configuration = PartSettings.of(parts);
        // The run the goal merges: parts of another run in its folder are refused.
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "-D" + Constants.RUN_ID + "=" + runId.strip()));
        Map<String, String> given = given();
        resolvedPaths(configuration, given.keySet()).forEach((key, value) -> args.add("-D" + key + "=" + value));
        given.forEach((key, value) -> args.add("-D" + key + "=" + value));
        args.add(runFolder.toString());

        getLog().info("[cognigy] merging run " + runId + ": " + partFiles.size() + " parts below " + runFolder);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        ByteArrayOutputStream complained = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(said, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(complained, true, StandardCharsets.UTF_8);
             URLClassLoader tests = testClassLoader()) {
            // The merge loads listeners from the thread's class loader: the module's, the engine's own classes first.
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(tests);
            try {
                code = MergeCommand.run(args, terms(runId.strip()), environment, Clock.systemUTC(), outStream, errStream, read);
            } finally {
                thread.setContextClassLoader(before);
            }
        } catch (IOException e) {
            throw new MojoFailureException("the module's test classes could not be closed after the merge: " + e.getMessage(), e);
        }
        said.toString(StandardCharsets.UTF_8).lines().forEach(getLog()::info);
        complained.toString(StandardCharsets.UTF_8).lines().forEach(code == 0 ? getLog()::warn : getLog()::error);
        try {
            switch (code) {
                case 0 -> {
                }
                // The merge judged its tests as one JVM would (a failed simulation in strict governance fails the run, its
                // verdict COMPLIANT or not) and kept why: the same parts fail the goal and the jar's merge alike.
                case 1 -> throw new MojoFailureException(FailedTests.recordedIn(out)
                        .map(failed -> failed + "; see " + out.resolve("index.html"))
                        .orElse("run " + runId + " is not COMPLIANT or fell short of its targets (above); the merged report is "
                                + out.resolve("index.html")));
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
     * The goal's failure over the run's parts before anything is merged, said in the output folder too, as the merge says
     * its own refusals: in place of the earlier merged pair, which is kept in its {@code previous/} ({@link ReportWriter#mergeRefused}), so
     * the folder does not show the earlier build's verdict beside this build's failure.
     */
    private MojoFailureException refusal(Path out, String message) {
        ReportWriter.to(out).mergeRefused(Clock.systemUTC().instant(), message);
        return new MojoFailureException(message);
    }

    /**
     * This build ran one CI shard of the run ({@code cognigy.shard=i/n}): the other shards are other jobs, so the run is
     * concluded by merging every job's parts after them (docs/ci.md, "Merge"), and a merge here would refuse the run as
     * incomplete. The build is judged as the run's merge will judge its parts, counted by the merge's own rules
     * ({@link ShardTally}): a simulation that did not pass fails it in strict governance, a part JUnit cancelled fails it
     * (the merge concludes the run INTERRUPTED), and a part that began and never wrote its results (unless its shard ran
     * again after it), or parts the merge would refuse (settings that differ, a test held twice), fail it. Only the
     * module's own parts and marks are judged: where modules share one report folder, another module's are its job's.
     */
    private void judgeTheShard(String shard, Path runFolder, Map<String, RunPart> parts) throws MojoFailureException {
        // Counted as the run's merge counts them: a rerun's later result wins, a cancelled part makes the run INTERRUPTED,
        // a mark of a part that never wrote its results refuses the run unless its shard ran again after it.
        ShardTally tally = ShardTally.of(parts, partFiles(runFolder, RunPart::isBegun), suite());
        getLog().info("[cognigy] run " + runId + ": this build ran shard " + shard + " (" + tally.parts() + " parts below " + runFolder
                + "); no merge here: the run's verdict, audit record and webhook come from merging the parts of all its"
                + " shards once their jobs have ended");
        List<Path> unfinished = tally.unfinished();
        List<String> problems = new ArrayList<>();
        if (!unfinished.isEmpty()) {
            problems.add(unfinished.size() + " part(s) of shard " + shard + " of run " + runId + " began and never wrote their"
                    + " results (" + unfinished.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "))
                    + "): the run's merge will refuse it; the tests' output above says why");
        }
        tally.refusal().ifPresent(refusal -> problems.add("the run's merge will refuse the parts of shard " + shard + ": " + refusal));
        boolean refused = !unfinished.isEmpty() || tally.refusal().isPresent();
        if (tally.cancelled()) {
            problems.add("shard " + shard + " of run " + runId + " was cancelled before all its tests ran (Surefire's"
                    + " skipAfterFailureCount, say): its tests that never ran are in no part, so the run's merge will conclude"
                    + " it INTERRUPTED; see the tests' output above for what stopped it");
        }
        Map<String, String> given = given();
        String mode = given.containsKey(Constants.GOVERNANCE_MODE) ? given.get(Constants.GOVERNANCE_MODE)
                : tally.settings().get(Constants.GOVERNANCE_MODE);
        // By the rule the run's merge exits by: in tolerant governance a timeout or an error fails its test too.
        FailedTests failed = tally.failedTests(runId, mode != null && mode.strip().equalsIgnoreCase("tolerant"));
        if (failed.any()) problems.add("shard " + shard + ": " + failed.reason() + "; see the part's index.html below " + runFolder);
        if (problems.isEmpty()) return;
        String message = String.join("; ", problems);
        if (testFailureIgnore && !refused) {
            getLog().error("[cognigy] " + message + " — the build goes on: maven.test.failure.ignore is set");
            return;
        }
        throw new MojoFailureException(message);
    }

    /**
     * The module's suite, as its forks record it ({@link RunPart#suite}): the name of its folder, Surefire's {@code basedir}
     * in the forks; {@code null} when it has none.
     */
    private String suite() {
        return basedir == null ? null : RunPart.suite(property -> "basedir".equals(property) ? basedir.getPath() : null);
    }

    /** The shard the build was told to run ({@code -Dcognigy.shard=i/n}), as the forks read it; empty when none. */
    private Optional<String> shardGiven() {
        return Optional.ofNullable(userProperties).map(properties -> properties.getProperty(Constants.SHARD))
                .map(String::strip).filter(shard -> !shard.isEmpty());
    }

    /**
     * The shards this build ran ({@code 1/4}, or {@code 1/4, 3/4}) when the parts are CI shards and not all of them are
     * here; nothing when the parts are forks', or when every shard {@code 1..n} is (a folder the CI gathered them in).
     */
    static Optional<String> oneShardOfMore(List<RunPart> parts) {
        java.util.SortedSet<String> shards = parts.stream().map(RunPart::shard).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        if (shards.isEmpty()) return Optional.empty();
        java.util.Set<Integer> indices = new java.util.HashSet<>();
        java.util.Set<Integer> counts = new java.util.HashSet<>();
        for (String shard : shards) {
            String[] iOfN = shard.split("/");
            try {
                indices.add(Integer.parseInt(iOfN[0].strip()));
                counts.add(Integer.parseInt(iOfN[1].strip()));
            } catch (RuntimeException e) {
                return Optional.empty(); // the merge names what is wrong with it
            }
        }
        boolean complete = counts.size() == 1 && java.util.stream.IntStream.rangeClosed(1, counts.iterator().next()).allMatch(indices::contains);
        return complete ? Optional.empty() : Optional.of(String.join(", ", shards));
    }

    /**
     * The module's test class path over this plugin's classes: a listener's class and what it needs come from the
     * module, the engine and its SPI from the plugin, so the listener implements the interface the merge calls.
     */
    private URLClassLoader testClassLoader() throws MojoFailureException {
        List<URL> urls = new ArrayList<>();
        for (String element : testClasspath) {
            try {
                urls.add(Path.of(element).toUri().toURL());
            } catch (java.net.MalformedURLException | RuntimeException e) {
                throw new MojoFailureException("the module's test class path holds " + element + ", which is no path: " + e.getMessage(), e);
            }
        }
        return new URLClassLoader("cognigy-merge-listeners", urls.toArray(URL[]::new), MergeMojo.class.getClassLoader());
    }

    /**
     * Why Surefire left no part, when the module has no compiled test class: data files alone are found by no Surefire
     * run, and a module without tests has nothing to merge.
     */
    private Optional<String> noTestClass() throws MojoFailureException {
        if (testOutputDirectory == null) return Optional.empty();
        Path classes = testOutputDirectory.toPath();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.walk(classes)) {
                if (files.anyMatch(f -> f.getFileName().toString().endsWith(".class"))) return Optional.empty();
            } catch (IOException e) {
                throw new MojoFailureException("cannot read " + classes + ": " + e.getMessage(), e);
            }
        }
        return Optional.of("Surefire found no test class in " + classes + ", so no simulation ran. Surefire runs classes:"
                + " data files run through a test class naming them (@BotSimulation(data = \"simulations\")) or a JUnit"
                + " @Suite selecting them; a module without simulations needs no cognigy:merge (declare the plugin in the"
                + " modules that have them, or set -Dcognigy.merge.skip)");
    }

    /** The runs whose parts are below the report directory, newest first: the folders holding a part file. */
    private List<String> otherRuns() throws MojoFailureException {
        Path reports = reportDirectory.toPath();
        if (!Files.isDirectory(reports)) return List.of();
        try (Stream<Path> runs = Files.list(reports)) {
            return runs.filter(Files::isDirectory).filter(run -> {
                try {
                    return !partFiles(run, p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).isEmpty();
                } catch (MojoFailureException e) {
                    return false;
                }
            }).sorted(java.util.Comparator.comparing(MergeMojo::modified).reversed()).map(run -> run.getFileName().toString()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(); // the message without them is still true
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path folder) {
        try {
            return Files.getLastModifiedTime(folder);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
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

    private static Optional<RunPart> readPart(PartFiles read, Path partFile) {
        try {
            return read.part(partFile);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The parts' relative paths as the forks saw them, from the module; what the goal is given ({@link #given}) is left
     * to it.
     */
    private Map<String, String> resolvedPaths(Map<String, String> configuration, java.util.Set<String> given) {
        Map<String, String> resolved = new LinkedHashMap<>();
        PATH_SETTINGS.forEach((key, fallback) -> {
            if (given.contains(key)) return;
            Optional<String> value = Optional.ofNullable(configuration.get(key)).or(() -> Optional.of(fallback));
            fromModule(value.get()).ifPresent(path -> resolved.put(key, path));
        });
        return resolved;
    }

    /** A relative path as the forks, which run in the module, read it; nothing for an absolute or empty one. */
    private Optional<String> fromModule(String value) {
        return Optional.of(value).filter(v -> !v.isBlank()).map(Path::of).filter(p -> !p.isAbsolute())
                .map(p -> basedir.toPath().resolve(p).toString());
    }

    /**
     * The settings the goal gives the merge over the parts' own: its {@link #settings}, then the build's
     * {@code -Dcognigy.*} ({@link #userProperties}), which win. A {@code -D} path setting is resolved against the module,
     * as the forks, which Surefire gives the same property, read it. The goal's own properties are none of the engine's
     * settings: the run id is the goal's to pass, and the others ({@link GoalProperty}) are the plugin's parameters. A
     * misspelt one ({@code -Dcognigy.merge.skp}) was refused before.
     */
    private Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        // An empty element of <settings> arrives as null: it means the empty value, as -Dkey= does, never "null".
        settings.forEach((key, value) -> given.put(key, value == null ? "" : value));
        if (userProperties == null) return given;
        new java.util.TreeSet<>(userProperties.stringPropertyNames()).stream()
                .filter(key -> key.startsWith("cognigy.") && !key.equals(Constants.RUN_ID) && !GoalProperty.keys().contains(key))
                .forEach(key -> {
                    String value = userProperties.getProperty(key);
                    given.remove(key); // the build's -D is named after <settings>, as it wins
                    given.put(key, PATH_SETTINGS.containsKey(key) ? fromModule(value).orElse(value) : value);
                });
        return given;
    }

    /**
     * The goal's words for the merge's advice: its parameters and properties where the command line has options, and
     * the command that merges this run again — {@code mvn cognigy:merge} with its run id, as a build run again would make
     * a new run.
     */
    static MergeTerms terms(String runId) {
        return new MergeTerms(
                "cognigy:merge takes cognigy.* settings over the parts' own as -Dcognigy.key=value on the mvn command line or in its"
                        + " <settings>, e.g. <settings><cognigy.audit.file>/srv/audit.jsonl</cognigy.audit.file></settings> (docs/ci.md)",
                "<settings><%s>",
                "-Dcognigy.key=value on the mvn command line (or <settings><cognigy.key>value</cognigy.key></settings> of"
                        + " cognigy:merge)",
                "the environment mvn runs in",
                "outputDirectory (-Dcognigy.merge.out)",
                ": mvn cognigy:merge -D" + Constants.RUN_ID + "=" + runId,
                "cognigy:merge reads the parts of run %s below its reportDirectory (-Dcognigy.merge.report-dir), in the folder"
                        + " named by the run id, where only that run's forks write: move the other run's parts out of it",
                "Leave each module a report folder of its own, where its cognigy:merge finds that module's parts only: its"
                        + " forks' " + Constants.REPORT_DIR + " and the goal's reportDirectory (-Dcognigy.merge.report-dir) are the"
                        + " module's target/cognigy-reports unless set; set neither to one folder for several modules",
                "",
                "run the build again under a new run id (mvn clean verify: cognigy:prepare-run gives a build a new one, unless -D"
                        + Constants.RUN_ID + ", " + Constants.RUN_ID_ENV + " or the CI's run id names this run)",
                "set it as that goal's parameter, -D%1$s on the mvn command line or <%2$s> in the goal's <configuration>, not in"
                        + " cognigy:merge's <settings>");
    }
}
