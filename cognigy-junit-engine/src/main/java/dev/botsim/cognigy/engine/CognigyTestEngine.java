package dev.botsim.cognigy.engine;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.botsim.cognigy.engine.config.Constants;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apiguardian.api.API;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.config.PrefixedConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.DefaultParallelExecutionConfigurationStrategy;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.ParallelHierarchicalTestExecutorServiceFactory;
import org.junit.platform.engine.support.hierarchical.ParallelHierarchicalTestExecutorServiceFactory.ParallelExecutorServiceType;
import org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.factory.PlaybookSessions;
import dev.botsim.cognigy.engine.backend.playbooks.NameGlob;
import dev.botsim.cognigy.engine.discovery.PlaybookClasses;
import dev.botsim.cognigy.engine.discovery.PlaybookExportSelection;
import dev.botsim.cognigy.engine.discovery.PlaybookExportSources;
import dev.botsim.cognigy.engine.backend.sandbox.SandboxFile;
import dev.botsim.cognigy.engine.discovery.GeneratedPlaybookTree;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookSession;
import dev.botsim.cognigy.engine.generated.GeneratedSuite;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.LibraryVersions;
import dev.botsim.cognigy.engine.config.NamingStrategy;
import dev.botsim.cognigy.engine.config.PlaybooksSettings;
import dev.botsim.cognigy.engine.descriptor.CognigyEngineDescriptor;
import dev.botsim.cognigy.engine.descriptor.ConversationDescriptor;
import dev.botsim.cognigy.engine.descriptor.PlaybookDescriptor;
import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.shard.SelectionScope;
import dev.botsim.cognigy.engine.shard.ShardSelection;
import dev.botsim.cognigy.engine.descriptor.CognigyExecutionContext;
import dev.botsim.cognigy.engine.descriptor.PlaybookSources;
import dev.botsim.cognigy.engine.descriptor.PlaybookTree;
import dev.botsim.cognigy.engine.discovery.EngineDiscovery;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.execution.PlaybookRuns;
import dev.botsim.cognigy.engine.lifecycle.CheckedConfiguration;
import dev.botsim.cognigy.engine.lifecycle.RunLifecycle;
import dev.botsim.cognigy.engine.lifecycle.RunSelection;
import dev.botsim.cognigy.engine.lifecycle.SeveralBots;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * The {@code cognigy} test engine: runs bot simulations from {@code @BotSimulation} classes and
 * simulation data files as JUnit tests. Found by the JUnit Platform through {@link java.util.ServiceLoader};
 * users name it by its id, {@value Constants#ENGINE_ID} ({@code --include-engine=cognigy},
 * {@code EngineTestKit.engine("cognigy")}).
 */
@API(status = MAINTAINED, since = "0.1")
public final class CognigyTestEngine extends HierarchicalTestEngine<CognigyExecutionContext> {

    private final EngineServices services;
    private final Sleeper sleeper;
    private final Supplier<LibraryVersions> libraries;

    public CognigyTestEngine() {
        this(Clock.systemUTC());
    }

    private CognigyTestEngine(Clock clock) {
        this(new EngineServices(System::getenv, Backends.on(clock, Sleeper.SYSTEM), clock).withRequirements(Backends::requirements)
                .withNanoTime(System::nanoTime));
    }

    /** An engine whose environment, backends and clock are given, for tests of the engine itself. */
    @API(status = INTERNAL, since = "0.1")
    public CognigyTestEngine(EngineServices services) {
        this(services, Sleeper.SYSTEM);
    }

    /** An engine whose waits between playbook task polls are {@code sleeper}'s, for tests of the engine itself. */
    @API(status = INTERNAL, since = "0.1")
    public CognigyTestEngine(EngineServices services, Sleeper sleeper) {
        this(services, sleeper, LibraryVersions::onClassPath);
    }

    /** An engine that finds {@code libraries} on the class path, for tests of the engine itself. */
    @API(status = INTERNAL, since = "0.1")
    public CognigyTestEngine(EngineServices services, LibraryVersions libraries) {
        this(services, Sleeper.SYSTEM, () -> libraries);
    }

    private CognigyTestEngine(EngineServices services, Sleeper sleeper, Supplier<LibraryVersions> libraries) {
        this.services = services;
        this.sleeper = sleeper;
        this.libraries = libraries;
    }

    @Override
    public String getId() {
        return Constants.ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.botsim.cognigy");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("cognigy-junit-engine");
    }

    /**
     * The test tree, with the configuration read once, here: what JUnit asks of the engine before
     * the engine node runs (the worker pool) is then built from the same reading the run uses.
     * Its problems are not thrown here but when the run starts — an IDE listing the tests must not
     * fail over settings that only matter when they run. Libraries too old to run with ({@link LibraryVersions}) are
     * refused here, first: nothing of the engine, listing included, works with them.
     */
    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        // First: with a library too old, what follows fails far from the cause (reading a file, building the tree).
        LibraryVersions found = libraries.get();
        Optional<String> tooOld = found.problem();
        if (tooOld.isPresent()) return refused(request, uniqueId, found, tooOld.get());
        CognigyEngineDescriptor engine = new CognigyEngineDescriptor(uniqueId,
                CheckedConfiguration.read(request.getConfigurationParameters(), services.environment(), services.requirements()));
        if (PlaybooksSettings.chosen(request.getConfigurationParameters()) && !generated(request.getConfigurationParameters())) {
            discoverPlaybooks(request, engine);
            notRunAsPlaybooks(request, engine);
        } else if (PlaybooksSettings.chosen(request.getConfigurationParameters())) {
            // Mode generated: the usual tree, every case and conversation compiled into a playbook or refused here.
            EngineDiscovery.discover(request, engine);
            GeneratedPlaybookTree.refuse(engine, request);
        } else {
            EngineDiscovery.discover(request, engine);
        }
        // The engine's own id selects the project's playbooks in mode existing; anywhere else it names no test, and is
        // how a rerun of the failed nodes (Surefire's rerunFailingTestsCount) selects the run's own failure.
        boolean ownPlaybooks = PlaybooksSettings.chosen(request.getConfigurationParameters())
                && !generated(request.getConfigurationParameters());
        engine.pickedOneByOne(ownPlaybooks ? SelectionScope.oneByOne(request) : SelectionScope.oneByOne(request, uniqueId));
        engine.rerunsRunFailure(!ownPlaybooks && SelectionScope.rerunsRunFailure(request, uniqueId));
        // A rerun picks the tests it reruns: sharding it again could hand them to another shard, which would not run them.
        if (!engine.pickedOneByOne()) keepShard(engine);
        engine.problemsDiscovered();
        return engine;
    }

    /**
     * Libraries too old to run with: one error-level discovery issue, on which JUnit fails the engine before it runs,
     * printing the message; the tree is the engine alone, whose node would fail with the message if it ran. A JUnit
     * Platform older than 1.13 has no discovery issues and prints only that discovery failed, with what was thrown in
     * Surefire's dump file: there the message goes to the console first, then is thrown.
     */
    private TestDescriptor refused(EngineDiscoveryRequest request, UniqueId uniqueId, LibraryVersions found, String message) {
        ConfigurationException problem = new ConfigurationException(message);
        if (!found.reportsDiscoveryIssues()) {
            ConsoleText.printLines(services.console().get(), message);
            throw problem;
        }
        request.getDiscoveryListener().issueEncountered(uniqueId, DiscoveryIssue.create(DiscoveryIssue.Severity.ERROR, message));
        return new CognigyEngineDescriptor(uniqueId, CheckedConfiguration.refused(problem, services.requirements()));
    }

    /**
     * {@code cognigy.shard=i/n}: only this shard's tests stay in the tree, so the IDE, Surefire and the run see the
     * same part. A conversation and a playbook run whole, in one shard; a test standing for invalid input runs in every
     * shard (the merge counts it once). An invalid configuration keeps the whole tree:
     * the run fails with every problem when it starts.
     */
    private static void keepShard(CognigyEngineDescriptor engine) {
        engine.configuration().valid().flatMap(config -> config.run().shard()).ifPresent(shard -> {
            engine.botsBeforeShard(SeveralBots.ofRun(engine));
            ShardSelection.keep(engine, shard, node -> node instanceof ConversationDescriptor || node instanceof PlaybookDescriptor,
                    node -> node instanceof ProblemDescriptor);
        });
    }

    /**
     * {@code cognigy.backend=playbooks}: the project's playbooks, listed and read once here, so discovery needs the
     * tenant. They are selected with the engine's unique id (or a playbook's or step's), or by selecting a class that
     * names them, {@code @BotSimulation(playbooks = "Order*")} (how Surefire, which selects classes, runs them), or, when
     * they come from an export the embedded sandbox started with, by that file and a line, as a data file is. A tenant
     * that cannot be reached or a target that cannot be told is one failing test.
     */
    private void discoverPlaybooks(EngineDiscoveryRequest request, CognigyEngineDescriptor engine) {
        List<UniqueId> selected = request.getSelectorsByType(UniqueIdSelector.class).stream().map(UniqueIdSelector::getUniqueId)
                .filter(id -> id.hasPrefix(engine.getUniqueId())).toList();
        // A playbook or step of a class ([class:…]/[playbook:…]), as an IDE or Surefire reruns it, is found where its
        // class finds it.
        List<UniqueId> underClasses = selected.stream().filter(id -> id.getSegments().size() > 1
                && id.getSegments().get(1).getType().equals(dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor.SEGMENT))
                .toList();
        Map<Class<?>, String> classes = selected.isEmpty() ? PlaybookClasses.selected(request) : PlaybookClasses.named(underClasses);
        Optional<EngineConfig> config = engine.configuration().valid();
        Optional<Export> export = config.flatMap(CognigyTestEngine::export);
        PlaybookExportSelection byExport = export.map(e -> PlaybookExportSelection.of(request, engine.getUniqueId(), e.resource(), e.file()))
                .orElse(PlaybookExportSelection.NONE);
        // The engine's own playbooks are selected by the engine's id, one of theirs or their export; with none, only
        // classes' are needed.
        boolean topLevel = selected.size() > underClasses.size() || byExport.any();
        if (!topLevel && classes.isEmpty()) return;
        if (config.isEmpty()) {
            // An invalid configuration fails the engine node with every problem when the run starts, which a run without
            // tests does not: what was selected stands in the tree, never run, so the run cannot pass with no test.
            String message = "the playbooks were not listed: the configuration has problems, reported by the engine";
            if (topLevel) PlaybookTree.problem(engine, message);
            classes.keySet().forEach(testClass -> PlaybookTree.problem(engine, testClass, message));
            return;
        }
        List<UniqueId> below = selected.stream().filter(id -> !id.equals(engine.getUniqueId()) && !underClasses.contains(id))
                .toList();
        PlaybooksSettings settings = PlaybooksSettings.read(request.getConfigurationParameters());
        NamingStrategy naming = EngineConfig.namingStrategy(request.getConfigurationParameters());
        if (!topLevel) settings = settings.withInclude(PlaybookClasses.union(classes.values()));
        try {
            PlaybookRuns runs = new PlaybookRuns(PlaybookSessions.open(config.get(), settings, services.clock(), sleeper));
            engine.closeAfterRun(runs);
            engine.reportStandInCounters(runs::standInCounters);
            engine.playbooksAnsweredBy(runs::sandboxSeen);
            PlaybookSources sources = export.map(e -> e.sources(request.getConfigurationParameters())).orElse(PlaybookSources.NONE);
            below = exportLines(engine, runs, sources, byExport, selected, below);
            // Configured playbooks that are none (a typo in the glob, a comment left on the value's line, playbooks renamed
            // in Cognigy) would leave a run of no test, which passes. A rerun of chosen playbooks found what still exists.
            if (topLevel && !PlaybookTree.build(engine, runs, sources, below, naming) && below.isEmpty()) {
                PlaybookTree.problem(engine, noPlaybook(settings, runs));
            }
            classes.forEach((testClass, glob) -> {
                boolean found = PlaybookTree.buildForClass(engine, runs, sources, testClass, NameGlob.of(glob)::matches, underClasses, naming);
                // A glob that matches nothing (a typo, a playbook renamed in Cognigy) would leave the class without a test,
                // and a build tool would pass it. A rerun of chosen playbooks is left alone: it found what still exists.
                if (!found && underClasses.isEmpty()) {
                    PlaybookTree.problem(engine, testClass, "@BotSimulation(playbooks = \"" + glob + "\") of "
                            + testClass.getSimpleName() + " matches no playbook of the project; check the glob and the"
                            + " playbooks' names in Cognigy");
                }
            });
            staleRerun(request, engine, selected);
        } catch (ConfigurationException | BackendException e) {
            request.getDiscoveryListener().issueEncountered(engine.getUniqueId(),
                    DiscoveryIssue.create(DiscoveryIssue.Severity.WARNING, e.getMessage()));
            if (topLevel) PlaybookTree.problem(engine, e.getMessage());
            classes.keySet().forEach(testClass -> PlaybookTree.problem(engine, testClass, e.getMessage()));
        }
    }

    /**
     * An IDE's rerun by unique id of a playbook the project no longer has (removed, or renamed in an export, which gives
     * it another id) would otherwise select nothing and pass; a step the playbook no longer has runs it whole, as any
     * step's selection does, and says why. The names and ids in both messages are written on one line
     * ({@link ConsoleText#oneLine}), as the engine's other messages write a playbook's name.
     */
    private static void staleRerun(EngineDiscoveryRequest request, CognigyEngineDescriptor engine, List<UniqueId> selected) {
        for (UniqueId id : selected) {
            List<UniqueId.Segment> segments = id.getSegments();
            int at = java.util.stream.IntStream.range(0, segments.size())
                    .filter(i -> segments.get(i).getType().equals(PlaybookDescriptor.SEGMENT)).findFirst().orElse(-1);
            if (at < 0) continue;
            UniqueId playbookId = UniqueId.root(segments.get(0).getType(), segments.get(0).getValue());
            for (UniqueId.Segment segment : segments.subList(1, at + 1)) playbookId = playbookId.append(segment);
            Optional<? extends TestDescriptor> playbook = engine.findByUniqueId(playbookId);
            if (playbook.isEmpty()) {
                request.getDiscoveryListener().issueEncountered(engine.getUniqueId(), DiscoveryIssue.create(DiscoveryIssue.Severity.ERROR,
                        "the project has no playbook " + ConsoleText.oneLine(segments.get(at).getValue() + " (" + id + ")") + ": it was renamed or"
                        + " removed since the test was listed — run the playbooks again to list them as they are now"));
            } else if (engine.findByUniqueId(id).isEmpty()) {
                request.getDiscoveryListener().issueEncountered(engine.getUniqueId(), DiscoveryIssue.builder(DiscoveryIssue.Severity.WARNING,
                        "playbook " + ConsoleText.oneLine(playbook.get().getDisplayName() + " has no "
                        + segments.get(segments.size() - 1).getType() + " " + segments.get(segments.size() - 1).getValue() + " ("
                        + id + ")") + ", it has " + playbook.get().getChildren().size()
                        + ": it was shortened since the test was listed — the playbook runs whole, as a step's rerun does; run the"
                        + " playbooks again to list them as they are now").source(playbook.get().getSource().orElse(null)).build());
            }
        }
    }

    /**
     * The export the embedded sandbox started with ({@code cognigy.sandbox.playbooks}), where the playbooks of mode
     * {@code existing} come from: its class path resource for a {@code classpath:} export, else its file. Empty when they
     * are read from a tenant, where they are written in Cognigy.
     */
    private static Optional<Export> export(EngineConfig config) {
        return PlaybookSessions.export(config).map(value -> {
            Optional<String> resource = SandboxFile.playbooks(Constants.SANDBOX_PLAYBOOKS, value).resource();
            // The sandbox has read a file by this path already: it is one.
            return new Export(resource, resource.isPresent() ? Optional.empty() : Optional.of(java.nio.file.Path.of(value)));
        });
    }

    /** The playbook export: a class path resource, or else a file. */
    private record Export(Optional<String> resource, Optional<java.nio.file.Path> file) {

        /** Where the playbooks stand in it, by the data files' rule: class path resource sources, else file sources. */
        PlaybookSources sources(ConfigurationParameters parameters) {
            int maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, EngineConfig.maxFileSize(parameters));
            if (file.isPresent()) return PlaybookExportSources.file(file.get(), maxBytes);
            return SandboxFile.onClassPath(resource.orElseThrow()).map(url -> PlaybookExportSources.onClassPath(resource.get(), url, maxBytes))
                    .orElse(PlaybookSources.NONE);
        }
    }

    /**
     * The ids selected below the engine, with the playbooks and steps at the lines of the export that selectors named:
     * all playbooks (none picked) when one named the export whole or a line no playbook stands at. Beside the engine's
     * own id they add nothing: it selects what it selects alone.
     */
    private static List<UniqueId> exportLines(CognigyEngineDescriptor engine, PlaybookRuns runs, PlaybookSources sources,
                                              PlaybookExportSelection byExport, List<UniqueId> selected, List<UniqueId> below) {
        if (!byExport.any() || selected.contains(engine.getUniqueId())) return below;
        if (byExport.whole()) return List.of();
        Optional<List<UniqueId>> atLines = PlaybookTree.atLines(engine.getUniqueId(), runs, sources, byExport.lines());
        if (atLines.isEmpty()) return List.of();
        List<UniqueId> all = new java.util.ArrayList<>(below);
        all.addAll(atLines.get());
        return all;
    }

    /** Why the configured playbooks hold no test, naming the setting and, for a glob, the project's playbooks. */
    private static String noPlaybook(PlaybooksSettings settings, PlaybookRuns runs) {
        if (settings.file().isPresent()) {
            return Constants.PLAYBOOKS_FILE + "=" + settings.file().get() + " names no playbook with steps; list the playbooks to run in it";
        }
        List<String> project = runs.projectPlaybooks();
        String glob = Constants.PLAYBOOKS_INCLUDE + "=" + settings.include();
        if (project.isEmpty()) return glob + " finds no playbook: the project has none; create playbooks in Cognigy or check "
                + Constants.MANAGEMENT_PROJECT_ID;
        if (!runs.plans().isEmpty()) {
            return glob + " matches only playbooks without steps (" + names(runs.plans().stream().map(PlaybookRuns.Plan::name).toList())
                    + "), which test nothing; add steps to them in Cognigy or change the glob";
        }
        return glob + " matches no playbook of the project (playbooks: " + names(project) + "); check the glob and the playbooks'"
                + " names in Cognigy";
    }

    /** Up to twenty names, each on one line (the tenant's text), then how many more. */
    private static String names(List<String> names) {
        String shown = names.subList(0, Math.min(20, names.size())).stream().map(ConsoleText::oneLine)
                .collect(java.util.stream.Collectors.joining(", "));
        return names.size() > 20 ? shown + " and " + (names.size() - 20) + " more" : shown;
    }

    /**
     * Mode {@code existing} runs the project's playbooks only: the data files and {@code @Utterance} / {@code @Conversation}
     * methods of the selected classes are not run, which a warning says. Not a failure: Surefire's {@code -Dtest} selects
     * the class it names in every execution of the build, the playbooks' too, which must then end cleanly.
     */
    private static void notRunAsPlaybooks(EngineDiscoveryRequest request, CognigyEngineDescriptor engine) {
        List<Class<?>> others = PlaybookClasses.withOtherTests(request);
        if (others.isEmpty()) return;
        String names = others.stream().map(Class::getSimpleName).collect(java.util.stream.Collectors.joining(", "));
        String message = "cognigy.backend=playbooks runs the project's playbooks (cognigy.playbooks.mode=existing): the data files"
                + " and @Utterance/@Conversation methods of " + names + " are not run; set cognigy.playbooks.mode=generated to run"
                + " them as playbooks, or run them with another backend (a Surefire execution of their own)";
        request.getDiscoveryListener().issueEncountered(engine.getUniqueId(),
                DiscoveryIssue.create(DiscoveryIssue.Severity.WARNING, message));
    }

    /**
     * The worker pool, built from checked values only. JUnit calls this before the engine node
     * reports anything, and a pool built from a value the engine refuses either hangs (a
     * parallelism of 0 leaves no worker to run the engine node) or fails with JUnit's own wrapped
     * exception. A configuration with any problem therefore gets no pool: the run goes on on the
     * calling thread, where the engine node fails with the one message listing every problem.
     */
    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        return root(request).configuration().valid().filter(config -> config.execution().parallel())
                .map(config -> ParallelHierarchicalTestExecutorServiceFactory.create(new WithDefaults(
                        new PrefixedConfigurationParameters(request.getConfigurationParameters(), Constants.PARALLEL_CONFIG_PREFIX),
                        parallelDefaults(config.maxConcurrency()))))
                .orElseGet(SameThreadHierarchicalTestExecutorService::new);
    }

    /**
     * Tests spend their time waiting for the bot, not computing: as many workers as simulations may
     * be in flight, on plain threads (a fork-join pool does not expect its workers to block). Keys
     * and values are JUnit's own, under {@link Constants#PARALLEL_CONFIG_PREFIX}.
     */
    private static Map<String, String> parallelDefaults(int maxConcurrency) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put(DefaultParallelExecutionConfigurationStrategy.CONFIG_STRATEGY_PROPERTY_NAME,
                DefaultParallelExecutionConfigurationStrategy.FIXED.name().toLowerCase(Locale.ROOT));
        defaults.put(DefaultParallelExecutionConfigurationStrategy.CONFIG_FIXED_PARALLELISM_PROPERTY_NAME,
                String.valueOf(maxConcurrency));
        defaults.put(ParallelHierarchicalTestExecutorServiceFactory.EXECUTOR_SERVICE_PROPERTY_NAME,
                ParallelExecutorServiceType.WORKER_THREAD_POOL.name().toLowerCase(Locale.ROOT));
        return defaults;
    }

    @Override
    protected CognigyExecutionContext createExecutionContext(ExecutionRequest request) {
        CognigyEngineDescriptor root = root(request);
        return new CognigyExecutionContext(new RunLifecycle(root.configuration(), request, servicesFor(request),
                RunSelection.whole().withPartial(root.pickedOneByOne())
                        .withLeftOut(root.problemsLeftOut(request.getRootTestDescriptor()))
                        .withFilteredOut(root.filteredOut(request.getRootTestDescriptor()))
                        .withDiscoveredStandIn(root::playbooksStandIn)
                        .withRerunOfRunFailure(root.rerunsRunFailure())));
    }

    /**
     * The engine's services, with generated playbooks as the backend under {@code cognigy.playbooks.mode=generated}:
     * that backend runs the playbooks compiled from the run's tree, which only the engine holds. Against the embedded
     * sandbox, the engine node reports what the sandbox counted, as in mode {@code existing}.
     */
    private EngineServices servicesFor(ExecutionRequest request) {
        ConfigurationParameters parameters = request.getConfigurationParameters();
        if (!PlaybooksSettings.chosen(parameters) || !generated(parameters)) return services;
        GeneratedSuite suite = GeneratedPlaybookTree.suite(request.getRootTestDescriptor());
        return new EngineServices(services.environment(), config -> {
            PlaybookSessions.Generated generated = PlaybookSessions.generated(config, PlaybooksSettings.read(parameters), suite,
                    services.clock(), sleeper);
            root(request).reportStandInCounters(generated.standInCounters());
            return generated.backend();
        }, services.clock(), services.console(), services.listeners(), services.requirements(), services.nanoTime());
    }

    /** Whether playbooks are generated; a mode that is neither is the configuration's problem, reported when the run starts. */
    private static boolean generated(ConfigurationParameters parameters) {
        try {
            return PlaybooksSettings.generated(parameters);
        } catch (ConfigurationException e) {
            return false;
        }
    }

    /** The tree {@link #discover} built. */
    private static CognigyEngineDescriptor root(ExecutionRequest request) {
        return (CognigyEngineDescriptor) request.getRootTestDescriptor();
    }

    /** Configuration parameters falling back to defaults for keys the user did not set. */
    private record WithDefaults(ConfigurationParameters parameters, Map<String, String> defaults)
            implements ConfigurationParameters {

        @Override
        public Optional<String> get(String key) {
            return parameters.get(key).or(() -> Optional.ofNullable(defaults.get(key)));
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return get(key).map(Boolean::parseBoolean);
        }

        @Override
        public Set<String> keySet() {
            Set<String> keys = new java.util.HashSet<>(parameters.keySet());
            keys.addAll(defaults.keySet());
            return keys;
        }
    }
}
