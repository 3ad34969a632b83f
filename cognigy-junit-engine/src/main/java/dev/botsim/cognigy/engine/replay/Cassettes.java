package dev.botsim.cognigy.engine.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.FileNameLimit;
import dev.botsim.cognigy.engine.support.FolderLock;
import dev.botsim.cognigy.engine.support.NamedValues;
import dev.botsim.cognigy.engine.support.Redaction;

/**
 * The run's cassettes: one per data file ({@code <dir>/<file>.cassette.json}) or, for annotated tests, per class
 * ({@code <dir>/<class name>.cassette.json}), each read once when a test first needs it, and the exchanges this run
 * recorded, written at the run's end. Thread-safe: tests ask from many threads.
 */
final class Cassettes {

    private final Path dir;
    private final Redaction redaction;
    /** The run's secrets, whose forms are read at each write: a locale's endpoint URL is known once looked up. */
    private final Secrets secrets;
    private final Map<Path, CassetteFile.Loaded> loaded = new HashMap<>();
    /** The name earlier versions gave each cassette whose name has changed since, by its name now. */
    private final Map<Path, Path> earlierNames = new java.util.concurrent.ConcurrentHashMap<>();
    /** The file each cassette read was read from: its earlier name's, while it had none of its own. */
    private final Map<Path, Path> readFrom = new HashMap<>();
    /** The cassettes this run replayed an answer from. */
    private final Set<Path> replayedFrom = new java.util.HashSet<>();
    private final Map<Path, Map<CassetteFile.Key, Exchange>> recorded = new HashMap<>();
    /**
     * The tests (keys) this run sent a message of to the bot that ended in neither an answer nor a failure to record (a
     * fault of the engine's own), by cassette: their earlier recording is replaced with none.
     */
    private final Map<Path, Set<String>> sent = new HashMap<>();
    /** The tests (keys) this run replayed or recorded an exchange of. */
    private final Set<String> used = new java.util.HashSet<>();
    /** The earlier entries of each cassette this run wrote that it did not keep. */
    private final Map<Path, Set<CassetteFile.Key>> dropped = new HashMap<>();
    /**
     * The values {@code cognigy.replay.redact} named so far, with their digests: in the cassettes read (an entry recorded
     * before the setting named them holds them in clear) and in this run's messages. Never quoted in what is said of a
     * cassette ({@link #hidden}): a test id names a test after an order number, say, and a hand edit may put any value
     * where a problem quotes it.
     */
    private final NamedValues.Growing named = new NamedValues.Growing();


    /** The segment of a repeated test's later runs, as the engine's execution names them ({@code [repetition:2]}). */
    static final String REPETITION = "repetition";

    /** Whether a test's key or unique id names one of a repeated test's later runs. */
    static boolean isRepetition(String test) {
        return test.contains("/[" + REPETITION + ":");
    }

    /** The run number a repeated test's runs 2..N end their key with: {@code …/[repetition:2]}. */
    private static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile("/\\[" + REPETITION + ":([0-9]{1,9})\\]$");

    /**
     * A test's key as the repeated test it is a run of and the run's number: {@code …/[repetition:2]} is run 2 of
     * {@code …}; any other key is run 1 of itself.
     */
    record Run(String test, int number) {
        static Run of(String key) {
            java.util.regex.Matcher run = RUN.matcher(key);
            return run.find() ? new Run(key.substring(0, run.start()), Integer.parseInt(run.group(1))) : new Run(key, 1);
        }
    }

    Cassettes(Path dir, Redaction redaction, Secrets secrets) {
        this.dir = dir;
        this.redaction = redaction;
        this.secrets = secrets;
    }

    /** The cassette a test's exchanges go to: its data file's, else its class's. */
    Path fileOf(String uniqueId) {
        String file = null;
        String type = null;
        for (UniqueId.Segment segment : UniqueId.parse(uniqueId).getSegments()) {
            if (segment.getType().equals("file")) file = segment.getValue();
            if (segment.getType().equals("class") && type == null) type = segment.getValue();
        }
        String name = file != null ? file : type != null ? type : "run";
        // A file selected by a path outside the class path may climb out of the folder; its cassette must not. Nor may a
        // Windows drive (C:/…, named so outside the working directory) make the name absolute there, or hold a ':'
        // Windows refuses in a name; the approval file's name makes it '_' too.
        String safe = name.replace('\\', '/').replace("../", "_/").replaceFirst("^/+", "");
        Path cassette = inFolder(safe.replace(':', '_'));
        if (safe.indexOf(':') >= 0) earlierName(safe).ifPresent(earlier -> earlierNames.putIfAbsent(cassette, earlier));
        return cassette;
    }

    /** The cassette of {@code safe}, a name that stays in the folder: one the file system takes, however long. */
    private Path inFolder(String safe) {
        // A data file named near the file system's limit gets a cassette whose name still fits.
        int folder = safe.lastIndexOf('/') + 1;
        return dir.resolve(safe.substring(0, folder) + FileNameLimit.fitting(safe.substring(folder), ".cassette.json"));
    }

    /**
     * The name versions before 2026-12-05 gave the cassette of {@code safe}, a name holding a ':' they kept (a data file
     * named {@code orders:v2.sim.yaml}, as Linux allows): none where the file system takes no ':' or where it would name a
     * file outside the folder (a Windows drive).
     */
    private Optional<Path> earlierName(String safe) {
        try {
            Path earlier = inFolder(safe);
            Path folder = dir.toAbsolutePath().normalize();
            Path at = earlier.toAbsolutePath().normalize();
            return at.startsWith(folder) && !at.equals(folder) ? Optional.of(earlier) : Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * The file a cassette is read from: its own, or, while it has none, the file of its earlier name
     * ({@link #earlierName}), so a cassette recorded before the rename is still replayed.
     */
    private Path readFrom(Path file) {
        Path earlier = earlierNames.get(file);
        if (earlier == null || Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return file;
        return Files.exists(earlier, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? earlier : file;
    }

    /**
     * How messages name the cassette of {@code file}: the file that holds it, which is the one of its earlier name
     * ({@link #earlierName}) while it has none of its own. A user looking for the file a message names finds it.
     */
    String shownHeld(Path file) {
        return shown(readFrom(file));
    }

    /** How a cassette is named in messages: relative to the working directory when it lies below it. */
    static String shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(here) ? here.relativize(absolute) : absolute).toString().replace('\\', '/');
    }

    /**
     * The cassette as this run first read it, every entry {@linkplain Exchange#masked masked} of the run's secrets: what
     * is replayed from it reaches messages, reports and the webhook as a live answer would, scrubbed. So are its problems
     * and the entries it could not read, which quote what the file holds (a test id edited, or recorded, with a secret in
     * it) into the console and the failures of its tests.
     */
    synchronized CassetteFile.Loaded cassette(Path file) {
        CassetteFile.Loaded cassette = loaded.get(file);
        if (cassette == null) {
            Path source = readFrom(file);
            cassette = masked(CassetteFile.read(dir, source, shown(source), redaction, secrets.forms()));
            loaded.put(file, cassette);
            readFrom.put(file, source);
            name(cassette.named());
        }
        return cassette;
    }

    /**
     * Notes values the redaction names, never to be quoted in what is said of a cassette. The lookup of them grows by
     * parts ({@link NamedValues.Growing}): a replay of 20,000 tests, each naming a value of its own and hiding a text after
     * it (a test without a recording quoting its cassette's problems), made it anew of every value for each text.
     */
    private synchronized void name(Map<String, String> values) {
        named.add(values);
    }

    /** How many values the lookup of {@link #hidden} was made of, each counted every time a part holding it was made. */
    synchronized long namedLookupMade() {
        return named.made();
    }

    /**
     * {@code text}, said of a cassette, with the run's secrets masked and every value the redaction named so far as its
     * digest: what a cassette's problems, stale entries and dropped entries quote of the file (its test ids, a value
     * edited in) reaches the console, the run's failure and its tests' failures.
     */
    synchronized String hidden(String text) {
        return CassetteFile.hidden(text, named::in, secrets.forms());
    }

    /** A test id a cassette holds, as what is said of the cassette quotes it: hidden, cut and on one line. */
    private synchronized String quoted(String test) {
        return CassetteFile.quoted(test, named::in, secrets.forms());
    }

    /**
     * {@code read} with each entry masked of the run's secrets, as they are known now, and what it states it was recorded
     * against masked and cut ({@link CassetteFile.Loaded#withFactsShown}): a replay's reports and console name those facts.
     */
    private CassetteFile.Loaded masked(CassetteFile.Loaded read) {
        List<String> forms = secrets.forms();
        read = read.withFactsShown(forms);
        if (forms.isEmpty()) return read;
        Map<CassetteFile.Key, Exchange> exchanges = new TreeMap<>();
        read.exchanges().forEach((key, exchange) -> exchanges.put(key, exchange.masked(forms)));
        return read.withExchanges(exchanges).withProblemsMasked(forms);
    }

    /** Notes that an answer of this run was replayed from {@code file}. */
    synchronized void replayedFrom(Path file) {
        replayedFrom.add(file);
    }

    /**
     * The SHA-256 of each cassette this run replayed an answer from, as it was read, by the cassette's name in messages:
     * what the run's verdict rests on besides its data files, for the audit record.
     */
    synchronized Map<String, String> replayedDigests() {
        Map<String, String> out = new TreeMap<>();
        for (Path file : replayedFrom) {
            String digest = cassette(file).sha256();
            if (digest != null) out.put(shown(readFrom.getOrDefault(file, file)), digest);
        }
        return out;
    }

    /** The recorded exchange of this test and turn, when its cassette holds one, noted as used by this run. */
    Optional<Exchange> find(Path file, String test, int turn) {
        Optional<Exchange> found = recorded(file, test, turn);
        if (found.isPresent()) used(Exchange.testKey(test));
        return found;
    }

    /**
     * The same, not noted as used: a conversation's turn looked at before the conversation is sent (it may never be
     * reached, and is then left over in the cassette like any turn not reached).
     */
    Optional<Exchange> recorded(Path file, String test, int turn) {
        return Optional.ofNullable(cassette(file).exchanges().get(new CassetteFile.Key(Exchange.testKey(test), turn)));
    }

    private synchronized void used(String testKey) {
        used.add(testKey);
    }

    /**
     * A request as its cassette would hold it, redacted (a redacted value as its digest, so a changed one still differs)
     * and masked of the run's secrets, as every entry is written and read ({@link Exchange#masked}): what a recorded
     * request is compared with. Unmasked, a message holding a word that is also a secret (a value of the webhook URL's
     * query, say) would differ from its own recording on every run.
     */
    @SuppressWarnings("unchecked") // the redaction gives back each value's own shape: the request map it was given
    Map<String, Object> comparable(Map<String, Object> request) {
        Map<String, Object> entry = new TreeMap<>();
        entry.put("request", request);
        name(redaction.named(entry));
        return Exchange.masked((Map<String, Object>) redaction.apply(entry).get("request"), secrets.forms());
    }

    /**
     * Notes that this run sent a message of {@code testKey} to the bot that ended in neither an answer nor a failure of
     * the bot to record: its earlier recording is replaced with none all the same, not replayed as if still true. A
     * message the run's stop cut off is not noted: it was not the bot's to answer, and its earlier recording stays.
     */
    synchronized void sentUnrecorded(Path file, String testKey) {
        sent.computeIfAbsent(file, f -> new java.util.HashSet<>()).add(testKey);
    }

    /** Keeps this run's exchange, redacted, for its cassette. */
    @SuppressWarnings("unchecked")
    synchronized void record(Path file, Exchange exchange) {
        Map<String, Object> entry = Map.of("request", exchange.request(), "answer", exchange.answer());
        Map<String, Object> redacted = redaction.apply(entry);
        name(redaction.named(entry));
        Map<String, Object> answer = (Map<String, Object>) redacted.get("answer");
        // A failure's message may quote what the message said (a server's error echoing the input): what the request
        // redacts is written there as its digest too, not left in the clear beside the request's.
        if (exchange.unanswered()) answer = Exchange.unansweredSaying(answer, NamedValues.of(redaction.named(entry))::in);
        Exchange kept = new Exchange(exchange.test(), exchange.turn(), (Map<String, Object>) redacted.get("request"), answer, 0);
        recorded.computeIfAbsent(file, f -> new TreeMap<>()).put(new CassetteFile.Key(kept.test(), kept.turn()), kept);
        used.add(kept.test());
    }

    /**
     * An entry kept of a cassette, redacted as this run records ({@link Redaction#applyRecorded}): one recorded before
     * {@code cognigy.replay.redact} named a value holds it in clear, and written again as it was, it would keep the value
     * the setting asks to hide in the committed file while only the tests recorded again were redacted. Redacted now, its
     * request compares equal to its test's as a run redacts it ({@link #comparable}), so it still replays; a failure it
     * was recorded unanswered with writes each value the request redacts as its digest, as {@link #record} writes it.
     */
    @SuppressWarnings("unchecked") // the redaction gives back each value's own shape: the maps it was given
    private Exchange redactedNow(Exchange exchange) {
        if (redaction.targets().isEmpty()) return exchange;
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("request", exchange.request());
        entry.put("answer", exchange.answer());
        Map<String, Object> redacted = redaction.applyRecorded(entry);
        Map<String, Object> answer = (Map<String, Object>) redacted.get("answer");
        if (exchange.unanswered()) {
            Map<String, String> named = new java.util.LinkedHashMap<>(redaction.named(entry));
            // What an earlier version wrote for a request's value names nothing: the placeholder is no value.
            named.remove(Redaction.REDACTED);
            answer = Exchange.unansweredSaying(answer, NamedValues.of(named)::in);
        }
        return new Exchange(exchange.test(), exchange.turn(), (Map<String, Object>) redacted.get("request"), answer,
                exchange.line());
    }

    /**
     * Writes every cassette this run recorded into or sent a message for: this run's exchanges, and those it kept of the
     * earlier recording when that was made against the same bot (an entry of another bot would be replayed as if still
     * true). The earlier recording is the cassette as it is now, with what another run wrote since this one read it.
     * A test this run sent a message of keeps none of its earlier entries, answered or not: a run the bot gave no answer
     * to (an error, a timeout) is recorded as unanswered, and must fail when replayed as it failed when recorded, not
     * replay an older answer. Nor does it keep an earlier run this run did not replay: a repeated test recorded again
     * with fewer runs would otherwise be replayed, its count raised again, as this recording's runs beside the older
     * one's. A message the run's stop cut off (a cancellation, the JVM shutting down while it was in flight) is no
     * message of this recording: a test that sent nothing else keeps its earlier entries, as a test never reached does.
     * A cassette that cannot be read as one is never written over: this run's recordings into it are said lost instead.
     * Nor is one holding an entry that could not be read (a hand edit gone wrong, two copies of one entry that differ),
     * unless this run recorded that entry's test and turn again, which then takes its place.
     *
     * @return the cassettes written, and those that could not be, each with this run's tests whose recordings it lost
     */
    Written write(Fingerprint current) {
        return write(current, FolderLock.WAIT, FolderLock.SAY_AFTER, FolderLock.warningWhileWaiting("cassettes", dir), true);
    }

    /**
     * As {@link #write(Fingerprint)}, for a run the JVM is shutting down in the middle of: it waits for its turn in this
     * JVM and then for another process's lock on the folder's cassettes no longer than {@code wait} in all (what is left of
     * the shutdown's seconds before a CI runner kills the JVM). When either still holds them it writes nothing — writing
     * beside them could drop the entries they are writing — and says so in {@link Written#unwritten()}.
     */
    Written writeWithin(Fingerprint current, Duration wait) {
        return write(current, wait, FolderLock.SAY_AFTER, lockFile -> { }, false);
    }

    /**
     * Writes the cassettes holding the lock of the folder's cassettes, as approval files are written: a run reads each
     * cassette again and writes it while it holds it, so two runs recording into one folder at once (two terminals, shards
     * or Surefire's forks on one machine) take turns, and the later one reads what the earlier one wrote — without it,
     * one could read a cassette just before the other replaced it, and write its own entries over the other's. The
     * turn is a {@link FolderLock} named by the folder's real path ({@link #lockFile}).
     *
     * @param wait             how long it waits for another process's lock
     * @param sayAfter         how long it waits before it tells {@code waiting}, once, which lock file it waits for
     * @param unlockedPastWait whether the cassettes are written without the lock when another process held it past
     *                         {@code wait} (a process that hangs holding it: writing takes well under a second); otherwise
     *                         (the JVM's shutdown) nothing is written then, and the wait for this JVM's turn counts against
     *                         {@code wait} too
     */
    Written write(Fingerprint current, Duration wait, Duration sayAfter, java.util.function.Consumer<Path> waiting,
                  boolean unlockedPastWait) {
        if (nothingToWrite()) return writeLocked(current);
        try (FolderLock folder = FolderLock.take(dir, LOCK_PREFIX, "cassettes", wait, sayAfter, waiting,
                unlockedPastWait)) {
            return switch (folder.state()) {
                case BUSY_IN_THIS_JVM -> notWritten("another thread of this JVM (another run in it) was still writing"
                        + " cassettes into " + shown(dir) + " when the time to wait for its turn ran out (the JVM is shutting"
                        + " down), and this JVM's writes take turns, since writing beside it could drop the entries it writes");
                case BUSY_IN_ANOTHER_PROCESS -> notWritten("another process held the lock of the cassettes in " + shown(dir)
                        + " (" + folder.lockFile() + ") when the time to wait for it ran out (the JVM is shutting down), and"
                        + " writing beside it could drop the entries that process writes");
                default -> writeLocked(current);
            };
        }
    }

    /** Whether this run recorded into no cassette and sent no message it must write down as unrecorded. */
    private synchronized boolean nothingToWrite() {
        return recorded.isEmpty() && sent.isEmpty();
    }

    /**
     * Each cassette this run would write, said not written for {@code why}: this interrupted run's recordings into it are
     * not saved.
     */
    private synchronized Written notWritten(String why) {
        Set<Path> files = new TreeSet<>(recorded.keySet());
        files.addAll(sent.keySet());
        List<String> unwritten = new ArrayList<>();
        for (Path file : files) {
            unwritten.add(shown(file) + " was not written: " + why + "; this interrupted run's recordings of "
                    + testsRecorded(file) + " are not saved — record them again with " + Constants.REPLAY + "=record or auto");
        }
        return new Written(List.of(), unwritten);
    }

    /** The start of the name of the file the runs writing cassettes into one folder take turns by. */
    private static final String LOCK_PREFIX = "cognigy-cassettes-";

    /** Where the runs writing cassettes into {@code dir} take turns ({@link FolderLock#lockFile}), as approval files do. */
    static Path lockFile(Path dir) {
        return FolderLock.lockFile(dir, LOCK_PREFIX);
    }

    /** {@link #write(Fingerprint)} once this run holds the folder's lock, or writes without it. */
    private synchronized Written writeLocked(Fingerprint current) {
        List<String> lines = new ArrayList<>();
        List<String> unwritten = new ArrayList<>();
        Set<Path> files = new TreeSet<>(recorded.keySet());
        files.addAll(sent.keySet());
        for (Path file : files) {
            Map<CassetteFile.Key, Exchange> own = recorded.getOrDefault(file, Map.of());
            // Read once more, not as this run first read it: another run recording at once (a second terminal, another
            // job on the workspace) may have written it since, and its entries are kept as an earlier recording's are.
            // The first reading stays the one this run's stale tests and problems are told from (leftOver, problems).
            cassette(file);
            // Its problems masked as the first reading's are: they reach the console and the run's failure.
            Path source = readFrom(file);
            CassetteFile.Loaded before = CassetteFile.read(dir, source, shown(source), redaction, secrets.forms())
                    .withProblemsMasked(secrets.forms()).withFactsShown(secrets.forms());
            name(before.named());
            if (before.unreadable()) {
                // Written over, a cassette that cannot be read (a merge conflict, JSON cut short, no cassette at all) would
                // lose every entry it holds for this run's few: the other tests would go without an answer in replay, and
                // a conflict's other side would be gone. Left as it is, and this run's recordings said lost, as an
                // approval file that cannot be read is not rewritten from one run's answers. A run that recorded nothing
                // into it loses nothing: its problem is said with the others.
                if (!own.isEmpty()) {
                    unwritten.add(hidden(before.problems().get(0)) + ". It was not written over, which would lose every entry it"
                            + " holds: this run's recordings of " + testsRecorded(file) + " are not saved — resolve it by hand"
                            + " and record them again, or delete it and record all of its tests with " + Constants.REPLAY
                            + "=record");
                }
                continue;
            }
            // An entry it holds that could not be read (a hand edit gone wrong, two copies of one entry that differ) would
            // be gone from the file written, which holds only what was read: this run's recording of its own test and turn
            // takes its place, as a recording replaces any entry of its test, and is said so; any other is the user's to
            // mend, so the file is left as it is and this run's recordings into it said lost, as for a cassette that cannot
            // be read at all.
            List<CassetteFile.Unread> kept = before.unread().stream()
                    .filter(entry -> entry.key().filter(own::containsKey).isEmpty()).toList();
            if (!kept.isEmpty()) {
                if (!own.isEmpty()) unwritten.add(hidden(unreadEntriesKept(kept)) + testsRecorded(file) + " are not saved — fix or delete "
                        + (kept.size() == 1 ? "the entry" : "the entries") + " by hand, and record them again with "
                        + Constants.REPLAY + "=record or auto");
                continue;
            }
            Map<CassetteFile.Key, Exchange> all = new TreeMap<>();
            // A conversation this run sent a turn of is kept as this run's session had it: a later turn it did not
            // reach (skipped after a failed turn, or no longer written) was answered in another session, after other
            // turns; a turn that got no answer this time is not recorded at all.
            Set<String> sessions = new java.util.HashSet<>();
            own.keySet().forEach(key -> sessions.add(session(key.test())));
            sent.getOrDefault(file, Set.of()).forEach(test -> sessions.add(session(test)));
            if (before.recordedAgainst().filter(current::equals).isPresent()) {
                // A repeated test this run sent a message of is recorded anew as a whole: of its earlier runs only those
                // this run replayed stay (auto, the test repeated more often than recorded), not those it did not make
                // (beyond its repeat count now), which a later replay would judge beside this recording's runs. A test
                // this run sent nothing of keeps its entries: another shard's, or one left out of this run.
                Set<String> recordedAgain = new java.util.HashSet<>();
                sessions.forEach(session -> recordedAgain.add(Run.of(session).test()));
                Set<String> replayed = new java.util.HashSet<>();
                used.forEach(test -> replayed.add(session(test)));
                before.exchanges().forEach((key, exchange) -> {
                    String session = session(key.test());
                    if (!sessions.contains(session)
                            && (!recordedAgain.contains(Run.of(session).test()) || replayed.contains(session))) {
                        all.put(key, redactedNow(exchange));
                    }
                });
            }
            all.putAll(own);
            String droppedNote = droppedNote(file, before, all, sessions, current);
            // Masked as JSON reads each text (a secret written escaped, \" for ", is missed in the file's text) and then in
            // the text too: an earlier entry kept may hold a secret in clear (an earlier version's, or one edited in).
            List<String> forms = secrets.forms();
            String text = CassetteFile.text(current, all.values().stream().map(exchange -> exchange.masked(forms)).toList());
            text = Secrets.mask(text, forms);
            long unanswered = own.values().stream().filter(Exchange::unanswered).count();
            // Sent, but ended in neither an answer nor a failure of the bot: nothing to record.
            long unrecorded = sent.getOrDefault(file, Set.of()).stream()
                    .filter(test -> own.keySet().stream().noneMatch(key -> key.test().equals(test))).count();
            try {
                CassetteFile.write(file, text);
                String renamedNote = source.equals(file) ? "" : earlierNameRemoved(source);
                // Dropped once the file no longer holds them: a cassette not written keeps them, left over as before.
                before.exchanges().keySet().stream().filter(key -> !all.containsKey(key))
                        .forEach(key -> dropped.computeIfAbsent(file, f -> new java.util.HashSet<>()).add(key));
                lines.add("recorded " + own.size() + " exchanges in " + shown(file) + (unanswered == 0 ? ""
                        : " (" + unanswered + " of them unanswered, an error or a timeout: recorded as such, so replayed,"
                        + " their tests fail there as now)") + (unrecorded == 0 ? ""
                        : " (no answer to " + unrecorded + (unrecorded == 1 ? " message" : " messages") + " sent: nothing"
                        + " recorded and no earlier recording kept for them, so replayed, their tests fail there)") + droppedNote
                        + replacedNote(before.unread()) + renamedNote);
            } catch (IOException e) {
                // Not a line among the others: what this run recorded is lost, and the run fails for it, as for an
                // approval file that cannot be written.
                unwritten.add(shown(file) + " cannot be written" + FileFailures.reason(e, file).map(why -> " (" + why + ")")
                        .orElse("") + ": this run's recordings of "
                        + testsRecorded(file) + " are not saved — " + writableFix(file) + ", and record them again with "
                        + Constants.REPLAY + "=record or auto");
            }
        }
        return new Written(lines, unwritten);
    }

    /**
     * Removes {@code earlier}, a cassette's file under the name earlier versions gave it, once its entries are written
     * under its name now: left, it would stand beside the cassette unread, and be read again were that one deleted to
     * record afresh. What the line of the cassette written says of it.
     */
    private static String earlierNameRemoved(Path earlier) {
        String said = "; read from " + shown(earlier) + ", its name before a ':' of a data file's name was written '_'";
        try {
            Files.deleteIfExists(earlier);
            return said + ", which is removed";
        } catch (IOException e) {
            return said + ", which could not be removed" + FileFailures.reason(e, earlier).map(why -> " (" + why + ")").orElse("")
                    + ": remove it by hand, as it is no longer read";
        }
    }

    /**
     * What writing the cassettes came to.
     *
     * @param lines     each cassette written: how many exchanges, and what it no longer holds
     * @param unwritten each cassette that could not be written: {@code file cannot be written (why): this run's
     *                  recordings of <tests> are not saved — <fix>}
     */
    record Written(List<String> lines, List<String> unwritten) {
        Written {
            lines = List.copyOf(lines);
            unwritten = List.copyOf(unwritten);
        }
    }

    /**
     * The tests this run recorded into {@code file} or sent a message of, as their cassette entries name them: a
     * conversation once for its turns, a repeated test once for its runs.
     */
    private String testsRecorded(Path file) {
        Set<String> tests = new TreeSet<>();
        recorded.getOrDefault(file, Map.of()).keySet().forEach(key -> tests.add(Run.of(session(key.test())).test()));
        sent.getOrDefault(file, Set.of()).forEach(test -> tests.add(Run.of(session(test)).test()));
        return String.join(", ", tests);
    }

    /** How to make {@code file} writable, by what stands in its way ({@link FileFailures#writableFix}). */
    static String writableFix(Path file) {
        return FileFailures.writableFix(file, Cassettes::shown, Constants.REPLAY_DIR);
    }

    /** How many of the entries a cassette's line names, the rest counted. */
    private static final int NAMED = 5;

    /** The first {@link #NAMED} of {@code names}, and how many more there are: a large cassette may hold thousands. */
    static String firstNamed(java.util.Collection<String> names) {
        return String.join(", ", names.stream().limit(NAMED).toList())
                + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
    }

    /**
     * The beginning of the line of a cassette not written for the entries it holds that could not be read, up to the
     * tests whose recordings are lost: each entry at its line and what is wrong with it.
     */
    private static String unreadEntriesKept(List<CassetteFile.Unread> kept) {
        String named = String.join("; ", kept.subList(0, Math.min(NAMED, kept.size())).stream().map(CassetteFile.Unread::what)
                .toList()) + (kept.size() > NAMED ? "; and " + (kept.size() - NAMED) + " more" : "");
        return named + ". It was not written over, which would drop " + (kept.size() == 1 ? "that entry, which it cannot read"
                + " and no recording of this run replaces" : "those " + kept.size() + " entries, which it cannot read and no"
                + " recording of this run replaces") + ": this run's recordings of ";
    }

    /** What the cassette written no longer holds of the entries it could not read, all replaced by this run's recordings. */
    private static String replacedNote(List<CassetteFile.Unread> replaced) {
        if (replaced.isEmpty()) return "";
        List<String> lines = replaced.stream().map(entry -> String.valueOf(entry.line())).distinct().toList();
        return "; replaced " + replaced.size() + (replaced.size() == 1 ? " entry" : " entries") + " it could not read (line"
                + (lines.size() == 1 ? " " : "s ") + String.join(", ", lines) + ") with this run's recording"
                + (replaced.size() == 1 ? " of its test" : "s of their tests");
    }

    /**
     * What the cassette written loses of its earlier entries that a replay still asks for, and why, for its line: a run
     * recording one test (an IDE's rerun of a conversation's turn, a single case after a bot change) would otherwise
     * leave the others without an answer in {@code replay} without a word. Not said here: tests sent without an answer to
     * record ({@code no answer to … sent}), and a repeated test's runs beyond those a run recording it made, which no
     * replay of its count now asks for.
     *
     * @param sessions the conversations (each run's) and single messages this run sent a message of
     */
    private String droppedNote(Path file, CassetteFile.Loaded before, Map<CassetteFile.Key, Exchange> all, Set<String> sessions,
                               Fingerprint current) {
        Set<String> unrecorded = sent.getOrDefault(file, Set.of());
        boolean sameBot = before.recordedAgainst().filter(current::equals).isPresent();
        List<String> gone = before.exchanges().keySet().stream().filter(key -> !all.containsKey(key))
                .filter(key -> !unrecorded.contains(key.test()))
                .filter(key -> !sameBot || sessions.contains(session(key.test())))
                .map(this::named).toList();
        if (gone.isEmpty()) return "";
        String why = sameBot
                ? "this run sent their conversation only up to an earlier turn, and the bot answered them in another"
                + " session, after other answers"
                : "they were recorded against another bot (" + current.differenceFrom(before.recordedAgainst().orElseThrow()) + ")";
        return "; dropped " + gone.size() + (gone.size() == 1 ? " earlier entry: " : " earlier entries: ") + firstNamed(gone) + ", since "
                + why + ": a replay that reaches " + (gone.size() == 1 ? "it" : "them") + " finds no answer until "
                + (gone.size() == 1 ? "its test is" : "their tests are") + " recorded again (record them, or the whole"
                + " suite, with cognigy.replay=record or auto)";
    }

    /**
     * An entry as messages name it: its test, and the turn where the key does not say it (a {@code @Conversation}
     * method's messages share the method's key; a data file's turn is a test, {@code …/[turn:3]}, of its own).
     */
    private String named(CassetteFile.Key key) {
        String test = quoted(key.test());
        return key.turn() > 1 && !key.test().endsWith("/[turn:" + key.turn() + "]") ? test + " turn " + key.turn() : test;
    }

    /**
     * The conversation run a test's key belongs to: its turns share one session ({@code [turn:n]} left out; a
     * {@code @Conversation} method's turns share its key already, a single message is a session of its own).
     */
    static String session(String testKey) {
        return testKey.replaceAll("/\\[turn:[0-9]+\\](?=/|$)", "");
    }

    /**
     * What the cassettes this run read hold that the run did not use, as they stand once written (what this run dropped
     * is gone), by cassette.
     *
     * @param notInRun    the tests not in this run: stale once the test is gone (a repeated test named once, not by run)
     * @param runsNotMade runs of repeated tests in this run that it did not make: beyond the test's repeat count now,
     *                    or not reached (a conversation's run that stopped at an earlier turn, a turn test skipped)
     */
    record LeftOver(Map<String, Set<String>> notInRun, Map<String, Set<String>> runsNotMade) {
    }

    /** @param testsInRun the unique ids of every test of the run */
    synchronized LeftOver leftOver(Set<String> testsInRun) {
        Set<String> keys = new TreeSet<>();
        testsInRun.forEach(t -> keys.add(Exchange.testKey(t)));
        Map<String, Set<String>> notInRun = new TreeMap<>();
        Map<String, Set<String>> runsNotMade = new TreeMap<>();
        // A test id is what the cassette says it is: one edited, or recorded, with a secret or a value the redaction names
        // in it is named hidden, and one of any length cut.
        loaded.forEach((file, cassette) -> {
            // Named by the file that holds the entries now: the earlier name's while the cassette was not written anew.
            String shown = shownHeld(file);
            cassette.exchanges().keySet().forEach(key -> {
                // Used is in the run, whatever it was run for (a turn sent as setup of a turn selected alone).
                if (used.contains(key.test()) || dropped.getOrDefault(file, Set.of()).contains(key)) return;
                // A repeated test's runs 2..N have ids below the test's ([repetition:k]) and no test of their own.
                Run run = Run.of(key.test());
                if (!keys.contains(run.test())) {
                    notInRun.computeIfAbsent(shown, f -> new TreeSet<>()).add(quoted(run.test()));
                } else if (run.number() > 1) {
                    runsNotMade.computeIfAbsent(shown, f -> new TreeSet<>()).add(quoted(key.test()));
                }
            });
        });
        return new LeftOver(notInRun, runsNotMade);
    }

    /** Every problem of the cassettes read, {@linkplain #hidden hidden}. */
    synchronized List<String> problems() {
        List<String> all = new ArrayList<>();
        new TreeMap<>(loaded).values().forEach(c -> c.problems().forEach(p -> all.add(hidden(p))));
        return all;
    }

    /** The problems of the cassette {@code file}, as this run first read it, {@linkplain #hidden hidden}. */
    synchronized List<String> problems(Path file) {
        return cassette(file).problems().stream().map(this::hidden).toList();
    }

}
