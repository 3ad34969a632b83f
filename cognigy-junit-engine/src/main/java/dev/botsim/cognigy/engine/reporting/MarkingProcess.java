package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The process that marked a report folder as its run's under way ({@code "process"} in the mark's {@code results.json}):
 * a later run, or a reader, can tell a mark whose process is gone — killed outright, with no hook to replace the mark —
 * from a run still under way in another JVM.
 *
 * <p>Whether the process at a mark's pid is still the one that wrote it is told by when it started — on Linux by its
 * start in clock ticks since the machine booted ({@code start_ticks}), which no change of the wall clock moves: the start
 * time Java gives is that count added to the wall clock's time of boot, which NTP stepping the clock moves with it, so a
 * JVM started after such a step reads a live process as started seconds (or hours) off, and took it for a reused pid —
 * a run under way said to be killed outright.
 *
 * @param pid        the process id
 * @param started    when the process started, as the operating system says; {@code null} when it does not say
 * @param host       the machine's name, as read without a network lookup; {@code null} when none is known
 * @param startTicks when the process started, in clock ticks since the machine booted (Linux's {@code /proc/<pid>/stat});
 *                   {@code null} elsewhere, and in marks written before marks said it
 */
record MarkingProcess(long pid, Instant started, String host, Long startTicks) {

    MarkingProcess(long pid, Instant started, String host) {
        this(pid, started, host, null);
    }

    /**
     * Two start times of one process, read at different moments: equal where the operating system keeps the time it
     * started, and within this where it computes it from clock ticks and the time since boot.
     */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    /** This JVM's process. */
    static MarkingProcess current() {
        ProcessHandle self = ProcessHandle.current();
        return new MarkingProcess(self.pid(), self.info().startInstant().orElse(null), hostName(), startTicks(self.pid()));
    }

    /**
     * Whether this process is known to be gone: it ran on this machine (as far as its name tells), and no process with
     * its id is alive there, or the one that is started at another time (the id given to a new process since). A process
     * of another machine — a report folder shared over the network, another container's — cannot be told gone.
     */
    boolean gone() {
        if (!Objects.equals(host, hostName())) return false;
        Optional<ProcessHandle> alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (alive.isEmpty()) return true;
        // Ticks since boot where both are known: the wall clock, set back or forward since the mark, moves no tick.
        Long ticks = startTicks == null ? null : startTicks(pid);
        if (ticks != null) return !ticks.equals(startTicks);
        Optional<Instant> since = alive.get().info().startInstant();
        return started != null && since.isPresent() && Duration.between(started, since.get()).abs().compareTo(SAME_START) > 0;
    }

    /** As the mark writes it. */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pid", pid);
        fields.put("started", started == null ? null : started.toString());
        fields.put("host", host);
        if (startTicks != null) fields.put("start_ticks", startTicks);
        return fields;
    }

    /**
     * When process {@code pid} started, in clock ticks since the machine booted — field 22 of {@code /proc/<pid>/stat},
     * counted after the command's closing parenthesis, since the command may hold spaces and parentheses of its own; or
     * {@code null} where there is no such file (not Linux, or no such process).
     */
    static Long startTicks(long pid) {
        try {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.isReadable(stat)) return null;
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            String[] after = line.substring(line.lastIndexOf(')') + 1).trim().split(" +");
            // After the command come field 3 (state) onwards: field 22 is the 20th of them.
            return after.length > 19 ? Long.valueOf(after[19]) : null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** {@code process 4711 (started 2026-03-01 10:00:00 UTC)}, as a console line names it. */
    String describe() {
        return "process " + pid + (started == null ? "" : " (started " + HtmlReport.shown(started.truncatedTo(ChronoUnit.SECONDS)) + ")");
    }

    /**
     * Reads the object {@code parser} is at the start of, up to its end; empty when it names no process id (a mark of
     * another version, a file of someone else's).
     */
    static Optional<MarkingProcess> read(JsonParser parser) {
        Long pid = null;
        Instant started = null;
        String host = null;
        Long startTicks = null;
        for (String name; (name = parser.nextName()) != null; ) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "pid" -> pid = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                case "started" -> started = value == JsonToken.VALUE_STRING ? instant(parser.getString()) : null;
                case "host" -> host = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "start_ticks" -> startTicks = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                default -> parser.skipChildren();
            }
        }
        return pid == null ? Optional.empty() : Optional.of(new MarkingProcess(pid, started, host, startTicks));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The machine's name, without a network lookup (which can take seconds where the name does not resolve): the
     * kernel's on Linux (a container's own), else the variable Windows and most shells set; {@code null} when neither.
     */
    private static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) return Files.readString(kernel, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException unreadable) {
            // the variables, then
        }
        String name = System.getenv("COMPUTERNAME");
        if (name == null) name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() ? null : name.strip();
    }
}
