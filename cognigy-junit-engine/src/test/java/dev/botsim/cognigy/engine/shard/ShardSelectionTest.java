package dev.botsim.cognigy.engine.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

import dev.botsim.cognigy.engine.config.Shard;

/** {@link ShardSelection}: the shards of a suite are disjoint and complete, balanced, and keep a conversation whole. */
class ShardSelectionTest {

    private static final class Node extends AbstractTestDescriptor {
        private final Type type;

        Node(UniqueId id, Type type) {
            super(id, id.getLastSegment().getValue());
            this.type = type;
        }

        @Override
        public Type getType() {
            return type;
        }
    }

    private static Node add(TestDescriptor parent, String type, String value, TestDescriptor.Type kind) {
        Node node = new Node(parent.getUniqueId().append(type, value), kind);
        parent.addChild(node);
        return node;
    }

    /** Two data files: one of 7 cases, one of 3 cases and a conversation of 4 turns. */
    private static EngineDescriptor suite() {
        return suite(false);
    }

    /** The same suite, its files' tests found in the opposite order when {@code reversed}. */
    private static EngineDescriptor suite(boolean reversed) {
        EngineDescriptor root = new EngineDescriptor(UniqueId.forEngine("cognigy"), "cognigy");
        Node orders = add(root, "file", "orders.sim.yaml", TestDescriptor.Type.CONTAINER);
        for (int i = 0; i < 7; i++) add(orders, "case", "test_order_" + (reversed ? 6 - i : i), TestDescriptor.Type.TEST);
        Node billing = add(root, "file", "billing.sim.yaml", TestDescriptor.Type.CONTAINER);
        if (reversed) addConversation(billing);
        for (int i = 0; i < 3; i++) add(billing, "case", "test_bill_" + (reversed ? 2 - i : i), TestDescriptor.Type.TEST);
        if (!reversed) addConversation(billing);
        return root;
    }

    private static void addConversation(Node file) {
        Node conversation = add(file, "conversation", "conv_refund", TestDescriptor.Type.CONTAINER);
        for (int i = 1; i <= 4; i++) add(conversation, "turn", String.valueOf(i), TestDescriptor.Type.TEST);
    }

    private static boolean isConversation(TestDescriptor node) {
        return node.getUniqueId().getLastSegment().getType().equals("conversation");
    }

    private static Set<String> tests(TestDescriptor root) {
        return root.getDescendants().stream().filter(TestDescriptor::isTest).map(d -> d.getUniqueId().toString())
                .collect(Collectors.toSet());
    }

    @Test
    @DisplayName("for 1 to 5 shards every test runs in exactly one shard, each shard's count is what it kept, no two"
            + " shards differ by more than a conversation, and a conversation's turns stay in one shard")
    void disjointCompleteBalanced() {
        Set<String> all = tests(suite());
        assertThat(all).hasSize(14);
        for (int count = 1; count <= 5; count++) {
            Set<String> seen = new HashSet<>();
            List<Long> sizes = new ArrayList<>();
            for (int index = 1; index <= count; index++) {
                EngineDescriptor root = suite();
                long kept = ShardSelection.keep(root, new Shard(index, count), ShardSelectionTest::isConversation);
                Set<String> shard = tests(root);
                assertThat(kept).as("shard %d/%d counts what it kept", index, count).isEqualTo(shard.size());
                assertThat(seen).as("shard %d/%d shares no test with an earlier shard", index, count).doesNotContainAnyElementsOf(shard);
                long turns = shard.stream().filter(id -> id.contains("conv_refund")).count();
                assertThat(turns).as("the conversation whole or not at all in shard %d/%d", index, count).isIn(0L, 4L);
                root.getDescendants().stream().filter(d -> !d.isTest())
                        .forEach(container -> assertThat(container.getChildren()).as("no empty container left").isNotEmpty());
                seen.addAll(shard);
                sizes.add(kept);
            }
            assertThat(seen).as("%d shards together run every test", count).isEqualTo(all);
            assertThat(sizes.stream().mapToLong(Long::longValue).max().orElseThrow()
                    - sizes.stream().mapToLong(Long::longValue).min().orElseThrow()).as("balance of %d shards: %s", count, sizes)
                    .isLessThanOrEqualTo(4 + 1);
        }
    }

    @Test
    @DisplayName("one shard of one keeps the whole suite, and the same shard keeps the same tests on every discovery")
    void oneShardAndStable() {
        EngineDescriptor whole = suite();
        assertThat(ShardSelection.keep(whole, new Shard(1, 1), ShardSelectionTest::isConversation)).isEqualTo(14);
        assertThat(tests(whole)).hasSize(14);

        EngineDescriptor first = suite();
        EngineDescriptor again = suite();
        ShardSelection.keep(first, new Shard(2, 3), ShardSelectionTest::isConversation);
        ShardSelection.keep(again, new Shard(2, 3), ShardSelectionTest::isConversation);
        assertThat(tests(again)).isEqualTo(tests(first));
    }

    @Test
    @DisplayName("a shard keeps the same tests whatever order its discovery found them in: two machines finding a file's"
            + " tests in different orders neither lose a test nor run one twice")
    void independentOfDiscoveryOrder() {
        for (int index = 1; index <= 3; index++) {
            EngineDescriptor found = suite(false);
            EngineDescriptor foundReversed = suite(true);
            ShardSelection.keep(found, new Shard(index, 3), ShardSelectionTest::isConversation);
            ShardSelection.keep(foundReversed, new Shard(index, 3), ShardSelectionTest::isConversation);
            assertThat(tests(foundReversed)).as("shard %d/3", index).isEqualTo(tests(found));
        }
    }
}
