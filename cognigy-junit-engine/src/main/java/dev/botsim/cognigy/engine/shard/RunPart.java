package dev.botsim.cognigy.engine.shard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EnvironmentRunId;
import dev.botsim.cognigy.engine.config.Shard;
import dev.botsim.cognigy.engine.config.ShardKey;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.HmacSha256;
import dev.botsim.cognigy.engine.support.JsonSyntaxError;
import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * What one JVM of a split run leaves for {@code merge}: the run as it planned it, its records exactly as listeners
 * received them, and the data files it read. {@code results.json} is a report, shaped for readers; this file is the
 * run's own data, so the merge analyses the records with the same code a single run uses and gets the same verdict.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param runId         the logical run every part of it shares
 * @param shard         {@code i/n} when the JVM ran a shard, else {@code null} (a Surefire fork, say)
 * @param suite         the suite the part belongs to: the name of the module's folder ({@link #suite(Function)});
 *                      parts of two suites are two runs, which the merge refuses to judge as one. {@code null} in a part
 *                      written before it was recorded, which the merge then does not check
 * @param partial       whether the JVM ran tests picked one by one (by unique id or method: an IDE's or Surefire's
 *                      rerun), whose results replace earlier ones of the same tests
 * @param selection     the filters of the build tool that narrow which tests the JVM ran, as it was given them
 *                      ({@link #selection(Function)}: {@code -Dtest}, {@code -Dgroups}, …), by key; empty when none was.
 *                      Every shard must split the same selection: one given a narrower one runs fewer than its share
 *                      of the suite, and the tests it left out run in no shard. {@code null} in a part written before it
 *                      was recorded, which the merge then does not check
 * @param cancelled     whether JUnit cancelled the JVM's run before all its tests ran (Surefire's
 *                      {@code skipAfterFailureCount}): the tests it skipped are in no part, so the merged run is
 *                      {@code INTERRUPTED}
 * @param finished      when the JVM finished its part: of two results of one test, the later wins
 * @param dataFiles     SHA-256 of each data file the part read, by resource
 * @param planned       which tests the JVM's run planned, as its begun mark says it ({@link Begun#planned}): a part stands
 *                      for the mark of a part that never wrote its results only when it planned the same tests.
 *                      {@code null} in a part written before it was recorded
 * @param attempt       the attempt of the CI's workflow run the JVM ran in, as the CI numbers it ({@link #attempt(Function)}:
 *                      GitHub Actions' {@code GITHUB_RUN_ATTEMPT}, Azure Pipelines' {@code SYSTEM_JOBATTEMPT}, 2 and up for a
 *                      job run again by "Re-run failed jobs"), at least 1; {@code null} when the CI says none, and in a part
 *                      written before it was recorded: unknown
 * @param attemptVariable the variable {@code attempt} was read from when it is not {@value #ATTEMPT_ENV}: Azure Pipelines'
 *                      {@value EnvironmentRunId#AZURE_PIPELINES_ATTEMPT}; {@code null} for GitHub's, as every part said it
 *                      before Azure's was recorded, and without an attempt ({@link #attemptOf()})
 */
public record RunPart(int schemaVersion, String runId, String shard, String suite, boolean partial, Map<String, String> selection,
                      boolean cancelled, RunInfo info, Instant finished,
                      Map<String, String> dataFiles, List<SimulationRecord> records, PlannedTests planned, Integer attempt,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String attemptVariable) {

    public static final int SCHEMA_VERSION = 1;

    /** The file's name in a part's folder; {@code merge} looks for it below the folders it is given. */
    public static final String FILE_NAME = "cognigy-part.json";

    /**
     * The largest part file read: 256 MiB. A part holds one JVM's results, a few KiB a test with its answers and failure
     * message, so this is tens of thousands of tests in one JVM — far more than a shard or fork runs, far less than a merge
     * can hold beside the other parts and the trees they parse to.
     */
    public static final long MAX_BYTES = 256L << 20;

    private static final String NOT_A_PART = "give merge the report folders of the run's shards or forks, or their " + FILE_NAME
            + " files";

    /**
     * How a part that has begun but not yet been written is named below its run's folder: {@code cognigy-part-<random>.started}.
     * A JVM leaves one when its part starts and removes it once its part file is written, so one killed or crashed on the
     * way (a CI timeout, {@code kill -9}, an out-of-memory error), or whose run could not start, leaves it behind, and
     * {@code merge} refuses the run rather than judge it without that part's tests.
     */
    public static final String BEGUN_PREFIX = "cognigy-part-";
    public static final String BEGUN_SUFFIX = ".started";

    /**
     * Reads a part strictly: a field it does not know was written by a newer version of cognigy-junit, and a merge that
     * left it out could conclude the run wrongly (a newer field may say which tests must not count), so such a part is
     * refused and the version the shards ran named as the fix. Fields are only ever added to schema 1, so a part of an
     * earlier version reads with them absent. {@link Expectation#isEmpty()} is derived, not a field: left out.
     */
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(Expectation.class, DerivedLeftOut.class).build();

    /** What a part's writer leaves out of {@link Expectation}, and its reader accepts from a part written before it did. */
    @JsonIgnoreProperties("empty")
    private interface DerivedLeftOut {
    }

    /** Reads one value of a part as a tree, the parser going on after it: what follows is the part's, not trailing. */
    private static final ObjectReader VALUE = JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * What a begun part says of itself: its run, its shard ({@code null} for a fork), its suite ({@link #suite(Function)};
     * {@code null} in a mark written before marks recorded it) and when it began. The suite tells whose mark it is where
     * two modules' parts share one report folder: the mark of one module's part is refused by that module's merge, not
     * by the other's. The batch is the one whose part file the JVM is about to write, set just before it writes it
     * ({@link #writing}): {@code null} until then, and in a mark written before marks recorded it. What the run planned
     * ({@link PlannedTests}) tells the shard run again, whose part plans the same tests, from another engine run of that
     * shard (another test class's fork of its job): {@code null} in a mark written before marks recorded it, which no
     * later part can then be proven to stand for.
     */
    public record Begun(String runId, String shard, String suite, Instant started, String batch, PlannedTests planned) {

        /** The mark of a part that has begun, its part file not yet being written, that does not say what it planned. */
        public Begun(String runId, String shard, String suite, Instant started) {
            this(runId, shard, suite, started, null, null);
        }

        /** A mark that does not say what its run planned, as marks written before it was recorded. */
        public Begun(String runId, String shard, String suite, Instant started, String batch) {
            this(runId, shard, suite, started, batch, null);
        }

        /** The mark of a part whose JVM now writes its part file, of batch {@code batch}. */
        public Begun writing(String batch) {
            return new Begun(runId, shard, suite, started, batch, planned);
        }
    }

    /**
     * Leaves the mark of a part that has begun in the run's folder, {@code <reportDir>/<run id>/}; {@link #write}'s caller
     * removes it with {@link #finished} once the part file is in place.
     *
     * @return the mark's file
     */
    public static Path begin(Path reportDir, Begun begun) throws IOException {
        Path folder = Files.createDirectories(reportDir.resolve(begun.runId()));
        // Written in place, not moved there: a JVM killed while writing it leaves a mark all the same, one that cannot be
        // read, which merge takes for a part that never ended, as it is.
        Path mark = PartialFile.create(folder, BEGUN_PREFIX, BEGUN_SUFFIX);
        try {
            JSON.writeValue(mark.toFile(), begun);
        } catch (JacksonException e) {
            // Not left behind: the part, said to be unmarked, would otherwise be refused once it is written.
            Files.deleteIfExists(mark);
            throw new IOException(e.getOriginalMessage(), e);
        }
        return mark;
    }

    /**
     * Says in the mark which batch's part file is about to be written, replacing it whole: a JVM killed after its part file
     * is in place and before it removed its mark leaves a mark that names its own part, which merge then takes as ended
     * rather than refuse the run over a part that is there.
     */
    public static void writing(Path mark, Begun begun) throws IOException {
        PartialFile.write(mark, json(begun));
    }

    /** {@code value} as JSON, a failure to write it an I/O error of the file it was for. */
    private static byte[] json(Object value) throws IOException {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
    }

    /** Removes the mark of a part whose file is now written. */
    public static void finished(Path begun) throws IOException {
        Files.deleteIfExists(begun);
    }

    /** Whether {@code file} is the mark of a begun part. */
    public static boolean isBegun(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(BEGUN_PREFIX) && name.endsWith(BEGUN_SUFFIX);
    }

    /**
     * @return what the mark says, or empty when it cannot be read (it is then still the mark of a part that never ended);
     *         a symbolic link in a mark's place is not read, as a part's is not ({@link #readBytes}): a JVM writes its mark
     *         as a file, and what the link points at would be quoted as the mark's shard and suite
     */
    public static Optional<Begun> readBegun(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            // A mark only says that a part began: one of a newer version is read for what this version knows of it.
            return Optional.ofNullable(JSON.readerFor(Begun.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(in));
        } catch (JacksonException | IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    /** A concurrent build's copy of a workspace, as Jenkins names it ({@code job@2}): the same suite as {@code job}. */
    private static final Pattern WORKSPACE_COPY = Pattern.compile("@\\d+$");

    /**
     * The suite a JVM runs: the last segment of the module's folder — Surefire's and Failsafe's {@code basedir}, which
     * stays the module's whatever {@code workingDirectory} the forks are given, else {@code user.dir} (the ConsoleLauncher's
     * folder). A reactor's modules ({@code orders-bot}, {@code faq-bot}) are then different suites, while the shards
     * of one module, run by different jobs in checkouts at different paths, are one. A Jenkins workspace's copy for a
     * concurrent build ({@code job@2}) is the suite of {@code job}.
     *
     * @param systemProperty the JVM's system properties ({@code System::getProperty})
     * @return the suite, or {@code null} when the folder has no name (the file system's root)
     */
    public static String suite(Function<String, String> systemProperty) {
        String basedir = systemProperty.apply("basedir");
        String folder = basedir == null || basedir.isBlank() ? systemProperty.apply("user.dir") : basedir;
        if (folder == null || folder.isBlank()) return null;
        try {
            Path name = Path.of(folder).normalize().getFileName();
            if (name == null) return null;
            String suite = WORKSPACE_COPY.matcher(name.toString()).replaceFirst("");
            return suite.isEmpty() ? null : suite;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /**
     * The variable GitHub Actions numbers the attempts of one workflow run in, {@code GITHUB_RUN_ATTEMPT}: 1 for the run's
     * first, the next for each re-run of its jobs, while {@code GITHUB_RUN_ID} stays the same. Azure Pipelines numbers the
     * attempts of each job ({@value EnvironmentRunId#AZURE_PIPELINES_ATTEMPT}) while {@code BUILD_BUILDID} stays the same.
     */
    public static final String ATTEMPT_ENV = EnvironmentRunId.GITHUB_ATTEMPT;

    /**
     * The attempt a JVM's job runs in, as the CI whose run id the environment gives numbers it
     * ({@link EnvironmentRunId#attemptVariable}): GitHub's {@value #ATTEMPT_ENV} where {@code GITHUB_RUN_ID} is the run id,
     * Azure Pipelines' {@value EnvironmentRunId#AZURE_PIPELINES_ATTEMPT} where {@code BUILD_BUILDID} is; none elsewhere, also
     * when another CI's variable is there.
     *
     * @param environment the JVM's environment variables
     * @return the attempt, or {@code null} when the CI numbers none, or its variable is not set or is no whole number of at
     *         least 1: unknown
     */
    public static Integer attempt(Function<String, String> environment) {
        String value = EnvironmentRunId.attemptVariable(environment).map(environment).orElse(null);
        if (value == null || !value.strip().matches("[0-9]{1,9}")) return null;
        int attempt = Integer.parseInt(value.strip());
        return attempt >= 1 ? attempt : null;
    }

    /**
     * The variable {@link #attempt(Function)} reads in this environment, as a part records it ({@link #attemptVariable()}):
     * {@code null} for GitHub's, and where the CI numbers no attempt.
     */
    public static String attemptVariable(Function<String, String> environment) {
        return attempt(environment) == null ? null
                : EnvironmentRunId.attemptVariable(environment).filter(variable -> !variable.equals(ATTEMPT_ENV)).orElse(null);
    }

    public RunPart {
        selection = selection == null ? null : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(selection));
        dataFiles = Map.copyOf(dataFiles);
        records = List.copyOf(records);
        if (attempt == null || ATTEMPT_ENV.equals(attemptVariable)) attemptVariable = null;
    }

    /** A part whose attempt, if it says one, is GitHub's ({@value #ATTEMPT_ENV}), as every part said it before Azure's was recorded. */
    public RunPart(int schemaVersion, String runId, String shard, String suite, boolean partial, Map<String, String> selection,
                   boolean cancelled, RunInfo info, Instant finished, Map<String, String> dataFiles, List<SimulationRecord> records,
                   PlannedTests planned, Integer attempt) {
        this(schemaVersion, runId, shard, suite, partial, selection, cancelled, info, finished, dataFiles, records, planned, attempt, null);
    }

    /**
     * The variable this part's attempt was read from: {@value #ATTEMPT_ENV}, or Azure Pipelines'
     * {@value EnvironmentRunId#AZURE_PIPELINES_ATTEMPT}; {@code null} when the part says no attempt.
     */
    public String attemptOf() {
        return attempt == null ? null : attemptVariable != null ? attemptVariable : ATTEMPT_ENV;
    }

    /** A part that does not say its CI's attempt, as parts written before it was recorded. */
    public RunPart(int schemaVersion, String runId, String shard, String suite, boolean partial, Map<String, String> selection,
                   boolean cancelled, RunInfo info, Instant finished, Map<String, String> dataFiles, List<SimulationRecord> records,
                   PlannedTests planned) {
        this(schemaVersion, runId, shard, suite, partial, selection, cancelled, info, finished, dataFiles, records, planned, null);
    }

    /** A part that does not record what it planned, as parts written before it was recorded. */
    public RunPart(int schemaVersion, String runId, String shard, String suite, boolean partial, Map<String, String> selection,
                   boolean cancelled, RunInfo info, Instant finished, Map<String, String> dataFiles, List<SimulationRecord> records) {
        this(schemaVersion, runId, shard, suite, partial, selection, cancelled, info, finished, dataFiles, records, null, null);
    }

    /** A part that does not record its selection, as parts written before it was recorded. */
    public RunPart(int schemaVersion, String runId, String shard, String suite, boolean partial, boolean cancelled, RunInfo info,
                   Instant finished, Map<String, String> dataFiles, List<SimulationRecord> records) {
        this(schemaVersion, runId, shard, suite, partial, null, cancelled, info, finished, dataFiles, records, null, null);
    }

    /**
     * The Maven Surefire and Failsafe properties that narrow which tests a JVM runs: the test classes and methods
     * ({@code test}, {@code it.test}), the tags ({@code groups}, {@code excludedGroups}) and the files listing tests to run
     * or leave out. A build gives its {@code -D} user properties to its forks as system properties, so a JVM of a CI
     * job run with {@code mvn verify -Dtest=OrderBotTest} sees {@code test=OrderBotTest} — where JUnit's configuration
     * parameters, which fall back to the system properties, read it. The engine never sees the filters themselves:
     * Surefire selects the classes and applies the tag and method filters after discovery.
     */
    public static final List<String> SELECTION_KEYS = List.of("test", "it.test", "groups", "excludedGroups",
            "surefire.includesFile", "surefire.excludesFile", "failsafe.includesFile", "failsafe.excludesFile");

    /**
     * The selection a JVM was given ({@link #SELECTION_KEYS}), each key set to a value that is not blank, as written.
     *
     * @param parameter the run's configuration parameters (JUnit's, which fall back to the system properties)
     */
    public static Map<String, String> selection(Function<String, Optional<String>> parameter) {
        Map<String, String> selection = new java.util.TreeMap<>();
        for (String key : SELECTION_KEYS) parameter.apply(key).filter(value -> !value.isBlank()).ifPresent(value -> selection.put(key, value));
        return selection;
    }

    /** Where a JVM of run {@code runId} keeps its part: a folder of its own below the run's, named by its batch. */
    public static Path folder(Path reportDir, String runId, String batchId) {
        return reportDir.resolve(runId).resolve(batchId);
    }

    /**
     * Writes this part into {@code folder}, whole or not at all (a partial file moved into place); with a key
     * ({@value Constants#SHARD_KEY_ENV}), its signature beside it first ({@link PartSignature}).
     */
    public Path write(Path folder, Optional<Secret> key) throws IOException {
        return write(folder, key, UnaryOperator.identity());
    }

    /**
     * As {@link #write(Path, Optional)}, the part's bytes written to its partial file through {@code through}. They are
     * streamed there, and signed as they go: a part of tens of thousands of results is tens of MB, which as one array
     * (twice, while it was made) did not fit beside the run in a heap the run itself fitted in.
     */
    Path write(Path folder, Optional<Secret> key, UnaryOperator<OutputStream> through) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(FILE_NAME);
        String prefix = "." + FILE_NAME + ".";
        // What a JVM killed while writing its part left beside it: never read.
        PartialFile.removeAbandoned(folder, prefix, ".part", Instant.now().minus(PartialFile.ABANDONED));
        Path partial = PartialFile.create(folder, prefix, ".part");
        try {
            byte[] mac = null;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                OutputStream out = through.apply(file);
                HmacSha256.Writing signed = key.map(k -> HmacSha256.writing(ShardKey.bytes(k), out)).orElse(null);
                JSON.writeValue(signed == null ? out : signed, this);
                if (signed != null) mac = signed.mac();
            } catch (JacksonException e) {
                throw new IOException(e.getOriginalMessage(), e);
            }
            // The signature of exactly these bytes is in place before they are: merge never finds this part without it.
            if (mac != null) {
                PartSignature.write(target, mac);
            } else {
                // No signature of another content may stay beside this part.
                Files.deleteIfExists(PartSignature.of(target));
            }
            return PartialFile.moveIntoPlace(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * The part {@code bytes} hold, bound a record at a time: as one tree, a part of 50,000 results (66 MB) took several
     * times its size at once, beside every part the merge had read before it. Each record is read as a tree of its own,
     * given {@code sent} where it is unsaid ({@link #sentWhereUnsaid}) and its repeated texts shared ({@link #textsShared}),
     * and bound; the rest of the part is bound as before. Anything but an object is refused by binding it as read, with
     * binding's own reason; JSON that cannot be read is refused with the reason reading it whole gives.
     */
    private static RunPart bound(byte[] bytes, Consumer<JsonNode> trees) {
        Map<String, StringNode> seen = new HashMap<>();
        ObjectNode rest = JSON.createObjectNode();
        List<SimulationRecord> records = null;
        // The first record that could not be bound, named from the part's top (records[3].expected), refused once the rest
        // of the file is read: JSON that cannot be read, or a field before the records that cannot be bound, comes first.
        RuntimeException unbound = null;
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return JSON.readValue(bytes, RunPart.class);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("records")) {
                    records = new ArrayList<>();
                    unbound = null;
                    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                        JsonNode record = textsShared(sentWhereUnsaid(VALUE.readTree(parser)), seen);
                        if (unbound != null) continue;
                        trees.accept(record);
                        try {
                            records.add(JSON.treeToValue(record, SimulationRecord.class));
                        } catch (JacksonException e) {
                            unbound = e.prependPath(records, i).prependPath(RunPart.class, name);
                        } catch (IllegalArgumentException | NullPointerException e) {
                            unbound = e;
                        }
                    }
                    // Bound below as no records, then given these: a part's records are never null.
                    rest.putArray(name);
                } else {
                    if (name.equals("records")) {
                        // as a tree would hold it, the last of a name given twice
                        records = null;
                        unbound = null;
                    }
                    rest.set(name, VALUE.readTree(parser));
                }
            }
            if (parser.nextToken() != null) JSON.readTree(bytes); // what follows the object: refused as reading it whole refuses it
        } catch (RuntimeException e) {
            // JSON that cannot be read is refused for that, with the reason reading it whole gives, before any record that
            // cannot be bound: as parts were read before, the same place in the same bytes.
            JSON.readTree(bytes);
            throw e;
        }
        trees.accept(textsShared(rest, seen));
        RunPart part;
        try {
            part = JSON.treeToValue(rest, RunPart.class);
        } catch (RuntimeException e) {
            // Of a field of the part and a record that cannot be bound, the one earlier in the file, as a part bound whole.
            if (unbound != null && !earlier(e, rest)) throw unbound;
            throw e;
        }
        if (unbound != null) throw unbound;
        return records == null ? part : part.withRecords(records);
    }

    /** Whether {@code e}, binding {@code part} without its records, is about a field the file has before its records. */
    private static boolean earlier(RuntimeException e, ObjectNode part) {
        if (!(e instanceof JacksonException bound) || bound.getPath().isEmpty()) return false;
        List<String> names = List.copyOf(part.propertyNames());
        int at = names.indexOf(bound.getPath().get(0).getPropertyName());
        return at >= 0 && at < names.indexOf("records");
    }

    /** This part holding {@code records} instead. */
    private RunPart withRecords(List<SimulationRecord> records) {
        return new RunPart(schemaVersion, runId, shard, suite, partial, selection, cancelled, info, finished, dataFiles, records,
                planned, attempt, attemptVariable);
    }

    /**
     * {@code record} with {@code sent} given to it and its user turns, in a part written before results said whether
     * their messages reached the bot: JSON binding would read the missing flag as {@code false}, and the merged reports
     * would drop the transcripts of messages the bot answered. They are taken as sent, as the SPI's builder takes a
     * record, except invalid input, which never is.
     */
    private static JsonNode sentWhereUnsaid(JsonNode record) {
        if (!(record instanceof ObjectNode fields)) return record;
        if (!fields.has("sent")) fields.put("sent", !fields.path("invalidInput").asBoolean(false));
        for (JsonNode turn : fields.path("userTurns")) {
            if (turn instanceof ObjectNode said && !said.has("sent")) said.put("sent", true);
        }
        return record;
    }

    /** {@code  (cognigy-junit 0.1.0)}, the version of the engine this is, or nothing where its jar does not say. */
    private static String writtenBy() {
        String version = RunPart.class.getPackage().getImplementationVersion();
        return version == null ? "" : " (cognigy-junit " + version + ")";
    }

    /**
     * The unknown field as a reader finds it in the file: {@code the field "verdictHint" (at records[3].expected)}. Its
     * name is the file's: a hostile part's is shown visibly and cut short.
     */
    private static String field(UnrecognizedPropertyException e) {
        StringBuilder at = new StringBuilder();
        List<tools.jackson.core.JacksonException.Reference> path = e.getPath();
        for (tools.jackson.core.JacksonException.Reference step : path.subList(0, Math.max(0, path.size() - 1))) {
            if (step.getPropertyName() != null) at.append(at.isEmpty() ? "" : ".").append(step.getPropertyName());
            else if (step.getIndex() >= 0) at.append('[').append(step.getIndex()).append(']');
        }
        String name = ConsoleText.visible(Excerpt.of(String.valueOf(e.getPropertyName()), 80));
        return "the field \"" + name + "\"" + (at.isEmpty() ? "" : " (at " + at + ")");
    }

    /**
     * {@code node} with every string value that occurs more than once in it one {@link StringNode}, so the records bound
     * from it share one {@code String} of each: a part's records repeat their file, tags, intents, flows and the bot's
     * answers thousands of times, and the merge holds every part's records at once. What is bound is the same.
     *
     * @param seen the string nodes met so far, by value
     */
    private static JsonNode textsShared(JsonNode node, Map<String, StringNode> seen) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                StringNode shared = sharedText(object.get(name), seen);
                if (shared != null) object.set(name, shared);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                StringNode shared = sharedText(array.get(i), seen);
                if (shared != null) array.set(i, shared);
            }
        }
        return node;
    }

    /**
     * The string node met before with {@code value}'s text, to stand in its place; {@code null} for the first of a text
     * (kept as the one to share) and for a container, whose own values are shared in place.
     */
    private static StringNode sharedText(JsonNode value, Map<String, StringNode> seen) {
        if (value instanceof StringNode text) return seen.putIfAbsent(text.stringValue(), text);
        textsShared(value, seen);
        return null;
    }

    /** @throws IOException when the file cannot be read or is not a part, with the reason */
    public static RunPart read(Path file) throws IOException {
        return parse(readBytes(file));
    }

    /**
     * The content of part file {@code file}, read only when it is a file of at most {@link #MAX_BYTES}: the merge holds
     * a part's bytes beside what every part before it parsed to, so a wrong file given as a part (a disk image, a log, a
     * device such as {@code /dev/zero}) or a hostile one must not exhaust its memory. No more than the size the file had
     * when it was opened is read.
     *
     * @throws IOException when it cannot be read, is no file, or is larger, with the reason and the fix
     */
    public static byte[] readBytes(Path file) throws IOException {
        // A JVM writes its part as a file: a link in its place was put there by someone else (a restored CI cache or an
        // artifact brings links as readily as files), and reading it would quote what it points at, a credentials file say.
        if (Files.isSymbolicLink(file)) {
            throw new IOException("it is a symbolic link, not a part a JVM wrote; what it points at was not read: copy the part"
                    + " itself there, or " + NOT_A_PART);
        }
        // A device or pipe has no size to check and may never end: no JVM leaves one as its part.
        if (FileFailures.isNoFile(file)) {
            throw new IOException("it is no file but a device, pipe or socket: " + NOT_A_PART);
        }
        // Not followed if it became a link since: the file checked is the file read.
        try (SeekableByteChannel channel = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            long size = channel.size();
            if (size > MAX_BYTES) {
                throw new IOException("it is " + size + " bytes, larger than the " + (MAX_BYTES >> 20) + " MiB (" + MAX_BYTES
                        + " bytes) a part file is read up to: a part holds one shard's or fork's results, a few KiB a test, so"
                        + " it is no part — " + NOT_A_PART + " — or its run put too many tests in one JVM: split the run into"
                        + " more shards or forks (a larger n in cognigy.shard=i/n, a larger Surefire forkCount) so that each"
                        + " part holds fewer tests");
            }
            byte[] bytes = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reads until the size it had, or its end if it shrank meanwhile
            }
            return buffer.hasRemaining() ? java.util.Arrays.copyOf(bytes, buffer.position()) : bytes;
        }
    }


    /**
     * The part in {@code bytes}, a part file's content: merge reads a file once, and checks its signature and merges the
     * same bytes.
     *
     * @throws IOException when it is not a part, with the reason
     */
    public static RunPart parse(byte[] bytes) throws IOException {
        return parse(bytes, tree -> { });
    }

    /** As {@link #parse(byte[])}, handing {@code trees} each tree it binds, as it binds it. */
    static RunPart parse(byte[] bytes, Consumer<JsonNode> trees) throws IOException {
        RunPart part;
        try {
            part = bound(bytes, trees);
        } catch (UnrecognizedPropertyException e) {
            throw new IOException("it holds " + field(e) + ", which this merge" + writtenBy() + " does not know: it was written"
                    + " by a newer version of cognigy-junit, and leaving the field out could change what the merge concludes;"
                    + " merge with the version the shards or forks ran (java -jar cognigy-junit-engine-<that version>-standalone.jar"
                    + " merge ...)");
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            boolean damaged = bytes.length == 0 || e instanceof tools.jackson.core.exc.StreamReadException;
            String reason = bytes.length == 0 ? "the file is empty"
                    : e instanceof tools.jackson.core.exc.StreamReadException j ? "it is not JSON, or was cut short (" + JsonSyntaxError.of(j) + ")"
                    : "it is JSON, but not what a JVM of a split run writes as its " + FILE_NAME;
            // A JVM moves its part into place whole: one empty or cut short was damaged after it, where it can be mended.
            // Without the parser's exception as its cause: its message quotes the file, which may be no part at all.
            throw new IOException("not a part of a split run: " + reason + "; " + (damaged ? "a JVM writes its part whole, so one"
                    + " empty or cut short was damaged on its way here (an upload or download cut off, a full disk): download it"
                    + " again, or run its shard or fork again; if it is no part, " + NOT_A_PART : NOT_A_PART));
        }
        // The JSON null binds to no part at all.
        if (part == null) throw new IOException("not a part of a split run: it is JSON, but not what a JVM of a split run writes as its "
                + FILE_NAME + "; " + NOT_A_PART);
        if (part.schemaVersion() != SCHEMA_VERSION) {
            // The fix is the engine the shards ran: a part does not say which that was, the version it is written in does.
            throw new IOException((part.schemaVersion() == 0 ? "it has no schemaVersion" : "its schemaVersion is " + part.schemaVersion())
                    + ", and this merge" + writtenBy() + " reads parts of schemaVersion "
                    + SCHEMA_VERSION + ": it was written by " + (part.schemaVersion() > SCHEMA_VERSION ? "a newer" : "another")
                    + " version of cognigy-junit; merge with the version the shards or forks ran"
                    + " (java -jar cognigy-junit-engine-<that version>-standalone.jar merge ...)");
        }
        // Every JVM writes all three; of two results of one test the later wins, by when their parts finished.
        if (part.runId() == null || part.info() == null || part.finished() == null) {
            throw new IOException("no run id, run info or finish time: not a part of a split run as written");
        }
        // A JVM writes only a run id and shard its configuration accepted: anything else was written by hand.
        if (!EnvironmentRunId.FORM.matcher(part.runId()).matches()) {
            throw new IOException("its run id is not 1 to 100 letters, digits, '.', '_' or '-' (other than . and ..), as every run id a JVM writes: not a"
                    + " part of a split run as written");
        }
        if (part.shard() != null && Shard.parse(part.shard()).map(Shard::toString).filter(part.shard()::equals).isEmpty()) {
            throw new IOException("its shard is not <i>/<n> with 1 <= i <= n, as every shard a JVM writes: not a part of a split run"
                    + " as written");
        }
        // A JVM writes only an attempt its CI numbered from 1.
        if (part.attempt() != null && part.attempt() < 1) {
            throw new IOException("its attempt is " + part.attempt() + ", and a JVM writes only an attempt of 1 or more, as its CI"
                    + " numbers them (" + part.attemptOf() + "): not a part of a split run as written");
        }
        if (part.attemptVariable() != null && !part.attemptVariable().equals(EnvironmentRunId.AZURE_PIPELINES_ATTEMPT)) {
            throw new IOException("its attempt is said to be read from " + part.attemptVariable() + ", and a JVM reads it only from "
                    + ATTEMPT_ENV + " or " + EnvironmentRunId.AZURE_PIPELINES_ATTEMPT + ": not a part of a split run as written");
        }
        // Every test a JVM plans leaves a result, a container's that failed too (its tests are recorded as such); only a
        // cancelled run's part holds fewer. Results taken out — a failing one, say — would merge into a pass.
        if (!part.cancelled() && part.records().size() != part.info().plannedTests()) {
            int results = part.records().size();
            throw new IOException("it holds " + results + (results == 1 ? " result" : " results") + " of the "
                    + part.info().plannedTests() + " tests its run planned, and its run was not cancelled: a JVM writes a result"
                    + " for every test it plans, so the file was changed or cut down after its JVM wrote it; run its shard or"
                    + " fork again and merge its new part, and set " + Constants.SHARD_KEY_ENV + " for every job and the merge"
                    + " to refuse a changed part");
        }
        return part;
    }
}
