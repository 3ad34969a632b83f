package dev.botsim.cognigy.engine.merge;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * The mark of a part that began and never wrote its file ({@link RunPart#BEGUN_SUFFIX}), as the merge found it.
 *
 * @param file  the mark
 * @param begun what it says of itself; empty when it cannot be read (cut short by the JVM writing it: a part that never
 *              ended all the same)
 * @param given whether the merge was given it: below a folder named, or named itself — not only found in the run folder
 *              of a part named, where another module's parts may have left theirs (one report folder for several modules)
 */
record BegunMark(Path file, Optional<RunPart.Begun> begun, boolean given) {

    static BegunMark read(Path file, boolean given) {
        return new BegunMark(file, RunPart.readBegun(file), given);
    }

    /** The suite of the part, when the mark says it. */
    Optional<String> suite() {
        return begun.map(RunPart.Begun::suite);
    }

    /** Whether it may be a part of run {@code runId}: it says so, or cannot be read. */
    boolean mayBeOf(String runId) {
        return begun.isEmpty() || runId.equals(begun.get().runId());
    }

    /**
     * The part this mark's JVM wrote before it could remove the mark — killed in that instant: a part of the same run
     * whose batch is the one the mark names ({@link RunPart#writing}), by where it was read from. Empty when the mark
     * names no batch (its JVM never got to write its part, or an engine wrote it that did not record it).
     */
    Optional<String> ownPart(Map<String, RunPart> parts) {
        if (begun.isEmpty() || begun.get().batch() == null) return Optional.empty();
        RunPart.Begun mark = begun.get();
        return parts.entrySet().stream()
                .filter(e -> mark.runId().equals(e.getValue().runId()) && mark.batch().equals(e.getValue().info().batchId()))
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    /**
     * Whether a later part can stand for this one: the mark says its shard, its suite and the tests its run planned
     * ({@link RunPart.Begun#planned}). A shard's job run again plans the same tests whichever JVM runs it (the merge
     * refuses shards that found different suites), so a part that planned them is that part again. Only that proves it:
     * a shard's job whose Surefire forks each run one test class runs an engine run per class, every one labelled with
     * that shard, and another class's part is not the lost class's. A fork's part (no shard) cannot be stood for: a later
     * part without a shard may be another fork's of the same run — one started after it, as a fork of
     * {@code reuseForks=false} is for each class. Nor can a mark that cannot be read, or that names no suite or plan
     * (written by an engine that did not record them) or no time it began (edited by hand).
     */
    boolean canBeRunAgain() {
        return begun.isPresent() && begun.get().shard() != null && begun.get().suite() != null && begun.get().started() != null
                && begun.get().planned() != null;
    }

    /**
     * The part that stands for this mark's, by where it was read from: a whole part of the same run, suite and shard that
     * planned the same tests and began after the mark's part began — that shard run again, its tests all there. A part
     * that began before it does not: the mark may be a rerun of the shard's tests after that part (its results would
     * replace the part's), killed. A rerun's part (tests picked one by one) holds only some of the shard's tests, and a
     * part that planned other tests is another engine run of the shard's job (another test class's fork). The earliest
     * such part is named.
     */
    Optional<String> standingPart(Map<String, RunPart> parts) {
        if (!canBeRunAgain()) return Optional.empty();
        RunPart.Begun mark = begun.get();
        return parts.entrySet().stream()
                .filter(e -> !e.getValue().partial() && ofItsShard(e.getValue()) && mark.planned().equals(e.getValue().planned())
                        && e.getValue().info().started().isAfter(mark.started()))
                .min(Comparator.comparing((Map.Entry<String, RunPart> e) -> e.getValue().info().started()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    /**
     * The whole parts of this mark's run, suite and shard that planned other tests than its run, by where each was read
     * from: other engine runs of that shard's job (another test class's fork), which stand for none of it.
     */
    List<String> otherwisePlanned(Map<String, RunPart> parts) {
        if (!canBeRunAgain()) return List.of();
        return parts.entrySet().stream()
                .filter(e -> !e.getValue().partial() && ofItsShard(e.getValue()) && !begun.get().planned().equals(e.getValue().planned()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private boolean ofItsShard(RunPart part) {
        RunPart.Begun mark = begun.orElseThrow();
        return mark.runId().equals(part.runId()) && mark.shard().equals(part.shard()) && mark.suite().equals(part.suite());
    }

    /**
     * Which part it is, when it began and what it planned, with where the mark is: {@code shard 2/2 of faq-bot that began
     * at ... and planned 8 tests (file)}.
     */
    String describe() {
        // The shard and suite are the mark's words, which no check has read: each on one line, as a refusal prints it.
        return begun.map(b -> (b.shard() == null ? "a part" : "shard " + ConsoleText.oneLine(b.shard()))
                + (b.suite() == null ? "" : " of " + ConsoleText.oneLine(b.suite()))
                + " that began at " + b.started() + (b.planned() == null ? "" : " and planned " + b.planned().describe()))
                .orElse("a part") + " (" + file + ")";
    }
}
