package dev.botsim.cognigy.engine.webhook;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.WebhookKeys;
import dev.botsim.cognigy.engine.support.HmacSha256;
import dev.botsim.cognigy.engine.support.Sha256;
import okhttp3.HttpUrl;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
 * written to a temporary file, forced to disk and moved into place atomically, so a killed JVM
 * leaves the whole file or none; a stray temporary file is ignored, since another JVM sharing the
 * outbox may still be writing it, and removed once it is an hour old.
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
 * developer): each file names its receiver ({@code "receiver"}, the hex SHA-256 of its webhook URL — never the URL, whose
 * query may hold a token), and the MAC covers it too. A run reads only the files for its own receiver; those for another
 * are left untouched — neither sent nor quarantined — for the runs that send there, and only counted. A file written
 * before files named their receiver (no {@code "receiver"}, its MAC over the id and body alone, under keys derived for
 * that format) is read as before, as this run's receiver's; a file that names a receiver but was stripped of it no
 * longer verifies.
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

    /** A file set aside: where it was, where it is now ({@code null}: it could not be moved), and why. */
    record Quarantined(Path file, Path movedTo, String why) {
    }

    /**
     * What reading the outbox found: the messages to deliver, oldest first, the files set aside, and how many files are
     * for another receiver (left where they are).
     */
    record Contents(List<Message> messages, List<Quarantined> quarantined, int forOtherReceivers) {
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
    /** The entry keys of the webhook secret's keys, in its order: the first authenticates what is written, any reads. */
    private final List<byte[]> keys;
    /** The same for the entries that do not name their receiver: read, never written. */
    private final List<byte[]> legacyKeys;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param webhookSecret the run's {@code COGNIGY_WEBHOOK_SECRET}
     * @param url           the run's {@code cognigy.webhook.url}: the receiver of what it writes and of what it reads
     * @throws IllegalArgumentException naming the rule a secret breaks, never the secret
     */
    Outbox(Path directory, String webhookSecret, String url) {
        this.directory = directory;
        this.receiver = receiver(url);
        List<byte[]> secretKeys = WebhookKeys.decode(webhookSecret);
        this.keys = secretKeys.stream().map(key -> HmacSha256.of(key, ENTRY_KEY_LABEL)).toList();
        this.legacyKeys = secretKeys.stream().map(key -> HmacSha256.of(key, LEGACY_ENTRY_KEY_LABEL)).toList();
    }

    /**
     * How an entry names the receiver at {@code url}: the hex SHA-256 of the URL as OkHttp normalises it (host in lower
     * case, default port dropped), so two spellings of one URL name one receiver, and the URL — whose query may hold a
     * token — is never written.
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
        return directory.resolve(message.id() + ".json");
    }

    /** Writes (or replaces) the message's file atomically and durably; returns it. */
    Path write(Message message) throws IOException {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("webhook_id", message.id());
        stored.put("receiver", receiver);
        stored.put("spooled_at", message.spooledAt().toString());
        stored.put("not_before", message.notBefore() == null ? null : message.notBefore().toString());
        // The payload as a string keeps its exact bytes: what a retry sends is what was first signed.
        stored.put("body", new String(message.body(), StandardCharsets.UTF_8));
        stored.put("mac", HmacSha256.text(mac(keys.get(0), receiver, message.id(), message.body())));
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, message.id() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(stored)));
                channel.force(true);
            }
            return Files.move(partial, file(message), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    void remove(Message message) throws IOException {
        Files.deleteIfExists(file(message));
    }

    /**
     * The messages waiting for this run's receiver, oldest first; what cannot be read is moved to {@link #quarantine()} on
     * the way; what is for another receiver is left where it is, and counted.
     */
    Contents read() throws IOException {
        List<Message> messages = new ArrayList<>();
        List<Quarantined> quarantined = new ArrayList<>();
        int forOtherReceivers = 0;
        if (!Files.isDirectory(directory)) return new Contents(messages, quarantined, 0);
        removeAbandonedCopies();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "msg_*.json")) {
            for (Path file : files) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    continue; // delivered meanwhile by another JVM sharing the outbox
                } catch (IOException e) {
                    setAside(file, "cannot be read: " + e.getClass().getSimpleName()).ifPresent(quarantined::add);
                    continue;
                }
                try {
                    Optional<Message> message = parse(file, bytes);
                    if (message.isPresent()) messages.add(message.get());
                    else forOtherReceivers++;
                } catch (Unreadable e) {
                    setAside(file, e.getMessage()).ifPresent(quarantined::add);
                }
            }
        }
        messages.sort(Comparator.comparing(Message::spooledAt).thenComparing(Message::id));
        return new Contents(messages, quarantined, forOtherReceivers);
    }

    /**
     * Removes the temporary copies JVMs killed while writing left behind: a write takes milliseconds, so a copy an hour
     * old has no writer any more. A younger one is left alone: another JVM sharing the outbox may still be writing it.
     */
    private void removeAbandonedCopies() {
        java.nio.file.attribute.FileTime abandoned = java.nio.file.attribute.FileTime.from(Instant.now().minus(ABANDONED));
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, "msg_*.tmp")) {
            for (Path copy : copies) {
                try {
                    if (Files.getLastModifiedTime(copy).compareTo(abandoned) < 0) Files.deleteIfExists(copy);
                } catch (IOException e) {
                    // left for a later run: a copy is never read as a message
                }
            }
        } catch (IOException e) {
            // the same: nothing is lost by leaving a copy
        }
    }

    /** The message a file holds for this run's receiver; empty when it is for another receiver. */
    private Optional<Message> parse(Path file, byte[] bytes) throws Unreadable {
        JsonNode stored;
        try {
            stored = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new Unreadable("not valid JSON: " + firstLine(e));
        }
        if (stored == null || !stored.isObject()) throw new Unreadable("not a JSON object");
        String id = text(stored, "webhook_id");
        if (!ID.matcher(id).matches()) {
            throw new Unreadable("webhook_id is not msg_ followed by ASCII letters, digits, '_', '.' or '-'");
        }
        if (!file.getFileName().toString().equals(id + ".json")) throw new Unreadable("its name is not " + id + ".json");
        Instant spooledAt = instant(stored, "spooled_at");
        Instant notBefore = stored.path("not_before").isNull() ? null : instant(stored, "not_before");
        byte[] body = text(stored, "body").getBytes(StandardCharsets.UTF_8);
        try {
            if (!json.readTree(body).isObject()) throw new Unreadable("its body is not a JSON object");
        } catch (JacksonException e) {
            throw new Unreadable("its body is not valid JSON: " + firstLine(e));
        }
        JsonNode named = stored.get("receiver");
        if (named == null) {
            authenticate(stored, "webhook_id and body", legacyKeys, key -> mac(key, id, body));
        } else {
            if (!named.isString() || !RECEIVER.matcher(named.asString()).matches()) {
                throw new Unreadable("receiver is not the lower-case hex of a SHA-256");
            }
            // Another receiver's entry is not this run's to judge: its secret may well be another one.
            if (!named.asString().equals(receiver)) return Optional.empty();
            authenticate(stored, "receiver, webhook_id and body", keys, key -> mac(key, receiver, id, body));
        }
        return Optional.of(new Message(id, spooledAt, notBefore, body));
    }

    /**
     * Refuses an entry whose MAC is missing or is not that of what it holds (its receiver, if it names one, id and body)
     * under a key of the webhook secret.
     */
    private void authenticate(JsonNode stored, String covered, List<byte[]> candidates,
            java.util.function.Function<byte[], byte[]> expected) throws Unreadable {
        JsonNode mac = stored.get("mac");
        if (mac == null || mac.isNull()) {
            throw new Unreadable("it carries no mac: written by hand, or by a version of the engine that did not authenticate its"
                    + " outbox; if it is a genuine payload, deliver it by hand from " + quarantine());
        }
        Optional<byte[]> given = mac.isString() ? HmacSha256.fromText(mac.asString()) : Optional.empty();
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

    private static String firstLine(JacksonException e) {
        return String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    }

    private static String text(JsonNode stored, String field) throws Unreadable {
        JsonNode value = stored.get(field);
        if (value == null || !value.isString()) throw new Unreadable(field + " is missing or not a string");
        return value.asString();
    }

    private static Instant instant(JsonNode stored, String field) throws Unreadable {
        try {
            return Instant.parse(text(stored, field));
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

    /** Why a file is not a message this engine wrote; the text says what is wrong, never the content. */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String why) {
            super(why, null, false, false);
        }
    }
}
