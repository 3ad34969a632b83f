package dev.botsim.cognigy.engine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * A node that counts each time it is walked — visited, or searched for a unique id — into a counter its tree shares:
 * how tests show that the engine does not walk a whole file or tree again for each test it looks up.
 */
public final class CountedDescriptor extends AbstractTestDescriptor {

    private final Type type;
    private final AtomicLong visits;

    public CountedDescriptor(UniqueId id, Type type, AtomicLong visits) {
        super(id, id.getLastSegment().getValue());
        this.type = type;
        this.visits = visits;
    }

    @Override
    public Type getType() {
        return type;
    }

    @Override
    public void accept(Visitor visitor) {
        visits.incrementAndGet();
        super.accept(visitor);
    }

    @Override
    public Optional<? extends TestDescriptor> findByUniqueId(UniqueId uniqueId) {
        visits.incrementAndGet();
        return super.findByUniqueId(uniqueId);
    }
}
