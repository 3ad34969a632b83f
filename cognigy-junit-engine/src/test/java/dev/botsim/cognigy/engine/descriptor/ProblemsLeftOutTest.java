package dev.botsim.cognigy.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

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

    @Test
    @DisplayName("under a JUnit @Suite, whose engine's node holds the engine's, a problem still in the tree is not left out")
    void problemsUnderASuiteAreNotLeftOut() {
        // As junit-platform-suite builds its tree: [engine:junit-platform-suite]/[suite:…]/[engine:cognigy]/…
        UniqueId suiteEngineId = UniqueId.forEngine("junit-platform-suite");
        EngineDescriptor suiteEngine = new EngineDescriptor(suiteEngineId, "JUnit Platform Suite");
        UniqueId suiteId = suiteEngineId.append("suite", "com.example.BotSuiteTest");
        TestDescriptor suite = new CountedDescriptor(suiteId, TestDescriptor.Type.CONTAINER, new AtomicLong());
        suiteEngine.addChild(suite);
        UniqueId engineId = suiteId.append("engine", "cognigy");
        CognigyEngineDescriptor engine = new CognigyEngineDescriptor(engineId, null);
        CountedDescriptor file = new CountedDescriptor(engineId.append("file", "bad.sim.yaml"), TestDescriptor.Type.CONTAINER,
                new AtomicLong());
        engine.addChild(file);
        ProblemDescriptor kept = new ProblemDescriptor(file.getUniqueId().append(ProblemDescriptor.SEGMENT, "1"), "invalid: p1",
                "bad.sim.yaml:4:5: unknown field 'utterence'", null, SourcePosition.of("bad.sim.yaml"));
        ProblemDescriptor filtered = new ProblemDescriptor(file.getUniqueId().append(ProblemDescriptor.SEGMENT, "2"), "invalid: p2",
                "bad.sim.yaml:9:5: unknown field 'expekt'", null, SourcePosition.of("bad.sim.yaml"));
        file.addChild(kept);
        file.addChild(filtered);
        engine.problemsDiscovered();
        suite.addChild(engine);
        filtered.removeFromHierarchy();

        assertThat(engine.problemsLeftOut(engine)).extracting(SimulationRecord::uniqueId)
                .containsExactly(filtered.getUniqueId().toString());
        assertThat(CognigyEngineDescriptor.standsIn(engine, kept)).isTrue();
    }
}
