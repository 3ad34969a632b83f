package dev.botsim.cognigy.engine.webhook;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.WebhookKeys;
import dev.botsim.cognigy.engine.support.HmacSha256;
import dev.botsim.cognigy.engine.support.JsonSyntaxError;
import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.engine.support.Sha256;
import okhttp3.HttpUrl;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages not yet delivered, one file per message, {@code <webhook id>.json}. A run writes its
 * message here <em>before</em> the first attempt and removes it on a 2xx, so a run killed while
 * delivering leaves the message for the next run: whatever the run got as far as auditing is
 * delivered or waiting here.
 *
 * <p>A file holds the webhook id (the receiver's key for processing a message once), the exact
 * payload bytes, when the message was first written (the outbox is delivered oldest first) and
 * the time before which the receiver asked not to be called again ({@code Retry-After}). It is
 * written to a temporary file, forced to disk and moved into place atomically, the folder forced after the move, so a
 * killed JVM leaves the whole file or none, and a machine that loses power keeps the move; a stray temporary file is ignored, since another JVM sharing the
 * outbox may still be writing it, until it is an hour old: then it is removed when redundant, and otherwise — the only
 * copy of a run's payload — put in place when whole and set aside when cut short, never dropped in silence.
 *
 * <p>A file that cannot be read as such a message — cut short, edited out of shape, named other than
 * its id — is moved to {@code quarantine/} and reported, so it neither blocks later runs nor goes
 * out as a validly signed payload of garbage.
 *
 * <p>Each file carries a MAC ({@code "mac":"hmac-sha256:<hex>"}) of what goes out and where — its receiver, its webhook
 * id and the exact body bytes — keyed from {@code COGNIGY_WEBHOOK_SECRET}, the secret every run with a webhook has: a
 * later run delivers, signed with that secret, only what a run holding it spooled. A file without a MAC, or whose MAC
 * does not match under any of the secret's keys (edited, foreign, or spooled before the secret was rotated), is
 * quarantined like one that cannot be read. The MAC is over the receiver, the id and the body as values, not over the
 * file's bytes: they are what the receiver gets, so no JSON canonicalisation is needed and a rewrite of the file's
 * other fields keeps it. {@code spooled_at} and
 * {@code not_before} stay outside it: they only order and delay delivery, and what they change is when a genuine payload
 * goes, never what goes.
 *
 * <p>Runs for different receivers may share the outbox (two CI jobs on one workspace, two configurations of one
 * developer): each file names its receiver ({@code "receiver"}, the hex SHA-256 of its whole webhook URL — never the URL,
 * whose query may hold a token), and the MAC covers it too. The query counts: a QA platform may tell projects apart by it
 * ({@code ?project=checkout}), and one project's payload must reach no other's, nor be quarantined by a run holding the
 * other project's secret. A run reads only the files for its own receiver — and, when told the URL its receiver had
 * before it moved or its token was rotated ({@code COGNIGY_WEBHOOK_PREVIOUS_URL}), those for that URL, each checked as
 * that receiver's and sent to this run's URL; those for another are left untouched — neither sent nor quarantined — for
 * the runs that send there, and only counted. A file written
 * before files named their receiver (no {@code "receiver"}, its MAC over the id and body alone, under keys derived for
 * that format) is read as before, as this run's receiver's; a file that names a receiver but was stripped of it no
 * longer verifies.
 *
 * <p>Reading the outbox lists its entries by what ordering and scheduling need — id, receiver, {@code spooled_at},
 * {@code not_before}, which an entry holds before its body — and leaves the bodies on disk: a large suite's payload is
 * megabytes, and an outbox a receiver down for weeks filled holds dozens. An entry's body is read, and the entry checked
 * whole (its JSON, its body, its MAC), only when its turn to be delivered comes, one entry at a time, token by token,
 * never as a tree; what fails then is quarantined as it would have been when listed. A file gone by then was delivered
 * or set aside by another run sharing the outbox.
 *
 * <p>Each file says the format it is written in ({@code "version":}{@value #VERSION}, before its other fields). A file
 * of a later version was spooled by a newer engine sharing the outbox (a CI cache restored into a job that runs an
 * earlier version): it may be authenticated otherwise, and this run cannot tell it from an edited one, so it is neither
 * sent nor quarantined but left, and counted, for a run of that version — quarantined, it would never be delivered by
 * the engine that wrote it. A file without a version was written before files said theirs, and is read as before.
 */
final class Outbox {

    /** Webhook ids go out as a header: printable ASCII, as our own {@code msg_<batch id>} always is. */
    private static final Pattern ID = Pattern.compile("msg_[A-Za-z0-9_.-]{1,200}");

    /**
     * One message: its webhook id, when it was first written, the time before which it must not
     * be sent ({@code null}: due now) and the exact payload.
     */
    record Message(String id, Instant spooledAt, Instant notBefore, byte[] body) {

        Message {
            if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a webhook id: " + id);
        }

        boolean dueAt(Instant now) {
            return notBefore == null || !now.isBefore(notBefore);
        }

        Message notBefore(Instant instant) {
            return new Message(id, spooledAt, instant, body);
        }
    }

    /**
     * A message waiting in the outbox, as listed: its file, its webhook id, when it was first written and the time before
     * which it must not be sent ({@code null}: due now), and whether it was spooled for the previous URL — not its payload,
     * which {@link #load} reads when it is sent.
     */
    record Entry(Path file, String id, Instant spooledAt, Instant notBefore, boolean forPreviousUrl) {

        boolean dueAt(Instant now) {
            return notBefore == null || !now.isBefore(notBefore);
        }
    }

    /**
     * The format the entries this engine writes are in, as each says in {@code "version"}: the second, whose MAC covers its
     * receiver. Files of the first (a MAC over the webhook id and body alone) said no version, nor did those of the second
     * written before entries said theirs.
     */
    static final int VERSION = 2;

    /** A file set aside: where it was, where it is now ({@code null}: it could not be moved), and why. */
    record Quarantined(Path file, Path movedTo, String why) {
    }

    /**
     * What reading the outbox found: the entries to deliver, oldest first, the files set aside, how many files are for
     * another receiver and how many a newer version of the engine wrote ({@link #VERSION}), both left where they are.
     *
     * @param ofNewerVersions the files of a later version than {@link #VERSION}, by the version each says, in order
     */
    record Contents(List<Entry> entries, List<Quarantined> quarantined, Elsewhere elsewhere, List<Abandoned> abandoned,
                    java.util.SortedMap<Integer, Integer> ofNewerVersions) {

        Contents {
            ofNewerVersions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(ofNewerVersions));
        }

        Contents(List<Entry> entries, List<Quarantined> quarantined) {
            this(entries, quarantined, Elsewhere.NONE, List.of(), new java.util.TreeMap<>());
        }

        /** How many files are for another receiver, left where they are. */
        int forOtherReceivers() {
            return elsewhere.files();
        }
    }

    /**
     * The entries for other receivers than this run's, left where they are: how many, how many bytes they hold, when the
     * oldest was spooled, and how many are for each receiver, by the first 12 hex digits of its name. An outbox on a
     * workspace kept for a year collects the payloads of a receiver retired or moved — one a run, for as long as runs
     * spooled for it — and nothing removes them but a run with their URL, or an operator who deletes them: the warning
     * says how much waits, and since when.
     */
    record Elsewhere(int files, long bytes, Instant oldest, java.util.SortedMap<String, Integer> byReceiver) {

        static final Elsewhere NONE = new Elsewhere(0, 0, null, new java.util.TreeMap<>());

        Elsewhere {
            byReceiver = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(byReceiver));
        }

        Elsewhere plus(String receiver, Instant spooledAt, long size) {
            java.util.SortedMap<String, Integer> counted = new java.util.TreeMap<>(byReceiver);
            counted.merge(receiver.substring(0, 12), 1, Integer::sum);
            return new Elsewhere(files + 1, bytes + size, oldest == null || spooledAt.isBefore(oldest) ? spooledAt : oldest, counted);
        }
    }

    /**
     * The temporary copy of a first write that a JVM killed while spooling left, an hour or more ago, with no entry in its
     * place: the only copy of that run's payload. Whole, it was put in place ({@code restoredTo}, then listed as any entry
     * and checked when its turn comes); cut short, it was set aside ({@code quarantined}), since it can never be sent.
     *
     * @param id    the webhook id its name gives
     * @param bytes how long the copy is
     */
    record Abandoned(Path copy, String id, long bytes, Path restoredTo, Quarantined quarantined) {
    }

    /**
     * What loading an entry for delivery found: its message; or, when the file is not such a message, the file set aside;
     * or neither — the file is gone (another run sharing the outbox delivered it or set it aside meanwhile) or is no longer
     * this receiver's.
     */
    record Loaded(Message message, Quarantined quarantined) {

        static final Loaded LEFT = new Loaded(null, null);
    }

    /** How old a temporary copy is when no JVM can still be writing it. */
    private static final java.time.Duration ABANDONED = java.time.Duration.ofHours(1);

    /**
     * What each key of the webhook secret is turned into before it authenticates an entry: the entries' keys are derived
     * from the secret's, so a MAC of the outbox is never also a signature the receiver would accept.
     */
    private static final byte[] ENTRY_KEY_LABEL = "cognigy-junit outbox entry v2".getBytes(StandardCharsets.UTF_8);

    /** The label of the entries written before entries named their receiver: their MAC is over the id and body alone. */
    private static final byte[] LEGACY_ENTRY_KEY_LABEL = "cognigy-junit outbox entry v1".getBytes(StandardCharsets.UTF_8);

    /** A receiver as an entry names it: the lower-case hex SHA-256 of its URL. */
    private static final Pattern RECEIVER = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;
    /** The receiver this run sends to, as its entries name it. */
    private final String receiver;
    /**
     * The receiver of the URL this run's was before it moved or its token was rotated ({@code COGNIGY_WEBHOOK_PREVIOUS_URL}),
     * whose entries this run delivers to its own URL; {@code null} without one, or when it names this run's receiver.
     */
    private final String previousReceiver;
    /** The entry keys of the webhook secret's keys, in its order: the first authenticates what is written, any reads. */
    private final List<byte[]> keys;
    /** The same for the entries that do not name their receiver: read, never written. */
    private final List<byte[]> legacyKeys;
    private final JsonMapper json = JsonMapper.builder().build();
    /**
     * Reads entries: a field given twice makes a file unreadable, so the fields the listing read before the body are the
     * ones the entry, read whole, is checked and sent by.
     */
    private final JsonMapper entries = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** What this outbox has read of its files, in bytes. */
    private final AtomicLong bytesRead = new AtomicLong();
    /** How a written entry is made durable: forced, moved into place, its folder forced. */
    private final PartialFile.Disk disk;

    /**
     * @param webhookSecret the run's {@code COGNIGY_WEBHOOK_SECRET}
     * @param url           the run's {@code cognigy.webhook.url}: the receiver of what it writes and of what it reads
     * @throws IllegalArgumentException naming the rule a secret breaks, never the secret
     */
    Outbox(Path directory, String webhookSecret, String url) {
        this(directory, webhookSecret, url, Optional.empty(), PartialFile.Disk.SYSTEM);
    }

    /**
     * The same, also delivering to {@code url} what was spooled for {@code previousUrl} ({@code
     * COGNIGY_WEBHOOK_PREVIOUS_URL}), each entry checked as its own receiver's.
     */
    Outbox(Path directory, String webhookSecret, String url, Optional<String> previousUrl) {
        this(directory, webhookSecret, url, previousUrl, PartialFile.Disk.SYSTEM);
    }

    /** The same, its entries made durable on {@code disk}. */
    Outbox(Path directory, String webhookSecret, String url, PartialFile.Disk disk) {
        this(directory, webhookSecret, url, Optional.empty(), disk);
    }

    private Outbox(Path directory, String webhookSecret, String url, Optional<String> previousUrl, PartialFile.Disk disk) {
        this.directory = directory;
        this.disk = disk;
        this.receiver = receiver(url);
        this.previousReceiver = previousUrl.map(previous -> receiver(previous.trim())).filter(previous -> !previous.equals(receiver))
                .orElse(null);
        List<byte[]> secretKeys = WebhookKeys.decode(webhookSecret);
        this.keys = secretKeys.stream().map(key -> HmacSha256.of(key, ENTRY_KEY_LABEL)).toList();
        this.legacyKeys = secretKeys.stream().map(key -> HmacSha256.of(key, LEGACY_ENTRY_KEY_LABEL)).toList();
    }

    /**
     * How an entry names the receiver at {@code url}: the hex SHA-256 of the URL as OkHttp normalises it (host in lower
     * case, default port dropped), so two spellings of one URL name one receiver, and the URL — whose query may hold a
     * token — is never written. The query is part of it: the same address with another query may be another project's
     * receiver, so a rotated token is another receiver too, and its entries wait, with a warning, for a run with their URL.
     */
    static String receiver(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        return Sha256.hex((parsed == null ? url : parsed.toString()).getBytes(StandardCharsets.UTF_8));
    }

    Path directory() {
        return directory;
    }

    Path quarantine() {
        return directory.resolve("quarantine");
    }

    Path file(Message message) {
        return fileOf(message.id());
    }

    /** Where the message {@code messageId} waits: {@code <id>.json} in the outbox. */
    private Path fileOf(String messageId) {
        return directory.resolve(messageId + ".json");
    }

    /** Writes (or replaces) the message's file atomically and durably; returns it. */
    Path write(Message message) throws IOException {
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, message.id() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                    JsonGenerator stored = json.createGenerator(Channels.newOutputStream(channel))) {
                stored.writeStartObject();
                stored.writeNumberProperty("version", VERSION);
                stored.writeStringProperty("webhook_id", message.id());
                stored.writeStringProperty("receiver", receiver);
                stored.writeStringProperty("spooled_at", message.spooledAt().toString());
                if (message.notBefore() == null) stored.writeNullProperty("not_before");
                else stored.writeStringProperty("not_before", message.notBefore().toString());
                // The payload as a string keeps its exact bytes: what a retry sends is what was first signed. Escaped on its
                // way to the file, never copied: a large suite's payload is megabytes.
                stored.writeName("body");
                stored.writeUTF8String(message.body(), 0, message.body().length);
                stored.writeStringProperty("mac", HmacSha256.text(mac(keys.get(0), receiver, message.id(), message.body())));
                stored.writeEndObject();
                stored.flush();
                disk.force(channel);
            } catch (JacksonIOException e) {
                throw e.getCause();
            }
            // The folder is forced after the move: a machine that loses power must not lose the rename, and with it the
            // only copy of a run's payload under its name.
            return PartialFile.moveIntoPlace(partial, file(message), disk);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    void remove(Message message) throws IOException {
        Files.deleteIfExists(file(message));
    }

    /** The name of the mark of a run whose payload is on its way to the outbox: {@code msg_<batch id>.concluding}. */
    private static final Pattern CONCLUDING = Pattern.compile("msg_([A-Za-z0-9_.-]{1,200})\\.concluding");

    /**
     * The marks this JVM's runs hold, each open with its lock, between {@link #concluding} and {@link #concluded} or
     * {@link #leftConcluding}. The operating system lets a lock go when its process ends, however it ends: a mark no
     * process holds is a stopped run's.
     */
    private static final Map<Path, Held> HELD = new ConcurrentHashMap<>();

    /**
     * A mark this JVM holds: its channel, and the file it is ({@link BasicFileAttributes#fileKey}; {@code null} where the
     * system has no such key). Where locks are the process's (POSIX), closing any channel of this JVM on the file lets
     * its lock go: a mark this JVM holds is never opened again to ask for its lock, by whatever path it is seen.
     */
    private record Held(FileChannel channel, Object file) {
    }

    private Path markOf(String batchId) {
        return directory.resolve(Webhook.messageId(batchId, false) + ".concluding").toAbsolutePath().normalize();
    }

    /**
     * Marks {@code batchId} as a run whose audit record is about to be appended and whose payload is not yet in the
     * outbox: a file the run holds a lock on until {@link #concluded} or {@link #leftConcluding}, locked before it takes its
     * name so no other run finds it unlocked. A JVM stopped in between leaves the file, and the system its lock; a later
     * run finds the file no process holds ({@link #stoppedBeforeSpooling}). Where the file system has no locks (or cannot
     * move a file held open), no mark is left: none could tell a run still going from a stopped one.
     */
    void concluding(String batchId) throws IOException {
        Files.createDirectories(directory);
        Path mark = markOf(batchId);
        Path partial = PartialFile.create(directory, "." + mark.getFileName() + ".", ".concluding.part");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(partial, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) throw new IOException("locked by another process");
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            // Known as held before it takes its name: a run of this JVM listing the outbox then never opens it.
            Held held = new Held(channel, Files.readAttributes(partial, BasicFileAttributes.class).fileKey());
            Held earlier = HELD.put(mark, held);
            try {
                Files.move(partial, mark, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                HELD.remove(mark, held);
                if (earlier != null) HELD.putIfAbsent(mark, earlier);
                throw e;
            }
            if (earlier != null) earlier.channel().close();
            channel = null;
        } finally {
            if (channel != null) {
                channel.close();
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Takes the mark of {@link #concluding} away: the run's payload is in the outbox, or its run said why not. */
    void concluded(String batchId) throws IOException {
        leftConcluding(batchId);
        Files.deleteIfExists(markOf(batchId));
    }

    /**
     * The run of {@code batchId} in this JVM no longer goes on to write its payload: its lock is let go, so its mark, when
     * {@link #concluded} did not take it away, is a stopped run's.
     */
    void leftConcluding(String batchId) {
        Held held = HELD.remove(markOf(batchId));
        if (held == null) return;
        try {
            held.channel().close();
        } catch (IOException e) {
            // the lock goes with the channel, or with this process
        }
    }

    /**
     * The batches whose runs marked they were {@link #concluding} and stopped before their payload reached the outbox:
     * their marks no process holds a lock on any more, and no payload of their batch waits in the outbox. Their marks are
     * taken away once listed (or found beside their payload), so each is said once; a
     * mark still held (a run in another JVM, or in this one, between its audit record and its payload) is left alone, and
     * so is one whose lock cannot be asked for (a file system without locks).
     */
    List<String> stoppedBeforeSpooling() throws IOException {
        List<String> stopped = new ArrayList<>();
        if (!Files.isDirectory(directory)) return stopped;
        // A mark a JVM killed before it took its name left: no run reads it.
        PartialFile.removeAbandoned(directory, ".msg_", ".concluding.part", Instant.now().minus(PartialFile.ABANDONED));
        try (DirectoryStream<Path> marks = Files.newDirectoryStream(directory, "msg_*.concluding")) {
            for (Path mark : marks) {
                Matcher name = CONCLUDING.matcher(mark.getFileName().toString());
                if (!name.matches() || !Files.isRegularFile(mark, LinkOption.NOFOLLOW_LINKS)) continue;
                if (heldHere(mark) || !heldByNone(mark)) continue;
                String batch = name.group(1);
                // Its payload in the outbox, the run stopped only after it was written ahead (or its mark could not be taken
                // away): nothing was lost, and the payload goes out as any other.
                boolean spooled = Files.exists(fileOf(Webhook.messageId(batch, false))) || Files.exists(fileOf(Webhook.messageId(batch, true)));
                if (Files.deleteIfExists(mark) && !spooled) stopped.add(batch);
            }
        }
        stopped.sort(Comparator.naturalOrder());
        return stopped;
    }

    /** Whether a run of this JVM holds {@code mark}, by the path it marked or another path to the same file. */
    private static boolean heldHere(Path mark) throws IOException {
        if (HELD.containsKey(mark.toAbsolutePath().normalize())) return true;
        Object file;
        try {
            file = Files.readAttributes(mark, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException gone) {
            return true; // taken away meanwhile: nothing to say
        }
        return file != null && HELD.values().stream().anyMatch(held -> file.equals(held.file()));
    }

    /**
     * Whether no process holds {@code mark}'s lock: its run ended without taking the mark away. Never asked of a mark this
     * JVM holds ({@link #heldHere}): closing the channel that asked would let that lock go.
     */
    private static boolean heldByNone(Path mark) {
        try (FileChannel channel = FileChannel.open(mark, StandardOpenOption.WRITE)) {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // held by this JVM
        } catch (IOException | RuntimeException e) {
            return false; // gone meanwhile, or no locks here: not known to be stopped
        }
    }

    /**
     * The entries waiting for this run's receiver, oldest first, read as far as their fields before the body: their
     * payloads stay on disk until {@link #load}. What cannot be listed is moved to {@link #quarantine()} on the way; what
     * is for another receiver is left where it is, and counted.
     */
    Contents read() throws IOException {
        List<Entry> listed = new ArrayList<>();
        List<Quarantined> quarantined = new ArrayList<>();
        Elsewhere elsewhere = Elsewhere.NONE;
        java.util.SortedMap<Integer, Integer> ofNewerVersions = new java.util.TreeMap<>();
        if (!Files.isDirectory(directory)) return new Contents(listed, quarantined);
        List<Abandoned> abandoned = recoverAbandonedCopies();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "msg_*.json")) {
            for (Path file : files) {
                try {
                    Listed entry = list(file);
                    if (entry.entry() != null) listed.add(entry.entry());
                    else elsewhere = elsewhere.plus(entry.otherReceiver(), entry.spooledAt(), sizeOf(file));
                } catch (NoSuchFileException e) {
                    // delivered meanwhile by another JVM sharing the outbox
                } catch (NewerVersion e) {
                    ofNewerVersions.merge(e.version, 1, Integer::sum);
                } catch (IOException e) {
                    setAside(file, "cannot be read: " + e.getClass().getSimpleName()).ifPresent(quarantined::add);
                } catch (Unreadable e) {
                    setAside(file, e.getMessage()).ifPresent(quarantined::add);
                }
            }
        }
        listed.sort(Comparator.comparing(Entry::spooledAt).thenComparing(Entry::id));
        return new Contents(listed, quarantined, elsewhere, abandoned, ofNewerVersions);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // delivered meanwhile by a run for its receiver
        }
    }

    /**
     * Reads a listed entry whole, now that it is to be sent, and checks it as a message this engine wrote for this
     * receiver; a file that is not one is moved to {@link #quarantine()}.
     */
    Loaded load(Entry entry) {
        Path file = entry.file();
        try {
            return parse(file).map(message -> new Loaded(message, null)).orElse(Loaded.LEFT);
        } catch (NoSuchFileException e) {
            return Loaded.LEFT; // delivered or set aside meanwhile by another JVM sharing the outbox
        } catch (NewerVersion e) {
            return Loaded.LEFT; // rewritten meanwhile by a newer engine sharing the outbox: its to deliver
        } catch (IOException e) {
            return setAside(file, "cannot be read: " + e.getClass().getSimpleName()).map(q -> new Loaded(null, q)).orElse(Loaded.LEFT);
        } catch (Unreadable e) {
            return setAside(file, e.getMessage()).map(q -> new Loaded(null, q)).orElse(Loaded.LEFT);
        }
    }

    /**
     * The message for this run's receiver waiting under {@code id}, read and checked whole as {@link #load} checks it: the
     * payload a batch concluded before (the same parts merged again) spooled under the same webhook id. Empty when there is
     * none, or when the file is not such a message — it is then replaced, as before.
     */
    Optional<Message> spooled(String id) {
        try {
            return parse(fileOf(id));
        } catch (IOException | Unreadable | NewerVersion | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** How many bytes of its files this outbox has read: listing it reads a few of each, loading an entry all of it. */
    long bytesRead() {
        return bytesRead.get();
    }

    /** A temporary copy's name: the webhook id, a dot, the number {@link Files#createTempFile} adds and {@code .tmp}. */
    private static final Pattern COPY = Pattern.compile("(msg_[A-Za-z0-9_.-]{1,200})\\.[0-9]+\\.tmp");

    /**
     * Handles the temporary copies JVMs killed while writing left behind: a write takes milliseconds, so a copy an hour
     * old has no writer any more. A younger one is left alone: another JVM sharing the outbox may still be writing it.
     *
     * <p>A copy with its entry in place, or one rewriting an entry to keep a {@code Retry-After} (its {@code not_before}
     * set: the entry was whole before it, and has been delivered or set aside since), is redundant and removed. Any other
     * is the first write of a run's payload, the only copy there is — a JVM killed between forcing it to disk and moving
     * it into place, or a machine that lost the move when it went down — and is never removed without a word: whole, it
     * is put in place, to be delivered; cut short, it is set aside in {@link #quarantine()}, and the run says so.
     */
    private List<Abandoned> recoverAbandonedCopies() {
        List<Abandoned> recovered = new ArrayList<>();
        java.nio.file.attribute.FileTime abandoned = java.nio.file.attribute.FileTime.from(Instant.now().minus(ABANDONED));
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, "msg_*.tmp")) {
            for (Path copy : copies) {
                try {
                    // A link is no copy this engine wrote: never read, nor moved into place as an entry.
                    if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) continue;
                    if (Files.getLastModifiedTime(copy).compareTo(abandoned) >= 0) continue;
                    Matcher name = COPY.matcher(copy.getFileName().toString());
                    Path entry = name.matches() ? fileOf(name.group(1)) : null;
                    if (entry == null || Files.exists(entry, LinkOption.NOFOLLOW_LINKS) || rewrite(copy)) {
                        Files.deleteIfExists(copy);
                        continue;
                    }
                    long bytes = Files.size(copy);
                    if (whole(copy)) {
                        try {
                            // Not ATOMIC_MOVE: on POSIX it would replace an entry written meanwhile under that name.
                            recovered.add(new Abandoned(copy, name.group(1), bytes, Files.move(copy, entry), null));
                        } catch (FileAlreadyExistsException e) {
                            Files.deleteIfExists(copy);
                        }
                    } else {
                        setAside(copy, "cut short at " + bytes + " bytes").ifPresent(q -> recovered.add(new Abandoned(copy,
                                name.group(1), bytes, null, q)));
                    }
                } catch (IOException e) {
                    // left for a later run: a copy is never read as a message
                }
            }
        } catch (IOException e) {
            // the same: nothing is lost by leaving a copy
        }
        return recovered;
    }

    /** Whether a copy rewrites an entry to keep the receiver's {@code Retry-After}: only such a write sets {@code not_before}. */
    private boolean rewrite(Path copy) throws IOException {
        try {
            Object notBefore = fields(copy, false).get("not_before");
            return notBefore != null && notBefore != NULL;
        } catch (Unreadable e) {
            return false;
        }
    }

    /** Whether a copy holds one whole JSON object: all a write that was cut short never does. */
    private boolean whole(Path copy) throws IOException {
        try {
            fields(copy, true);
            return true;
        } catch (Unreadable e) {
            return false;
        }
    }

    /** The fields an entry holds before its body: all {@link #read} needs to list, order and schedule it. */
    private static final Set<String> HEAD = Set.of("version", "webhook_id", "receiver", "spooled_at", "not_before");

    /** The fields an entry holds before its body that entries held before they said their version. */
    private static final Set<String> BEFORE_VERSIONS = Set.of("webhook_id", "receiver", "spooled_at", "not_before");

    /** The fields {@link #load} checks and sends an entry by; any other field is skipped. */
    private static final Set<String> FIELDS = Set.of("version", "webhook_id", "receiver", "spooled_at", "not_before", "body", "mac");

    /** A field's value when it is JSON {@code null}. */
    private static final Object NULL = new Object();

    /** A field's value when it is neither a string nor {@code null}. */
    private static final Object NOT_A_STRING = new Object();

    /**
     * The entry a file holds for this run's receiver, from the fields before its body: reading stops once it has them,
     * so the body stays on disk (an entry that does not name its receiver is read to its end for that, its body skipped,
     * never held). Empty when the entry is for another receiver than this run's or its previous URL's.
     */
    private Listed list(Path file) throws IOException, Unreadable, NewerVersion {
        Map<String, Object> fields = fields(file, false);
        version(fields);
        Head head = head(file, fields);
        String named = namedReceiver(fields);
        // Another receiver's entry is not this run's to judge: its secret may well be another one.
        if (named != null && !ours(named)) return new Listed(null, named, head.spooledAt());
        return new Listed(new Entry(file, head.id(), head.spooledAt(), head.notBefore(), named != null && !named.equals(receiver)),
                null, head.spooledAt());
    }

    /** A file as listed: this run's entry, or — {@code entry} null — another receiver's, named, and when it was spooled. */
    private record Listed(Entry entry, String otherReceiver, Instant spooledAt) {
    }

    /** Whether an entry naming {@code named} is this run's to send: its receiver's, or its previous URL's. */
    private boolean ours(String named) {
        return named.equals(receiver) || named.equals(previousReceiver);
    }

    /** The message a file holds for this run's receiver, read and checked whole; empty when it is for another receiver. */
    private Optional<Message> parse(Path file) throws IOException, Unreadable, NewerVersion {
        Map<String, Object> fields = fields(file, true);
        version(fields);
        Head head = head(file, fields);
        if (!(fields.get("body") instanceof byte[] body)) throw new Unreadable("body is missing or not a string");
        checkBody(body);
        String id = head.id();
        String named = namedReceiver(fields);
        if (named == null) {
            authenticate(fields, "webhook_id and body", legacyKeys, key -> mac(key, id, body));
        } else {
            // Named another receiver since it was listed: left alone, as the listing would have.
            if (!ours(named)) return Optional.empty();
            // Checked as the receiver it names: an entry for the previous URL was spooled, and authenticated, for that one.
            authenticate(fields, "receiver, webhook_id and body", keys, key -> mac(key, named, id, body));
        }
        return Optional.of(new Message(id, head.spooledAt(), head.notBefore(), body));
    }

    /**
     * The fields of an entry's file as the checks need them. Listing it ({@code whole} false) reads only up to the fields
     * before its body — an entry that does not name its receiver is read to its end for that, its body skipped, never
     * held; loading it reads it whole, the body as UTF-8 bytes, and refuses anything after the object.
     */
    private Map<String, Object> fields(Path file, boolean whole) throws IOException, Unreadable {
        refuseLinks(file);
        Map<String, Object> fields = new HashMap<>();
        Set<String> wanted = whole ? FIELDS : HEAD;
        // The body's bytes are at most the file's: escaped in the file, they only get shorter.
        long size = whole ? Files.size(file) : 0;
        try (InputStream in = open(file); JsonParser parser = entries.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new Unreadable("not a JSON object");
            for (String name; (whole || fields.size() < HEAD.size()) && (name = parser.nextName()) != null; ) {
                // An entry written before entries said their version has its other fields before the body, as every entry
                // has: listing it stops there too. (Were a version to follow the body, loading the entry would find it.)
                if (!whole && name.equals("body") && fields.keySet().containsAll(BEFORE_VERSIONS)) break;
                JsonToken value = parser.nextToken();
                // Anything else, the body above all when listing, is skipped: a string is passed over by the next token,
                // never read whole.
                if (whole && name.equals("body") && value == JsonToken.VALUE_STRING) fields.put(name, utf8(parser, size));
                else if (wanted.contains(name)) fields.put(name, value(parser, value));
                else parser.skipChildren();
            }
            if (whole) {
                JsonToken after = parser.nextToken();
                if (after != null) throw new Unreadable("not valid JSON: " + trailing(after));
            }
        } catch (JacksonIOException e) {
            throw e.getCause();
        } catch (JacksonException e) {
            throw new Unreadable("not valid JSON: " + JsonSyntaxError.of(e, FIELDS));
        }
        return fields;
    }

    /** An entry's fields before its body, checked. */
    private record Head(String id, Instant spooledAt, Instant notBefore) {
    }

    private static Head head(Path file, Map<String, Object> fields) throws Unreadable {
        String id = text(fields, "webhook_id");
        if (!ID.matcher(id).matches()) {
            throw new Unreadable("webhook_id is not msg_ followed by ASCII letters, digits, '_', '.' or '-'");
        }
        if (!file.getFileName().toString().equals(id + ".json")) throw new Unreadable("its name is not " + id + ".json");
        Instant spooledAt = instant(fields, "spooled_at");
        Instant notBefore = fields.get("not_before") == NULL ? null : instant(fields, "not_before");
        return new Head(id, spooledAt, notBefore);
    }

    /**
     * Checks the version an entry says it is written in: none (written before entries said theirs) or {@link #VERSION}.
     *
     * @throws NewerVersion for an entry of a later version, which a newer engine wrote
     */
    private static void version(Map<String, Object> fields) throws Unreadable, NewerVersion {
        if (!fields.containsKey("version")) return;
        if (!(fields.get("version") instanceof Long version) || version < VERSION) {
            throw new Unreadable("version is not a whole number from " + VERSION);
        }
        if (version > VERSION) throw new NewerVersion(version > Integer.MAX_VALUE ? Integer.MAX_VALUE : version.intValue());
    }

    /** The receiver an entry names, or {@code null} when it names none (written before entries named their receiver). */
    private static String namedReceiver(Map<String, Object> fields) throws Unreadable {
        if (!fields.containsKey("receiver")) return null;
        if (!(fields.get("receiver") instanceof String named) || !RECEIVER.matcher(named).matches()) {
            throw new Unreadable("receiver is not the lower-case hex of a SHA-256");
        }
        return named;
    }

    /**
     * Checks that the body is one JSON object, token by token: the body of a large suite's run is megabytes, and as a
     * tree many times that.
     */
    private void checkBody(byte[] body) throws Unreadable {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new Unreadable("its body is not a JSON object");
            for (int depth = 1; depth > 0; ) {
                JsonToken token = parser.nextToken();
                if (token == null) throw new Unreadable("its body is not valid JSON: Unexpected end-of-input");
                if (token.isStructStart()) depth++;
                else if (token.isStructEnd()) depth--;
                else if (token == JsonToken.VALUE_STRING) parser.getStringLength(); // decoded, so checked, as a tree's would be
            }
            JsonToken after = parser.nextToken();
            if (after != null) throw new Unreadable("its body is not valid JSON: " + trailing(after));
        } catch (JacksonException e) {
            throw new Unreadable("its body is not valid JSON: " + JsonSyntaxError.of(e));
        }
    }

    private static String trailing(JsonToken after) {
        return "Trailing token (`JsonToken." + after + "`) found after value";
    }

    /**
     * A field's value as the checks need it: its text, a whole number as a {@link Long} (a {@code version}), {@link #NULL}
     * or {@link #NOT_A_STRING}.
     */
    private static Object value(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) return parser.getString();
        if (token == JsonToken.VALUE_NULL) return NULL;
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        parser.skipChildren();
        return NOT_A_STRING;
    }

    /**
     * The current string value as UTF-8 bytes, which it never is as a {@code String}: a payload is megabytes.
     *
     * @param size how many bytes it may hold at most
     */
    private static byte[] utf8(JsonParser parser, long size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 8));
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            parser.getString(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // written to memory: never
        }
        return bytes.toByteArray();
    }

    /** The file to read, counting what is read of it. */
    private InputStream open(Path file) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) bytesRead.incrementAndGet();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) bytesRead.addAndGet(n);
                return n;
            }
        };
    }

    /**
     * Refuses an entry whose MAC is missing or is not that of what it holds (its receiver, if it names one, id and body)
     * under a key of the webhook secret.
     */
    private void authenticate(Map<String, Object> fields, String covered, List<byte[]> candidates,
            java.util.function.Function<byte[], byte[]> expected) throws Unreadable {
        Object mac = fields.get("mac");
        if (mac == null || mac == NULL) {
            throw new Unreadable("it carries no mac: written by hand, or by a version of the engine that did not authenticate its"
                    + " outbox; if it is a genuine payload, deliver it by hand from " + quarantine());
        }
        Optional<byte[]> given = mac instanceof String text ? HmacSha256.fromText(text) : Optional.empty();
        if (given.isPresent()) {
            for (byte[] key : candidates) if (HmacSha256.matches(expected.apply(key), given.get())) return;
        }
        throw new Unreadable("its mac does not match its " + covered + " under " + Constants.WEBHOOK_SECRET_ENV + ": the file"
                + " was edited or comes from elsewhere, or it was spooled before the secret was rotated (keep the old secret"
                + " after the new one, space-separated, until the outbox is empty); if it is a genuine payload, deliver it by"
                + " hand from " + quarantine());
    }

    /** The MAC of what goes out and where: the receiver and webhook id (never holding a line break) and the exact body bytes. */
    private static byte[] mac(byte[] key, String receiver, String id, byte[] body) {
        return HmacSha256.of(key, (receiver + "\n" + id + "\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    /** The MAC of an entry that does not name its receiver: the webhook id and the exact body bytes. */
    private static byte[] mac(byte[] key, String id, byte[] body) {
        return HmacSha256.of(key, (id + "\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    /**
     * Refuses a file that is not a regular file of its own: a symbolic link (to a credentials file, another project's
     * outbox, a device) or anything else. The engine writes its entries as files; a link in their place was put there by
     * someone else — a checkout or a restored CI cache brings links as readily as files — and reading it would quote and
     * send what it points at. The link itself is what is set aside, never its target.
     */
    private static void refuseLinks(Path file) throws Unreadable {
        if (Files.isSymbolicLink(file)) {
            throw new Unreadable("it is a symbolic link, not a file this engine wrote; what it points at was not read");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Unreadable("it is not a regular file; it was not read");
        }
    }

    private static String text(Map<String, Object> fields, String field) throws Unreadable {
        if (!(fields.get(field) instanceof String value)) throw new Unreadable(field + " is missing or not a string");
        return value;
    }

    private static Instant instant(Map<String, Object> fields, String field) throws Unreadable {
        try {
            return Instant.parse(text(fields, field));
        } catch (DateTimeParseException e) {
            throw new Unreadable(field + " is not an ISO-8601 instant");
        }
    }

    /**
     * Moves a message the receiver will not accept — these exact bytes — into the quarantine folder, so no later run sends
     * it again; moved back into the outbox, it is delivered as it was spooled. Returns where it is now.
     */
    Path setAside(Message message) throws IOException {
        return moveToQuarantine(file(message));
    }

    /**
     * Moves the file into the quarantine folder, under a new name if an earlier one took its own; empty when the file is
     * gone already — another JVM sharing the outbox set it aside (or delivered it) between the listing and the move.
     */
    Optional<Quarantined> setAside(Path file, String why) {
        try {
            return Optional.of(new Quarantined(file, moveToQuarantine(file), why));
        } catch (IOException e) {
            if (e instanceof NoSuchFileException && Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
            return Optional.of(new Quarantined(file, null, why + "; moving it to " + quarantine() + " failed: "
                    + e.getClass().getSimpleName()));
        }
    }

    private Path moveToQuarantine(Path file) throws IOException {
        Files.createDirectories(quarantine());
        String name = file.getFileName().toString();
        for (int n = 0; ; n++) {
            Path target = quarantine().resolve(n == 0 ? name : name + "." + n);
            try {
                // No ATOMIC_MOVE: on POSIX it would silently replace an earlier file of the same name.
                return Files.move(file, target);
            } catch (FileAlreadyExistsException e) {
                if (n == 99) throw e;
            }
        }
    }

    /** A file of a later version than {@link #VERSION}: a newer engine's, left where it is for it. */
    private static final class NewerVersion extends Exception {
        private static final long serialVersionUID = 1L;
        private final int version;

        NewerVersion(int version) {
            super("version " + version, null, false, false);
            this.version = version;
        }
    }

    /** Why a file is not a message this engine wrote; the text says what is wrong, never the content. */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String why) {
            super(why, null, false, false);
        }
    }
}
