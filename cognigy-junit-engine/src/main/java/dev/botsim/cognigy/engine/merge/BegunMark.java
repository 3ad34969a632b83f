package dev.botsim.cognigy.engine.merge;

import java.nio.file.Path;
import java.util.Optional;

import dev.botsim.cognigy.engine.shard.RunPart;

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

    /** Which part it is and when it began, with where the mark is: {@code shard 2/2 of faq-bot that began at ... (file)}. */
    String describe() {
        return begun.map(b -> (b.shard() == null ? "a part" : "shard " + b.shard()) + (b.suite() == null ? "" : " of " + b.suite())
                + " that began at " + b.started()).orElse("a part") + " (" + file + ")";
    }
}
