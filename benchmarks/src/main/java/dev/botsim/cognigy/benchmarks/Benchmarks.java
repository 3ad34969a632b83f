package dev.botsim.cognigy.benchmarks;

import java.util.Arrays;

/**
 * Runs the benchmark named first ({@code sandbox}, {@code engine}, {@code console}, {@code nlu}, {@code replay} or {@code large})
 * with the remaining arguments; {@code engine-child} is the engine JVM that {@code engine S4} starts, {@code large-child} and
 * {@code large-merge} the JVMs {@code large} starts, not run by hand.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args.length == 0 ? "" : args[0]) {
            case "sandbox" -> SandboxThroughput.main(rest);
            case "engine" -> EngineBenchmark.main(rest);
            case "engine-child" -> EngineBenchmark.child(rest);
            case "console" -> ConsoleBenchmark.main(rest);
            case "nlu" -> NluBenchmark.main(rest);
            case "replay" -> ReplayBenchmark.main(rest);
            case "large" -> LargeSuiteBenchmark.main(rest);
            case "large-child" -> LargeSuiteBenchmark.child(rest);
            case "large-merge" -> LargeSuiteBenchmark.mergeChild(rest);
            default -> throw new IllegalArgumentException("name a benchmark first: sandbox, engine, console, nlu, replay or large");
        }
    }
}
