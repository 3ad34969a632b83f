package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Where an annotation places a data file's test: a record's relative {@code source} is a path below the working
 * directory or a classpath resource, and the record does not say which, so a file named by it both ways has no place.
 */
class RepositoryPlacesTest {

    @TempDir
    Path module;

    private static SimulationRecord at(String source, int line) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[file:x]/[case:test_a]").testId("test_a")
                .source(source).line(line).outcome(Outcome.FAILED).build();
    }

    private Path file(String path) throws Exception {
        Path file = module.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "cases: []\n");
    }

    @Test
    @DisplayName("a classpath resource in the module's resource folder, or a path below the working directory: that file")
    void oneFile() throws Exception {
        file("src/test/resources/simulations/orders.sim.yaml");
        file("suites/smoke.sim.yaml");
        RepositoryPlaces places = new RepositoryPlaces(module, module);

        assertThat(places.of(at("simulations/orders.sim.yaml", 12)))
                .hasValue(new RepositoryPlaces.Place("src/test/resources/simulations/orders.sim.yaml", 12));
        assertThat(places.of(at("suites/smoke.sim.yaml", 3))).hasValue(new RepositoryPlaces.Place("suites/smoke.sim.yaml", 3));
    }

    @Test
    @DisplayName("a name that is a file below the working directory and a resource of the module alike: no place, rather"
            + " than the one that may be the wrong file")
    void bothWaysNoPlace() throws Exception {
        file("src/test/resources/simulations/orders.sim.yaml");
        file("simulations/orders.sim.yaml");

        assertThat(new RepositoryPlaces(module, module).of(at("simulations/orders.sim.yaml", 12))).isEmpty();
    }

    @Test
    @DisplayName("a test method's declaration line: a comment naming the method is no declaration, whether the method is"
            + " declared on one line or over several")
    void commentsAreNoDeclaration() throws Exception {
        Path source = module.resolve("src/test/java/com/example/OrdersTest.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package com.example;

                class OrdersTest {

                    /**
                     * Checks the bot's refund(order) answer.
                     */
                    @Utterance("I want a refund")
                    void refund(SimulationResult result) {
                        // then refund(order) is asked for again
                    }

                    @Utterance("cancel my order")
                    java.util.concurrent.CompletableFuture<String>
                            cancel(SimulationResult result) {
                        /* cancel(order) must be confirmed */
                        // then cancel(order) is confirmed
                        return null;
                    }
                }
                """);
        RepositoryPlaces places = new RepositoryPlaces(module, module);

        assertThat(places.of(SimulationRecord.builder().uniqueId("[engine:cognigy]/[method:refund]").testId("refund")
                .source("com.example.OrdersTest#refund").outcome(Outcome.FAILED).build()))
                .hasValue(new RepositoryPlaces.Place("src/test/java/com/example/OrdersTest.java", 9));
        // Declared over two lines, which the engine does not read as one: no line, rather than a comment's.
        assertThat(places.of(SimulationRecord.builder().uniqueId("[engine:cognigy]/[method:cancel]").testId("cancel")
                .source("com.example.OrdersTest#cancel").outcome(Outcome.FAILED).build()))
                .hasValue(new RepositoryPlaces.Place("src/test/java/com/example/OrdersTest.java", 0));
    }
}
