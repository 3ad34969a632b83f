package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Another process writing its run's reports into a folder, stopped half-way for {@link ReportWriterTest}: it takes the
 * folder's report lock as the engine does, writes its {@code results.json}, prints {@code halfway}, waits for a line on
 * its standard input and only then writes its {@code index.html} and lets the lock go. Arguments: the folder and the
 * other run's batch id.
 */
public final class ReportsHalfWrittenMain {

    private ReportsHalfWrittenMain() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Files.createDirectories(Path.of(args[0]));
        String batch = args[1];
        try (FileChannel channel = FileChannel.open(folder.resolve(ReportWriter.LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.lock(); // held until the channel closes
            replace(folder.resolve("results.json"), "{\"batch_id\":\"" + batch + "\"}");
            System.out.println("halfway");
            System.out.flush();
            System.in.read();
            replace(folder.resolve("index.html"), "<html><body>" + batch + "</body></html>");
        }
        System.out.println("done");
        System.out.flush();
    }

    private static void replace(Path file, String text) throws IOException {
        Path partial = Files.writeString(file.resolveSibling("." + file.getFileName() + ".other.part"), text, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
