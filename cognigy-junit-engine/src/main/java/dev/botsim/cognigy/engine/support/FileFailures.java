package dev.botsim.cognigy.engine.support;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;

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
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
