package dev.botsim.cognigy.engine.discovery;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.CompositeTestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.annotations.ExpectEntity;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.descriptor.ConversationMethodDescriptor;
import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationCaseDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.UtteranceVariantsDescriptor;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.spi.Expectation;

/** Builds the nodes of a {@code @BotSimulation} class from its annotated methods and referenced data files. */
final class AnnotatedClassTree {

    static final Pattern TEST_ID = Pattern.compile("^test_[a-zA-Z0-9_]+$");
    static final Pattern USER_ID = Pattern.compile("^usr_[a-zA-Z0-9]+$");

    private AnnotatedClassTree() {
    }

    static boolean isCandidate(Class<?> type) {
        return AnnotationSupport.isAnnotated(type, BotSimulation.class) && !type.isInterface()
                && !type.isAnnotation() && !Modifier.isAbstract(type.getModifiers()) && !type.isLocalClass()
                && !type.isAnonymousClass();
    }

    static SimulationClassDescriptor build(UniqueId engine, Class<?> type, DiscoveryState state) {
        SimulationClassDescriptor node = new SimulationClassDescriptor(
                engine.append(SimulationClassDescriptor.SEGMENT, type.getName()), type);
        BotSimulation annotation = node.annotation();
        Set<String> classTags = new LinkedHashSet<>(Arrays.asList(annotation.tags()));
        List<Method> methods = new ArrayList<>(ReflectionSupport.findMethods(type,
                m -> AnnotationSupport.isAnnotated(m, Utterance.class) || AnnotationSupport.isAnnotated(m, Conversation.class),
                HierarchyTraversalMode.TOP_DOWN));
        methods.sort(Comparator.comparing(Method::getName));
        for (Method method : methods) {
            addMethod(node, method, annotation, classTags, state);
        }
        List<String> dataFiles = expandFolders(annotation.data());
        state.dataFiles().readResourcesAhead(dataFiles.stream().filter(AnnotatedClassTree::isPlainResourceName)
                .map(data -> resolve(type, data)).toList());
        for (String data : dataFiles) {
            if (!isPlainResourceName(data)) {
                problem(node, "data-" + data, type.getName() + ": data file '" + data + "' named in @BotSimulation(data)"
                        + " is not a plain classpath resource name; use a name below a classpath root, without '..',"
                        + " backslashes or a URL scheme, e.g. simulations/orders.sim.yaml", ClassSource.from(type), state);
                continue;
            }
            Optional<DataFiles.Loaded> loaded = state.dataFiles().classpathResource(resolve(type, data));
            if (loaded.isPresent()) {
                node.addChild(DataFileTree.build(node.getUniqueId(), loaded.get(), classTags, state));
            } else {
                problem(node, "data-" + data, type.getName() + ": data file '" + data
                        + "' named in @BotSimulation(data) is not on the class path; give its classpath resource name,"
                        + " e.g. simulations/orders.sim.yaml for src/test/resources/simulations/orders.sim.yaml",
                        ClassSource.from(type), state);
            }
        }
        return node;
    }

    /**
     * A name without a data-file suffix is a classpath folder: every data file below it, in name
     * order. That is how Surefire, which selects classes only, runs a folder of data files.
     */
    private static List<String> expandFolders(String[] names) {
        List<String> expanded = new ArrayList<>();
        for (String name : names) {
            String plain = name.startsWith("/") ? name.substring(1) : name;
            if (DataFiles.isDataFile(plain) || !isPlainResourceName(plain)) {
                expanded.add(name);
                continue;
            }
            String folder = plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
            List<String> found = org.junit.platform.commons.support.ResourceSupport.findAllResourcesInPackage(
                            folder.replace('/', '.'), org.junit.platform.commons.io.ResourceFilter.of(r -> DataFiles.isDataFile(r.getName())))
                    .stream().map(org.junit.platform.commons.io.Resource::getName).distinct().sorted().toList();
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

    private static void addMethod(SimulationClassDescriptor node, Method method, BotSimulation classAnnotation,
                                  Set<String> classTags, DiscoveryState state) {
        Optional<Utterance> utterance = AnnotationSupport.findAnnotation(method, Utterance.class);
        Optional<Conversation> conversation = AnnotationSupport.findAnnotation(method, Conversation.class);
        String where = method.getDeclaringClass().getName() + "#" + method.getName();
        List<String> problems = new ArrayList<>();
        if (utterance.isPresent() && conversation.isPresent()) {
            problems.add(where + " has both @Utterance and @Conversation; use one");
        }
        if (Modifier.isStatic(method.getModifiers())) problems.add(where + " must not be static");
        if (!hasNoArgConstructor(method.getDeclaringClass())) {
            problems.add(method.getDeclaringClass().getName() + " needs a constructor without parameters");
        }
        String testId = utterance.map(Utterance::id).or(() -> conversation.map(Conversation::id))
                .filter(id -> !id.isBlank()).orElse("test_" + method.getName());
        if (!TEST_ID.matcher(testId).matches()) {
            problems.add(where + ": test id '" + testId + "' does not match ^test_[a-zA-Z0-9_]+$; set id = \"test_...\"");
        }
        String user = utterance.map(Utterance::user).or(() -> conversation.map(Conversation::user))
                .filter(u -> !u.isBlank()).orElse(classAnnotation.user().isBlank() ? null : classAnnotation.user());
        if (user != null && !USER_ID.matcher(user).matches()) {
            problems.add(where + ": user id '" + user + "' does not match ^usr_[a-zA-Z0-9]+$");
        }
        Set<String> tags = new LinkedHashSet<>(classTags);
        tags.addAll(Arrays.asList(utterance.map(Utterance::tags).or(() -> conversation.map(Conversation::tags)).orElse(new String[0])));
        UniqueId methodId = node.getUniqueId().append(UtteranceVariantsDescriptor.SEGMENT, method.getName());
        if (conversation.isPresent() && utterance.isEmpty()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length != 1 || parameters[0] != BotSession.class) {
                problems.add(where + ": a @Conversation method takes exactly one BotSession parameter");
            }
            if (!problems.isEmpty()) {
                problem(node, methodId, String.join("\n", problems), MethodSource.from(method), state);
                return;
            }
            node.addChild(new ConversationMethodDescriptor(methodId, method, testId, user, tags));
            return;
        }
        Utterance u = utterance.orElseThrow();
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != SimulationResult.class)) {
            problems.add(where + ": an @Utterance method takes no parameter or one SimulationResult");
        }
        if (u.value().length == 0) problems.add(where + ": @Utterance needs at least one text");
        for (String text : u.value()) {
            if (text.strip().isEmpty() || text.replaceAll("[\\s\\u200B-\\u200D\\uFEFF]", "").isEmpty()) {
                problems.add(where + ": @Utterance text must not be empty or only whitespace");
                break;
            }
        }
        Expectation expectation = expectation(u, method, problems, where);
        if (!problems.isEmpty()) {
            problem(node, methodId, String.join("\n", problems), MethodSource.from(method), state);
            return;
        }
        SourcePosition position = SourcePosition.of(method.getDeclaringClass().getName() + "#" + method.getName());
        Optional<Method> invoke = Optional.of(method);
        // Surefire names a test with a bare MethodSource by its method; wrapped, it uses the
        // display name (the utterance), and IDEs still navigate to the method.
        TestSource utteranceSource = CompositeTestSource.from(List.of(MethodSource.from(method)));
        if (u.value().length == 1) {
            SimulationCase c = new SimulationCase(testId, u.value()[0].strip(), user, null, Map.of(), expectation, tags, position);
            node.addChild(new SimulationCaseDescriptor(methodId, c, utteranceSource, invoke));
            return;
        }
        UtteranceVariantsDescriptor variants = new UtteranceVariantsDescriptor(methodId, method);
        for (int i = 0; i < u.value().length; i++) {
            SimulationCase c = new SimulationCase(testId + "[" + (i + 1) + "]", u.value()[i].strip(), user, null, Map.of(),
                    expectation, tags, position);
            variants.addChild(new SimulationCaseDescriptor(
                    methodId.append(SimulationCaseDescriptor.VARIANT_SEGMENT, String.valueOf(i + 1)), c,
                    utteranceSource, invoke));
        }
        node.addChild(variants);
    }

    private static Expectation expectation(Utterance u, Method method, List<String> problems, String where) {
        Map<String, String> entities = new java.util.LinkedHashMap<>();
        for (ExpectEntity entity : AnnotationSupport.findRepeatableAnnotations(method, ExpectEntity.class)) {
            if (entity.name().isBlank()) problems.add(where + ": @ExpectEntity needs a name");
            entities.put(entity.name(), entity.value());
        }
        if (u.intentMinScore() > 1) problems.add(where + ": intentMinScore must be from 0 to 1");
        if (!u.responseMatches().isEmpty()) {
            try {
                Pattern.compile(u.responseMatches());
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add(where + ": responseMatches is not a valid regular expression: " + e.getDescription());
            }
        }
        return Expectation.builder().intent(blankToNull(u.intent())).notIntent(blankToNull(u.notIntent()))
                .intentMinScore(u.intentMinScore()).entities(entities).nextFlow(blankToNull(u.nextFlow()))
                .responseContains(blankToNull(u.responseContains())).responseMatches(blankToNull(u.responseMatches()))
                .errorCode(blankToNull(u.errorCode())).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static boolean hasNoArgConstructor(Class<?> type) {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 0) return true;
        }
        return false;
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
