package dev.botsim.cognigy.engine.shard;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.botsim.cognigy.engine.support.Sha256;

/**
 * Which tests one JVM's run of a split run planned: how many, and a digest of their JUnit unique ids. A begun part's mark
 * and its part file both record it, so the merge can tell the same selection run again — a shard's job run again plans
 * the same tests whichever JVM runs it, and the merge already takes a test's unique id for the same test in every part —
 * from another engine run that shares its run id, suite and shard: in a shard job whose Surefire forks each run one test
 * class, every class is an engine run of its own, all labelled with that shard.
 *
 * @param tests  how many tests the run planned (distinct unique ids)
 * @param digest {@code sha256:} and the SHA-256 of the sorted unique ids, each written with its length, as lower-case hex
 */
public record PlannedTests(int tests, String digest) {

    /** The plan of a run whose tests have these unique ids, in any order. */
    public static PlannedTests of(Collection<String> uniqueIds) {
        SortedSet<String> sorted = new TreeSet<>(uniqueIds);
        StringBuilder written = new StringBuilder();
        // Each id with its length: no id can run into the next, whatever characters it holds.
        for (String id : sorted) written.append(id.length()).append(':').append(id).append('\n');
        return new PlannedTests(sorted.size(), "sha256:" + Sha256.hex(written.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code 1 test}, {@code 17 tests}. */
    public String describe() {
        return tests + (tests == 1 ? " test" : " tests");
    }
}
