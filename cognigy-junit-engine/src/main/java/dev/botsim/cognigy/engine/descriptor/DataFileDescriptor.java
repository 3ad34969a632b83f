package dev.botsim.cognigy.engine.descriptor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;
import dev.botsim.cognigy.engine.execution.ExpectsFlows;
import dev.botsim.cognigy.engine.model.SimulationFile;
import dev.botsim.cognigy.engine.model.SourcePosition;

/** A simulation data file: its cases and conversations. */
public final class DataFileDescriptor extends AbstractTestDescriptor
        implements Node<CognigyExecutionContext>, ExpectsFlows {

    public static final String SEGMENT = "file";

    private final SimulationFile file;
    private final Optional<Path> path;

    public DataFileDescriptor(UniqueId uniqueId, SimulationFile file, Optional<Path> path) {
        super(uniqueId, file.resource(), DescriptorSources.of(path, SourcePosition.of(file.resource())));
        this.file = file;
        this.path = path;
    }

    public SimulationFile file() {
        return file;
    }

    /** The file on disk, when it is not inside a jar. */
    public Optional<Path> path() {
        return path;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public List<String> expectedFlows() {
        return file.flows();
    }
}
