package dev.botsim.cognigy.engine.discovery;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.descriptor.ConversationMethodDescriptor;
import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationCaseDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.TestName;
import dev.botsim.cognigy.engine.descriptor.UnannotatedClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.UtteranceVariantsDescriptor;
import dev.botsim.cognigy.engine.discovery.botium.BotiumFiles;
import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.engine.support.Suggestions;

/** Builds the nodes of a {@code @BotSimulation} class from its annotated methods and referenced data files. */
final class AnnotatedClassTree {

    private AnnotatedClassTree() {
    }

    static boolean isCandidate(Class<?> type) {
        return AnnotationSupport.isAnnotated(type, BotSimulation.class) && isInstantiable(type);
    }

    /** A class the engine could make instances of: not an interface, annotation, abstract, local or anonymous class. */
    private static boolean isInstantiable(Class<?> type) {
        return !type.isInterface() && !type.isAnnotation() && !Modifier.isAbstract(type.getModifiers()) && !type.isLocalClass()
                && !type.isAnonymousClass();
    }

    /**
     * The {@code @Utterance} and {@code @Conversation} methods of a class that is not a {@code @BotSimulation} class, by
     * name: the annotation was forgotten (or sits only on a superclass, from which it is not inherited), so none of them
     * would run. Empty for any other class.
     */
    static List<Method> withoutBotSimulation(Class<?> type) {
        if (AnnotationSupport.isAnnotated(type, BotSimulation.class) || !isInstantiable(type)) return List.of();
        return simulationMethods(type);
    }

    /** The {@code @Utterance} and {@code @Conversation} methods of a class, by name. */
    static List<Method> simulationMethods(Class<?> type) {
        return ReflectionSupport.findMethods(type, m -> AnnotationSupport.isAnnotated(m, Utterance.class)
                        || AnnotationSupport.isAnnotated(m, Conversation.class), HierarchyTraversalMode.TOP_DOWN).stream()
                .sorted(Comparator.comparing(Method::getName)).toList();
    }

    /**
     * The class, holding the failing test that says its {@code @Utterance} and {@code @Conversation} methods lack their
     * {@code @BotSimulation}; the test's source is the first of them, for IDEs to open.
     */
    static UnannotatedClassDescriptor withoutBotSimulation(UniqueId parent, Class<?> type, List<Method> methods,
                                                           DiscoveryState state) {
        String message = type.getName() + " has @Utterance or @Conversation methods ("
                + String.join(", ", methods.stream().map(Method::getName).distinct().toList()) + ") but no @BotSimulation,"
                + " so none of them would run — annotate the class with @BotSimulation (it is not inherited from a superclass)";
        MethodSource source = MethodSource.from(methods.get(0));
        state.report(message, source);
        UnannotatedClassDescriptor node = new UnannotatedClassDescriptor(parent, type);
        node.addChild(new ProblemDescriptor(node.getUniqueId().append(ProblemDescriptor.SEGMENT, "bot-simulation"),
                "invalid: " + message, message, source, SourcePosition.of(type.getName())));
        return node;
    }

    /** Adds the tests of the class {@code node} stands for: its annotated methods' and its data files'. */
    static void build(SimulationClassDescriptor node, DiscoveryState state) {
        Class<?> type = node.testClass();
        BotSimulation annotation = node.annotation();
        Set<String> classTags = classTags(node, annotation, state);
        List<AnnotatedMethod> methods = ReflectionSupport.findMethods(type,
                        AnnotatedMethod::isAnnotated,
                        HierarchyTraversalMode.TOP_DOWN).stream()
                .sorted(Comparator.comparing(Method::getName))
                .map(m -> AnnotatedMethod.read(m, annotation, classTags, state.defaultMode()))
                .toList();
        reportIdsUsedMoreThanOnce(methods);
        reportExternalIdsUsedMoreThanOnce(methods);
        Map<String, List<Method>> byName = new LinkedHashMap<>();
        methods.forEach(m -> byName.computeIfAbsent(m.method().getName(), k -> new ArrayList<>()).add(m.method()));
        for (AnnotatedMethod method : methods) {
            List<Method> named = byName.get(method.method().getName());
            if (named.size() > 1) {
                overloaded(node, method.method(), named, state);
                continue;
            }
            addMethod(node, method, state);
        }
        List<String> dataFiles = expandFolders(annotation.data());
        for (String data : annotation.data()) {
            strayConvos(data, state);
            MisnamedDataFiles.reportUnder(data, state);
        }
        state.dataFiles().readResourcesAhead(dataFiles.stream().filter(AnnotatedClassTree::isPlainResourceName)
                .map(data -> resolve(type, data)).toList());
        for (String data : dataFiles) {
            if (!isPlainResourceName(data)) {
                problem(node, "data-" + data, type.getName() + ": data file '" + data + "' named in @BotSimulation(data)"
                        + " is not a plain classpath resource name" + withoutScheme(data).map(name -> " — did you mean '"
                        + name + "'? @BotSimulation(data) names classpath resources without classpath:")
                        .or(() -> withSlashes(data).map(name -> " — did you mean '" + name + "'? @BotSimulation(data) names"
                                + " classpath resources with '/' between folders, on Windows too")).orElse("; use a"
                        + " name below a classpath root, without '..', backslashes or a URL scheme, e.g."
                        + " simulations/orders.sim.yaml"), ClassSource.from(type), state);
                continue;
            }
            List<String> held = ClasspathFolders.mayBeFolder(data) ? ClasspathFolders.filesUnder(data) : List.of();
            if (!held.isEmpty()) {
                problem(node, "data-" + data, type.getName() + ": folder '" + data + "' named in @BotSimulation(data) holds no"
                        + " data file (" + DataFiles.patterns() + "), only " + String.join(", ", held.size() > 5
                        ? held.subList(0, 5) : held) + (held.size() > 5 ? " and " + (held.size() - 5) + " more" : "")
                        + "; rename the data files (a Botium YAML or JSON convo needs .convo. before its extension)",
                        ClassSource.from(type), state);
                continue;
            }
            Optional<DataFiles.Loaded> loaded = state.dataFiles().classpathResource(resolve(type, data));
            if (loaded.isPresent()) {
                node.addChild(DataFileTree.build(node.getUniqueId(), loaded.get(), classTags, state));
            } else {
                List<String> known = ClasspathFolders.dataFilesAndFolders();
                // A path: a misspelt folder or suffix is a few letters, not a third of it.
                String likely = belowRoot(data, known).map(name -> " — did you mean '" + name + "'? A classpath resource"
                                + " is named by its path below a classpath root such as src/test/resources")
                        .orElseGet(() -> Suggestions.didYouMean(data, known, 3));
                problem(node, "data-" + data, type.getName() + ": data file '" + data
                        + "' named in @BotSimulation(data) is not on the class path" + (likely.isEmpty() ? "; give its"
                        + " classpath resource name, e.g. simulations/orders.sim.yaml for"
                        + " src/test/resources/simulations/orders.sim.yaml" : likely), ClassSource.from(type), state);
            }
        }
        node.markTestsBuilt();
    }

    /**
     * The resource a {@code classpath:} name stands for: {@code cognigy.sandbox.bot} takes that prefix, so a user
     * writes it in {@code data} too.
     */
    private static Optional<String> withoutScheme(String data) {
        if (!data.startsWith("classpath:")) return Optional.empty();
        return Optional.of(data.substring("classpath:".length()).replaceFirst("^/+", "")).filter(name -> !name.isEmpty())
                .filter(AnnotatedClassTree::isPlainResourceName);
    }

    /**
     * The resource a name written with Windows' backslashes ({@code simulations\orders.sim.yaml}, as Explorer copies a
     * path) stands for: the name with {@code /}, or its tail below a classpath root when it names one from above it.
     */
    private static Optional<String> withSlashes(String data) {
        if (data.indexOf('\\') < 0) return Optional.empty();
        String slashed = data.replace('\\', '/').replaceFirst("^/+", "");
        if (!isPlainResourceName(slashed)) return Optional.empty();
        return Optional.of(belowRoot(slashed, ClasspathFolders.dataFilesAndFolders()).orElse(slashed));
    }

    /**
     * The data file or folder a path names from above a classpath root ({@code src/test/resources/simulations},
     * {@code target/test-classes/simulations}): its longest tail that is one.
     */
    private static Optional<String> belowRoot(String data, List<String> known) {
        for (int slash = data.indexOf('/'); slash >= 0 && slash < data.length() - 1; slash = data.indexOf('/', slash + 1)) {
            String tail = data.substring(slash + 1).replaceFirst("/+$", "");
            if (known.contains(tail)) return Optional.of(tail);
        }
        return Optional.empty();
    }

    /** A folder of Botium's files in {@code @BotSimulation(data)}: its YAML and JSON convos not named as such are pointed out. */
    private static void strayConvos(String folder, DiscoveryState state) {
        state.pointOutUnder(folder, BotiumFiles::isBotiumFile, StrayConvos::candidate, state.dataFiles()::strayConvo);
    }

    /**
     * A name without a data-file suffix is a classpath folder: every data file below it, in name
     * order. That is how Surefire, which selects classes only, runs a folder of data files.
     */
    private static List<String> expandFolders(String[] names) {
        List<String> expanded = new ArrayList<>();
        for (String name : names) {
            List<String> found = ClasspathFolders.mayBeFolder(name) ? ClasspathFolders.dataFilesUnder(name) : List.of();
            expanded.addAll(found.isEmpty() ? List.of(name) : found);
        }
        return expanded;
    }

    /**
     * Class path lookups of directory roots resolve {@code ..} against the file system, so a name
     * with it could read files outside the class path.
     */
    static boolean isPlainResourceName(String name) {
        if (name.isBlank() || name.contains("\\") || name.contains(":") || name.indexOf('\0') >= 0) return false;
        for (String segment : name.split("/")) {
            if (segment.equals("..") || segment.equals(".")) return false;
        }
        return true;
    }

    /** Names are classpath resource names; a name without a folder may also sit beside the class. */
    private static String resolve(Class<?> type, String data) {
        String name = data.startsWith("/") ? data.substring(1) : data;
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
        if (loader.getResource(name) == null && type.getPackageName().length() > 0) {
            String besideClass = type.getPackageName().replace('.', '/') + "/" + name;
            if (loader.getResource(besideClass) != null) return besideClass;
        }
        return name;
    }

    /**
     * The class's tags, each checked as a data file checks its defaults: one that breaks a rule is
     * reported once, at the class, and left out; the class's tests still run.
     */
    private static Set<String> classTags(SimulationClassDescriptor node, BotSimulation annotation, DiscoveryState state) {
        Set<String> tags = new LinkedHashSet<>();
        String[] given = annotation.tags();
        for (int i = 0; i < given.length; i++) {
            String tag = given[i];
            String attribute = "@BotSimulation(tags[" + i + "])";
            Optional<String> message = CaseRules.text(tag).map(v -> v.of(attribute))
                    .or(() -> CaseRules.tag(tag).map(v -> v.of("tag '" + tag + "' in @BotSimulation")));
            if (message.isPresent()) {
                problem(node, "tags[" + i + "]", node.testClass().getName() + ": " + message.get(),
                        ClassSource.from(node.testClass()), state);
            } else {
                tags.add(CaseRules.trim(tag));
            }
        }
        return tags;
    }

    /** Reports an id that several methods of the class use at each of them: none of them runs, as in a data file. */
    private static void reportIdsUsedMoreThanOnce(List<AnnotatedMethod> methods) {
        Map<String, List<AnnotatedMethod>> byId = new LinkedHashMap<>();
        methods.stream().filter(AnnotatedMethod::idValid)
                .forEach(m -> byId.computeIfAbsent(m.testId(), k -> new ArrayList<>()).add(m));
        byId.values().stream().filter(uses -> uses.size() > 1).forEach(uses -> {
            List<String> places = uses.stream().map(AnnotatedMethod::where).toList();
            uses.forEach(m -> m.idUsedMoreThanOnce(places));
        });
    }

    /**
     * Reports an external id that several methods of the class give at each of them: none of them runs, as for cases of a
     * data file sharing one.
     */
    private static void reportExternalIdsUsedMoreThanOnce(List<AnnotatedMethod> methods) {
        Map<String, List<AnnotatedMethod>> byExternalId = new LinkedHashMap<>();
        methods.stream().filter(m -> m.externalId() != null)
                .forEach(m -> byExternalId.computeIfAbsent(m.externalId(), k -> new ArrayList<>()).add(m));
        byExternalId.values().stream().filter(uses -> uses.size() > 1).forEach(uses -> {
            List<String> places = uses.stream().map(AnnotatedMethod::where).toList();
            uses.forEach(m -> m.externalIdUsedMoreThanOnce(places));
        });
    }

    /**
     * One of several annotated methods of one name: tests are known by their method's name (unique ids, Surefire's and
     * Gradle's method filters), so each is a failing test of its own naming them all, rather than all but one vanishing.
     */
    private static void overloaded(SimulationClassDescriptor node, Method method, List<Method> named, DiscoveryState state) {
        String signatures = String.join(", ", named.stream().map(AnnotatedClassTree::signature).toList());
        String message = method.getDeclaringClass().getName() + "#" + method.getName() + ": " + named.size()
                + " methods are named '" + method.getName() + "' (" + signatures + "), and a test is known by its method's"
                + " name — give each method a name of its own";
        node.missesTests();
        problem(node, node.getUniqueId().append(ProblemDescriptor.SEGMENT, "overload-" + signature(method)), message,
                MethodSource.from(method), state);
    }

    /** {@code name(SimulationResult)}: the method with its parameters' simple names. */
    private static String signature(Method method) {
        return method.getName() + "(" + String.join(", ", java.util.Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).toList()) + ")";
    }

    private static void addMethod(SimulationClassDescriptor node, AnnotatedMethod read, DiscoveryState state) {
        Method method = read.method();
        UniqueId methodId = node.getUniqueId().append(UtteranceVariantsDescriptor.SEGMENT, method.getName());
        if (!read.problems().isEmpty()) {
            // The method may approve an answer: the class's approval file keeps its entry while it is broken.
            node.missesTests();
            problem(node, methodId, String.join("\n", read.problems()), MethodSource.from(method), state);
            return;
        }
        if (read.isConversation()) {
            node.addChild(new ConversationMethodDescriptor(methodId, method, TestName.method(state.naming(), method),
                    read.testId(), read.user(), read.tags(), read.repeat(), read.externalId()));
            return;
        }
        SourcePosition position = SourcePosition.of(read.where());
        Optional<Method> invoke = Optional.of(method);
        // A plain MethodSource, so that method filters (Surefire's and Gradle's -Dtest=Class#method) find the
        // method's tests; the long name, unique in the run, is what such tools show (see TestName).
        TestSource utteranceSource = MethodSource.from(method);
        List<String> texts = read.texts();
        if (texts.size() == 1) {
            SimulationCase c = new SimulationCase(read.testId(), texts.get(0), read.user(), null, Map.of(),
                    read.expectation(), read.tags(), position).withRepeat(read.repeat()).withExternalId(read.externalId());
            node.addChild(new SimulationCaseDescriptor(methodId, c, TestName.utterance(state.naming(), method, texts.get(0), 0),
                    utteranceSource, invoke, read.mode()));
            return;
        }
        UtteranceVariantsDescriptor variants = new UtteranceVariantsDescriptor(methodId, method,
                TestName.method(state.naming(), method));
        for (int i = 0; i < texts.size(); i++) {
            SimulationCase c = new SimulationCase(read.testId() + "[" + (i + 1) + "]", texts.get(i), read.user(), null,
                    Map.of(), read.expectation(), read.tags(), position).withRepeat(read.repeat())
                    .withExternalId(read.externalId());
            variants.addChild(new SimulationCaseDescriptor(
                    methodId.append(SimulationCaseDescriptor.VARIANT_SEGMENT, String.valueOf(i + 1)), c,
                    TestName.utterance(state.naming(), method, texts.get(i), i + 1), utteranceSource, invoke, read.mode()));
        }
        node.addChild(variants);
    }

    private static void problem(SimulationClassDescriptor node, String key, String message,
                                org.junit.platform.engine.TestSource source, DiscoveryState state) {
        problem(node, node.getUniqueId().append(ProblemDescriptor.SEGMENT, key), message, source, state);
    }

    private static void problem(SimulationClassDescriptor node, UniqueId id, String message,
                                org.junit.platform.engine.TestSource source, DiscoveryState state) {
        state.report(message, source);
        node.addChild(new ProblemDescriptor(id, "invalid: " + message.lines().findFirst().orElse(message), message, source,
                where(source, node)));
    }

    /** The class, or {@code Class#method}, as the results of the class's valid tests name it. */
    private static SourcePosition where(org.junit.platform.engine.TestSource source, SimulationClassDescriptor node) {
        if (source instanceof MethodSource method) return SourcePosition.of(method.getClassName() + "#" + method.getMethodName());
        return SourcePosition.of(node.testClass().getName());
    }
}
