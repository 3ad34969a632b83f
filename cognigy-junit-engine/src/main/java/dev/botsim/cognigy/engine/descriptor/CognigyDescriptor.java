package dev.botsim.cognigy.engine.descriptor;

import java.util.Collection;
import java.util.Set;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** A node of the engine's test tree: its kind, its names, its tags, and its part in execution. */
abstract class CognigyDescriptor extends AbstractTestDescriptor implements Node<CognigyExecutionContext> {

    private final Type type;
    private final Set<TestTag> tags;
    private final String legacyName;

    CognigyDescriptor(UniqueId uniqueId, String displayName, TestSource source, Type type, Collection<String> tags) {
        this(uniqueId, new TestName(displayName, displayName), source, type, tags);
    }

    CognigyDescriptor(UniqueId uniqueId, TestName name, TestSource source, Type type, Collection<String> tags) {
        super(uniqueId, name.displayName(), source);
        this.type = type;
        this.tags = DescriptorSources.tags(tags);
        this.legacyName = name.legacyName();
    }

    /** The long name, unique in the run: what tools that list tests flat show (see {@link TestName}). */
    @Override
    public String getLegacyReportingName() {
        return legacyName;
    }

    @Override
    public final Type getType() {
        return type;
    }

    @Override
    public final Set<TestTag> getTags() {
        return tags;
    }
}
