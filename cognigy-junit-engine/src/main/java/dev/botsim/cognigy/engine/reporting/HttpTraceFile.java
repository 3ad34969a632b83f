package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.FileFailures;

/**
 * The run's HTTP trace ({@code cognigy.http.trace}): {@value #FILE} in the report folder, written over at the run's
 * start, one line per exchange as the transport hands it, from any thread, each line flushed as it is written so a run
 * killed outright leaves what it sent. A trace is a help, never a result: a file that cannot be opened or written is one
 * warning naming it and the operating system's reason, and the run goes on without it.
 */
public final class HttpTraceFile implements AutoCloseable {

    /** The trace's name in the report folder. */
    public static final String FILE = "http-trace.jsonl";

    private final Path file;
    private final PrintStream out;
    /** {@code null} once the trace stopped: not opened, written to in vain, or closed. */
    private Writer writer;

    private HttpTraceFile(Path file, Writer writer, PrintStream out) {
        this.file = file;
        this.writer = writer;
        this.out = out;
    }

    /** The trace in {@code folder}, made with its folders and emptied; a trace writing nothing, warned of, when it cannot be. */
    public static HttpTraceFile open(Path folder, PrintStream out) {
        Path file = folder.resolve(FILE);
        try {
            Files.createDirectories(folder);
            return new HttpTraceFile(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), out);
        } catch (IOException | UnsupportedOperationException e) {
            warn(out, file, e);
            return new HttpTraceFile(file, null, out);
        }
    }

    /** Writes one exchange's line; after a failure, nothing more (one warning said so). */
    public synchronized void write(String line) {
        if (writer == null) return;
        try {
            writer.write(line);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            warn(out, file, e);
            closeQuietly();
        }
    }

    private static void warn(PrintStream out, Path file, Exception e) {
        ConsoleText.println(out, "[cognigy] WARNING " + Constants.HTTP_TRACE + "=true, but " + file + " cannot be written: "
                + FileFailures.reasonAndFix(FileFailures.reason(e), file, Path::toString, Constants.REPORT_DIR)
                + "; the run goes on without its HTTP trace");
    }

    private void closeQuietly() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // Said already, or nothing was lost: every line was flushed as it was written.
        }
        writer = null;
    }

    @Override
    public synchronized void close() {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            warn(out, file, e);
        }
        writer = null;
    }
}
