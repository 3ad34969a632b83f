package dev.botsim.cognigy.engine.importing;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/** The import command with an environment of the test's own, for tests outside its package. */
public final class ImportCommandAccess {

    private ImportCommandAccess() {
    }

    public static int run(List<String> args, Function<String, String> environment, PrintStream out, PrintStream err) {
        return ImportCommand.run(args, environment, out, err);
    }
}
