package dev.botsim.cognigy.engine.descriptor;

import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.approval.ApprovalFile;
import dev.botsim.cognigy.engine.approval.ApprovalOwner;

import dev.botsim.cognigy.engine.execution.ExpectsFlows;
import dev.botsim.cognigy.engine.model.SimulationFile;
import dev.botsim.cognigy.engine.model.SourcePosition;

/** A simulation data file: its cases and conversations. */
public final class DataFileDescriptor extends CognigyDescriptor implements ExpectsFlows, dev.botsim.cognigy.engine.execution.UsesDataFile,
        ApprovalOwner {

    public static final String SEGMENT = "file";

    private final SimulationFile file;
    private final Optional<Path> path;
    private final boolean complete;

    /**
     * @param complete whether the file was read without problems: otherwise a case or conversation may be missing
     *                 from {@code file}, and so from {@link #approvedTests()}
     */
    public DataFileDescriptor(UniqueId uniqueId, SimulationFile file, Optional<Path> path, boolean complete) {
        super(uniqueId, file.resource(), DescriptorSources.of(path, SourcePosition.of(file.resource())), Type.CONTAINER, List.of());
        this.file = file;
        this.path = path;
        this.complete = complete;
    }

    public SimulationFile file() {
        return file;
    }

    /** The file on disk, when it is not inside a jar. */
    Optional<Path> path() {
        return path;
    }


    @Override
    public String botName() {
        return file.bot();
    }

    @Override
    public String resource() {
        return file.resource();
    }

    @Override
    public String sha256() {
        return file.sha256();
    }

    /**
     * By the name in its unique id, as its cassette is: a file of {@code src/test/resources} selected by its path shares
     * the approval file of the classpath resource it is copied to.
     */
    @Override
    public String approvalSubject() {
        return getUniqueId().getLastSegment().getValue();
    }

    @Override
    public String approvalFile() {
        return ApprovalFile.forDataFile(approvalSubject());
    }

    /** From the file as read, whatever the selection kept of its tests. */
    @Override
    public Set<String> approvedTests() {
        Set<String> tests = new LinkedHashSet<>();
        file.cases().stream().filter(c -> c.expect().comparesApprovedAnswer()).forEach(c -> tests.add(c.id()));
        file.conversations().forEach(c -> c.turns().stream().filter(t -> t.expect().comparesApprovedAnswer())
                .forEach(t -> tests.add(c.id() + "#" + t.number())));
        return tests;
    }

    /** Not when the file had a problem: its broken case or conversation may own an approved answer. */
    @Override
    public boolean knowsEveryTest() {
        return complete;
    }

    @Override
    public List<String> expectedFlows() {
        return file.flows();
    }

    /** {@code orders.sim.yaml, line 4 (flows:)}; without the line when the file's reader gave none. */
    @Override
    public String flowDeclaredAt(String flow) {
        Integer line = file.flowLines().get(flow);
        return file.resource() + (line == null ? "" : ", line " + line) + " (flows:)";
    }
}
