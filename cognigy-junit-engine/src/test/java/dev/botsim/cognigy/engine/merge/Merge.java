package dev.botsim.cognigy.engine.merge;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A merge run as a CI job runs it, on the command line in this JVM: its exit code and what it printed to standard output
 * and to standard error.
 */
record Merge(int code, String out, String err) {

    /** {@code merge} with {@code args}, its environment {@code environment}. */
    static Merge run(List<String> args, Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(args, environment::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Merge(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
