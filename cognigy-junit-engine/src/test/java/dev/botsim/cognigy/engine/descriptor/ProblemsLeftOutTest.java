package dev.botsim.cognigy.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.CountedDescriptor;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Which tests standing for invalid input a launcher's filter took out of the tree is told from each of them up to the
 * root, not by searching the whole tree for each: a suite of tens of thousands of tests with thousands of invalid ones
 * spent longer on that search than on running a tag-filtered part of it. The containers here count how often they are
 * walked.
 */
class ProblemsLeftOutTest {

    private static final UniqueId ENGINE = UniqueId.forEngine("cognigy");

    @Test
    @DisplayName("the problems a filter took out, a whole file of them or single ones, are found without walking the tree")
    void problemsLeftOutWithoutWalkingTheTree() {
        CognigyEngineDescriptor engine = new CognigyEngineDescriptor(ENGINE, null);
        AtomicLong visits = new AtomicLong();
        List<CountedDescriptor> files = new ArrayList<>();
        for (int f = 0; f < 50; f++) {
            CountedDescriptor file = new CountedDescriptor(ENGINE.append("file", "f" + f + ".sim.yaml"), TestDescriptor.Type.CONTAINER,
                    visits);
            engine.addChild(file);
            files.add(file);
            for (int p = 0; p < 40; p++) {
                UniqueId id = file.getUniqueId().append(ProblemDescriptor.SEGMENT, "p" + p);
                file.addChild(new ProblemDescriptor(id, "invalid: p" + p, "wrong " + f + "/" + p, null,
                        SourcePosition.of("f" + f + ".sim.yaml")));
            }
        }
        engine.problemsDiscovered();
        List<String> leftOut = new ArrayList<>();
        // A filter takes twenty files out whole (their problems go with them), and one problem out of each other file.
        for (CountedDescriptor file : files.subList(0, 20)) {
            file.getChildren().forEach(problem -> leftOut.add(problem.getUniqueId().toString()));
            file.removeFromHierarchy();
        }
        for (CountedDescriptor file : files.subList(20, 50)) {
            TestDescriptor problem = file.getChildren().iterator().next();
            leftOut.add(problem.getUniqueId().toString());
            problem.removeFromHierarchy();
        }
        visits.set(0);

        List<SimulationRecord> records = engine.problemsLeftOut(engine);

        assertThat(records).extracting(SimulationRecord::uniqueId).containsExactlyInAnyOrderElementsOf(leftOut);
        assertThat(records).allSatisfy(r -> assertThat(r.message()).startsWith("wrong "));
        assertThat(visits.get()).as("containers walked to tell %d problems of %d in or out", leftOut.size(), 50 * 40)
                .isZero();
    }
}
