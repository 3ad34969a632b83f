package dev.botsim.cognigy.engine.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.discovery.ClassSelector;

import dev.botsim.cognigy.annotations.BotSimulation;

/**
 * The selected classes that name playbooks, {@code @BotSimulation(playbooks = "Order*")}, with their globs: under
 * {@code cognigy.backend=playbooks} the way a build tool that selects classes (Surefire) selects a project's playbooks.
 */
public final class PlaybookClasses {

    private PlaybookClasses() {
    }

    /** Each selected class (or member class of one) carrying a non-blank {@code playbooks} glob, in selection order. */
    public static Map<Class<?>, String> selected(EngineDiscoveryRequest request) {
        Map<Class<?>, String> classes = new LinkedHashMap<>();
        for (Class<?> testClass : selectedClasses(request)) {
            glob(testClass).ifPresent(glob -> classes.put(testClass, glob));
        }
        return classes;
    }

    /** The class's non-blank {@code @BotSimulation(playbooks)} glob. */
    private static java.util.Optional<String> glob(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, BotSimulation.class).map(BotSimulation::playbooks).map(String::trim)
                .filter(glob -> !glob.isEmpty());
    }

    /**
     * The selected {@code @BotSimulation} classes holding tests other than playbooks — data files ({@code data}) or
     * {@code @Utterance} / {@code @Conversation} methods — in selection order: under {@code cognigy.backend=playbooks} in
     * mode {@code existing} none of those run, which the run must say rather than pass without them.
     */
    public static List<Class<?>> withOtherTests(EngineDiscoveryRequest request) {
        return selectedClasses(request).stream().filter(testClass -> AnnotationSupport.findAnnotation(testClass, BotSimulation.class)
                .map(simulation -> simulation.data().length > 0 || !AnnotatedClassTree.simulationMethods(testClass).isEmpty())
                .orElse(false)).toList();
    }

    /**
     * The classes selected directly, with their member classes (as Surefire selects {@code OrderBotTest} for its
     * {@code OrderBotTest$Checkout}), in selection order, each once, leaving out those that cannot be loaded.
     */
    private static List<Class<?>> selectedClasses(EngineDiscoveryRequest request) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (ClassSelector selector : request.getSelectorsByType(ClassSelector.class)) {
            try {
                classes.addAll(MemberClasses.withMembers(selector.getJavaClass()));
            } catch (RuntimeException | LinkageError e) {
                // names no playbooks and holds no test here; the class resolver reports it in other modes
            }
        }
        return new ArrayList<>(classes);
    }

    /**
     * The classes that unique ids below a class name ({@code [class:…]/[playbook:…]/[step:…]}: a test an IDE or Surefire
     * reruns), each with its glob, in the ids' order: what those classes select is where the ids are found.
     */
    public static Map<Class<?>, String> named(Collection<org.junit.platform.engine.UniqueId> ids) {
        Map<Class<?>, String> classes = new LinkedHashMap<>();
        for (org.junit.platform.engine.UniqueId id : ids) {
            // A member class's id names its enclosing classes first: the class is the last class segment. A class's id
            // selects its member classes' playbooks too.
            org.junit.platform.engine.UniqueId.Segment segment = id.getSegments().stream().skip(1)
                    .takeWhile(s -> s.getType().equals(dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor.SEGMENT))
                    .reduce((first, second) -> second).orElseThrow();
            org.junit.platform.commons.support.ReflectionSupport.tryToLoadClass(segment.getValue()).toOptional()
                    .map(MemberClasses::withMembers).orElse(List.of()).forEach(testClass -> glob(testClass)
                            .ifPresent(glob -> classes.put(testClass, glob)));
        }
        return classes;
    }

    /**
     * One glob accepting a name when any of {@code globs} does: {@code {a,b}}, each glob written to stand alone as one
     * alternative. A comma a glob holds outside braces is literal there ({@code "Checkout, guest"} names a playbook of
     * that name), but between the union's braces it would split the glob in two, and neither half would be the name: so
     * such a comma, and a closing brace without its opening one, are escaped, and braces a glob leaves open are closed.
     */
    public static String union(Collection<String> globs) {
        return globs.size() == 1 ? globs.iterator().next()
                : "{" + String.join(",", globs.stream().map(PlaybookClasses::alone).toList()) + "}";
    }

    /** {@code glob} as one alternative between braces, accepting what it accepts alone. */
    private static String alone(String glob) {
        StringBuilder written = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            // A backslash ending the glob is literal alone; before the union's comma it would escape that.
            if (c == '\\' && i + 1 == glob.length()) {
                written.append("\\\\");
                continue;
            }
            if (c == '\\' && "*?{},\\".indexOf(glob.charAt(i + 1)) >= 0) {
                written.append(c).append(glob.charAt(++i));
                continue;
            }
            if (c == '{') braces++;
            if (c == '}' && braces > 0) braces--;
            else if ((c == '}' || c == ',') && braces == 0) written.append('\\');
            written.append(c);
        }
        return written + "}".repeat(braces);
    }
}
