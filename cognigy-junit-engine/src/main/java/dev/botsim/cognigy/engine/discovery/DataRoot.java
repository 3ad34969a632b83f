package dev.botsim.cognigy.engine.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * V10: a data file is read only where it really lies inside the folder it was found in — a
 * selected folder, a classpath root, or for a file named on its own its folder. Its real path, with
 * every symbolic link on the way resolved, must stay inside that folder's real path; a link that
 * leads out is reported and never followed, a link that stays inside is fine.
 */
final class DataRoot {

    /** Real paths of the roots met so far: every file of a folder is checked against the same root. */
    private final Map<Path, Optional<Path>> realRoots = new ConcurrentHashMap<>();

    /** Where a file found under a root is to be read from, or why it is not read. */
    sealed interface Located permits Inside, Outside {
    }

    /** Read from {@code real}: what was checked is what is read. */
    record Inside(Path real) implements Located {
    }

    /** Not read, for this reason ({@code <what is wrong> — <what to do>}). */
    record Outside(String problem) implements Located {
    }

    /**
     * @param found a file as found (absolute, links not resolved)
     * @param root  the folder it was found in (absolute)
     */
    Located file(Path found, Path root) {
        Optional<Path> real = realPath(found);
        Optional<Path> realRoot = realRoots.computeIfAbsent(root, DataRoot::realPath);
        // A file or root that cannot be resolved (missing, unreadable) is left to the read, which reports it.
        if (real.isEmpty() || realRoot.isEmpty()) return new Inside(found);
        if (real.get().startsWith(realRoot.get())) return new Inside(real.get());
        return new Outside("resolves through a symbolic link to " + real.get() + ", outside " + shown(root)
                + ", and was not read — move the file inside " + shown(root) + " or point the link at a file inside it");
    }

    /** Why a symbolic link to a folder, found under {@code root}, leads out of it; empty when it stays inside. */
    Optional<String> linkedFolder(Path link, Path root) {
        Optional<Path> real = realPath(link);
        Optional<Path> realRoot = realRoots.computeIfAbsent(root, DataRoot::realPath);
        if (real.isEmpty() || realRoot.isEmpty() || real.get().startsWith(realRoot.get())) return Optional.empty();
        return Optional.of("is a symbolic link to the folder " + real.get() + ", outside " + shown(root)
                + "; its files were not read — move the folder inside " + shown(root) + " or point the link at a folder inside it");
    }

    /** The path with its links resolved; empty when it cannot be (it does not exist, or may not be read). */
    static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A folder as users name it: relative to the working directory when it lies below it. */
    static String shown(Path absolute) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path shown = absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute) : absolute;
        String name = shown.toString().replace('\\', '/');
        return name.isEmpty() ? "." : name;
    }
}
