package dev.botsim.cognigy.engine.webhook;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads that could not be delivered, one file per message named by its webhook id, holding the
 * exact bytes to send. Written to a temporary file, forced to disk and moved into place, so a crash
 * leaves either the whole message or none (a stray temporary file is ignored).
 */
final class Outbox {

    /** A spooled message: its webhook id and the exact payload. */
    record Message(String id, byte[] body, Path file) {
    }

    private final Path directory;

    Outbox(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    Path spool(String id, byte[] body) throws IOException {
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, id, ".tmp");
        Files.write(partial, body);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return Files.move(partial, directory.resolve(id + ".json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Spooled messages, oldest id first. */
    List<Message> pending() throws IOException {
        List<Message> messages = new ArrayList<>();
        if (!Files.isDirectory(directory)) return messages;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "msg_*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                messages.add(new Message(name.substring(0, name.length() - ".json".length()), Files.readAllBytes(file), file));
            }
        }
        messages.sort((a, b) -> a.id().compareTo(b.id()));
        return messages;
    }

    void remove(Message message) throws IOException {
        Files.deleteIfExists(message.file());
    }
}
