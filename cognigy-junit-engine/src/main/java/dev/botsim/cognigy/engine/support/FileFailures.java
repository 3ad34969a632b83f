package dev.botsim.cognigy.engine.support;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file or folder could not be read or written, in the few words a one-line message needs: the exception's own
 * message is often the path alone, which the message has already named.
 */
public final class FileFailures {

    private FileFailures() {
    }

    public static String reason(Exception e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof NotDirectoryException) return "a file stands where a folder is needed";
        // The operating system's words ("Read-only file system", "No space left on device"), not the path again.
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof FileSystemException) return e.getClass().getSimpleName();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
