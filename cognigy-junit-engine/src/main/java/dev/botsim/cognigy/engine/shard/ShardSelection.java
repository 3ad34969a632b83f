package dev.botsim.cognigy.engine.shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import org.junit.platform.engine.TestDescriptor;

import dev.botsim.cognigy.engine.config.Shard;
import dev.botsim.cognigy.engine.support.Sha256;

/**
 * Keeps one shard's tests in the discovered tree and removes the others. Every shard works out the whole assignment
 * on its own, so the shards come out disjoint and complete:
 *
 * <ul>
 *   <li>the unit is a test, or a container that must run whole (a data-file conversation: its turns share one
 *       session), so a conversation is never split;</li>
 *   <li>each class or data file the engine discovers at its top is split on its own, whichever others the discovery
 *       selected: Surefire discovers every test class alone first and then runs only the classes that kept a test, so
 *       one shard's discovery may see all the suite's classes and another's only some;</li>
 *   <li>within one, units are ordered by the SHA-256 of their unique id — stable across machines and runs, and
 *       independent of the order the files were found in — and each goes to the shard with the fewest of its tests so
 *       far, so its shards differ by at most the size of one unit; on a tie, the shards are tried from one the class's
 *       or file's own hash picks, so that the classes' remainders spread over the shards rather than all landing on the
 *       first.</li>
 *   <li>a test that stands for invalid input goes to every shard, outside the split: under Surefire a shard's JVM runs
 *       a class only when a tag filter leaves it a test of that shard's share, so in one shard alone the problem would be
 *       seen by no part whenever the filter took that shard's share of the class out whole, where one JVM, running the
 *       class for its other tests, fails over it. The merge counts it once.</li>
 * </ul>
 */
public final class ShardSelection {

    private ShardSelection() {
    }

    /**
     * @param whole whether a container is a unit that runs whole (its tests all go to one shard)
     * @return how many tests this shard keeps
     */
    public static long keep(TestDescriptor root, Shard shard, Predicate<TestDescriptor> whole) {
        return keep(root, shard, whole, node -> false);
    }

    /**
     * @param whole      whether a container is a unit that runs whole (its tests all go to one shard)
     * @param everywhere whether a test goes to every shard, outside the split (a test standing for invalid input)
     * @return how many tests this shard keeps
     */
    public static long keep(TestDescriptor root, Shard shard, Predicate<TestDescriptor> whole, Predicate<TestDescriptor> everywhere) {
        long kept = 0;
        for (TestDescriptor top : List.copyOf(root.getChildren())) {
            List<Unit> units = new ArrayList<>();
            collect(top, whole, units);
            // Not balanced: the split of the other tests stays as it is without them.
            for (Unit unit : List.copyOf(units)) {
                if (unit.node().isTest() && everywhere.test(unit.node())) {
                    units.remove(unit);
                    kept++;
                }
            }
            units.sort(Comparator.comparing(Unit::hash).thenComparing(u -> u.node().getUniqueId().toString()));
            int count = shard.count();
            int first = Integer.remainderUnsigned(Integer.parseUnsignedInt(hash(top.getUniqueId().toString()).substring(0, 8), 16), count);
            long[] load = new long[count];
            for (Unit unit : units) {
                int target = first;
                for (int step = 1; step < count; step++) {
                    int i = (first + step) % count;
                    if (load[i] < load[target]) target = i;
                }
                load[target] += unit.tests();
                if (target == shard.index() - 1) kept += unit.tests();
                else unit.node().removeFromHierarchy();
            }
        }
        pruneEmpty(root);
        return kept;
    }

    private static void collect(TestDescriptor node, Predicate<TestDescriptor> whole, List<Unit> units) {
        if (node.isTest() || (!node.isRoot() && whole.test(node))) {
            long tests = node.isTest() ? 1 : node.getDescendants().stream().filter(TestDescriptor::isTest).count();
            if (tests > 0) units.add(new Unit(node, hash(node.getUniqueId().toString()), tests));
            return;
        }
        for (TestDescriptor child : List.copyOf(node.getChildren())) collect(child, whole, units);
    }

    /** Removes the containers this shard left without tests, so no empty file or class is reported. */
    private static void pruneEmpty(TestDescriptor node) {
        for (TestDescriptor child : List.copyOf(node.getChildren())) pruneEmpty(child);
        if (!node.isRoot() && !node.isTest() && node.getChildren().isEmpty()) node.removeFromHierarchy();
    }

    static String hash(String uniqueId) {
        return Sha256.hex(uniqueId.getBytes(StandardCharsets.UTF_8));
    }

    private record Unit(TestDescriptor node, String hash, long tests) {
    }
}
