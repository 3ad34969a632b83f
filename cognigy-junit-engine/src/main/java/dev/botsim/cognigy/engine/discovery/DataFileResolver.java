package dev.botsim.cognigy.engine.discovery;

import static org.junit.platform.engine.support.discovery.SelectorResolver.Resolution.unresolved;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.discovery.UriSelector;
import org.junit.platform.engine.support.descriptor.FileSource;
import dev.botsim.cognigy.engine.discovery.botium.BotiumFiles;
import org.junit.platform.engine.support.discovery.SelectorResolver;

import dev.botsim.cognigy.engine.descriptor.ConversationDescriptor;
import dev.botsim.cognigy.engine.descriptor.DataFileDescriptor;
import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationCaseDescriptor;
import dev.botsim.cognigy.engine.support.SelectorUris;

/**
 * Resolves standalone data files from classpath-resource, file, directory, URI and unique-id selectors.
 * A line position selects the case, conversation or turn standing at that line.
 */
final class DataFileResolver implements SelectorResolver {

    private final UniqueId engineId;
    private final DiscoveryState state;

    DataFileResolver(UniqueId engineId, DiscoveryState state) {
        this.engineId = engineId;
        this.state = state;
    }

    /** A data file, or a folder standing for the data files below it (cucumber's {@code @SelectClasspathResource} idiom). */
    @Override
    public Resolution resolve(ClasspathResourceSelector selector, Context context) {
        String name = selector.getClasspathResourceName();
        if (ClasspathFolders.mayBeFolder(name)) {
            Set<DiscoverySelector> files = ClasspathFolders.dataFilesUnder(name).stream()
                    .map(DiscoverySelectors::selectClasspathResource)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            MisnamedDataFiles.reportUnder(name, state);
            return files.isEmpty() ? unresolved() : Resolution.selectors(files);
        }
        if (!DataFiles.isDataFile(name)) return unresolved();
        // A data file's name is this engine's alone: one that is not there is a failing test, or a misspelt name in a
        // @Suite would pass with no test at all.
        String resource = name.startsWith("/") ? name.substring(1) : name;
        DataFiles.Loaded loaded = state.dataFiles().classpathResource(name)
                .orElseGet(() -> DataFiles.missing(resource, MissingSelections.notOnClassPath(resource), Optional.empty()));
        return fileNode(loaded, context)
                .map(node -> select(node, selector.getPosition(), loaded.parsed().leftOut()))
                .orElse(unresolved());
    }

    @Override
    public Resolution resolve(FileSelector selector, Context context) {
        Path path = selector.getPath();
        if (!DataFiles.isDataFile(path.getFileName().toString())) return unresolved();
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path absolute = path.toAbsolutePath().normalize();
            return fileNode(DataFiles.missing(DataRoot.shown(absolute), MissingSelections.noSuchFile(path), Optional.of(absolute)),
                    context).map(node -> select(node, Optional.empty(), List.of())).orElse(unresolved());
        }
        // A link to no file or a named pipe with a data file's name is read as one, and so reported, not left out.
        if (Files.isDirectory(path)) return unresolved();
        DataFiles.Loaded loaded = state.dataFiles().file(path);
        return fileNode(loaded, context)
                .map(node -> select(node, selector.getPosition(), loaded.parsed().leftOut()))
                .orElse(unresolved());
    }

    private static Optional<Path> real(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Resolution resolve(DirectorySelector selector, Context context) {
        Path directory = selector.getPath();
        if (!Files.isDirectory(directory)) return unresolved();
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> entries = files.sorted(Comparator.naturalOrder()).toList();
            // Whatever has a data file's name but is no folder is one: a link that leads to no file, a named pipe or a
            // device is reported when it is read, where leaving it out would run fewer tests without a word.
            List<Path> found = entries.stream()
                    .filter(p -> DataFiles.isDataFile(p.getFileName().toString()))
                    .filter(p -> !Files.isDirectory(p))
                    .toList();
            state.dataFiles().walked(directory, found);
            if (found.stream().anyMatch(p -> BotiumFiles.isBotiumFile(p.getFileName().toString()))) {
                entries.stream().filter(p -> StrayConvos.candidate(p.getFileName().toString())).filter(Files::isRegularFile)
                        .forEach(p -> state.dataFiles().strayConvo(p)
                                .ifPresent(warning -> state.report(warning, FileSource.from(p.toFile()))));
            }
            // A file a data file links to is read through the link: it is no misnamed one.
            Set<Path> readThroughLinks = found.stream().filter(Files::isSymbolicLink).map(DataFileResolver::real)
                    .flatMap(Optional::stream).collect(Collectors.toSet());
            entries.stream().filter(p -> MisnamedDataFiles.candidate(p.getFileName().toString())).filter(Files::isRegularFile)
                    .filter(p -> real(p).map(r -> !readThroughLinks.contains(r)).orElse(true))
                    .forEach(p -> state.dataFiles().misnamed(p)
                            .ifPresent(warning -> state.report(warning, FileSource.from(p.toFile()))));
            // The walk does not enter linked folders: one inside is walked where it really is, one
            // outside is reported, since the data files the user put there would silently not run.
            Set<Match> outside = entries.stream()
                    .filter(p -> Files.isSymbolicLink(p) && Files.isDirectory(p))
                    .flatMap(link -> state.dataFiles().linkedFolder(link, directory).stream())
                    .flatMap(loaded -> fileNode(loaded, context).stream())
                    .map(node -> {
                        state.select(node.getUniqueId());
                        return Match.exact(node);
                    })
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            // By path as found: selectFile(File) would resolve a link before the root check sees it.
            Set<DiscoverySelector> selectors = found.stream()
                    .map(p -> DiscoverySelectors.selectFile(p.toString()))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (!selectors.isEmpty()) return Resolution.selectors(selectors);
            return outside.isEmpty() ? unresolved() : Resolution.matches(outside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** A {@code file:} or {@code classpath:} URI, with an optional {@code ?line=}: the file, folder or resource it names. */
    @Override
    public Resolution resolve(UriSelector selector, Context context) {
        return SelectorUris.selector(selector.getUri()).map(named -> Resolution.selectors(Set.of(named))).orElse(unresolved());
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId uniqueId = selector.getUniqueId();
        if (!uniqueId.hasPrefix(engineId) || uniqueId.getSegments().size() < 2) return unresolved();
        UniqueId.Segment first = uniqueId.getSegments().get(1);
        if (!DataFileDescriptor.SEGMENT.equals(first.getType())) return unresolved();
        String resource = first.getValue();
        Optional<DataFiles.Loaded> loaded = state.dataFiles().classpathResource(resource);
        if (loaded.isEmpty() && Files.isRegularFile(Path.of(resource))) {
            loaded = Optional.of(state.dataFiles().file(Path.of(resource)));
        }
        Optional<DataFileDescriptor> file = loaded.flatMap(l -> fileNode(l, context));
        Optional<TestDescriptor> found = file.flatMap(node -> state.find(node, uniqueId));
        if (found.isEmpty() && file.isPresent() && loaded.isPresent() && MissingSelections.namesProblem(uniqueId)) {
            // An IDE's rerun of a failed problem test after the problem was fixed: the file runs whole, the case or
            // conversation the problem left out with it, where "renamed or removed" would fail the run.
            state.report(MissingSelections.problemFixed(loaded.get().resource(), uniqueId, "the file",
                    ", with the case or conversation the problem left out", "the file"), file.get().getSource().orElse(null));
            state.select(file.get().getUniqueId());
            return Resolution.match(Match.exact(file.get()));
        }
        if (found.isEmpty() && file.isPresent() && loaded.isPresent()) {
            // A file whose problems leave tests out may have lost this one to them (a syntax error since the list was made):
            // its problem tests run instead, so the rerun fails naming the problem rather than not running at all.
            List<TestDescriptor> problems = file.get().getChildren().stream()
                    .filter(ProblemDescriptor.class::isInstance)
                    .map(TestDescriptor.class::cast).toList();
            if (!problems.isEmpty()) {
                state.report(MissingSelections.notInFileWithProblems(loaded.get().resource(), uniqueId, 1, problems.size()),
                        file.get().getSource().orElse(null));
                problems.forEach(problem -> state.select(problem.getUniqueId()));
                return Resolution.matches(problems.stream().map(Match::exact).collect(Collectors.toCollection(LinkedHashSet::new)));
            }
        }
        if (found.isEmpty()) {
            // A test the file no longer has, as an IDE's rerun of a list made before the file changed selects it.
            state.reportUnresolved(loaded.isEmpty() ? MissingSelections.fileGone(resource, uniqueId)
                    : MissingSelections.notInFile(loaded.get().resource(), uniqueId, 1),
                    file.flatMap(TestDescriptor::getSource).orElse(null));
            return unresolved();
        }
        state.select(uniqueId);
        return Resolution.match(Match.exact(found.get()));
    }

    private Optional<DataFileDescriptor> fileNode(DataFiles.Loaded loaded, Context context) {
        UniqueId id = engineId.append(DataFileDescriptor.SEGMENT, loaded.id());
        Optional<TestDescriptor> existing = state.resolved(id);
        if (existing.isPresent()) return existing.map(DataFileDescriptor.class::cast);
        return context.addToParent(parent -> Optional.of(state.remember(DataFileTree.build(engineId, loaded, Set.of(), state))));
    }

    /** @param leftOut the first lines of the file's cases and conversations left out for a problem */
    private Resolution select(DataFileDescriptor file, Optional<FilePosition> position, List<Integer> leftOut) {
        List<TestDescriptor> chosen = position.map(p -> atLine(file, p.getLine(), leftOut)).orElse(List.of(file));
        if (chosen.isEmpty()) return unresolved();
        chosen.forEach(node -> state.select(node.getUniqueId()));
        return Resolution.matches(chosen.stream().map(Match::exact).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /**
     * The case, conversation or turn the line belongs to: the last to begin at or before it. A case with several
     * utterances begins where its entry does, so any line of it selects all its tests, except the line of one of its
     * utterances, which selects that one (every one on that line, for a list written on one line). Tests beginning on
     * the same line (variants from one Botium convo) are selected together. A line before the first selects the file;
     * one past the file's end, nothing (reported). A line of a case or conversation left out for a problem (an unknown
     * field, a syntax error in it) selects the problems found from its first line to the next case's, or every problem
     * of the file when none is there: the run fails naming the problem, where the case above, which nobody chose, would
     * run in its place.
     */
    private List<TestDescriptor> atLine(DataFileDescriptor file, int line, List<Integer> leftOut) {
        List<TestDescriptor> candidates = file.getDescendants().stream()
                .filter(d -> d.isTest() || d instanceof ConversationDescriptor).map(TestDescriptor.class::cast).toList();
        List<TestDescriptor> utterancesOnLine = candidates.stream()
                .filter(d -> d instanceof SimulationCaseDescriptor c && c.simulation().entry().line() != c.simulation().position().line()
                        && c.simulation().position().line() == line)
                .toList();
        if (!utterancesOnLine.isEmpty()) return utterancesOnLine;
        int[] starts = candidates.stream().mapToInt(DataFileResolver::begins).filter(start -> start > 0).toArray();
        int[] valid = candidates.stream().filter(d -> !(d instanceof ProblemDescriptor)).mapToInt(DataFileResolver::begins)
                .filter(start -> start > 0).toArray();
        int[] leftOutStarts = leftOut.stream().mapToInt(Integer::intValue).filter(start -> start > 0).toArray();
        int best = Math.max(lastAtOrBefore(starts, line), lastAtOrBefore(leftOutStarts, line));
        if (best == 0) return List.of(file);
        int last = IntStream.concat(Arrays.stream(starts), Arrays.stream(leftOutStarts)).max().orElse(0);
        if (line > last && pastTheEnd(file, line)) return List.of();
        List<TestDescriptor> problems = candidates.stream().filter(ProblemDescriptor.class::isInstance).toList();
        int leftOutStart = lastAtOrBefore(leftOutStarts, line);
        if (leftOutStart > lastAtOrBefore(valid, line) && !problems.isEmpty()) {
            int next = IntStream.concat(Arrays.stream(valid), Arrays.stream(leftOutStarts))
                    .filter(start -> start > leftOutStart).min().orElse(Integer.MAX_VALUE);
            List<TestDescriptor> inside = problems.stream()
                    .filter(p -> begins(p) >= leftOutStart && begins(p) < next).toList();
            return inside.isEmpty() ? problems : inside;
        }
        return candidates.stream().filter(d -> begins(d) == best).toList();
    }

    /** The greatest of {@code starts} at or before {@code line}; 0 when none is. */
    private static int lastAtOrBefore(int[] starts, int line) {
        return Arrays.stream(starts).filter(start -> start <= line).max().orElse(0);
    }

    /**
     * Whether {@code line} is past the end of the file as it is now, reported if so: an IDE's rerun of a line chosen
     * before the file was shortened would otherwise run the file's last test, which nobody chose. The file is read only
     * for a line after its last test begins.
     */
    private boolean pastTheEnd(DataFileDescriptor file, int line) {
        OptionalInt lines = file.getSource().map(source -> state.dataFiles().lines(source)).orElse(OptionalInt.empty());
        if (lines.isEmpty() || line <= lines.getAsInt()) return false;
        state.reportUnresolved(MissingSelections.pastTheEnd(file.file().resource(), line, lines.getAsInt()),
                file.getSource().orElse(null));
        return true;
    }

    /** The line a node begins on: a case's entry, or the node's own source line; 0 when it has none. */
    private static int begins(TestDescriptor node) {
        if (node instanceof SimulationCaseDescriptor c) return c.simulation().entry().line();
        return node.getSource().filter(FileSource.class::isInstance).map(FileSource.class::cast)
                .flatMap(FileSource::getPosition).map(p -> p.getLine())
                .or(() -> node.getSource().filter(org.junit.platform.engine.support.descriptor.ClasspathResourceSource.class::isInstance)
                        .map(org.junit.platform.engine.support.descriptor.ClasspathResourceSource.class::cast)
                        .flatMap(s -> s.getPosition()).map(p -> p.getLine()))
                .orElse(0);
    }
}
