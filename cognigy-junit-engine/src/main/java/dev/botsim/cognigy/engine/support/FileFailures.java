package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Why a file or folder could not be read or written, in the few words a one-line message needs: the exception's own
 * message is often the path alone, which the message has already named.
 */
public final class FileFailures {

    private FileFailures() {
    }

    public static String reason(Exception e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        // A link whose target is gone (a CI cache restored without the folder it linked to, a mount that is not there):
        // the JDK's "file exists" says nothing of why a folder cannot be made there.
        if (e instanceof FileAlreadyExistsException f && f.getFile() != null) {
            Optional<Path> gone = danglingTarget(Path.of(f.getFile()));
            if (gone.isPresent()) return "a symbolic link to " + gone.get() + ", which does not exist";
        }
        if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof NotDirectoryException) return "a file stands where a folder is needed";
        // The operating system's words ("Read-only file system", "No space left on device"), not the path again.
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof FileSystemException) return e.getClass().getSimpleName();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * How to make {@code file} writable, by what stands in its way: a folder where the file should be, a file where one
     * of its folders should be (named, with the fix, in one sentence), a symbolic link to nothing where one of its
     * folders should be (a CI cache restored without the folder it linked to, a mount that is not there), else the
     * folder itself (its permissions, a read-only file system, a full disk), or the setting {@code folderKey} pointed at
     * another.
     *
     * @param shown how the message names {@code file} or one of its folders
     */
    public static String writableFix(Path file, Function<Path, String> shown, String folderKey) {
        if (Files.isDirectory(file)) return "a folder stands where the file should be: move " + shown.apply(file) + " away";
        for (Path folder = file.toAbsolutePath().getParent(); folder != null; folder = folder.getParent()) {
            Optional<Path> gone = danglingTarget(folder);
            if (gone.isPresent()) {
                return "create " + gone.get() + " (the folder the link " + shown.apply(folder) + " points to), or remove the"
                        + " link, or point " + folderKey + " at a folder that exists";
            }
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                Path named = fileInTheWay(file).orElse(folder);
                return shown.apply(named) + " is a file where its folder should be; remove or rename that file, or point "
                        + folderKey + " at another folder";
            }
        }
        return "make " + shown.apply(file.toAbsolutePath().getParent()) + " writable (its permissions, a read-only file"
                + " system, a full disk), or point " + folderKey + " at a folder that is";
    }

    /**
     * Why {@code file} could not be written, as {@link #reason(Exception)} says it; empty when a file stands where one of
     * its folders should be, which {@link #writableFix} says in one sentence naming that file — the JDK's "file exists"
     * beside it would say it a second time.
     */
    public static Optional<String> reason(Exception e, Path file) {
        return fileInTheWay(file).isPresent() ? Optional.empty() : Optional.of(reason(e));
    }

    /**
     * Why {@code file} could not be written and the fix, as one message writes them: {@code reason; fix}, or the fix's one
     * sentence alone when a file stands where one of its folders should be ({@link #writableFix}).
     */
    public static String reasonAndFix(String reason, Path file, Function<Path, String> shown, String folderKey) {
        return (fileInTheWay(file).isPresent() ? "" : reason + "; ") + writableFix(file, shown, folderKey);
    }

    /**
     * The file standing where one of {@code file}'s folders should be, the nearest first, named as {@code file} is (a
     * relative path's working directory and its folders are folders); empty when none does, or a symbolic link to nothing
     * comes first, which {@link #writableFix} names with its own fix.
     */
    public static Optional<Path> fileInTheWay(Path file) {
        for (Path folder = file.getParent(); folder != null; folder = folder.getParent()) {
            if (Files.isSymbolicLink(folder) && !Files.exists(folder)) return Optional.empty();
            if (Files.exists(folder) && !Files.isDirectory(folder)) return Optional.of(folder);
        }
        return Optional.empty();
    }

    /** What {@code path} links to when it is a symbolic link to nothing; empty otherwise. */
    private static Optional<Path> danglingTarget(Path path) {
        if (!Files.isSymbolicLink(path) || Files.exists(path)) return Optional.empty();
        try {
            Path target = Files.readSymbolicLink(path);
            Path parent = path.toAbsolutePath().getParent();
            return Optional.of(parent == null ? target : parent.resolve(target).normalize());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code path} names something that is neither a file nor a folder — a device, a pipe, a socket: it has no size
     * to check and may never end ({@code /dev/zero}, a pipe waiting for a writer), so a reader bounding what it reads by a
     * file's size refuses it before reading.
     */
    public static boolean isNoFile(Path path) {
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
    }
}
