package dev.botsim.cognigy.engine.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;


import dev.botsim.cognigy.engine.discovery.botium.BotiumFiles;
import dev.botsim.cognigy.engine.discovery.botium.BotiumReader;
import dev.botsim.cognigy.engine.discovery.datafile.FileProblem;
import dev.botsim.cognigy.engine.discovery.datafile.ParsedFile;
import dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader;
import dev.botsim.cognigy.engine.model.SimulationFile;
import dev.botsim.cognigy.engine.support.FileFailures;

/**
 * Finds and reads simulation data files, each once per discovery, whether a class references it,
 * a selector names it, or a scan finds it.
 */
final class DataFiles {

    private final SimulationFileReader reader;
    private final BotiumReader botium;
    private final ClassLoader classLoader;
    private final int maxBytes;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();
    private final DataRoot dataRoot = new DataRoot();
    private volatile List<Path> directoryRoots;
    /** The folder each file found by walking a selected folder was found in. */
    private final Map<Path, Path> walkedFrom = new ConcurrentHashMap<>();
    /** Per Maven module, whether its POM copies test resources from {@code src/test/resources} only. */
    private final Map<Path, Boolean> pomCopiesOnlyTestResources = new ConcurrentHashMap<>();

    /**
     * @param defaultMode the mode of a file that names none ({@code NLU} under {@code cognigy.backend=nlu})
     */
    DataFiles(long maxFileSize, dev.botsim.cognigy.annotations.Mode defaultMode, ClassLoader classLoader) {
        // The readers read one byte past the limit to see a file is larger: Integer.MAX_VALUE itself cannot be a limit.
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, maxFileSize);
        this.reader = new SimulationFileReader(maxBytes, defaultMode);
        this.botium = new BotiumReader(maxBytes);
        this.classLoader = classLoader;
    }

    /** {@link StrayConvos#warning} for a file found by walking a folder that holds Botium's files. */
    Optional<String> strayConvo(Path file) {
        return warning(file, StrayConvos::warning);
    }

    /** {@link StrayConvos#warning} for a classpath resource in a folder that holds Botium's files. */
    Optional<String> strayConvo(String resource) {
        return warning(resource, StrayConvos::warning);
    }

    /** {@link MisnamedDataFiles#warning} for a file found by walking a selected folder. */
    Optional<String> misnamed(Path file) {
        return warning(file, (shown, bytes, max) -> MisnamedDataFiles.warning(shown, bytes, max,
                name -> Files.exists(file.resolveSibling(name))));
    }

    /** {@link MisnamedDataFiles#warning} for a classpath resource in a folder of data files. */
    Optional<String> misnamed(String resource) {
        String folder = resource.substring(0, resource.lastIndexOf('/') + 1);
        return warning(resource, (shown, bytes, max) -> MisnamedDataFiles.warning(shown, bytes, max,
                name -> classLoader.getResource(folder + name) != null));
    }

    /**
     * A warning for a data file on the class path that is a copy Maven left in {@code target/test-classes} of a file since
     * renamed, moved or deleted in {@code src/test/resources}: Maven copies test resources and never removes one, so the
     * old copy keeps running until {@code mvn clean}, beside the renamed file, whose test ids it then uses twice. Said only
     * for a module whose {@code pom.xml} copies no test resources but {@code src/test/resources}'s (no
     * {@code <testResources>}, no plugin adding or copying any), nor do the parent POMs on disk it inherits its build from,
     * where the copy can come from nowhere else; the file still runs.
     */
    Optional<String> leftInTestClasses(Loaded loaded) {
        if (loaded.path().isPresent()) return Optional.empty();
        URL url = classLoader.getResource(loaded.resource());
        Optional<Path> root = (url == null ? Optional.<Path>empty() : onDisk(url)).flatMap(this::classpathRoot);
        if (root.isEmpty() || !named(root.get(), "test-classes") || root.get().getParent() == null
                || !named(root.get().getParent(), "target") || root.get().getParent().getParent() == null) {
            return Optional.empty();
        }
        Path module = root.get().getParent().getParent();
        Path resources = module.resolve("src").resolve("test").resolve("resources");
        try {
            if (!Files.isDirectory(resources) || Files.exists(resources.resolve(loaded.resource()))
                    || !pomCopiesOnlyTestResources.computeIfAbsent(module, m -> copiesOnlyTestResources(m.resolve("pom.xml")))) {
                return Optional.empty();
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.of(loaded.resource() + ": is in target/test-classes but not in src/test/resources — a copy an earlier"
                + " build left there of a file since renamed, moved or deleted (Maven copies test resources and never removes"
                + " one), and it still runs: run mvn clean test once to remove it");
    }

    /**
     * Whether a Maven POM copies test resources from {@code src/test/resources} only, as a POM that says nothing of them
     * does, and so do the parents it inherits its build from that are on disk: its {@code <parent>}'s
     * {@code <relativePath>}, {@code ../pom.xml} by default. A parent taken from a repository ({@code <relativePath/>},
     * or none at that path) is not read.
     */
    private static boolean copiesOnlyTestResources(Path pom) {
        // A few levels: a chain of parents longer than that, or one that names itself, is not followed further.
        for (int level = 0; level < 8 && pom != null; level++) {
            String text;
            try {
                text = Files.readString(pom);
            } catch (IOException | RuntimeException e) {
                return false;
            }
            if (text.contains("<testResources>") || text.contains("add-test-resource") || text.contains("copy-resources")
                    || text.contains("<testOutputDirectory>")) {
                return false;
            }
            pom = parentOnDisk(pom, text);
        }
        return true;
    }

    private static final Pattern PARENT = Pattern.compile("(?s)<parent>(.*?)</parent>");
    private static final Pattern RELATIVE_PATH =
            Pattern.compile("(?s)<relativePath\\s*(?:/>|>(.*?)</relativePath>)");

    /** The POM file of {@code pom}'s parent where it is on disk, else {@code null}. */
    private static Path parentOnDisk(Path pom, String text) {
        Matcher parent = PARENT.matcher(text.replaceAll("(?s)<!--.*?-->", ""));
        if (!parent.find()) return null;
        Matcher relative = RELATIVE_PATH.matcher(parent.group(1));
        String path = relative.find() ? (relative.group(1) == null ? "" : relative.group(1).strip()) : "../pom.xml";
        if (path.isEmpty() || pom.toAbsolutePath().getParent() == null) return null;
        try {
            Path at = pom.toAbsolutePath().getParent().resolve(path).normalize();
            if (Files.isDirectory(at)) at = at.resolve("pom.xml");
            return Files.isRegularFile(at) ? at : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** A warning about a file that is no data file, from its name as shown and its first bytes. */
    @FunctionalInterface
    private interface FileWarning {
        Optional<String> of(String shown, byte[] bytes, int maxBytes);
    }

    private Optional<String> warning(Path file, FileWarning warning) {
        try {
            return warning(displayName(file.toAbsolutePath().normalize()), file.toUri().toURL(), warning);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<String> warning(String resource, FileWarning warning) {
        URL url = classLoader.getResource(resource);
        return url == null ? Optional.empty() : warning(resource, url, warning);
    }

    /**
     * How many lines an editor shows for the data file at {@code source} as it is now — its line breaks plus one, the
     * line after the last break — or empty when it cannot be read. Read only for a line selector past the file's last
     * test, so discovery reads no file twice otherwise.
     */
    OptionalInt lines(TestSource source) {
        return lines(source, classLoader);
    }

    /** {@link #lines(TestSource)} of a file or class path resource ({@code loader}'s), for any file selected by a line. */
    static OptionalInt lines(TestSource source, ClassLoader loader) {
        try {
            URL url = source instanceof FileSource file ? file.getFile().toURI().toURL()
                    : source instanceof ClasspathResourceSource resource ? loader.getResource(resource.getClasspathResourceName())
                    : null;
            if (url == null) return OptionalInt.empty();
            try (InputStream in = url.openStream()) {
                int breaks = 0;
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                    for (int i = 0; i < read; i++) if (buffer[i] == '\n') breaks++;
                }
                return OptionalInt.of(breaks + 1);
            }
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /** The file's first bytes, up to one past the limit (a larger file is one the warning need not read whole). */
    private Optional<String> warning(String shown, URL url, FileWarning warning) {
        try (InputStream in = url.openStream()) {
            return warning.of(shown, in.readNBytes(maxBytes + 1), maxBytes);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether discovery reads the named file: a data file, or one of Botium's suite files. */
    static boolean isDataFile(String name) {
        return SimulationFileReader.isSimulationFile(name) || BotiumFiles.isBotiumFile(name);
    }

    /** The names {@link #isDataFile} accepts, as users write them. */
    static String patterns() {
        return SimulationFileReader.patterns() + "; Botium's " + BotiumFiles.patterns();
    }

    /** A Botium file looks up its utterance lists around {@code file}, up to {@code root}. */
    private ParsedFile parse(String resource, InputStream in, Optional<Path> file, Optional<Path> root) throws IOException {
        return BotiumFiles.isBotiumFile(resource) ? botium.read(resource, in, file, root) : reader.read(resource, in);
    }

    /**
     * A read file: the parse result and, when it was selected by its path (a file or folder selector), that path.
     * Its tests' sources follow how it was found: by path, a {@code FileSource}; on the class path, a
     * {@code ClasspathResourceSource}, which IDEs map back to the file in the source folder, not the copy in
     * {@code target/test-classes} that the next build overwrites.
     *
     * @param id what its unique id names it by: its classpath resource when it is on the class path, even when it was
     *           selected by a path in the module's resource folder (and is then named in messages by that path)
     */
    record Loaded(String resource, ParsedFile parsed, Optional<Path> path, String id) {

        /** A file whose unique id names it as it is named in messages. */
        Loaded(String resource, ParsedFile parsed, Optional<Path> path) {
            this(resource, parsed, path, resource);
        }

        /** The same file, named by its classpath resource only. */
        Loaded foundOnClassPath() {
            return path.isEmpty() ? this : new Loaded(resource, parsed, Optional.empty(), id);
        }

        /** The same file, known in its unique id (and so in its approval file and cassette) as {@code id}. */
        Loaded knownAs(String id) {
            return id.equals(this.id) ? this : new Loaded(resource, parsed, path, id);
        }
    }

    /**
     * Notes that these files were found by walking {@code folder}, the root they must stay inside,
     * and reads them now, on every core, so that resolving them one by one afterwards finds them
     * parsed: a folder of many files is what makes discovery slow, and parsing is most of it.
     */
    void walked(Path folder, Collection<Path> files) {
        Path root = folder.toAbsolutePath().normalize();
        files.forEach(f -> walkedFrom.put(f.toAbsolutePath().normalize(), root));
        if (files.size() > 1) files.parallelStream().forEach(this::file);
    }

    /**
     * A problem file for a symbolic link to a folder, found by walking {@code folder}, that leads
     * out of it; empty when it stays inside (its files are found where they really are).
     */
    Optional<Loaded> linkedFolder(Path link, Path folder) {
        Path absolute = link.toAbsolutePath().normalize();
        return dataRoot.linkedFolder(absolute, folder.toAbsolutePath().normalize())
                .map(problem -> notRead(classpathName(absolute).orElseGet(() -> displayName(absolute)), problem, absolute));
    }

    /** Reads these classpath resources now, on every core, as {@link #walked} does for files. */
    void readResourcesAhead(Collection<String> names) {
        if (names.size() > 1) names.parallelStream().forEach(this::classpathResource);
    }

    /** Reads a classpath resource, or reports that it is missing. */
    Optional<Loaded> classpathResource(String name) {
        String resource = name.startsWith("/") ? name.substring(1) : name;
        Loaded cached = cache.get(resource);
        if (cached != null) return Optional.of(cached);
        URL url = classLoader.getResource(resource);
        if (url == null) return linkToNothing(resource);
        Optional<Path> path = onDisk(url);
        Loaded loaded = (path.isPresent()
                ? read(resource, path.get(), classpathRoot(path.get()).orElseGet(() -> classpathRootOf(path.get(), resource)))
                : read(resource, url, path)).foundOnClassPath();
        Loaded first = cache.putIfAbsent(resource, loaded);
        return Optional.of(first != null ? first : loaded);
    }

    /**
     * A resource a directory root of the class path holds as a symbolic link that leads to no file, which the class
     * loader does not find but its folder's listing does: read as that link, and so reported as one, rather than as a
     * name not on the class path.
     */
    private Optional<Loaded> linkToNothing(String resource) {
        for (Path root : classpathRoots()) {
            Path link;
            try {
                link = root.resolve(resource).normalize();
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
            if (link.startsWith(root) && linksToNothing(link)) {
                Loaded loaded = read(resource, link, root).foundOnClassPath();
                Loaded first = cache.putIfAbsent(resource, loaded);
                return Optional.of(first != null ? first : loaded);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a file by path, naming it by its classpath-relative name when it lies under a classpath
     * root; a file of a module's resource folder keeps its path as its name but is known, in its unique
     * id, by the classpath resource it is copied to ({@link #copiedToClassPath}). It must stay inside the
     * folder it was found in: the walked folder, else its classpath root, else — a file named on its own —
     * the working directory (the project) when it is named below it, else its own folder.
     */
    Loaded file(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Optional<Path> classpathRoot = classpathRoot(absolute);
        String resource = classpathRoot.map(r -> name(r, absolute)).orElseGet(() -> displayName(absolute));
        Loaded cached = cache.get(resource);
        if (cached != null) return cached;
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path root = Optional.ofNullable(walkedFrom.get(absolute)).or(() -> classpathRoot)
                .orElse(absolute.startsWith(workingDirectory) ? workingDirectory : absolute.getParent());
        Loaded loaded = classpathRoot.isPresent() ? read(resource, absolute, root)
                : read(resource, absolute, root).knownAs(copiedToClassPath(absolute).orElse(resource));
        Loaded first = cache.putIfAbsent(resource, loaded);
        return first != null ? first : loaded;
    }

    /** Reads a file on disk from where it really lies, if that is inside {@code root}. */
    private Loaded read(String resource, Path absolute, Path root) {
        DataRoot.Located located = dataRoot.file(absolute, root);
        if (located instanceof DataRoot.Outside outside) return notRead(resource, outside.problem(), absolute);
        Path real = ((DataRoot.Inside) located).real();
        if (linksToNothing(real)) {
            return notRead(resource, "is a symbolic link to " + linkTarget(real) + ", which leads to no file, and was not read"
                    + " — point the link at a data file, or remove it", absolute);
        }
        // Opening a named pipe would wait for a writer for ever; a folder cannot be read as a file.
        if (Files.isDirectory(real)) {
            return notRead(resource, "is a folder, not a file, and was not read — rename it: a name that ends like a data file's"
                    + " (*.sim.yaml, *.sim.json, *.sim.csv, ...) is read as a data file", absolute);
        }
        if (Files.exists(real) && !Files.isRegularFile(real)) {
            return notRead(resource, "is not a regular file (a named pipe, socket or device) and was not read — replace it"
                    + " with a data file, or move it out of the folder of data files", absolute);
        }
        try (InputStream in = Files.newInputStream(real)) {
            return new Loaded(resource, parse(resource, in, Optional.of(absolute), Optional.of(root)), Optional.of(absolute));
        } catch (IOException e) {
            return unreadable(resource, e, Optional.of(absolute));
        }
    }

    /** The classpath-relative name of a file under one of the class loader's directory roots. */
    Optional<String> classpathName(Path absolute) {
        return classpathRoot(absolute).map(root -> name(root, absolute));
    }

    private static String name(Path root, Path absolute) {
        return root.relativize(absolute).toString().replace('\\', '/');
    }

    /**
     * The classpath resource a file of a module's resource folder ({@code <module>/src/<source set>/resources/}) is
     * copied to, when selecting that resource finds this module's copy of it: {@code src/test/resources/sims/a.sim.yaml}
     * is {@code sims/a.sim.yaml}, read from {@code target/test-classes} or {@code build/resources/test}. The file is the
     * same test however it is selected, so it must have the same unique id, approval file and cassette.
     */
    private Optional<String> copiedToClassPath(Path absolute) {
        for (Path resources = absolute.getParent(); resources != null; resources = resources.getParent()) {
            Path src = resources.getParent() == null ? null : resources.getParent().getParent();
            if (src == null || src.getParent() == null || !named(resources, "resources") || !named(src, "src")) continue;
            Path module = src.getParent();
            String name = name(resources, absolute);
            URL copy = classLoader.getResource(name);
            // Compared as real paths: the class path may name the module through a link the selected path does not take.
            if (copy != null && onDisk(copy).filter(p -> real(p).startsWith(real(module))).isPresent()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Path real(Path path) {
        return DataRoot.realPath(path).orElse(path);
    }

    private static boolean named(Path folder, String name) {
        return folder.getFileName() != null && folder.getFileName().toString().equals(name);
    }

    /** The class loader's directory root {@code absolute} lies under, if any. */
    private Optional<Path> classpathRoot(Path absolute) {
        return classpathRoots().stream().filter(absolute::startsWith).findFirst();
    }

    /** The class loader's directory roots, listed once. */
    private List<Path> classpathRoots() {
        List<Path> roots = directoryRoots;
        if (roots != null) return roots;
        try {
            roots = java.util.Collections.list(classLoader.getResources("")).stream()
                    .flatMap(url -> onDisk(url).stream()).toList();
        } catch (IOException e) {
            roots = List.of();
        }
        directoryRoots = roots;
        return roots;
    }

    /** The classpath root a resource found at {@code path} was looked up in: its path less the resource's own segments. */
    private static Path classpathRootOf(Path path, String resource) {
        Path root = path;
        for (String segment : resource.split("/")) {
            if (!segment.isEmpty() && root.getParent() != null) root = root.getParent();
        }
        return root;
    }

    private Loaded read(String resource, URL url, Optional<Path> path) {
        try (InputStream in = url.openStream()) {
            return new Loaded(resource, parse(resource, in, path, Optional.empty()), path);
        } catch (IOException e) {
            return unreadable(resource, e, path);
        }
    }

    /** A selected data file that is not there: one whole-file problem, nothing read. */
    static Loaded missing(String resource, String problem, Optional<Path> path) {
        return withoutCases(resource, problem, path);
    }

    /** A file that is reported and never read. */
    private static Loaded notRead(String resource, String problem, Path path) {
        return withoutCases(resource, problem, Optional.of(path));
    }

    private static Loaded unreadable(String resource, IOException e, Optional<Path> path) {
        return withoutCases(resource, cannotRead(e), path);
    }

    /**
     * Why a data file could not be read, in the operating system's few words rather than the exception's message (often
     * the path alone, which the problem names already), and the fix.
     */
    static String cannotRead(IOException e) {
        String reason = FileFailures.reason(e);
        String fix = e instanceof AccessDeniedException
                ? "give the user running the build read permission on it (and on its folders)"
                : "check that the file is there and readable by the user running the build, or move it out of the folder of"
                + " data files";
        return "cannot read the file (" + reason + ") — " + fix;
    }

    /** Whether {@code path} is a symbolic link that leads to no file (its target gone, or never there). */
    private static boolean linksToNothing(Path path) {
        return Files.isSymbolicLink(path) && !Files.exists(path);
    }

    /** Where a symbolic link points, as it is written in it. */
    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "a path that cannot be read";
        }
    }

    /** A file with one whole-file problem and nothing to run. */
    private static Loaded withoutCases(String resource, String problem, Optional<Path> path) {
        SimulationFile nothing = new SimulationFile(resource, null, List.of(), List.of(), List.of(), null);
        return new Loaded(resource, new ParsedFile(nothing, List.of(new FileProblem(resource, 0, 0, problem))), path);
    }

    private static Optional<Path> onDisk(URL url) {
        if (!"file".equals(url.getProtocol())) return Optional.empty();
        try {
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Files outside the class path are named relative to the working directory, so ids stay stable across machines. */
    private static String displayName(Path absolute) {
        return DataRoot.shown(absolute);
    }
}
