package dev.botsim.cognigy.engine.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UriSelector;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;

import dev.botsim.cognigy.engine.support.SelectorUris;

/**
 * The selectors that name the playbook export the embedded sandbox started with, as data files are selected: by its
 * class path resource ({@code classpath:} exports), by its path (exports named by path), or by a URI of either, each
 * with an optional line. A line picks the playbook or step standing there; the file, or a line before its first
 * playbook, picks every playbook, as a data file's line before its first case picks the file. A line past the export's
 * end picks nothing and is reported, as a data file's is: an IDE's rerun of a line chosen before the export was
 * shortened would otherwise run its last playbook, which nobody chose.
 *
 * @param whole a selector named the export without a line, or at a line no playbook stands at
 * @param lines the lines selectors named that the export has, in their order
 */
public record PlaybookExportSelection(boolean whole, List<Integer> lines) {

    public static final PlaybookExportSelection NONE = new PlaybookExportSelection(false, List.of());

    public PlaybookExportSelection {
        lines = List.copyOf(lines);
    }

    /**
     * @param engine   the engine's unique id, which a line past the export's end is reported on
     * @param resource the export's class path resource, for a {@code classpath:} export
     * @param file     the export's file, for one named by its path
     */
    public static PlaybookExportSelection of(EngineDiscoveryRequest request, UniqueId engine, Optional<String> resource,
                                             Optional<Path> file) {
        boolean whole = false;
        List<Integer> lines = new ArrayList<>();
        for (DiscoverySelector selector : request.getSelectorsByType(DiscoverySelector.class)) {
            DiscoverySelector named = selector instanceof UriSelector uri ? SelectorUris.selector(uri.getUri()).orElse(null) : selector;
            Optional<FilePosition> position;
            if (named instanceof ClasspathResourceSelector r && resource.isPresent()
                    && r.getClasspathResourceName().replaceFirst("^/+", "").equals(resource.get())) {
                position = r.getPosition();
            } else if (named instanceof FileSelector f && file.isPresent() && same(f, file.get())) {
                position = f.getPosition();
            } else {
                continue;
            }
            if (position.isPresent()) {
                lines.add(position.get().getLine());
            } else {
                whole = true;
            }
        }
        return new PlaybookExportSelection(whole, inTheExport(request, engine, lines, resource, file));
    }

    /**
     * The lines the export has as it is now, each of the others reported with the data files' message. The export is
     * read (its line breaks counted) only when a selector named a line.
     */
    private static List<Integer> inTheExport(EngineDiscoveryRequest request, UniqueId engine, List<Integer> lines,
                                             Optional<String> resource, Optional<Path> file) {
        if (lines.isEmpty()) return lines;
        TestSource source = file.<TestSource>map(f -> FileSource.from(f.toFile()))
                .orElseGet(() -> ClasspathResourceSource.from(resource.orElseThrow()));
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(ClassLoader.getSystemClassLoader());
        OptionalInt length = DataFiles.lines(source, loader);
        if (length.isEmpty()) return lines;
        String shown = file.map(Path::toString).orElseGet(resource::orElseThrow);
        List<Integer> kept = new ArrayList<>();
        for (int line : lines) {
            if (line <= length.getAsInt()) {
                kept.add(line);
            } else {
                request.getDiscoveryListener().issueEncountered(engine, DiscoveryIssue.builder(DiscoveryIssue.Severity.ERROR,
                        MissingSelections.pastTheEnd(shown, line, length.getAsInt(), "the playbook or step")).source(source).build());
            }
        }
        return kept;
    }

    private static boolean same(FileSelector selector, Path export) {
        try {
            return Files.isSameFile(selector.getPath(), export);
        } catch (IOException | InvalidPathException | SecurityException e) {
            return false;
        }
    }

    /** Whether any selector named the export. */
    public boolean any() {
        return whole || !lines.isEmpty();
    }
}
