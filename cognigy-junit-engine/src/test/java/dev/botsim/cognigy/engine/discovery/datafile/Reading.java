package dev.botsim.cognigy.engine.discovery.datafile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: read text or a fixture through the real reader. */
final class Reading {

    static final SimulationFileReader READER = new SimulationFileReader();

    private Reading() {
    }

    static ParsedFile read(String name, String text) {
        return READER.read(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static ParsedFile fixture(String name) {
        try (InputStream in = Reading.class.getResourceAsStream("/datafile/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return READER.read("datafile/" + name, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fixtureBytes(String name) {
        try (InputStream in = Reading.class.getResourceAsStream("/datafile/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> messages(ParsedFile parsed) {
        return parsed.problems().stream().map(FileProblem::message).toList();
    }

    /** {@code line:column: message}, the part of a problem a test usually pins. */
    static List<String> located(ParsedFile parsed) {
        return parsed.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }
}
