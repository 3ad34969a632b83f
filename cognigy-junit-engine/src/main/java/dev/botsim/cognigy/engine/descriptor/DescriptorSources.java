package dev.botsim.cognigy.engine.descriptor;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

import dev.botsim.cognigy.engine.model.SourcePosition;

/** Test sources and tags for data-file nodes. */
public final class DescriptorSources {

    private DescriptorSources() {
    }

    /**
     * A {@link FileSource} for a file selected by its path, so IDEs jump to the line; otherwise (found on
     * the class path, in a folder or a jar) a {@link ClasspathResourceSource} with the line, which IDEs
     * resolve in the project's resource folders.
     */
    public static TestSource of(Optional<Path> file, SourcePosition position) {
        FilePosition filePosition = position.line() > 0
                ? (position.column() > 0 ? FilePosition.from(position.line(), position.column()) : FilePosition.from(position.line()))
                : null;
        if (file.isPresent()) return FileSource.from(file.get().toFile(), filePosition);
        return ClasspathResourceSource.from(position.resource(), filePosition);
    }

    /** Valid JUnit tags; invalid ones are reported at discovery and left out here. */
    static Set<TestTag> tags(Collection<String> names) {
        // Most tests have no tags; one shared empty set instead of an empty LinkedHashSet per test.
        if (names.isEmpty()) return Set.of();
        Set<TestTag> tags = new LinkedHashSet<>();
        for (String name : names) {
            if (TestTag.isValid(name)) tags.add(TestTag.create(name.trim()));
        }
        return tags.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(tags);
    }
}
