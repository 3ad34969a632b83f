package dev.botsim.cognigy.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

import dev.botsim.cognigy.engine.CountedDescriptor;
import dev.botsim.cognigy.engine.model.SourcePosition;

/** How many tests a launcher's filter took out of the engine's tree after discovery, under a JUnit {@code @Suite} too. */
class FilteredOutTest {

    @Test
    @DisplayName("under a @Suite, whose node holds the engine's: tests a filter took out are counted, a whole container's"
            + " with it, those taken out before discovery ended are not, nor a problem test (the run records it as failed)")
    void countsWhatTheFilterTookOut() {
        // As junit-platform-suite builds its tree: [engine:junit-platform-suite]/[suite:…]/[engine:cognigy]/…
        UniqueId suiteEngineId = UniqueId.forEngine("junit-platform-suite");
        EngineDescriptor suiteEngine = new EngineDescriptor(suiteEngineId, "JUnit Platform Suite");
        UniqueId suiteId = suiteEngineId.append("suite", "com.example.BotSuiteTest");
        TestDescriptor suite = new CountedDescriptor(suiteId, TestDescriptor.Type.CONTAINER, new AtomicLong());
        suiteEngine.addChild(suite);
        UniqueId engineId = suiteId.append("engine", "cognigy");
        CognigyEngineDescriptor engine = new CognigyEngineDescriptor(engineId, null);
        suite.addChild(engine);
        TestDescriptor file = container(engine, engineId.append("file", "orders.sim.yaml"));
        TestDescriptor conversation = container(file, file.getUniqueId().append("conversation", "test_talk"));
        TestDescriptor[] cases = new TestDescriptor[4];
        for (int i = 0; i < cases.length; i++) cases[i] = test(file, file.getUniqueId().append("case", "test_" + i));
        for (int i = 1; i <= 3; i++) test(conversation, conversation.getUniqueId().append("turn", String.valueOf(i)));
        ProblemDescriptor problem = new ProblemDescriptor(file.getUniqueId().append(ProblemDescriptor.SEGMENT, "1"), "invalid: p1",
                "orders.sim.yaml:4:5: unknown field 'utterence'", null, SourcePosition.of("orders.sim.yaml"));
        file.addChild(problem);
        // The engine's own selection (a shard's share) before discovery ends: not a filter of the launcher.
        cases[3].removeFromHierarchy();
        engine.problemsDiscovered();
        assertThat(engine.filteredOut(engine)).isZero();

        cases[0].removeFromHierarchy();
        conversation.removeFromHierarchy();
        problem.removeFromHierarchy();

        assertThat(engine.filteredOut(engine)).isEqualTo(4);
    }

    private static TestDescriptor container(TestDescriptor parent, UniqueId id) {
        TestDescriptor node = new CountedDescriptor(id, TestDescriptor.Type.CONTAINER, new AtomicLong());
        parent.addChild(node);
        return node;
    }

    private static TestDescriptor test(TestDescriptor parent, UniqueId id) {
        TestDescriptor node = new CountedDescriptor(id, TestDescriptor.Type.TEST, new AtomicLong());
        parent.addChild(node);
        return node;
    }
}
