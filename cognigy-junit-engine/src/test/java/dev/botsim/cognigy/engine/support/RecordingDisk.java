package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The file system itself, each call written down first — what was forced, moved, and in which order — for the tests of
 * whatever makes its files durable ({@link PartialFile.Disk}). A test refuses a call by overriding it.
 */
public class RecordingDisk implements PartialFile.Disk {

    /** {@code force file of N bytes}, {@code move to NAME}, {@code force folder PATH}, in the order made. */
    public final List<String> calls = new CopyOnWriteArrayList<>();

    /** The name of each file moved into place, as it was before the move. */
    public final List<String> movedFrom = new CopyOnWriteArrayList<>();

    @Override
    public void force(FileChannel file) throws IOException {
        calls.add("force file of " + file.size() + " bytes");
        PartialFile.Disk.SYSTEM.force(file);
    }

    @Override
    public Path move(Path partial, Path target) throws IOException {
        calls.add("move to " + target.getFileName());
        movedFrom.add(partial.getFileName().toString());
        return PartialFile.Disk.SYSTEM.move(partial, target);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        calls.add("force folder " + directory);
        PartialFile.Disk.SYSTEM.forceDirectory(directory);
    }
}
