package dev.botsim.cognigy.engine.audit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.apiguardian.api.API;

import dev.botsim.cognigy.engine.importing.ImportCommand;
import dev.botsim.cognigy.engine.schema.SchemaCommand;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.ShownUrl;

/**
 * The engine jar's command line ({@code Main-Class}). {@code schema [DIR] [--vscode]} writes the data-file JSON
 * Schema and the editor mappings for it into a project ({@link SchemaCommand}); {@code import ...} writes a
 * {@code mode: nlu} suite from the bot's intents and example sentences ({@link ImportCommand}).
 *
 * <p>{@code rotate-audit FILE ARCHIVE} archives a trail and starts it again with a record naming the archive's head
 * ({@link AuditTrail#rotateTo}); {@code verify-audit ARCHIVE FILE} verifies the two as one chain.
 *
 * <p>{@code java -jar cognigy-junit-engine-<version>.jar verify-audit FILE [--expect-head HASH]} (or the
 * {@code -standalone.jar}, which also runs {@code merge} and {@code import}: they need the engine's dependencies): verifies
 * an audit trail, printing one line per anomaly and a last line with the verdict. Exit 0 when it
 * verifies (warnings included), 1 when it does not, holds no record, or the expected head is not in it, 2 on wrong use
 * or when the file cannot be read. Never a stack trace: an auditor reads this output, not a developer.
 *
 * <p>The command line, its output and exit codes are the API; the class itself has only {@link #main}. Running
 * it needs the JDK only: {@code @API} is not needed at run time.
 */
@API(status = MAINTAINED, since = "0.1")
public final class AuditCommand {

    /** The arguments that ask for a command's usage. */
    private static final java.util.Set<String> HELP = java.util.Set.of("-h", "--help", "help");

    static final String USAGE = "usage: java -jar cognigy-junit-engine.jar verify-audit FILE... [--expect-head HASH]"
            + "  (HASH: audit_checkpoint.head_hash from a webhook payload; several FILEs: archived trails oldest first, then the trail)";

    static final String ROTATE_USAGE = "usage: java -jar cognigy-junit-engine.jar rotate-audit FILE ARCHIVE"
            + "  (archives the trail FILE as ARCHIVE, a new file, and starts FILE again with a record naming ARCHIVE's head)";

    private AuditCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The options that take a value, by command: each may also be written {@code --option=value}. */
    private static final Map<String, java.util.Set<String>> VALUED_OPTIONS = Map.of(
            "verify-audit", java.util.Set.of("--expect-head"),
            "merge", java.util.Set.of("--out"),
            "import", java.util.Set.of("--management-url", "--project-id", "--out", "--flow", "--locale", "--holdout"));

    /** Runs the command; returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("version"))) {
            // What a CI job checks before trusting the jar it downloaded: the version the manifest names.
            String version = AuditCommand.class.getPackage().getImplementationVersion();
            say(out, "cognigy-junit-engine " + (version != null ? version : "(version unknown: not run from the engine's jar)"));
            return 0;
        }
        args = splitValuedOptions(args);
        // Help asked for is no wrong use: the usage goes to standard output, and the exit code is 0.
        Map<String, String> usages = new LinkedHashMap<>();
        usages.put("verify-audit", USAGE);
        usages.put("rotate-audit", ROTATE_USAGE);
        usages.put("merge", MERGE_USAGE);
        usages.put("import", ImportCommand.USAGE);
        usages.put("schema", SchemaCommand.USAGE);
        if (args.length > 0 && (HELP.contains(args[0]) || args.length > 1 && usages.containsKey(args[0]) && HELP.contains(args[1]))) {
            (usages.containsKey(args[0]) ? List.of(usages.get(args[0])) : usages.values()).forEach(line -> say(out, line));
            return 0;
        }
        if (args.length == 0) {
            say(err, "name a command: " + String.join(", ", usages.keySet()));
            usages.values().forEach(line -> say(err, line));
            return 2;
        }
        if (!usages.containsKey(args[0])) {
            say(err, "unknown command " + RecordJson.quoted(ShownUrl.argument(args[0])) + "; the commands are " + String.join(", ", usages.keySet())
                    + dev.botsim.cognigy.engine.support.Suggestions.didYouMean(args[0], usages.keySet()));
            usages.values().forEach(line -> say(err, line));
            return 2;
        }
        if (args[0].equals("schema")) return SchemaCommand.run(List.of(args).subList(1, args.length), out, err);
        if (args[0].equals("import")) return importSuite(List.of(args).subList(1, args.length), out, err);
        if (args[0].equals("merge")) return merge(List.of(args).subList(1, args.length), out, err);
        if (args[0].equals("rotate-audit")) return rotate(List.of(args).subList(1, args.length), java.time.Clock.systemUTC(), out, err);
        List<String> files = new java.util.ArrayList<>();
        String expectedHead = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--expect-head")) {
                if (expectedHead != null) return wrongUse(err, "--expect-head is given twice");
                if (i + 1 == args.length || !args[i + 1].matches("[0-9a-fA-F]{64}")) {
                    return wrongUse(err, "--expect-head needs the 64 hex digits of a head hash");
                }
                expectedHead = args[++i].toLowerCase(Locale.ROOT);
            } else if (!args[i].startsWith("--")) {
                files.add(args[i]);
            } else {
                return wrongUse(err, "unexpected argument " + RecordJson.quoted(ShownUrl.argument(args[i])));
            }
        }
        if (files.isEmpty()) return wrongUse(err, "name the audit trail file (the file cognigy.audit.file names)");
        List<AuditVerifier.Result> results = new java.util.ArrayList<>();
        for (String file : files) {
            Object verified = verified(file, expectedHead, err);
            if (verified instanceof Integer code) return code;
            results.add((AuditVerifier.Result) verified);
        }
        if (files.size() > 1) return verifyTogether(files, results, expectedHead, out);
        String file = files.get(0);
        AuditVerifier.Result result = results.get(0);
        if (result.records() == 0 && result.anomalies().isEmpty()) {
            // Every run appends a record, so an empty trail vouches for nothing, and removing every record leaves just this.
            say(out, "EMPTY: " + file + " holds no record: every run with this audit file appends one, so nothing here vouches"
                    + " for any run, and a trail whose records were all removed looks the same; restore it from a copy, or check it"
                    + " against a head hash kept outside it with --expect-head");
            return 1;
        }
        result.anomalies().stream().filter(a -> a.kind() != Anomaly.Kind.HEAD_MISMATCH).forEach(a -> say(out, a.toString()));
        result.continues().ifPresent(continuation -> say(out, continues(continuation, file)));
        result.expectedHead().filter(AuditVerifier.ExpectedHead::found).ifPresent(head -> say(out, checkpoint(head, result.records())));
        result.anomalies().stream().filter(a -> a.kind() == Anomaly.Kind.HEAD_MISMATCH).forEach(a -> say(out, a.toString()));
        say(out, verdict(result));
        return result.ok() ? 0 : 1;
    }

    /** The trail {@code file} verified, or the exit code when it cannot be (said on {@code err}). */
    private static Object verified(String file, String expectedHead, PrintStream err) {
        if (isFolder(file)) {
            say(err, "cannot read " + file + ": it is a folder; name the audit trail file in it (the file cognigy.audit.file names)");
            return 2;
        }
        if (isDevice(file)) {
            // /dev/zero was read until the heap was full and called too large, a pipe waited for a writer: neither is a trail.
            say(err, "cannot read " + file + ": it is no file but a device, pipe or socket; name the audit trail file (the file"
                    + " cognigy.audit.file names)");
            return 2;
        }
        AuditVerifier.Result result;
        try {
            result = AuditVerifier.verify(Path.of(file), expectedHead);
        } catch (IOException | InvalidPathException e) {
            say(err, "cannot read " + file + ": " + why(e));
            return 2;
        } catch (OutOfMemoryError e) {
            // the verifier reads a line at a time: a line longer than an array or the heap holds is not read, and that is no verdict
            say(err, "cannot read " + file + ": it is too large to read into memory (" + size(file) + "); give the JVM more"
                    + " memory, e.g. java -Xmx4g -jar ...");
            return 2;
        } catch (RuntimeException e) {
            // a fault of the verifier itself: still one line, and never a verdict
            say(err, "cannot verify " + file + ": " + e);
            return 2;
        }
        if (result.notATrail()) {
            // A wrong file named is no verdict on the trail: calling it tampered would send an auditor after a forgery.
            say(err, "cannot verify " + file + ": it is not an audit trail — none of its " + result.records() + " lines is a"
                    + " record (a record starts with seq, prev_hash and hash); name the file cognigy.audit.file names");
            return 2;
        }
        return result;
    }

    /** The line that says a trail continues an archived one, and how to check that they join. */
    private static String continues(AuditVerifier.Continuation continuation, String file) {
        return "CONTINUES: record 0 continues the trail archived as " + RecordJson.quoted(continuation.previousTrail()) + " ("
                + count(Math.toIntExact(Math.min(continuation.previousRecords(), Integer.MAX_VALUE)), "record") + ", head hash "
                + continuation.previousHead() + "); verify the two together to check that they join, and to find a checkpoint"
                + " taken before the rotation: verify-audit " + continuation.previousTrail() + " " + file;
    }

    /**
     * Verifies trails that continue one another, oldest first: each on its own, each after the first joined to the one
     * before by its {@code CONTINUATION} record, and a checkpoint looked for in all of them. Each line names its file.
     */
    private static int verifyTogether(List<String> files, List<AuditVerifier.Result> results, String expectedHead, PrintStream out) {
        int problems = 0;
        int warnings = 0;
        long records = 0;
        String found = null;
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            AuditVerifier.Result result = results.get(i);
            List<Anomaly> anomalies = new java.util.ArrayList<>();
            if (i > 0) AuditVerifier.joins(files.get(i - 1), results.get(i - 1), result).ifPresent(anomalies::add);
            result.anomalies().stream().filter(a -> a.kind() != Anomaly.Kind.HEAD_MISMATCH).forEach(anomalies::add);
            anomalies.forEach(a -> say(out, file + ": " + a));
            if (i == 0) result.continues().ifPresent(continuation -> say(out, file + ": " + continues(continuation, file)));
            if (result.records() == 0 && result.anomalies().isEmpty()) {
                say(out, file + ": EMPTY: it holds no record, so it vouches for no run; a rotation starts a trail with a record");
                problems++;
            }
            int own = (int) anomalies.stream().filter(Anomaly::breaksTrail).count();
            problems += own;
            warnings += anomalies.size() - own;
            records += result.records();
            AuditVerifier.ExpectedHead head = result.expectedHead().filter(AuditVerifier.ExpectedHead::found).orElse(null);
            if (head != null && found == null) {
                long later = results.subList(i + 1, results.size()).stream().mapToLong(AuditVerifier.Result::records).sum();
                found = file + ": " + (later == 0 ? checkpoint(head, result.records()) : checkpointInArchive(head, result.records(), later));
            }
        }
        if (found != null) say(out, found);
        if (expectedHead != null && found == null) {
            problems++;
            say(out, "BROKEN: head mismatch: none of the " + records + " records of the " + files.size() + " trails hashes to the"
                    + " expected head " + expectedHead + ": the records it vouched for were rewritten, or a trail was cut off before it");
        }
        String head = "; head hash " + results.get(results.size() - 1).headHash();
        String trails = files.size() + " trails";
        if (problems > 0) {
            say(out, "BROKEN: " + (problems == 1 ? "1 anomaly" : problems + " anomalies") + (warnings > 0 ? " and "
                    + count(warnings, "warning") : "") + " in " + trails + " of " + records + " records" + head);
            return 1;
        }
        say(out, (warnings > 0 ? "OK with " + count(warnings, "warning") : "OK") + ": " + trails + ", " + records
                + " records verify as one chain" + head);
        return 0;
    }

    /**
     * {@code rotate-audit FILE ARCHIVE}: archives the trail and starts it again with a record naming the archive's head
     * ({@link AuditTrail#rotateTo}). Exit 0 when done, 2 on wrong use or when it could not be done (the trail as it was).
     */
    static int rotate(List<String> args, java.time.Clock clock, PrintStream out, PrintStream err) {
        List<String> named = args.stream().filter(arg -> !arg.startsWith("--")).toList();
        if (named.size() != args.size()) {
            String option = args.stream().filter(arg -> arg.startsWith("--")).findFirst().orElseThrow();
            return rotateWrongUse(err, "unexpected argument " + RecordJson.quoted(ShownUrl.argument(option)));
        }
        if (named.size() != 2) {
            return rotateWrongUse(err, named.isEmpty() ? "name the audit trail file (the file cognigy.audit.file names) and the"
                    + " file to archive it as" : named.size() == 1 ? "name the file to archive the trail as, e.g. "
                    + archiveExample(named.get(0)) : "name the trail and one archive, nothing more");
        }
        Path trail;
        Path archive;
        try {
            trail = Path.of(named.get(0));
            archive = Path.of(named.get(1));
        } catch (InvalidPathException e) {
            say(err, "cannot rotate " + named.get(0) + ": " + e.getMessage());
            return 2;
        }
        if (isFolder(named.get(0))) {
            say(err, "cannot rotate " + named.get(0) + ": it is a folder; name the audit trail file in it (the file"
                    + " cognigy.audit.file names)");
            return 2;
        }
        AuditTrail.Rotated rotated;
        try {
            rotated = new AuditTrail(trail, message -> say(err, "rotate-audit: " + message)).rotateTo(archive, clock.instant());
        } catch (AuditTrail.Refused e) {
            say(err, "cannot rotate " + named.get(0) + ": " + e.getMessage() + "; the trail is as it was");
            return 2;
        } catch (IOException | RuntimeException e) {
            // A file where the archive's folder should be: that file and the fix in one sentence, as every writer says it.
            if (FileFailures.fileInTheWay(archive).isPresent()) {
                say(err, "cannot rotate " + named.get(0) + ": " + FileFailures.writableFix(archive, Path::toString, "ARCHIVE")
                        + "; the trail is as it was");
                return 2;
            }
            String where = e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile() + ": " : "";
            say(err, "cannot rotate " + named.get(0) + ": " + where + FileFailures.reason(e) + "; the trail is as it was");
            return 2;
        }
        if (rotated.quarantined() > 0) {
            say(out, "QUARANTINED: " + rotated.quarantined() + " bytes that an interrupted write left at the trail's end were"
                    + " kept in a TRUNCATED_TAIL record, the archived trail's last, as an append keeps them");
        }
        say(out, "ROTATED: " + rotated.trail() + " (" + count(Math.toIntExact(rotated.archived().records()), "record") + ", head hash "
                + rotated.archived().headHash() + ") is archived as " + rotated.archive() + "; " + rotated.trail().getFileName()
                + " starts again with record 0, a CONTINUATION naming that head (head hash " + rotated.started().headHash() + ")."
                + " Keep the archive: the two verify as one chain with verify-audit " + rotated.archive() + " " + rotated.trail());
        return 0;
    }

    private static String archiveExample(String trail) {
        String name = Path.of(trail).getFileName() == null ? trail : Path.of(trail).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) + "-" + java.time.Year.now(java.time.ZoneOffset.UTC) + name.substring(dot)
                : name + "-" + java.time.Year.now(java.time.ZoneOffset.UTC));
    }

    private static int rotateWrongUse(PrintStream err, String problem) {
        say(err, "rotate-audit: " + problem);
        say(err, ROTATE_USAGE);
        return 2;
    }

    /**
     * {@code import} talks HTTP and JSON, which the engine's dependencies bring: run alone ({@code java -jar} on the plain
     * jar), the jar names the standalone jar that has them, in one line, before any class of the command is loaded.
     */
    private static int importSuite(List<String> args, PrintStream out, PrintStream err) {
        if (!dependenciesPresent("import", "docs/nlu.md", err, "okhttp3.OkHttpClient", "tools.jackson.databind.ObjectMapper")) {
            return 2;
        }
        return ImportCommand.run(args, System::getenv, out, err);
    }

    /**
     * Whether the classes {@code command} needs are on the class path; when one is not, says so in one line naming the
     * standalone jar, before any class of the command is loaded.
     */
    private static boolean dependenciesPresent(String command, String docs, PrintStream err, String... needed) {
        for (String name : needed) {
            try {
                Class.forName(name, false, AuditCommand.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                say(err, command + ": " + name + " is not on the class path; run the jar with the engine's dependencies:"
                        + " java -jar cognigy-junit-engine-<version>-standalone.jar " + command + " ... (" + docs + ")");
                return false;
            }
        }
        return true;
    }

    static final String MERGE_USAGE = "usage: java -jar cognigy-junit-engine-<version>-standalone.jar merge [--out DIR] [-Dcognigy.key=value ...]"
            + " FOLDER|FILE|GLOB ...  (docs/ci.md)";

    /**
     * {@code merge} concludes a run split across JVMs: it appends to the audit trail and sends the webhook, so the
     * audit package cannot depend on it without a cycle, and it needs the engine's dependencies (JSON, HTTP). It is
     * looked up by name: run alone ({@code java -jar} on the plain jar), the jar names the standalone jar, in one line.
     */
    private static int merge(List<String> args, PrintStream out, PrintStream err) {
        if (!dependenciesPresent("merge", "docs/ci.md", err, "okhttp3.OkHttpClient", "tools.jackson.databind.ObjectMapper",
                "org.junit.platform.engine.TestEngine")) {
            return 2;
        }
        try {
            Object code = Class.forName("dev.botsim.cognigy.engine.merge.MergeCommand").getMethod("run", List.class, PrintStream.class,
                    PrintStream.class).invoke(null, args, out, err);
            return (Integer) code;
        } catch (java.lang.reflect.InvocationTargetException e) {
            say(err, "merge failed: " + e.getCause());
            return 2;
        } catch (ReflectiveOperationException e) {
            say(err, "merge is missing from this jar: " + e);
            return 2;
        }
    }

    /**
     * {@code --out=DIR} as {@code --out DIR}, for the options of the command named first that take a value: the form many
     * tools accept, which the commands would otherwise refuse as an unexpected argument.
     */
    private static String[] splitValuedOptions(String[] args) {
        if (args.length == 0 || !VALUED_OPTIONS.containsKey(args[0])) return args;
        java.util.Set<String> valued = VALUED_OPTIONS.get(args[0]);
        List<String> split = new java.util.ArrayList<>(List.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0 && valued.contains(arg.substring(0, equals))) {
                split.add(arg.substring(0, equals));
                split.add(arg.substring(equals + 1));
            } else {
                split.add(arg);
                // An option's value is taken as given, even one that looks like --option=value itself.
                if (valued.contains(arg) && i + 1 < args.length) split.add(args[++i]);
            }
        }
        return split.toArray(String[]::new);
    }

    private static String checkpoint(AuditVerifier.ExpectedHead head, int records) {
        int after = records - 1 - head.foundAt();
        String where = "CHECKPOINT at record " + head.foundAt() + ": the expected head is ";
        String size = "(a checkpoint of " + count(head.foundAt() + 1, "record") + ")";
        return after == 0 ? where + "the trail's head " + size
                : where + "in the trail " + size + "; " + count(after, "record") + (after == 1 ? " was" : " were") + " appended after it";
    }

    /** The checkpoint found in a trail that later trails continue: the records after it in them count too. */
    private static String checkpointInArchive(AuditVerifier.ExpectedHead head, int records, long later) {
        int after = records - 1 - head.foundAt();
        return "CHECKPOINT at record " + head.foundAt() + ": the expected head is in the trail (a checkpoint of "
                + count(head.foundAt() + 1, "record") + "); " + (after + later) + " records were appended after it, " + later
                + " of them in the trails after this one";
    }

    private static String verdict(AuditVerifier.Result result) {
        int problems = result.problems().size();
        int warnings = result.warnings().size();
        String head = "; head hash " + result.headHash();
        if (problems > 0) {
            return "BROKEN: " + (problems == 1 ? "1 anomaly" : problems + " anomalies")
                    + (warnings > 0 ? " and " + count(warnings, "warning") : "") + " in " + count(result.records(), "record") + head;
        }
        return (warnings > 0 ? "OK with " + count(warnings, "warning") : "OK") + ": " + count(result.records(), "record")
                + (result.records() == 1 ? " verifies" : " verify") + head;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static boolean isFolder(String file) {
        try {
            return java.nio.file.Files.isDirectory(Path.of(file));
        } catch (InvalidPathException e) {
            return false; // named as it is by the verifier's own message
        }
    }

    private static boolean isDevice(String file) {
        try {
            return FileFailures.isNoFile(Path.of(file));
        } catch (InvalidPathException e) {
            return false; // named as it is by the verifier's own message
        }
    }

    private static String size(String file) {
        try {
            return java.nio.file.Files.size(Path.of(file)) + " bytes";
        } catch (IOException | RuntimeException e) {
            return "size unknown";
        }
    }

    private static String why(Exception e) {
        return e instanceof NoSuchFileException ? "no such file" : FileFailures.reason(e);
    }

    /**
     * Prints {@code message} as its lines, each ended by the platform's line separator and written as one console line
     * ({@link ConsoleText#printLines}), as {@code merge} prints its own: one {@code println} of a message of several lines
     * — an exception's, a file name holding a line break — would end its inner lines in the bare LF they hold, on Windows
     * too, where a CI log or a script reading the output line by line takes them for other lines' ends.
     */
    private static void say(PrintStream stream, String message) {
        ConsoleText.printLines(stream, message);
    }

    private static int wrongUse(PrintStream err, String problem) {
        if (problem != null) say(err, "verify-audit: " + problem);
        say(err, USAGE);
        return 2;
    }
}
