package dev.botsim.cognigy.engine.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.analysis.BotUnderTestFields;
import dev.botsim.cognigy.engine.analysis.LocaleNluFields;
import dev.botsim.cognigy.engine.analysis.ReplayFields;
import dev.botsim.cognigy.engine.analysis.VerdictReasons;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.InteroperableJsonGenerator;
import dev.botsim.cognigy.engine.support.NamedValues;
import dev.botsim.cognigy.engine.transport.Deadline;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.Ticker;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run's results for an external QA platform: a signed payload per run, written to the outbox
 * before it is sent and removed once delivered; what is still there is delivered first thing by
 * the next run. Every run says which of the two happened — never silent.
 *
 * <p>{@code cognigy.webhook.budget} bounds each of the two deliveries of a run — the outbox before
 * the first test, the run's own payload at its end — attempts and waits together, so a receiver
 * that hangs delays the first test by the budget at most. The budget is measured on a monotonic {@link Ticker}, never
 * the wall clock: NTP setting the clock back an hour must not stretch it by an hour, nor setting it forward cut it short.
 * The moments written down — {@code spooled_at}, {@code not_before}, the payload's {@code timestamp} — are the wall clock's.
 */
public final class Webhook {

    /** What the webhook id of a payload whose run's audit record could not be appended ends with ({@link #messageId}). */
    static final String UNAUDITED_SUFFIX = ".unaudited";

    private final String projectId;
    /** The logical run ({@code cognigy.run-id} or the CI's ids), or {@code null}: its merge, reruns and parts share it. */
    private final String runId;
    private final Outbox outbox;
    private final WebhookDelivery delivery;
    private final Duration budget;
    private final Clock clock;
    private final PrintStream out;
    /**
     * {@code cognigy.replay.redact}: what the payload writes as digests, since it leaves this machine for a third party.
     */
    private final List<String> redact;
    /**
     * The folder a merge writes its run to, or {@code null} for a run of its own: a merge's payload that went nowhere is
     * sent when the parts are merged again into it, which concludes the run again.
     */
    private final Path mergedInto;
    private final JsonMapper json = JsonMapper.builder().build();
    private boolean gone;
    private WrittenAhead ahead;
    /** The webhook ids this run delivered from the outbox: a batch concluded again is not sent a second time. */
    private final java.util.Set<String> deliveredFromOutbox = new java.util.HashSet<>();

    Webhook(String projectId, Outbox outbox, WebhookDelivery delivery, Duration budget, Clock clock, PrintStream out) {
        this(projectId, null, outbox, delivery, budget, clock, out);
    }

    Webhook(String projectId, String runId, Outbox outbox, WebhookDelivery delivery, Duration budget, Clock clock, PrintStream out) {
        this(projectId, runId, outbox, delivery, budget, clock, out, List.of());
    }

    Webhook(String projectId, String runId, Outbox outbox, WebhookDelivery delivery, Duration budget, Clock clock, PrintStream out,
            List<String> redact) {
        this(projectId, runId, outbox, delivery, budget, clock, out, redact, null);
    }

    private Webhook(String projectId, String runId, Outbox outbox, WebhookDelivery delivery, Duration budget, Clock clock,
            PrintStream out, List<String> redact, Path mergedInto) {
        this.mergedInto = mergedInto;
        this.redact = List.copyOf(redact);
        this.projectId = projectId;
        this.runId = runId;
        this.outbox = outbox;
        this.delivery = delivery;
        this.budget = budget;
        this.clock = clock;
        this.out = out;
    }

    /** The webhook the configuration asks for, or empty without {@code cognigy.webhook.url} and {@code COGNIGY_WEBHOOK_URL}. */
    public static Optional<Webhook> from(EngineConfig config, Clock clock, PrintStream out) {
        WebhookSettings settings = config.webhook();
        // A part of a split run without the secret sends nothing: the merge, which holds it, sends the run's payload.
        if (settings.url().isEmpty() || (config.deferred() && config.secrets().webhookSecret().isEmpty())) return Optional.empty();
        // EngineConfig.read refuses a webhook URL without its secret, in the one message of every problem.
        String secret = config.secrets().webhookSecret().map(s -> s.reveal()).orElseThrow(() -> new IllegalStateException(
                Constants.WEBHOOK_SECRET_ENV + " is not set: the configuration was not read by EngineConfig.read"));
        WebhookDelivery delivery;
        Outbox outbox;
        try {
            delivery = new WebhookDelivery(settings, new WebhookSigner(secret), clock, Sleeper.SYSTEM, Ticker.SYSTEM);
            // The outbox authenticates its entries with keys from the same secret: a later run sends only what a run holding it spooled.
            // Its entries name their receiver: a run sends only those for its own URL, whoever else shares the folder.
            // And, for one run after the receiver moved or its token was rotated, those for the URL it had before.
            outbox = new Outbox(settings.outbox(), secret, settings.url().get(),
                    config.secrets().previousWebhookUrl().map(url -> url.reveal()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        cleartext(settings.url().get()).ifPresent(warning -> ConsoleText.println(out, "[cognigy] WARNING webhook: " + warning));
        return Optional.of(new Webhook(settings.projectId().orElse(null), config.run().runId().orElse(null), outbox, delivery,
                settings.budget(), clock, out, config.replay().redact()));
    }

    /**
     * This webhook for the logical run {@code runId}: a merge's, whose run id is its parts', not a setting of its own.
     * Called before anything is delivered.
     */
    public Webhook forRun(String runId) {
        return new Webhook(projectId, runId, outbox, delivery, budget, clock, out, redact, mergedInto);
    }

    /**
     * This webhook for a merge writing its run to {@code outDir}: a payload it can neither deliver nor keep in the outbox
     * is not lost for good, since merged again into that folder the run is concluded again and its payload sent, and
     * the failure says so. Called before anything is delivered.
     */
    public Webhook mergedInto(Path outDir) {
        return new Webhook(projectId, runId, outbox, delivery, budget, clock, out, redact, outDir.toAbsolutePath());
    }

    /**
     * What a failure to deliver or keep the payload means for the run: for a run of its own, that the receiver never gets
     * it; for a merge, what to fix ({@code fix}) and merge again.
     */
    private String lost(String fix) {
        return mergedInto == null ? "the QA platform will not receive this run"
                : "merge the parts again into " + mergedInto + " once " + fix + ": the run is concluded again and its payload sent";
    }

    /**
     * The warning for a receiver reached over plain http on another machine: the payload — test names, utterances, the
     * bot's answers — and a token in the URL's query cross the network unencrypted. A receiver on this machine (a local
     * platform, a test's mock server) is not warned of: nothing leaves it. Only a literal loopback address or
     * {@code localhost} counts; a name is not resolved to find out.
     */
    static Optional<String> cleartext(String url) {
        okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url.trim());
        if (parsed == null || parsed.isHttps()) return Optional.empty();
        String host = parsed.host();
        if (dev.botsim.cognigy.engine.support.Loopback.is(parsed)) return Optional.empty();
        return Optional.of(Constants.WEBHOOK_URL + " (or " + Constants.WEBHOOK_URL_ENV + ") is plain http:// to " + host + ", another"
                + " machine: the payload (test names, utterances and the bot's answers, in failure messages too) and any token"
                + " in the URL travel unencrypted; use an https:// URL");
    }

    /**
     * Delivers what earlier runs left in the outbox for this run's receiver, oldest first, within
     * the budget. Messages the receiver asked to wait ({@code Retry-After}) stay until their time;
     * files that are not messages are quarantined; messages for another receiver (runs of another
     * configuration sharing the folder, or a receiver that moved) are left as they are, with one warning. Nothing here fails the
     * run: what is not delivered stays. An interrupt (the run cancelled while it starts) stops it between entries; what
     * waits on the receiver meanwhile is ended by {@link #abandonAttempt()}.
     */
    public void redeliverOutbox() {
        Outbox.Contents contents;
        try {
            contents = outbox.read();
        } catch (IOException | RuntimeException e) {
            ConsoleText.println(out, "[cognigy] WARNING webhook: cannot read the outbox " + outbox.directory().toAbsolutePath() + " ("
                    + describe(e) + "); its messages wait for a later run");
            return;
        }
        contents.abandoned().forEach(this::abandoned);
        stoppedBeforeSpooling();
        contents.quarantined().forEach(this::notAMessage);
        Outbox.Elsewhere others = contents.elsewhere();
        int elsewhere = others.files();
        if (elsewhere > 0) {
            // A warning, not a note: these are runs' results the QA platform has not received — another configuration's, or
            // this one's before its receiver moved or its token was rotated. The query counts (it may name another project), so
            // they are never sent here: only a run with their URL delivers them.
            ConsoleText.println(out, "[cognigy] WARNING webhook: " + elsewhere + (elsewhere == 1 ? " payload in " : " payloads in ")
                    + outbox.directory().toAbsolutePath() + (elsewhere == 1 ? " is" : " are") + " for another receiver (another URL"
                    + " than " + Constants.WEBHOOK_URL + "'s, its query included), not sent by this run; left for the runs that send"
                    + " there. If this receiver moved or its token was rotated, set the old URL in the environment variable "
                    + Constants.WEBHOOK_PREVIOUS_URL_ENV + " for one run: what was spooled for it is delivered here. "
                    + (elsewhere == 1 ? "It holds " : "They hold ") + WebhookDelivery.size(others.bytes()) + ", "
                    + (elsewhere == 1 ? "spooled " : "the oldest spooled ") + others.oldest() + ", for "
                    + receivers(others.byReceiver()) + "; a receiver retired for good never takes them: delete its entries"
                    + " (docs/webhook.md, \"Keeping the outbox bounded\")");
        }
        contents.ofNewerVersions().forEach((version, files) -> {
            // A warning too: results the QA platform has not received, which only the engine that spooled them can send.
            ConsoleText.println(out, "[cognigy] WARNING webhook: " + files + (files == 1 ? " payload in " : " payloads in ")
                    + outbox.directory().toAbsolutePath() + (files == 1 ? " was" : " were") + " spooled by a newer version of"
                    + " cognigy-junit (outbox entry version " + version + "; this one reads version " + Outbox.VERSION + " and"
                    + " earlier), not sent by this run nor set aside; left for a run of that version or later, which delivers"
                    + " them");
        });
        // On the delivery's ticker, not the wall clock: a clock set back an hour meanwhile must not hold the first test an hour.
        Deadline deadline = delivery.deadline(budget);
        List<Outbox.Entry> entries = contents.entries();
        for (int i = 0; i < entries.size() && !gone; i++) {
            if (Thread.currentThread().isInterrupted()) {
                ConsoleText.println(out, "[cognigy] webhook: the run was cancelled; " + (entries.size() - i) + " message(s) stay in "
                        + outbox.directory().toAbsolutePath() + " for the next run");
                return;
            }
            Outbox.Entry entry = entries.get(i);
            Path file = entry.file().toAbsolutePath();
            Instant now = clock.instant();
            if (!entry.dueAt(now)) {
                waits(entry.id(), entry.notBefore(), file);
                // The receiver's pause, kept with the message it answered, holds the messages after it too.
                if (holdsTheRest(entry.notBefore(), i, entries.size())) return;
                continue;
            }
            if (deadline.spent()) {
                ConsoleText.println(out, "[cognigy] webhook: this run's delivery budget (" + WebhookDelivery.readable(budget) + ") is spent; "
                        + (entries.size() - i) + " message(s) stay in " + outbox.directory().toAbsolutePath() + " for the next run");
                return;
            }
            try {
                // Read only now, one entry at a time: an outbox of many large payloads is never in memory at once.
                Outbox.Loaded loaded = outbox.load(entry);
                if (loaded.quarantined() != null) notAMessage(loaded.quarantined());
                Outbox.Message message = loaded.message();
                if (message == null) continue;
                // Another run may have kept a later Retry-After since the listing.
                if (!message.dueAt(now)) {
                    waits(message.id(), message.notBefore(), file);
                    if (holdsTheRest(message.notBefore(), i, entries.size())) return;
                    continue;
                }
                WebhookDelivery.Result result = delivery.deliver(message.id(), message.body(), deadline);
                switch (result.status()) {
                    case DELIVERED -> {
                        deliveredFromOutbox.add(message.id());
                        outbox.remove(message);
                        ConsoleText.println(out, "[cognigy] webhook: delivered " + message.id() + " spooled by an earlier run"
                                + (entry.forPreviousUrl() ? " for the previous URL (" + Constants.WEBHOOK_PREVIOUS_URL_ENV + ")" : ""));
                    }
                    case GONE -> gone(message.id());
                    case TOO_LARGE, UNPROCESSABLE -> refused(message, result);
                    case FAILED -> {
                        if (result.notBefore() != null) outbox.write(message.notBefore(result.notBefore()));
                        ConsoleText.println(out, notDelivered(message.id() + " still not delivered", result, file)
                                .orElse("[cognigy] webhook: " + message.id() + " still not delivered (" + result.problem()
                                        + "); it stays in " + file));
                        if (holdsTheRest(result.notBefore(), i, entries.size())) return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                ConsoleText.println(out, "[cognigy] WARNING webhook: " + entry.id() + " in " + file + " could not be handled (" + describe(e)
                        + "); it stays for a later run");
            }
        }
    }

    /** {@code receiver 5d41b7c2a9e0 (2)}, {@code receivers 5d41b7c2a9e0 (2), 9f86d081884c (1)}: as its entries name it. */
    private static String receivers(java.util.SortedMap<String, Integer> byReceiver) {
        StringBuilder named = new StringBuilder(byReceiver.size() == 1 ? "receiver " : "receivers ");
        byReceiver.forEach((receiver, files) -> named.append(named.charAt(named.length() - 1) == ' ' ? "" : ", ").append(receiver)
                .append(" (").append(files).append(')'));
        return named.toString();
    }

    /**
     * Abandons the attempt waiting on the receiver, from another thread: the delivering thread, interrupted too, ends the
     * delivery with the message still in the outbox (should the receiver have got it after all, it dedupes by webhook-id).
     */
    public void abandonAttempt() {
        delivery.abandon();
    }

    private void notAMessage(Outbox.Quarantined q) {
        ConsoleText.println(out, "[cognigy] WARNING webhook: " + q.file().toAbsolutePath() + " is not an outbox message (" + q.why() + "); "
                + (q.movedTo() == null ? "left where it is" : "moved to " + q.movedTo().toAbsolutePath()));
    }

    /** A run's payload that only a copy left by a JVM killed while spooling it held: never dropped without a word. */
    private void abandoned(Outbox.Abandoned copy) {
        String left = copy.copy().toAbsolutePath() + ", left by a run killed while spooling " + copy.id();
        if (copy.restoredTo() != null) {
            ConsoleText.println(out, "[cognigy] webhook: " + left + ", holds its whole payload; put in place as "
                    + copy.restoredTo().toAbsolutePath() + ", to be delivered as any message in the outbox");
            return;
        }
        Outbox.Quarantined q = copy.quarantined();
        ConsoleText.println(out, "[cognigy] WARNING webhook: " + left + ", holds its payload cut short (" + copy.bytes() + " bytes):"
                + " it cannot be sent, and the QA platform never received that run's results; "
                + (q.movedTo() == null ? "left where it is (" + q.why() + ")" : "moved to " + q.movedTo().toAbsolutePath()));
    }

    /** The runs stopped between their audit record and their payload's spooling: never lost without a word. */
    private void stoppedBeforeSpooling() {
        List<String> stopped;
        try {
            stopped = outbox.stoppedBeforeSpooling();
        } catch (IOException | RuntimeException e) {
            return; // the outbox's folder could not be listed: said as its messages are
        }
        for (String batch : stopped) {
            ConsoleText.println(out, "[cognigy] WARNING webhook: run " + batch + " stopped while its audit record was appended or"
                    + " after, before its payload reached the outbox " + outbox.directory().toAbsolutePath() + ": the QA platform"
                    + " never received that run's results, and no copy of them is left to send (its JVM was killed, or its end"
                    + " failed, in between). The audit trail may hold its record; run its tests again for results the QA platform"
                    + " receives");
        }
    }

    /**
     * Whether the messages after entry {@code index} wait for the receiver's {@code notBefore} too, saying so: its
     * Retry-After is its own (RFC 9110), not one message's, so until then none of them calls a receiver that asked for a
     * pause, nor arrives before the older message it deferred — in this run, and in a later one that finds that message
     * still waiting.
     */
    private boolean holdsTheRest(Instant notBefore, int index, int entries) {
        if (notBefore == null || index + 1 >= entries) return false;
        ConsoleText.println(out, "[cognigy] webhook: the receiver asked to be called again at " + notBefore + " (Retry-After); "
                + (entries - index - 1) + " more message(s) stay in " + outbox.directory().toAbsolutePath() + " for a later run");
        return true;
    }

    private void waits(String id, Instant notBefore, Path file) {
        ConsoleText.println(out, "[cognigy] webhook: " + id + " waits until " + notBefore + " as the receiver asked (Retry-After); it stays in "
                + file);
    }

    /**
     * Writes this run's payload to the outbox, before anything else happens to it: called right
     * after the run's audit record (whose checkpoint the payload carries) and before the listeners
     * write reports, so a JVM killed from then on leaves the payload for the next run.
     */
    public void writeAhead(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        writeAheadOnce(run, records, summary);
        // In the outbox now, or its loss said by this run: the mark of a run on its way there goes.
        try {
            outbox.concluded(run.batchId());
        } catch (IOException e) {
            // a mark left behind names a run whose payload is in place: the next run finds its process gone and says so
        }
    }

    /**
     * Marks the run as one whose payload is on its way to the outbox, before its audit record is appended: a JVM stopped
     * between that record and {@link #writeAhead} (killed, or an error on the way) leaves a run the trail holds and the QA
     * platform never receives, with no copy of its results to send; the next run that delivers the outbox finds the mark
     * and says so, naming the run. A mark that cannot be written changes nothing: an outbox that cannot be written is
     * said by {@link #writeAhead}.
     */
    public void concluding(RunInfo run) {
        try {
            outbox.concluding(run.batchId());
        } catch (IOException | RuntimeException e) {
            // said by writeAhead, which writes into the same folder
        }
    }

    /**
     * The run's end is past the point where its payload is written ahead, or failed before it: a mark {@link #writeAhead}
     * did not take away is then a stopped run's, which a later run in this JVM says as it would a killed JVM's.
     */
    public void leftConcluding(RunInfo run) {
        outbox.leftConcluding(run.batchId());
    }

    private void writeAheadOnce(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        String id = messageId(run, summary);
        // A batch id derived from its parts comes again when they are merged again: what went out under it, or waits to,
        // is what goes, never a payload built again with another timestamp under the same id.
        if (deliveredFromOutbox.contains(id)) return;
        Optional<Outbox.Message> spooled = outbox.spooled(id);
        if (spooled.isPresent()) {
            ahead = new WrittenAhead(spooled.get(), outbox.file(spooled.get()).toAbsolutePath(), null);
            ConsoleText.println(out, "[cognigy] webhook: " + id + " waits in the outbox already, spooled when the same batch was"
                    + " concluded before; those bytes are sent");
            return;
        }
        Outbox.Message message;
        try {
            message = new Outbox.Message(id, clock.instant(), null, body(payload(run, records, summary)));
        } catch (RuntimeException e) {
            // Never in the way of the reports that follow; send(...) tries again and says what failed.
            ConsoleText.println(out, "[cognigy] WARNING webhook: the payload of " + run.batchId() + " could not be built (" + describe(e) + ")");
            return;
        }
        try {
            ahead = new WrittenAhead(message, outbox.write(message).toAbsolutePath(), null);
        } catch (IOException | RuntimeException e) {
            // The operating system's words (No space left on device), and what to do: the payload is this run's only copy.
            ahead = new WrittenAhead(message, null, dev.botsim.cognigy.engine.support.FileFailures.reasonAndFix(
                    dev.botsim.cognigy.engine.support.FileFailures.reason(e), outbox.file(message).toAbsolutePath(), Path::toString,
                            Constants.WEBHOOK_OUTBOX_DIR));
            ConsoleText.println(out, "[cognigy] WARNING webhook: the outbox " + outbox.directory().toAbsolutePath() + " cannot be written ("
                    + ahead.failure() + "): " + message.id() + " is sent without a copy to fall back on");
        }
    }

    /**
     * Sends this run's payload within the budget — the one {@link #writeAhead written ahead}, or
     * written to the outbox now, before the first attempt. Delivered, it leaves the outbox;
     * otherwise it stays there for the next run.
     *
     * @return why the result was neither delivered nor kept in the outbox, or empty
     */
    public Optional<String> send(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        if (deliveredFromOutbox.contains(messageId(run, summary))) {
            delivery.close();
            ConsoleText.println(out, "[cognigy] webhook: " + messageId(run, summary) + " was delivered from the outbox by this run (the"
                    + " same batch concluded before); not sent again");
            return Optional.empty();
        }
        if (!writtenAheadFor(run, summary)) writeAhead(run, records, summary);
        if (!writtenAheadFor(run, summary)) {
            delivery.close();
            return Optional.of("webhook payload of " + run.batchId() + " could not be built: " + lost("it can be built"));
        }
        Outbox.Message message = ahead.message();
        String id = message.id();
        Path spooled = ahead.file();
        try {
            if (gone) {
                ConsoleText.println(out, "[cognigy] webhook: " + id + " not sent, the receiver answered 410 Gone"
                        + (spooled == null ? "" : "; it stays in " + spooled));
                return Optional.empty();
            }
            WebhookDelivery.Result result = delivery.deliver(id, message.body(), delivery.deadline(budget));
            switch (result.status()) {
                case DELIVERED -> {
                    ConsoleText.println(out, "[cognigy] webhook: delivered " + id);
                    if (spooled != null) removeDelivered(message, spooled);
                }
                case GONE -> {
                    gone(id);
                    if (spooled != null) ConsoleText.println(out, "[cognigy] webhook: " + id + " stays in " + spooled);
                }
                case TOO_LARGE, UNPROCESSABLE -> {
                    if (spooled == null) return Optional.of(neitherDeliveredNorSpooled(id, result.problem() + ", "
                            + WebhookDelivery.size(message.body().length)));
                    refused(message, result);
                }
                case FAILED -> {
                    if (spooled == null) {
                        return Optional.of(neitherDeliveredNorSpooled(id, result.problem()
                                + result.misconfiguration().map(meaning -> ": " + meaning).orElse("")));
                    }
                    if (result.notBefore() != null) keepNotBefore(message.notBefore(result.notBefore()));
                    ConsoleText.println(out, notDelivered(id + " not delivered", result, spooled)
                            .orElse("[cognigy] webhook: " + id + " not delivered (" + result.problem() + "); spooled to " + spooled
                                    + " for the next run"));
                }
            }
            return Optional.empty();
        } finally {
            delivery.close();
        }
    }

    private String neitherDeliveredNorSpooled(String id, String problem) {
        String failure = "webhook payload " + id + " was neither delivered (" + problem + ") nor spooled to "
                + outbox.directory().toAbsolutePath() + " (" + ahead.failure() + "): " + lost("the receiver takes it or the outbox can be written");
        ConsoleText.println(out, "[cognigy] " + failure);
        return failure;
    }

    /**
     * The receiver will not accept these bytes (413, 422): every later attempt would send them again and get the same
     * answer, so the message is set aside in the quarantine folder, with a warning naming it, why, and what to do.
     */
    private void refused(Outbox.Message message, WebhookDelivery.Result result) {
        long bytes = message.body().length;
        String size = WebhookDelivery.size(bytes);
        String exactly = bytes < 1024 ? size : size + " (" + bytes + " bytes)";
        String why = result.status() == WebhookDelivery.Status.TOO_LARGE
                ? "as too large (HTTP 413): the payload is " + exactly + ", above the request body limit of the receiver or of a"
                        + " proxy in front of it (nginx's client_max_body_size is 1 MiB unless raised)"
                : "as unprocessable (HTTP 422): it read the payload, " + exactly + ", and does not accept its content; the"
                        + " receiver's log says why";
        String fix = result.status() == WebhookDelivery.Status.TOO_LARGE
                ? "Raise the limit for " + Constants.WEBHOOK_URL + " above " + size + ", then"
                : "Once the receiver accepts it,";
        Path file = outbox.file(message).toAbsolutePath();
        try {
            Path movedTo = outbox.setAside(message).toAbsolutePath();
            ConsoleText.println(out, "[cognigy] WARNING webhook: the receiver refused " + message.id() + " " + why + ". It is not sent"
                    + " again: moved to " + movedTo + ". " + fix + " move the file back to " + file + ": the next run delivers it");
        } catch (IOException e) {
            ConsoleText.println(out, "[cognigy] WARNING webhook: the receiver refused " + message.id() + " " + why + ". It could not be"
                    + " set aside in " + outbox.quarantine().toAbsolutePath() + " (" + describe(e) + "): it stays in " + file
                    + " and the next run sends it again");
        }
    }

    private boolean writtenAheadFor(RunInfo run, RunSummary summary) {
        return ahead != null && ahead.message().id().equals(messageId(run, summary));
    }

    /**
     * The webhook id of {@code run}'s message: its batch's, so the same batch concluded again is the same message — but
     * for a conclusion whose audit record could not be appended ({@code audit_not_written}). A merge concludes its batch
     * again once the trail is fixed, and that payload, with its record and verdict, must not be taken by a receiver for
     * a repeat of the unaudited one it processed: so the unaudited one goes under an id of its own.
     */
    static String messageId(RunInfo run, RunSummary summary) {
        boolean unaudited = summary.governanceReasons().stream().anyMatch(r -> r.code().equals(VerdictReasons.AUDIT_NOT_WRITTEN));
        return messageId(run.batchId(), unaudited);
    }

    /** The id of batch {@code batchId}'s message: {@code msg_<batch id>}, and {@link #UNAUDITED_SUFFIX} after it when unaudited. */
    static String messageId(String batchId, boolean unaudited) {
        return "msg_" + batchId + (unaudited ? UNAUDITED_SUFFIX : "");
    }

    /** The run's message as written ahead: its file, or why it could not be written. */
    private record WrittenAhead(Outbox.Message message, Path file, String failure) {
    }

    private void removeDelivered(Outbox.Message message, Path spooled) {
        try {
            outbox.remove(message);
        } catch (IOException e) {
            ConsoleText.println(out, "[cognigy] WARNING webhook: " + spooled + " could not be removed (" + describe(e)
                    + "); the next run sends it again under the same webhook-id, for the receiver to ignore");
        }
    }

    /** The receiver's Retry-After goes with the message, so the next run does not call it sooner. */
    private void keepNotBefore(Outbox.Message message) {
        try {
            outbox.write(message);
        } catch (IOException e) {
            ConsoleText.println(out, "[cognigy] WARNING webhook: the receiver's Retry-After for " + message.id() + " could not be saved ("
                    + describe(e) + "); the next run may call it sooner");
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void gone(String id) {
        gone = true;
        ConsoleText.println(out, "[cognigy] WARNING webhook: the receiver answered 410 Gone for " + id
                + "; no more deliveries are attempted — check " + Constants.WEBHOOK_URL + " (or " + Constants.WEBHOOK_URL_ENV + ")");
    }

    /**
     * The payload's bytes as any receiver's JSON reader takes them: half an emoji from the bot (a failure message quoting
     * an answer cut inside one) as U+FFFD, not the escape {@code \}{@code uD83D} a strict reader refuses the whole payload
     * for, and a figure JSON has no number for as {@code null}. These bytes are signed and spooled as they are.
     */
    private byte[] body(Map<String, Object> payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator out = new InteroperableJsonGenerator(json.createGenerator(body))) {
            json.writeValue(out, payload);
        }
        return body.toByteArray();
    }

    /**
     * The warning for a payload the receiver's answer says the configuration keeps from it ({@link
     * WebhookDelivery.Result#misconfiguration}): likeliest on a first day and the same every run until fixed, so said as
     * a warning with the file it waits in, since a CI runner's outbox may be gone with its workspace before another run
     * comes; empty for any other failure, which is a note.
     *
     * @param what the payload and what became of it: {@code msg_… not delivered}, {@code msg_… still not delivered}
     */
    private static Optional<String> notDelivered(String what, WebhookDelivery.Result result, Path file) {
        return result.misconfiguration().map(meaning -> "[cognigy] WARNING webhook: " + what + " (" + result.problem() + "): "
                + meaning + ". The payload is in the outbox at " + file + "; the next run sends it again");
    }

    /**
     * The audit checkpoint in a fixed order, as every object of the payload is: a {@code Map.of}'s order changes from one
     * JVM to the next, so the same run's payload would differ in its bytes between two runs of the merge.
     */
    private static Map<String, Object> auditCheckpoint(RunSummary.AuditCheckpoint audit) {
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("head_hash", audit.headHash());
        checkpoint.put("records", audit.records());
        return checkpoint;
    }

    private Map<String, Object> payload(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("project_id", projectId);
        payload.put("timestamp", clock.instant().toString());
        payload.put("batch_id", run.batchId());
        // The logical run a CI job's JVMs, its merge and its reruns share — each with a batch id of its own — or null.
        payload.put("run_id", runId);
        // Only for tests picked one by one (an IDE's run, Surefire's rerun): the receiver must not take it for the suite's.
        if (run.partial()) payload.put("partial", true);
        // Only when a launcher's filter (tags, method names) took discovered tests out: the figures are of those that ran.
        if (run.filteredOut() > 0) payload.put("filtered_out", run.filteredOut());
        // Only for a merged run one of whose parts its CI ran again in a later attempt: which, in which attempt.
        if (!run.rerunAttempts().isEmpty()) payload.put("rerun_attempts", run.rerunAttempts());
        // Which bot, through which backend and where: a receiver given the payloads of several bots' runs, or of a staging
        // and a production run, tells them apart by these, never by a secret (the target's URLs are shown without theirs).
        payload.put("bot", run.botName());
        payload.put("backend", run.backend());
        payload.put("bot_under_test", BotUnderTestFields.of(run));
        payload.put("target", run.target());
        Map<String, Object> replay = ReplayFields.of(run, records);
        if (replay != null) payload.put("replay", replay);
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("total_tests", summary.total());
        batch.put("passed", summary.outcomes().getOrDefault(Outcome.PASSED, 0L));
        batch.put("failed", summary.total() - summary.outcomes().getOrDefault(Outcome.PASSED, 0L));
        // How many flows the coverage is of: with none expected it is 0.0, as results.json's ratio is, which this tells
        // apart from expected flows none of which was reached.
        batch.put("expected_flows", summary.flowHits().size());
        batch.put("coverage", summary.flowCoverage());
        // Repeated tests by verdict, only when a test ran more than once.
        if (!summary.stability().isEmpty()) {
            Map<String, Long> stability = new LinkedHashMap<>();
            summary.stability().forEach((s, n) -> stability.put(s.name().toLowerCase(Locale.ROOT), n));
            batch.put("stability", stability);
        }
        // Only when the run's NLU tests span more than one locale: each locale's NLU figures, as the audit record has them.
        Map<String, Object> byLocale = LocaleNluFields.of(summary.byLocale(), !summary.stability().isEmpty());
        if (byLocale != null) batch.put("by_locale", byLocale);
        payload.put("batch_summary", batch);
        payload.put("governance", summary.governance().name());
        // Why it is not COMPLIANT, as results.json and the audit record say it: empty for a COMPLIANT run.
        payload.put("governance_reasons", VerdictReasons.fields(summary.governanceReasons()));
        payload.put("audit_checkpoint", summary.audit() == null ? null : auditCheckpoint(summary.audit()));
        // What cognigy.replay.redact names, wherever a test's name or message quotes it, as its digest: the payload leaves this
        // machine for a third party. Replaced here, before the body is spooled and signed, so the signature covers these bytes.
        NamedValues named = NamedValues.of(redact, records);
        // Each result's fields are made as it is serialised, not all of them first: a large suite has tens of thousands.
        payload.put("detailed_results", records.stream().map(r -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("test_id", r.testId());
            // Only for a test that gives one: the id a test-management tool knows it by. Other results are unchanged.
            if (r.externalId() != null) result.put("external_id", r.externalId());
            result.put("name", named.in(r.displayName()));
            result.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
            // Only on a skipped result that says why, as results.json writes it. Other results are unchanged.
            if (r.skipReason() != null) result.put("skip_reason", r.skipReason().name().toLowerCase(Locale.ROOT));
            result.put("source", r.source());
            result.put("line", r.line());
            // The test's own time, as results.json gives it: a test-management tool records each result's duration.
            result.put("duration_ms", r.duration().toMillis());
            result.put("message", named.in(r.message()));
            if (r.replayed()) result.put("replayed", true);
            else if (r.replayedAnswers() > 0) result.put("replayed_answers", r.replayedAnswers());
            // Only on a result whose message never reached the bot (refused before sending, never left, skipped, invalid
            // input): it says nothing of the bot, and a receiver may count it apart. Other results are as they were.
            if (!r.sent()) result.put("sent", false);
            return result;
        }).iterator());
        return payload;
    }
}
