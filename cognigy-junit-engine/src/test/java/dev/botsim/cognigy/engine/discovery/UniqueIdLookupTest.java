package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.SelectorResolver.Match;
import org.junit.platform.engine.support.discovery.SelectorResolver.Resolution;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.config.NamingStrategy;
import dev.botsim.cognigy.engine.descriptor.DataFileDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.UtteranceVariantsDescriptor;
import dev.botsim.cognigy.engine.CountedDescriptor;
import dev.botsim.cognigy.engine.model.SimulationFile;

/**
 * A rerun (Surefire's rerunFailingTestsCount, an IDE's "rerun failed tests") selects every test by its unique id. Each
 * must be found without walking the whole file or class again: with thousands of tests in one file that walk made
 * discovery quadratic (10,000 ids in a file of 20,000 cases took minutes). The nodes here count how often they are
 * walked (the file and class nodes are the engine's own, their tests stand-ins): finding every test of a container must
 * walk it about once, not once per test.
 */
class UniqueIdLookupTest {

    private static final int TESTS = 2_000;
    private static final UniqueId ENGINE = UniqueId.forEngine("cognigy");

    @Test
    @DisplayName("selecting each of a data file's 2,000 tests by unique id finds each one and walks the file about once")
    void everyTestOfAFileByUniqueId(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("big.sim.csv"), "id,utterance\ntest_one,hi\n");
        AtomicLong visits = new AtomicLong();
        DataFileDescriptor file = new DataFileDescriptor(ENGINE.append(DataFileDescriptor.SEGMENT, "big.sim.csv"),
                new SimulationFile("big.sim.csv", null, List.of(), List.of(), List.of(), "0"), Optional.empty(), true);
        List<UniqueId> ids = children(file, "case", visits);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            DiscoveryState state = state(loader);
            state.remember(file);
            DataFileResolver resolver = new DataFileResolver(ENGINE, state);

            for (UniqueId id : ids) {
                assertThat(found(resolver.resolve(selectUniqueId(id), null))).isEqualTo(id);
            }
            assertThat(state.selected()).containsExactlyElementsOf(ids);
        }
        assertThat(visits.get()).as("nodes walked to find %d tests in a file of %d", TESTS, TESTS).isLessThan(3L * TESTS);
    }

    @Test
    @DisplayName("selecting each of a class's 2,000 tests by unique id, and a method by its selector, walks the class about once")
    void everyTestOfAClassByUniqueId() {
        AtomicLong visits = new AtomicLong();
        SimulationClassDescriptor type = new SimulationClassDescriptor(SimulationClassDescriptor.idOf(ENGINE, Annotated.class),
                Annotated.class);
        List<UniqueId> ids = children(type, "case", visits);
        UniqueId method = type.getUniqueId().append(UtteranceVariantsDescriptor.SEGMENT, "greeting");
        type.addChild(new CountedDescriptor(method, TestDescriptor.Type.TEST, visits));
        type.markTestsBuilt();
        DiscoveryState state = state(getClass().getClassLoader());
        state.remember(type);
        SimulationClassResolver resolver = new SimulationClassResolver(ENGINE, state, name -> true);

        for (UniqueId id : ids) {
            assertThat(found(resolver.resolve(selectUniqueId(id), null))).isEqualTo(id);
        }
        assertThat(found(resolver.resolve(selectMethod(Annotated.class, "greeting"), null))).isEqualTo(method);
        assertThat(visits.get()).as("nodes walked to find %d tests in a class of %d", TESTS + 1, TESTS + 1)
                .isLessThan(3L * TESTS);
    }

    @BotSimulation(bot = "order-bot")
    static class Annotated {
        @Utterance("hi")
        void greeting() {
        }
    }

    private static DiscoveryState state(ClassLoader loader) {
        return new DiscoveryState(DiscoveryIssueReporter.collecting(new ArrayList<>()),
                new DataFiles(1 << 20, Mode.FLOW, loader), NamingStrategy.SHORT, Mode.FLOW);
    }

    private static List<UniqueId> children(TestDescriptor container, String segment, AtomicLong visits) {
        List<UniqueId> ids = new ArrayList<>();
        for (int i = 0; i < TESTS; i++) {
            UniqueId id = container.getUniqueId().append(segment, "test_" + i);
            container.addChild(new CountedDescriptor(id, TestDescriptor.Type.TEST, visits));
            ids.add(id);
        }
        return ids;
    }

    private static UniqueId found(Resolution resolution) {
        assertThat(resolution.isResolved()).isTrue();
        assertThat(resolution.getMatches()).hasSize(1);
        Match match = resolution.getMatches().iterator().next();
        return match.getTestDescriptor().getUniqueId();
    }
}
