package dev.botsim.cognigy.engine.replay;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.botsim.cognigy.engine.config.ReplayMode;

/**
 * What record and replay did in a run, for its console lines.
 *
 * @param fingerprint the bot's fingerprint as this run knew it
 * @param replayed    messages answered from a cassette
 * @param replayedUnanswered messages failed again as their cassette records the bot left them, unanswered
 * @param live        messages sent to the bot that it answered or left unanswered
 * @param problems    what is wrong in the cassettes read, {@code file:line:column: what — fix} each
 * @param notInRun    tests recorded in a cassette that are not in this run, by cassette: stale when the test was removed
 * @param runsNotMade recorded runs of this run's repeated tests that it did not make, by cassette: beyond the test's
 *                    repeat count now, or not reached
 * @param written     the cassettes written
 * @param unwritten   the cassettes that could not be written, each naming the file, why, this run's tests whose
 *                    recordings it lost and the fix: the run fails for them, as for an approval file not written
 * @param botChanged  in {@code auto}, the cassettes recorded against another bot, with what changed
 *                    ({@code key: was -> now}, as {@link Fingerprint#differenceFrom} says it): why their tests ran live;
 *                    in {@code replay}, the cassettes replayed from that were recorded against another bot than the one
 *                    the configuration alone names (the sandbox's definition, edited since): their answers are the old
 *                    bot's
 * @param otherBackend in {@code replay}, the cassettes replayed from that were recorded through another backend than
 *                     this run's, with which: their answers stand for this run's backend's
 * @param wentLive    in {@code auto}, the conversations ({@code <cassette>: <conversation>}) sent to the bot from their
 *                    first turn although some of their turns were recorded as they are now, with why
 *                    ({@code turn 3's text (recorded …) changed since it was recorded}): why their unchanged turns
 *                    were sent live
 * @param setupFailed the messages of recorded tests that failed for the run's own setup, not for the bot: nothing was
 *                    recorded for them
 * @param notSent     the messages of recorded tests that never left for the bot (no connection, no such host, no TLS,
 *                    held back, or a request that comes before the message failed): nothing was recorded for them
 */
public record ReplayReport(ReplayMode mode, Fingerprint fingerprint, int replayed, int replayedUnanswered, int live,
                           List<String> problems,
                           Map<String, Set<String>> notInRun, Map<String, Set<String>> runsNotMade, List<String> written, List<String> unwritten,
                           Map<String, String> botChanged, Map<String, String> otherBackend, Map<String, String> wentLive,
                           Unrecorded setupFailed, Unrecorded notSent) {

    /**
     * Messages of tests the run recorded into a cassette that got no answer of the bot's and so recorded nothing: they
     * failed for the run's own setup (credentials rejected, a permission missing, its configuration keeping the message
     * from the bot), or never left for the bot.
     *
     * @param messages how many
     * @param first    the first of them, {@code kind: message}; {@code null} when there is none
     */
    public record Unrecorded(int messages, String first) {
        public static final Unrecorded NONE = new Unrecorded(0, null);
    }

    public ReplayReport {
        problems = List.copyOf(problems);
        notInRun = Map.copyOf(notInRun);
        runsNotMade = Map.copyOf(runsNotMade);
        written = List.copyOf(written);
        unwritten = List.copyOf(unwritten);
        botChanged = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(botChanged));
        otherBackend = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(otherBackend));
        wentLive = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(wentLive));
        setupFailed = java.util.Objects.requireNonNullElse(setupFailed, Unrecorded.NONE);
        notSent = java.util.Objects.requireNonNullElse(notSent, Unrecorded.NONE);
    }

    /** The line saying that {@code unrecorded}'s messages, which {@code did} so, recorded nothing, and what to {@code fix}. */
    private static String notRecorded(Unrecorded unrecorded, String did, String fix) {
        boolean one = unrecorded.messages() == 1;
        return "WARNING not recorded: " + unrecorded.messages() + (one ? " message " : " messages ") + did + " (the first: "
                + unrecorded.first() + "); nothing was recorded for " + (one ? "it" : "them") + ", and "
                + (one ? "its test keeps the entries it" : "their tests keep the entries they") + " had unless this run recorded"
                + " another of " + (one ? "its" : "their") + " messages, so replay answers " + (one ? "it" : "them")
                + " as the bot last did: " + fix;
    }

    /**
     * The console's lines: the counts, then every cassette problem, each cassette's stale entries and runs not made (a
     * few named, the rest counted) and every written cassette.
     */
    public List<String> lines() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("replay (" + mode.id() + "): " + replayed + (replayed == 1 ? " message" : " messages") + " answered from cassettes, "
                + (replayedUnanswered == 0 ? "" : replayedUnanswered + " replayed unanswered as recorded, ")
                + live + " sent to the bot; bot fingerprint " + fingerprint.digest());
        if (mode == ReplayMode.AUTO && replayed > 0 && !fingerprint.tellsVersions()) {
            lines.add("WARNING auto replayed " + replayed + (replayed == 1 ? " message" : " messages") + " on a fingerprint that"
                    + " names no version of the bot (" + String.join(", ", fingerprint.facts().keySet()) + ": a REST Endpoint"
                    + " without the management API tells nothing of the bot behind it), so a changed bot looks like the one"
                    + " recorded and its tests pass or fail on the answers it gave then — give the run the management API"
                    + " (cognigy.management.url, cognigy.management.project-id, COGNIGY_API_KEY), whose deployment and flows"
                    + " version the recordings, or run cognigy.replay=record after the bot changes");
        }
        botChanged.forEach((file, change) -> lines.add(mode == ReplayMode.REPLAY
                ? "WARNING " + file + ": recorded against another bot than this run's configuration names (" + change + "); its"
                        + " answers, the bot's as it was then, were replayed all the same, and its tests judged on them — record"
                        + " again (cognigy.replay=record, or auto, which sends only what changed) to judge the bot as it is now"
                : file + ": recorded against another bot, its tests ran live (" + change + ")"));
        wentLive.forEach((conversation, why) -> lines.add(conversation + " sent live from its first turn, its unchanged"
                + " turns too, each judged on this run's answer, because " + why));
        otherBackend.forEach((file, which) -> lines.add("WARNING " + file + ": " + which + "; its answers were replayed for"
                + " this run's backend — if each backend is meant to be checked on its own answers, give each its own"
                + " cognigy.replay.dir and record through it"));
        // Each said once, whatever the count: the same refusal, message after message, is one thing to fix.
        if (setupFailed.messages() > 0) {
            lines.add(notRecorded(setupFailed, "failed for the run's own setup, not for the bot", "fix the setup and record again"));
        }
        if (notSent.messages() > 0) {
            lines.add(notRecorded(notSent, "never reached the bot: each failed before it was sent (no connection, no such host,"
                    + " no TLS session, held back, or a request that comes before it failed)", "check that the Cognigy environment is up and its address"
                    + " right, and record again"));
        }
        problems.forEach(p -> lines.add("cassette problem: " + p));
        notInRun.forEach((file, tests) -> lines.add(file + ": " + tests.size() + " recorded test" + (tests.size() == 1 ? "" : "s")
                + " not in this run (stale if removed): " + Cassettes.firstNamed(tests)));
        // Not tests: a run the test did not make now, which replay never asks for until the count is raised again.
        runsNotMade.forEach((file, runs) -> lines.add(file + ": " + runs.size() + " recorded run" + (runs.size() == 1 ? "" : "s")
                + " of this run's repeated tests that it did not make (beyond the repeat count now, or not reached), kept"
                + " until their test is recorded again: " + Cassettes.firstNamed(runs)));
        lines.addAll(written);
        unwritten.forEach(u -> lines.add("ERROR recordings not saved: " + u));
        return lines;
    }

    /**
     * What fails the run: the cassettes that could not be written, so this run's recordings are lost (each of
     * {@link #unwritten}); empty when every cassette was written.
     */
    public java.util.Optional<String> shortfall() {
        return unwritten.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of("recordings were not saved: " + String.join("; ", unwritten));
    }
}
