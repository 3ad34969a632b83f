package dev.botsim.cognigy.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * When the launcher reached each phase of a run, in the engine's JVM: session opened, discovery
 * started and finished, test run started, engine started, first test started, last test finished,
 * engine finished, test run finished, session closed. The console benchmark registers it through
 * service files on the engine JVM's class path only (never in this module's own resources, so no
 * other run picks it up), and reads the file named by {@code -Dbench.timeline} that it writes when
 * the session closes: one {@code event instant} line each.
 *
 * <p>The JVM makes one instance per listener interface, so the times are static. Recording costs a
 * clock read and a map lookup per event, nothing measurable next to a test.
 */
public final class RunTimeline implements LauncherSessionListener, LauncherDiscoveryListener, TestExecutionListener {

    static final String FILE_PROPERTY = "bench.timeline";
    /** The line giving the CPU time the JVM used up to the session's end, in milliseconds. */
    static final String CPU = "cpu-ms";

    /** The events in the order they happen, as written to the file. */
    static final List<String> EVENTS = List.of("session-opened", "discovery-started", "discovery-finished", "run-started",
            "engine-started", "first-test-started", "last-test-finished", "engine-finished", "run-finished", "session-closed");

    private static final Map<String, Instant> FIRST = new ConcurrentHashMap<>();
    private static final AtomicReference<Instant> LAST_TEST_FINISHED = new AtomicReference<>();

    public RunTimeline() {
    }

    private static void mark(String event) {
        FIRST.putIfAbsent(event, Instant.now());
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        mark("session-opened");
    }

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        mark("discovery-started");
    }

    @Override
    public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
        mark("discovery-finished");
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        mark("run-started");
    }

    @Override
    public void executionStarted(TestIdentifier identifier) {
        if (identifier.getParentIdObject().isEmpty()) mark("engine-started");
        else if (identifier.isTest()) mark("first-test-started");
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (identifier.getParentIdObject().isEmpty()) mark("engine-finished");
        else if (identifier.isTest()) {
            Instant now = Instant.now();
            LAST_TEST_FINISHED.accumulateAndGet(now, (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        mark("run-finished");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        mark("session-closed");
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null) return;
        List<String> lines = new ArrayList<>();
        for (String event : EVENTS) {
            Instant at = event.equals("last-test-finished") ? LAST_TEST_FINISHED.get() : FIRST.get(event);
            if (at != null) lines.add(event + " " + at);
        }
        // Read here, after the run, so the management classes load outside every measured phase.
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            lines.add(CPU + " " + os.getProcessCpuTime() / 1_000_000);
        }
        try {
            Files.write(Path.of(file), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine JVM's CPU time in milliseconds, from a file written by {@link #launcherSessionClosed}; -1 when absent. */
    static long cpuMillis(Path file) throws IOException {
        if (!Files.exists(file)) return -1;
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(CPU + " "))
                .mapToLong(l -> Long.parseLong(l.substring(CPU.length() + 1))).findFirst().orElse(-1);
    }

    /** The events a file written by {@link #launcherSessionClosed} holds. */
    static Map<String, Instant> read(Path file) throws IOException {
        Map<String, Instant> events = new LinkedHashMap<>();
        if (!Files.exists(file)) return events;
        for (String line : Files.readAllLines(file)) {
            int space = line.indexOf(' ');
            if (space > 0 && !line.startsWith(CPU + " ")) events.put(line.substring(0, space), Instant.parse(line.substring(space + 1)));
        }
        return events;
    }
}
