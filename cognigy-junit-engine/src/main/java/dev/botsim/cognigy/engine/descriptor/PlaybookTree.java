package dev.botsim.cognigy.engine.descriptor;

import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.config.NamingStrategy;
import dev.botsim.cognigy.engine.execution.PlaybookRuns;

/** The test tree of {@code cognigy.backend=playbooks}: a container per playbook, a test per step. */
public final class PlaybookTree {

    private PlaybookTree() {
    }

    /**
     * Adds the playbooks to {@code engine}; with {@code selected} non-empty, only those ids and what is below them.
     *
     * @param sources where the playbooks are written, when they come from an export file; {@link PlaybookSources#NONE} else
     *
     * @return whether the engine got any playbook
     */
    public static boolean build(CognigyEngineDescriptor engine, PlaybookRuns runs, PlaybookSources sources, List<UniqueId> selected,
                                NamingStrategy naming) {
        boolean any = false;
        for (PlaybookRuns.Plan plan : runs.plans()) {
            PlaybookDescriptor playbook = playbook(engine.getUniqueId(), runs, sources, plan, naming, "playbook " + plan.label());
            if (chosen(selected, playbook.getUniqueId()) && !plan.steps().isEmpty()) {
                engine.addChild(playbook);
                any = true;
            }
        }
        return any;
    }

    /**
     * Adds a container for {@code testClass} holding the playbooks whose names {@code names} accepts
     * ({@code @BotSimulation(playbooks)}): how a build tool that selects classes runs them. With {@code selected}
     * non-empty, only those ids below the class and what is below them.
     *
     * @return whether the class got any playbook
     */
    public static boolean buildForClass(CognigyEngineDescriptor engine, PlaybookRuns runs, PlaybookSources sources, Class<?> testClass,
                                        java.util.function.Predicate<String> names, List<UniqueId> selected, NamingStrategy naming) {
        UniqueId classId = SimulationClassDescriptor.idOf(engine.getUniqueId(), testClass);
        List<PlaybookDescriptor> playbooks = new java.util.ArrayList<>();
        for (PlaybookRuns.Plan plan : runs.plans()) {
            if (!names.test(plan.name()) || plan.steps().isEmpty()) continue;
            PlaybookDescriptor playbook = playbook(classId, runs, sources, plan, naming, testClass.getName() + "#playbook " + plan.label());
            if (chosen(selected, playbook.getUniqueId())) playbooks.add(playbook);
        }
        if (playbooks.isEmpty()) return false;
        TestDescriptor container = classContainer(engine, testClass);
        playbooks.forEach(container::addChild);
        return true;
    }

    /**
     * The unique ids of the playbooks and steps of the engine's tree standing at {@code lines} of the export the
     * playbooks come from, for {@link #build}'s {@code selected}; empty when a line names none of them (before the
     * first playbook, or only playbooks the run does not hold), which selects the export whole, as a data file's line
     * that names no case selects the file.
     */
    public static Optional<List<UniqueId>> atLines(UniqueId engine, PlaybookRuns runs, PlaybookSources sources, List<Integer> lines) {
        List<UniqueId> ids = new java.util.ArrayList<>();
        for (int line : lines) {
            List<UniqueId> here = sources.at(line).stream().flatMap(at -> runs.plans().stream()
                    .filter(plan -> plan.name().equals(at.getKey())).findFirst().map(plan -> {
                        UniqueId playbook = engine.append(PlaybookDescriptor.SEGMENT, plan.id());
                        return at.getValue() < 0 ? playbook : playbook.append(PlaybookStepDescriptor.SEGMENT, String.valueOf(at.getValue() + 1));
                    }).stream()).toList();
            if (here.isEmpty()) return Optional.empty();
            ids.addAll(here);
        }
        return Optional.of(ids);
    }

    /** Whether a playbook is among the selected ids: all are when none is; a step is run by running its playbook whole. */
    private static boolean chosen(List<UniqueId> selected, UniqueId playbook) {
        return selected.isEmpty() || selected.stream().anyMatch(s -> s.hasPrefix(playbook) || playbook.hasPrefix(s));
    }

    /**
     * The container of {@code testClass}, in the tree: a member class's below its enclosing classes' (made when missing),
     * as discovery nests the classes of other backends, so that Surefire, which selects {@code OrderBotTest} and never
     * {@code OrderBotTest$Returns}, finds a node of the class it selected.
     */
    private static TestDescriptor classContainer(CognigyEngineDescriptor engine, Class<?> testClass) {
        UniqueId id = SimulationClassDescriptor.idOf(engine.getUniqueId(), testClass);
        Optional<? extends TestDescriptor> built = engine.findByUniqueId(id);
        if (built.isPresent()) return built.get();
        Class<?> declaring = testClass.getDeclaringClass();
        TestDescriptor parent = declaring == null ? engine : classContainer(engine, declaring);
        PlaybookClassDescriptor container = new PlaybookClassDescriptor(id, testClass);
        parent.addChild(container);
        return container;
    }

    /**
     * @param source the steps' records' source: {@code playbook <name>}, or {@code <class>#playbook <name>} below the class
     *               that selected it (the report's page shows a class's playbooks in one group, as Surefire does)
     */
    private static PlaybookDescriptor playbook(UniqueId parent, PlaybookRuns runs, PlaybookSources sources, PlaybookRuns.Plan plan,
                                               NamingStrategy naming, String source) {
        UniqueId id = parent.append(PlaybookDescriptor.SEGMENT, plan.id());
        PlaybookDescriptor playbook = new PlaybookDescriptor(id, runs, plan, sources.playbook(plan.name()).orElse(null));
        int steps = plan.steps().size();
        for (int i = 0; i < steps; i++) {
            playbook.addChild(new PlaybookStepDescriptor(id.append(PlaybookStepDescriptor.SEGMENT, String.valueOf(i + 1)), naming, plan.label(), source,
                    i, plan.steps().get(i), sources.step(plan.name(), i, steps).orElse(null)));
        }
        return playbook;
    }

    /** A failing test standing for playbooks that could not be discovered (tenant unreachable, configuration). */
    public static void problem(CognigyEngineDescriptor engine, String message) {
        engine.addChild(new ProblemDescriptor(engine.getUniqueId().append(ProblemDescriptor.SEGMENT, "playbooks"),
                "invalid: playbooks: " + message, message, null, dev.botsim.cognigy.engine.model.SourcePosition.of("cognigy.backend=playbooks")));
    }

    /**
     * The same failing test below {@code testClass}, which selected the playbooks that could not be discovered: a build tool
     * that selects classes (Surefire, Gradle) reports the tests below them, and would report none of a test beside them —
     * a run that found no playbook at all would pass with no test.
     */
    public static void problem(CognigyEngineDescriptor engine, Class<?> testClass, String message) {
        TestDescriptor container = classContainer(engine, testClass);
        container.addChild(new ProblemDescriptor(container.getUniqueId().append(ProblemDescriptor.SEGMENT, "playbooks"),
                "invalid: playbooks: " + message, message, org.junit.platform.engine.support.descriptor.ClassSource.from(testClass),
                dev.botsim.cognigy.engine.model.SourcePosition.of(testClass.getName())));
    }
}
