package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages depend on each other without cycles, as {@code jdeps} sees the compiled
 * classes: a package that depends on one that depends back on it cannot be understood, tested or
 * moved on its own. {@code .ci/package-cycles} runs the same check on the built jar.
 */
class PackageCyclesTest {

    private static final String ENGINE = "dev.botsim.cognigy.engine";
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    @Test
    @DisplayName("item 12: no package of the engine depends, directly or not, on a package that depends on it")
    void noCycles() {
        Optional<ToolProvider> jdeps = ToolProvider.findFirst("jdeps");
        assumeTrue(jdeps.isPresent(), "jdeps comes with the JDK; this runtime has none");
        Path classes = Path.of("target/classes");
        assumeTrue(Files.isDirectory(classes), "run from the engine module after compiling it");
        StringWriter out = new StringWriter();
        int status = jdeps.get().run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--multi-release", "17",
                "-verbose:package", classes.toString());
        assertThat(status).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        out.toString().lines().map(EDGE::matcher).filter(Matcher::find)
                .filter(m -> m.group(1).startsWith(ENGINE) && m.group(2).startsWith(ENGINE) && !m.group(1).equals(m.group(2)))
                .forEach(m -> graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2)));
        assertThat(graph).as("jdeps found the engine's packages").containsKeys(ENGINE + ".config", ENGINE + ".transport");

        Set<String> cycles = new TreeSet<>();
        graph.forEach((from, targets) -> targets.stream().filter(to -> reaches(graph, to, from))
                .forEach(to -> cycles.add(from + " -> " + to)));
        assertThat(cycles).as("dependencies that close a cycle").isEmpty();
    }

    /** Whether {@code from} depends on {@code to}, directly or through other packages. */
    private static boolean reaches(Map<String, Set<String>> graph, String from, String to) {
        Deque<String> pending = new ArrayDeque<>(Set.of(from));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (next.equals(to)) return true;
            if (seen.add(next)) pending.addAll(graph.getOrDefault(next, Set.of()));
        }
        return false;
    }
}
