package dev.botsim.cognigy.engine.config;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.botsim.cognigy.engine.support.RedactedValues;

/**
 * Whether and where a run's HTTP exchanges are traced ({@code cognigy.http.trace}): {@link #OFF}; {@link #ASKED}, as the
 * configuration reads it, which writes nothing; or the run's trace once it started ({@link #writingTo}), which every
 * client's transport is handed with the other {@code cognigy.http.*} settings ({@link HttpSettings#trace()}) and writes
 * each exchange to as one line. In {@code config}, since the lifecycle, which opens the file, may not reach the
 * transport, and the transport formats and redacts the lines.
 */
public final class HttpTrace {

    /** No trace: the transport adds nothing to its clients. */
    public static final HttpTrace OFF = new HttpTrace(false, null, null, null, 0, List.of(), null);

    /** Asked for by the configuration, not yet the run's: writes nothing (discovery's requests, say). */
    public static final HttpTrace ASKED = new HttpTrace(true, null, null, null, 0, List.of(), null);

    private final boolean asked;
    private final Consumer<String> lines;
    private final Clock clock;
    private final LongSupplier nanoTime;
    /** When the trace was made, as the run started: what {@code since_ms} counts from, a reading of {@link #nanoTime}. */
    private final long startNanos;
    private final List<String> redact;
    private final Secrets secrets;
    /** Values the trace found to be secrets as it went (an access token a server issued): masked from then on. */
    private final Set<String> learned = ConcurrentHashMap.newKeySet();
    /** Values {@code cognigy.replay.redact} named in an exchange so far: redacted in every later one too. */
    private final RedactedValues named = RedactedValues.of(List.of());

    private HttpTrace(boolean asked, Consumer<String> lines, Clock clock, LongSupplier nanoTime, long startNanos, List<String> redact,
                      Secrets secrets) {
        this.asked = asked;
        this.lines = lines;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.startNanos = startNanos;
        this.redact = List.copyOf(redact);
        this.secrets = secrets;
    }

    /**
     * The run's trace, made as the run starts: {@code since_ms} counts from now.
     *
     * @param lines    where each exchange's line goes (JSON, no line break), from any thread, one call per line
     * @param clock    the wall clock an exchange's moment is read on
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}): what durations are measured on
     * @param secrets  the run's secrets, masked wherever an exchange holds them
     * @param redact   {@code cognigy.replay.redact}: JSON pointers and slot names
     */
    public static HttpTrace writingTo(Consumer<String> lines, Clock clock, LongSupplier nanoTime, Secrets secrets, List<String> redact) {
        return new HttpTrace(true, lines, clock, nanoTime, nanoTime.getAsLong(), redact, secrets);
    }

    /** Whether {@code cognigy.http.trace} asks for a trace. */
    public boolean asked() {
        return asked;
    }

    /** Whether exchanges are written: the run's trace. */
    public boolean writes() {
        return lines != null;
    }

    /** Writes one exchange's line; nothing when the trace {@link #writes() writes} nowhere. */
    public void write(String line) {
        if (lines != null) lines.accept(line);
    }

    public Instant now() {
        return clock.instant();
    }

    public long nanos() {
        return nanoTime.getAsLong();
    }

    /** Milliseconds from the run's start to {@code nanos}, as {@link #nanos()} reads it. */
    public long sinceStartMillis(long nanos) {
        return (nanos - startNanos) / 1_000_000;
    }

    /** {@code cognigy.replay.redact}: JSON pointers and slot names whose values the trace writes as {@code <redacted>}. */
    public List<String> redact() {
        return redact;
    }

    /**
     * Every form of every secret the run holds ({@link Secrets#forms()}) and the values learned as secrets so far, longest
     * first: read once per exchange, since a locale's endpoint URL is a secret once it is looked up.
     */
    public List<String> secretForms() {
        List<String> forms = new java.util.ArrayList<>(secrets == null ? List.of() : secrets.forms());
        forms.addAll(learned);
        forms.sort((a, b) -> b.length() - a.length());
        return forms;
    }

    /** Masks {@code value} from now on wherever an exchange holds it: an access token a server issued, say. */
    public void learn(String value) {
        // Too short a value would mask ordinary words.
        if (value != null && value.length() >= 8) learned.add(value);
    }

    /** Redacts {@code values} from now on wherever an exchange holds them: what {@code cognigy.replay.redact} named in one. */
    public void named(java.util.Collection<String> values) {
        named.addAll(values);
    }

    /**
     * The values {@code cognigy.replay.redact} named in the exchanges so far, as one index the run's exchanges share and
     * {@link #named} adds to: each exchange's line is redacted by it without copying or indexing every value again.
     */
    public RedactedValues named() {
        return named;
    }

    @Override
    public String toString() {
        return asked ? "on" : "off";
    }
}
