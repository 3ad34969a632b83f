package dev.botsim.cognigy.engine.discovery.botium;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The utterance lists below one folder (a selected folder or a classpath root), as Botium reads every list of its
 * convo folder. A convo sees the lists nearest to it: those below its own folder first, then those below its
 * parent, and so on up to the root, so two suites under one root each keep their own {@code GREETING}. Lists of one
 * name found at the same distance are merged, as Botium merges them.
 *
 * <p>Only files on disk are found; hidden folders, {@code node_modules} and {@code target} below the root are not
 * walked (Botium skips what {@code .gitignore} lists, and a build's copies would only repeat the lists).
 */
final class UtteranceLibrary {

    private static final Set<String> SKIPPED = Set.of("node_modules", "target");

    /** A list and the folder of the file it was found in. */
    private record Found(Path folder, Convo.UtteranceList list) {
    }

    private final Path root;
    private final List<Found> lists;

    private UtteranceLibrary(Path root, List<Found> lists) {
        this.root = root;
        this.lists = List.copyOf(lists);
    }

    static UtteranceLibrary none(Path root) {
        return new UtteranceLibrary(root, List.of());
    }

    /** Reads every utterance list below {@code root} (absolute, normalised). Files that cannot be read are skipped: reading them as data files reports why. */
    static UtteranceLibrary of(Path root, int maxBytes) {
        List<Found> found = new ArrayList<>();
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            return none(root);
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(root) && (name.startsWith(".") || SKIPPED.contains(name));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Optional<BotiumFiles.Kind> kind = BotiumFiles.kind(file.getFileName().toString());
                    if (kind.isPresent() && kind.get() != BotiumFiles.Kind.CONVO_TXT) {
                        read(file, kind.get(), realRoot, maxBytes)
                                .forEach(list -> found.add(new Found(file.toAbsolutePath().normalize().getParent(), list)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // What was found before the folder became unreadable still counts.
        }
        found.sort(java.util.Comparator.comparing(f -> f.folder().toString()));
        return new UtteranceLibrary(root, found);
    }

    private static List<Convo.UtteranceList> read(Path file, BotiumFiles.Kind kind, Path realRoot, int maxBytes) {
        try {
            // A link out of the root is not followed here either (DataRoot reports it when the file itself is read).
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) return List.of();
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real)) {
                bytes = in.readNBytes(maxBytes + 1);
            }
            return BotiumReader.lists(file.getFileName().toString(), kind, bytes, maxBytes);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The utterances of the list named {@code name} nearest to a file in {@code folder}. */
    Optional<List<String>> find(String name, Path folder) {
        Path level = folder.toAbsolutePath().normalize();
        while (level != null && level.startsWith(root)) {
            Set<String> merged = new LinkedHashSet<>();
            boolean any = false;
            for (Found found : lists) {
                if (found.list().name().equals(name) && found.folder().startsWith(level)) {
                    any = true;
                    merged.addAll(found.list().utterances());
                }
            }
            if (any) return Optional.of(List.copyOf(merged));
            level = level.getParent();
        }
        return Optional.empty();
    }
}
