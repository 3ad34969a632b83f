package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Another process at the end of a run that writes into the same folder (approval files, cassettes), stopped half-way
 * for the tests of {@link FolderLock}'s users: it takes the folder's lock as the engine does, prints {@code locked} (it
 * has read the file again, as a run does before it writes), waits for a line on its standard input, then replaces the
 * file with what it would write and lets the lock go. Arguments: the lock file, the file, a file holding what it writes.
 */
public final class FolderLockHolderMain {

    private FolderLockHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[1]);
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.lock(); // held until the channel closes
            System.out.println("locked");
            System.out.flush();
            System.in.read();
            Path partial = target.resolveSibling("." + target.getFileName() + ".other.part");
            Files.copy(Path.of(args[2]), partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("done");
        System.out.flush();
    }
}
