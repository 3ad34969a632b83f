package dev.botsim.cognigy.engine.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UriSelector;

import dev.botsim.cognigy.engine.support.SelectorUris;

/**
 * The selectors that name the playbook export the embedded sandbox started with, as data files are selected: by its
 * class path resource ({@code classpath:} exports), by its path (exports named by path), or by a URI of either, each
 * with an optional line. A line picks the playbook or step standing there; the file, or a line before its first
 * playbook, picks every playbook, as a data file's line before its first case picks the file.
 *
 * @param whole a selector named the export without a line, or at a line no playbook stands at
 * @param lines the lines selectors named, in their order
 */
public record PlaybookExportSelection(boolean whole, List<Integer> lines) {

    public static final PlaybookExportSelection NONE = new PlaybookExportSelection(false, List.of());

    public PlaybookExportSelection {
        lines = List.copyOf(lines);
    }

    /**
     * @param resource the export's class path resource, for a {@code classpath:} export
     * @param file     the export's file, for one named by its path
     */
    public static PlaybookExportSelection of(EngineDiscoveryRequest request, Optional<String> resource, Optional<Path> file) {
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
        return new PlaybookExportSelection(whole, lines);
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
