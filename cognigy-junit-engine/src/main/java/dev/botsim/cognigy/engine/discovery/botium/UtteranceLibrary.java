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

import dev.botsim.cognigy.engine.support.FileFailures;

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

    /** An utterances file whose lists could not be read, all or some, and why. */
    private record Unread(Path file, String why) {
    }

    private final Path root;
    private final List<Found> lists;
    private final List<Unread> unread;

    private UtteranceLibrary(Path root, List<Found> lists, List<Unread> unread) {
        this.root = root;
        this.lists = List.copyOf(lists);
        this.unread = List.copyOf(unread);
    }

    static UtteranceLibrary none(Path root) {
        return new UtteranceLibrary(root, List.of(), List.of());
    }

    /**
     * Reads every utterance list below {@code root} (absolute, normalised). Files that cannot be read are skipped (reading
     * them as data files reports why) but remembered: a convo's {@code #me} may name a list only such a file holds.
     */
    static UtteranceLibrary of(Path root, int maxBytes) {
        List<Found> found = new ArrayList<>();
        List<Unread> unread = new ArrayList<>();
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
                        BotiumReader.Lists read = read(file, kind.get(), realRoot, maxBytes);
                        Path at = file.toAbsolutePath().normalize();
                        read.lists().forEach(list -> found.add(new Found(at.getParent(), list)));
                        // A convo file's own problems fail it; an utterances file's fail only when selected itself.
                        if (kind.get().utterances()) read.notRead().ifPresent(why -> unread.add(new Unread(at, why)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    Optional<BotiumFiles.Kind> kind = BotiumFiles.kind(file.getFileName().toString());
                    if (kind.isPresent() && kind.get().utterances()) {
                        unread.add(new Unread(file.toAbsolutePath().normalize(), FileFailures.reason(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // What was found before the folder became unreadable still counts.
        }
        found.sort(java.util.Comparator.comparing(f -> f.folder().toString()));
        unread.sort(java.util.Comparator.comparing(u -> u.file().toString()));
        return new UtteranceLibrary(root, found, unread);
    }

    private static BotiumReader.Lists read(Path file, BotiumFiles.Kind kind, Path realRoot, int maxBytes) {
        if (kind == BotiumFiles.Kind.UNREAD) return new BotiumReader.Lists(List.of(), Optional.empty());
        try {
            // A link out of the root is not followed here either (DataRoot reports it when the file itself is read).
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) {
                return new BotiumReader.Lists(List.of(), Optional.of("a link to " + real + ", outside " + realRoot));
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real)) {
                bytes = in.readNBytes(maxBytes + 1);
            }
            return BotiumReader.lists(file.getFileName().toString(), kind, bytes, maxBytes);
        } catch (IOException e) {
            return new BotiumReader.Lists(List.of(), Optional.of(FileFailures.reason(e)));
        }
    }

    /**
     * The utterances files a convo in {@code folder} would look for a list in ({@link #find}: every one below the root)
     * that could not be read, as a problem's words: the first, why, and how many more; empty when every one was read.
     */
    Optional<String> unread(Path folder) {
        Path level = folder.toAbsolutePath().normalize();
        if (!level.startsWith(root) || unread.isEmpty()) return Optional.empty();
        Unread first = unread.get(0);
        String more = unread.size() == 1 ? "" : " (and " + (unread.size() - 1) + " more utterances "
                + (unread.size() == 2 ? "file" : "files") + ")";
        return Optional.of(root.relativize(first.file()) + " (" + first.why() + ")" + more);
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
