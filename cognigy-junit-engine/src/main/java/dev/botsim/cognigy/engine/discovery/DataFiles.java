package dev.botsim.cognigy.engine.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.discovery.datafile.FileProblem;
import dev.botsim.cognigy.engine.discovery.datafile.ParsedFile;
import dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader;

/**
 * Finds and reads simulation data files, each once per discovery, whether a class references it,
 * a selector names it, or a scan finds it.
 */
final class DataFiles {

    private static final Pattern DATA_FILE = Pattern.compile(".*\\.sim\\.(ya?ml|json|csv)$");

    private final SimulationFileReader reader;
    private final ClassLoader classLoader;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    DataFiles(long maxFileSize, ClassLoader classLoader) {
        this.reader = new SimulationFileReader((int) Math.min(Integer.MAX_VALUE, maxFileSize));
        this.classLoader = classLoader;
    }

    static boolean isDataFile(String name) {
        return DATA_FILE.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** A read file: the parse result and, when it is a file on disk, its path (for IDE navigation). */
    record Loaded(String resource, ParsedFile parsed, Optional<Path> path) {
    }

    /**
     * Reads these files now, on every core, so that resolving them one by one afterwards finds
     * them parsed: a folder of many files is what makes discovery slow, and parsing is most of it.
     */
    void readAhead(Collection<Path> files) {
        if (files.size() > 1) files.parallelStream().forEach(this::file);
    }

    /** {@link #readAhead(Collection)} for classpath resources. */
    void readResourcesAhead(Collection<String> names) {
        if (names.size() > 1) names.parallelStream().forEach(this::classpathResource);
    }

    /** Reads a classpath resource, or reports that it is missing. */
    Optional<Loaded> classpathResource(String name) {
        String resource = name.startsWith("/") ? name.substring(1) : name;
        Loaded cached = cache.get(resource);
        if (cached != null) return Optional.of(cached);
        URL url = classLoader.getResource(resource);
        if (url == null) return Optional.empty();
        Loaded loaded = read(resource, url, onDisk(url));
        Loaded first = cache.putIfAbsent(resource, loaded);
        return Optional.of(first != null ? first : loaded);
    }

    /** Reads a file by path, naming it by its classpath-relative name when it lies under a classpath root. */
    Loaded file(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String resource = classpathName(absolute).orElseGet(() -> displayName(absolute));
        Loaded cached = cache.get(resource);
        if (cached != null) return cached;
        Loaded loaded;
        try (InputStream in = Files.newInputStream(absolute)) {
            loaded = new Loaded(resource, reader.read(resource, in), Optional.of(absolute));
        } catch (IOException e) {
            loaded = unreadable(resource, e, Optional.of(absolute));
        }
        Loaded first = cache.putIfAbsent(resource, loaded);
        return first != null ? first : loaded;
    }

    /** The classpath-relative name of a file under one of the class loader's directory roots. */
    Optional<String> classpathName(Path absolute) {
        try {
            for (URL root : java.util.Collections.list(classLoader.getResources(""))) {
                Optional<Path> rootPath = onDisk(root);
                if (rootPath.isPresent() && absolute.startsWith(rootPath.get())) {
                    return Optional.of(rootPath.get().relativize(absolute).toString().replace('\\', '/'));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private Loaded read(String resource, URL url, Optional<Path> path) {
        try (InputStream in = url.openStream()) {
            return new Loaded(resource, reader.read(resource, in), path);
        } catch (IOException e) {
            return unreadable(resource, e, path);
        }
    }

    private static Loaded unreadable(String resource, IOException e, Optional<Path> path) {
        FileProblem problem = new FileProblem(resource, 0, 0, "cannot read the file: " + e.getMessage());
        return new Loaded(resource, new ParsedFile(null, List.of(problem)), path);
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
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path shown = absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute) : absolute;
        return shown.toString().replace('\\', '/');
    }
}
