package dev.botsim.cognigy.engine.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.TestSource;

import dev.botsim.cognigy.engine.descriptor.DescriptorSources;
import dev.botsim.cognigy.engine.descriptor.PlaybookSources;
import dev.botsim.cognigy.engine.discovery.datafile.Documents;
import dev.botsim.cognigy.engine.model.SourcePosition;

/**
 * The sources of the playbooks of an export ({@code cognigy.sandbox.playbooks}, which the embedded sandbox's project
 * starts with): each playbook's and step's line and column, read with the data files' positioned JSON reading, and
 * the same kind of source a data file gets — a class path resource with the line when the export was named by
 * {@code classpath:}, else the file (which of the two the engine tells, as the sandbox's settings are the backend's
 * to read). The sandbox has loaded the export before this reads it, so a file that cannot be
 * read here (it changed since, or is larger than data files may be) gives no source rather than a problem.
 */
public final class PlaybookExportSources {

    private PlaybookExportSources() {
    }

    /**
     * The export found on the class path as {@code resource} (named {@code classpath:<resource>}): class path resource
     * sources, which IDEs open in the project's resource folders.
     *
     * @param maxBytes the largest file read, as for data files
     */
    public static PlaybookSources onClassPath(String resource, URL url, int maxBytes) {
        try (InputStream in = url.openStream()) {
            return read(resource, Optional.empty(), in.readNBytes(maxBytes + 1), maxBytes);
        } catch (IOException e) {
            return PlaybookSources.NONE;
        }
    }

    /** The export named by its path: file sources, as a data file selected by its path has. */
    public static PlaybookSources file(Path file, int maxBytes) {
        if (!Files.isRegularFile(file)) return PlaybookSources.NONE;
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), Optional.of(file), in.readNBytes(maxBytes + 1), maxBytes);
        } catch (IOException e) {
            return PlaybookSources.NONE;
        }
    }

    private static PlaybookSources read(String shown, Optional<Path> file, byte[] bytes, int maxBytes) {
        Documents.Text text = Documents.text(shown, bytes, maxBytes);
        if (text.text() == null) return PlaybookSources.NONE;
        Documents.Tree tree = Documents.tree(shown, text.text(), false, maxBytes);
        return new PlaybookSources(located(tree.root(), file, shown));
    }

    /** {@code {"playbooks": [...]}} or a bare array, as the sandbox reads an export; a name given twice keeps its first. */
    private static Map<String, PlaybookSources.Located> located(Documents.Value root, Optional<Path> file, String shown) {
        Map<String, PlaybookSources.Located> byName = new LinkedHashMap<>();
        Documents.Value list = root != null && root.content() instanceof Map<?, ?> fields ? (Documents.Value) fields.get("playbooks") : root;
        if (list == null || !(list.content() instanceof List<?> playbooks)) return byName;
        for (Object item : playbooks) {
            Documents.Value playbook = (Documents.Value) item;
            if (!(playbook.content() instanceof Map<?, ?> fields)
                    || !(fields.get("name") instanceof Documents.Value name && name.content() instanceof String named)) {
                continue;
            }
            List<PlaybookSources.Place> steps = new ArrayList<>();
            if (fields.get("steps") instanceof Documents.Value stepList && stepList.content() instanceof List<?> items) {
                items.forEach(step -> steps.add(source(file, shown, (Documents.Value) step)));
            }
            byName.putIfAbsent(named, new PlaybookSources.Located(source(file, shown, playbook), steps));
        }
        return byName;
    }

    /** Where {@code value} begins: its opening brace, as a data-file case's source is where its entry begins. */
    private static PlaybookSources.Place source(Optional<Path> file, String shown, Documents.Value value) {
        SourcePosition position = new SourcePosition(shown, value.line(), value.column());
        return new PlaybookSources.Place(DescriptorSources.of(file, position), position);
    }
}
