import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code jdeps -verbose:package} output on standard input and prints every package cycle
 * among the packages starting with the prefix given (a strongly connected component of more than
 * one package), each with the edges that close it. Exits 1 when there is a cycle.
 *
 * <p>Run with {@code java .ci/PackageCycles.java dev.botsim.cognigy.engine < jdeps.txt}; see
 * {@code .ci/package-cycles}.
 */
public class PackageCycles {

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    public static void main(String[] args) throws Exception {
        String prefix = args.length > 0 ? args[0] : "";
        Map<String, TreeSet<String>> graph = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
            for (String line; (line = in.readLine()) != null; ) {
                Matcher m = EDGE.matcher(line + " ");
                if (!m.find()) continue;
                String from = m.group(1), to = m.group(2);
                if (!from.startsWith(prefix) || !to.startsWith(prefix) || from.equals(to)) continue;
                graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                graph.computeIfAbsent(to, k -> new TreeSet<>());
            }
        }
        List<List<String>> cycles = new Tarjan(graph).components().stream().filter(c -> c.size() > 1).toList();
        int edges = graph.values().stream().mapToInt(TreeSet::size).sum();
        System.out.println(graph.size() + " packages, " + edges + " dependencies between them, "
                + cycles.size() + " cycle(s)");
        for (List<String> cycle : cycles) {
            TreeSet<String> members = new TreeSet<>(cycle);
            System.out.println("cycle: " + members);
            for (String from : members) {
                for (String to : graph.get(from)) {
                    if (members.contains(to)) System.out.println("  " + from + " -> " + to);
                }
            }
        }
        if (!cycles.isEmpty()) System.exit(1);
    }

    /** Tarjan's strongly connected components. */
    private static final class Tarjan {
        private final Map<String, TreeSet<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final List<List<String>> components = new ArrayList<>();
        private int next;

        Tarjan(Map<String, TreeSet<String>> graph) {
            this.graph = graph;
        }

        List<List<String>> components() {
            for (String node : graph.keySet()) if (!index.containsKey(node)) visit(node);
            return components;
        }

        private void visit(String node) {
            index.put(node, next);
            low.put(node, next);
            next++;
            stack.push(node);
            for (String to : graph.get(node)) {
                if (!index.containsKey(to)) {
                    visit(to);
                    low.put(node, Math.min(low.get(node), low.get(to)));
                } else if (stack.contains(to)) {
                    low.put(node, Math.min(low.get(node), index.get(to)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.pop();
                    component.add(member);
                } while (!member.equals(node));
                components.add(component);
            }
        }
    }
}
