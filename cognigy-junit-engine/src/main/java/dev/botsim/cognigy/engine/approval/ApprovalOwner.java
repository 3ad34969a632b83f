package dev.botsim.cognigy.engine.approval;

import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;

/**
 * A node whose tests' approved answers share one approval file: a data file, or a {@code @BotSimulation} class for
 * its {@code @Utterance} methods. It knows every test of its own that has an approved answer as discovered, before
 * the tree was narrowed to a selection, so that an entry is called stale only when its test is really gone.
 */
public interface ApprovalOwner {

    /** What the approvals are of, as the approval file's first line names it: a data file's resource or a class's name. */
    String approvalSubject();

    /** The approval file's path below the approval folder ({@link ApprovalFile#forDataFile}, {@link ApprovalFile#forClass}). */
    String approvalFile();

    /** The ids of this owner's tests that have an approved answer ({@code test_x}, {@code test_x[2]}, {@code test_conv#3}). */
    Set<String> approvedTests();

    /**
     * Whether {@link #approvedTests()} is every test of the owner: not when its file or class has a problem (an
     * {@code invalid:} test), which may stand for a test that approves an answer. No entry of such an owner is then
     * called stale, nor removed by {@code cognigy.approve=true}: a syntax error must not cost the file's approved answers.
     */
    default boolean knowsEveryTest() {
        return true;
    }

    /** The owner of a test's approved answer: the nearest ancestor that is one. */
    static Optional<ApprovalOwner> of(TestDescriptor test) {
        Optional<TestDescriptor> node = test.getParent();
        while (node.isPresent()) {
            if (node.get() instanceof ApprovalOwner owner) return Optional.of(owner);
            node = node.get().getParent();
        }
        return Optional.empty();
    }
}
