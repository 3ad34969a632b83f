package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Where a test is defined in the repository, for an annotation GitHub shows beside that line: a path relative to the
 * repository's root ({@code GITHUB_WORKSPACE}) and a line. Only what can be known is said; a test whose file cannot be
 * found for certain has no place, and its annotation then names no file rather than a wrong one.
 *
 * <ul>
 *   <li>A data file selected by its path ({@code FileSource}) is named by that path, relative to the working directory
 *       when it lies below it: that file, at the test's line. A relative name that is both a file below the working
 *       directory and a resource of the module (below) has no place: the record does not say which it is.</li>
 *   <li>A data file found on the class path ({@code ClasspathResourceSource}) is named by its classpath resource
 *       ({@code simulations/orders.sim.yaml}), which the build copied from a resource folder of the module:
 *       {@code src/<source set>/resources/<resource>} below the working directory (the module, under Maven and Gradle),
 *       when exactly one source set holds it. One held by a jar, or by a folder the build names otherwise, has no place.</li>
 *   <li>A test method ({@code com.example.OrdersTest#refund}) is in its top-level class's source file,
 *       {@code src/<source set>/{java,kotlin,groovy}/com/example/OrdersTest.{java,kt,groovy}}, when exactly one such file
 *       is there, at the line declaring the method when exactly one line of the file does ({@code void refund(},
 *       {@code fun refund(}); a class (its invalid declaration) at no line.</li>
 * </ul>
 *
 * A file whose real path is not below the workspace's (a link out of it, a temporary folder) has no place.
 */
final class RepositoryPlaces {

    /** A file at a line of it, or at none ({@code 0}). */
    record Place(String file, int line) {
    }

    /** A class's binary name, and the method after {@code #}. */
    private static final Pattern METHOD = Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*)(?:#(.+))?");

    private static final List<String> SOURCE_FOLDERS = List.of("java", "kotlin", "groovy");
    private static final List<String> SOURCE_SUFFIXES = List.of(".java", ".kt", ".groovy");

    /** A source file read to find a method's line, at most this large. */
    private static final long LARGEST_SOURCE = 4L * 1024 * 1024;

    private final Path workspace;
    private final Path base;
    private final Map<String, Optional<Path>> files = new ConcurrentHashMap<>();
    private final Map<Path, List<String>> sources = new ConcurrentHashMap<>();

    /**
     * @param workspace the repository's root, or {@code null} when unknown: then no test has a place
     * @param base      the folder paths are relative to, the working directory
     */
    RepositoryPlaces(Path workspace, Path base) {
        this.workspace = workspace == null ? null : real(workspace).orElse(null);
        this.base = base;
    }

    /** Where the test of {@code record} is defined, if that can be known. */
    Optional<Place> of(SimulationRecord record) {
        if (workspace == null || record.source() == null || record.source().isBlank()) return Optional.empty();
        String source = record.source();
        Optional<Path> dataFile = files.computeIfAbsent("file:" + source, k -> dataFile(source));
        if (dataFile.isPresent()) return inWorkspace(dataFile.get()).map(file -> new Place(file, Math.max(0, record.line())));
        var method = METHOD.matcher(source);
        if (!method.matches()) return Optional.empty();
        String type = method.group(1);
        Optional<Path> sourceFile = files.computeIfAbsent("class:" + type, k -> sourceFile(type));
        if (sourceFile.isEmpty()) return Optional.empty();
        int line = method.group(2) == null ? 0 : declaration(sourceFile.get(), method.group(2));
        return inWorkspace(sourceFile.get()).map(file -> new Place(file, line));
    }

    private Optional<Path> dataFile(String source) {
        Path given;
        try {
            given = Path.of(source);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        Path named = base.resolve(given).normalize();
        if (given.isAbsolute()) return Files.isRegularFile(named) ? Optional.of(named) : Optional.empty();
        // A relative source is a path below the working directory or a classpath resource, and the record does not say
        // which: a name that is a file both ways has no place.
        List<Path> found = new ArrayList<>();
        if (Files.isRegularFile(named)) found.add(named);
        for (Path set : sourceSets()) {
            Path resources = set.resolve("resources");
            Path candidate = resources.resolve(given).normalize();
            if (candidate.startsWith(resources) && Files.isRegularFile(candidate)) found.add(candidate);
        }
        return only(found);
    }

    private Optional<Path> sourceFile(String type) {
        String topLevel = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
        String path = topLevel.replace('.', '/');
        List<Path> found = new ArrayList<>();
        for (Path set : sourceSets()) {
            for (String folder : SOURCE_FOLDERS) {
                for (String suffix : SOURCE_SUFFIXES) {
                    Path candidate = set.resolve(folder).resolve(path + suffix);
                    if (Files.isRegularFile(candidate)) found.add(candidate);
                }
            }
        }
        return only(found);
    }

    /** The module's source sets, {@code src/test}, {@code src/main}, {@code src/integrationTest}, ...; none without {@code src}. */
    private List<Path> sourceSets() {
        Path src = base.resolve("src");
        if (!Files.isDirectory(src)) return List.of();
        List<Path> sets = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(src, Files::isDirectory)) {
            children.forEach(sets::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        sets.sort(null);
        return sets;
    }

    /**
     * The line of {@code file} declaring {@code method}, when exactly one does: {@code void refund(},
     * {@code public String refund(}, {@code def refund(} in Java and Groovy, {@code fun refund(} or
     * {@code fun `refund order`(} in Kotlin; else 0. A line that starts a comment ({@code //}, {@code /*}) or continues
     * one ({@code * }) is not read: {@code // then refund(order)} would otherwise be taken for the declaration of a method
     * declared over several lines, or make one declared on its line two.
     */
    private int declaration(Path file, String method) {
        List<String> lines = sources.computeIfAbsent(file, RepositoryPlaces::lines);
        String name = Pattern.quote(method);
        Pattern declares = file.getFileName().toString().endsWith(".kt")
                ? Pattern.compile("\\bfun\\s+(?:<[^>]*>\\s*)?(?:[\\w.]+\\.)?(?:" + name + "|`" + name + "`)\\s*\\(")
                : Pattern.compile("(?<![\\w$.])(?!(?:return|new|throw|else|case)\\b)[\\p{L}_$][\\w$<>\\[\\]?.,]*\\s+" + name
                        + "\\s*\\(");
        int found = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (isComment(lines.get(i)) || !declares.matcher(lines.get(i)).find()) continue;
            if (found != 0) return 0;
            found = i + 1;
        }
        return found;
    }

    /** Whether {@code line} starts a comment or continues a block comment's lines, as they are written. */
    private static boolean isComment(String line) {
        String text = line.stripLeading();
        return text.startsWith("//") || text.startsWith("/*") || text.startsWith("*");
    }

    private static List<String> lines(Path file) {
        try {
            if (Files.size(file) > LARGEST_SOURCE) return List.of();
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The path of {@code file} relative to the workspace, with {@code /}, when its real path lies below the workspace's. */
    private Optional<String> inWorkspace(Path file) {
        return real(file).filter(real -> real.startsWith(workspace) && !real.equals(workspace))
                .map(real -> workspace.relativize(real).toString().replace('\\', '/'));
    }

    /**
     * A report's path as a CI's summary shows it: relative to the repository's root, with {@code /}, when it lies below it;
     * else absolute, as it is.
     *
     * @param workspace the repository's root, or {@code null} when unknown
     */
    static String shown(Path file, Path workspace) {
        Path absolute = file.toAbsolutePath().normalize();
        if (workspace != null) {
            try {
                Path real = absolute.toRealPath();
                Path root = workspace.toRealPath();
                if (real.startsWith(root) && !real.equals(root)) return root.relativize(real).toString().replace('\\', '/');
            } catch (IOException | RuntimeException e) {
                // Shown as it is.
            }
        }
        return absolute.toString();
    }

    /** The path a CI's variable names ({@code GITHUB_WORKSPACE}, {@code BUILD_SOURCESDIRECTORY}), if it names one. */
    static Optional<Path> path(String named) {
        if (named == null || named.isBlank()) return Optional.empty();
        try {
            return Optional.of(Path.of(named));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> only(List<Path> candidates) {
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static Optional<Path> real(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
