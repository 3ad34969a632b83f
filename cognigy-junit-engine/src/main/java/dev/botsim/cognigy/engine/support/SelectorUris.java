package dev.botsim.cognigy.engine.support;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.FilePosition;

/**
 * A data file, a line of one or a folder named by a URI (the console launcher's {@code --select-uri}; JUnit leaves a
 * URI to each engine), as the selector JUnit would use for it: a {@code file:} URI is the file or folder on disk, a
 * {@code classpath:} URI the classpath resource ({@code classpath:/simulations/orders.sim.yaml} or
 * {@code classpath:simulations/orders.sim.yaml}). A {@code ?line=} query, with an optional {@code &column=}, is a
 * position in the file, as JUnit's selectors write it. Other schemes name nothing.
 */
public final class SelectorUris {

    private SelectorUris() {
    }

    public static Optional<DiscoverySelector> selector(URI uri) {
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (!scheme.equals("file") && !scheme.equals("classpath")) return Optional.empty();
        // An opaque URI (classpath:simulations/x, file:relative/x) keeps its query in the scheme-specific part.
        String path;
        String query;
        if (uri.isOpaque()) {
            String part = uri.getSchemeSpecificPart();
            int mark = part.indexOf('?');
            path = mark < 0 ? part : part.substring(0, mark);
            query = mark < 0 ? null : part.substring(mark + 1);
        } else {
            path = uri.getPath();
            query = uri.getQuery();
        }
        if (path == null || path.isBlank()) return Optional.empty();
        Optional<FilePosition> position = position(query);
        if (scheme.equals("classpath")) {
            String name = path.replaceFirst("^/+", "");
            if (name.isEmpty()) return Optional.empty();
            return Optional.of(position.map(p -> DiscoverySelectors.selectClasspathResource(name, p))
                    .orElseGet(() -> DiscoverySelectors.selectClasspathResource(name)));
        }
        Path file;
        try {
            file = uri.isOpaque() ? Path.of(path) : Path.of(new URI("file", uri.getAuthority(), path, null, null));
        } catch (java.net.URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            // a file: URI of another host, or a path this file system cannot hold
            return Optional.empty();
        }
        if (Files.isDirectory(file)) return Optional.of(DiscoverySelectors.selectDirectory(file.toString()));
        return Optional.of(position.map(p -> DiscoverySelectors.selectFile(file.toString(), p))
                .orElseGet(() -> DiscoverySelectors.selectFile(file.toString())));
    }

    /** {@code line=N} and an optional {@code column=M}, in any order among other parameters; none without a valid line. */
    private static Optional<FilePosition> position(String query) {
        if (query == null) return Optional.empty();
        OptionalInt line = OptionalInt.empty();
        OptionalInt column = OptionalInt.empty();
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            if (equals < 0) continue;
            String key = parameter.substring(0, equals);
            OptionalInt value = positive(parameter.substring(equals + 1));
            if (key.equals("line")) line = value;
            if (key.equals("column")) column = value;
        }
        if (line.isEmpty()) return Optional.empty();
        return Optional.of(column.isPresent() ? FilePosition.from(line.getAsInt(), column.getAsInt())
                : FilePosition.from(line.getAsInt()));
    }

    private static OptionalInt positive(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
