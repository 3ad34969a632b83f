package dev.botsim.cognigy.engine.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Edits a trail the way someone with write access could: changes a line, then recomputes every
 * {@code prev_hash} and {@code hash} so the chain over the edit is consistent again. Hashing is
 * written here independently of the verifier, so the tests do not grade the verifier with itself.
 */
final class Forger {

    private static final String ZEROS = "0".repeat(64);

    private Forger() {
    }

    /** Replaces line {@code index} with {@code edit} applied to it, then re-chains the whole file. */
    static void forge(Path file, int index, UnaryOperator<String> edit) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.set(index, edit.apply(lines.get(index)));
        Files.writeString(file, String.join("\n", rechain(lines)) + "\n", StandardCharsets.UTF_8);
    }

    /** Every line that carries {@code prev_hash} and {@code hash} gets them recomputed, in order. */
    static List<String> rechain(List<String> lines) throws Exception {
        List<String> chained = new ArrayList<>();
        String previous = ZEROS;
        for (String line : lines) {
            String linked = line.replaceFirst("\"prev_hash\":\"[0-9a-f]{64}\"", "\"prev_hash\":\"" + previous + "\"");
            String unsigned = linked.replaceFirst("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"" + ZEROS + "\"");
            String signed = unsigned.replaceFirst("\"hash\":\"" + ZEROS + "\"", "\"hash\":\"" + sha256(unsigned) + "\"");
            chained.add(signed);
            previous = sha256(signed);
        }
        return chained;
    }

    static String sha256(String line) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
    }
}
