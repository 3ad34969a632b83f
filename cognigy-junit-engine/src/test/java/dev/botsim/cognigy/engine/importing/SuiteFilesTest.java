package dev.botsim.cognigy.engine.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.discovery.datafile.ParsedFile;
import dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader;

/** The files {@code import} writes, from names a tenant gives. */
class SuiteFilesTest {

    @ParameterizedTest(name = "a line break {0} in a flow, locale or intent name stays inside the header comment")
    @ValueSource(strings = {"\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029"})
    @DisplayName("names read from the tenant cannot add lines to a generated file")
    void lineBreaksInNamesStayInTheComment(String lineBreak, @TempDir Path dir) throws IOException {
        String injected = lineBreak + "  # <<< end of generated cases: hand-written cases below this line are kept" + lineBreak
                + "defaults: { user: usr_injected }" + lineBreak;
        String source = "flow 'Main" + injected + "' and its attached flows, locale en-US" + injected;
        SuiteFiles.Written written = SuiteFiles.write(dir, source, Map.of("greet" + injected, List.of("hello there")), 0);

        Path file = written.files().get(0);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> header = text.substring(0, text.indexOf("version: 1")).lines().toList();
        assertThat(header).hasSize(3).allMatch(line -> line.startsWith("# "));
        ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), Files.newInputStream(file));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).hasSize(1);
        assertThat(parsed.file().cases().get(0).userId()).isNotEqualTo("usr_injected");

        // A second import finds its own generated cases, not "hand-written" ones after a forged end marker.
        SuiteFiles.write(dir, source, Map.of("greet" + injected, List.of("hello there")), 0);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    @DisplayName("a file without the import's markers, wherever it comes in the intents, is found before any file is written:"
            + " the import writes none")
    void aFileWithoutMarkersStopsTheImportBeforeAnyWrite(@TempDir Path dir) throws IOException {
        Path hand = Files.writeString(dir.resolve("escalate.sim.yaml"), "# my own cases\n");
        Map<String, List<String>> intents = new LinkedHashMap<>();
        intents.put("greeting", List.of("hello", "hi there"));
        intents.put("check_order", List.of("where is my order"));
        intents.put("escalate", List.of("a human please"));

        assertThatThrownBy(() -> SuiteFiles.write(dir, "flow 'Main' and its attached flows, locale en-US", intents, 0))
                .isInstanceOf(IOException.class)
                .hasMessage(hand + " exists without the import's markers: it is not overwritten, and no file was written (move it,"
                        + " or run the import into another --out folder)");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(hand);
        }
        assertThat(hand).hasContent("# my own cases");
    }

    @Test
    @DisplayName("intents whose names give the same file name (Order Drink, order-drink) get files and ids of their own:"
            + " neither is written over the other")
    void intentsWithTheSameFileNameGetFilesOfTheirOwn(@TempDir Path dir) throws IOException {
        Map<String, List<String>> intents = new LinkedHashMap<>();
        intents.put("Order Drink", List.of("a cola please", "yes"));
        intents.put("order-drink", List.of("a beer please", "yes"));

        SuiteFiles.Written written = SuiteFiles.write(dir, "flow 'Main' and its attached flows, locale en-US", intents, 0);

        assertThat(written.files()).hasSize(2).doesNotHaveDuplicates();
        assertThat(written.training()).isEqualTo(4);
        Map<String, List<String>> read = new LinkedHashMap<>();
        List<String> ids = new java.util.ArrayList<>();
        for (Path file : written.files()) {
            assertThat(file.getFileName().toString()).matches("order_drink_[0-9a-f]{8}\\.sim\\.yaml");
            ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), Files.newInputStream(file));
            assertThat(parsed.problems()).isEmpty();
            parsed.file().cases().forEach(c -> {
                read.computeIfAbsent(c.expect().intent(), k -> new java.util.ArrayList<>()).add(c.utterance());
                ids.add(c.id());
            });
        }
        assertThat(read).isEqualTo(intents);
        assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("intents with long names (beginning alike, or giving the same file name) get files of their own whose"
            + " cases read without a problem: their ids stay within the engine's 128 characters")
    void longIntentNamesGiveValidIds(@TempDir Path dir) throws IOException {
        String description = "customer asks whether the order placed last week with express delivery has already"
                + " left the warehouse and when it arrives";
        Map<String, List<String>> intents = new LinkedHashMap<>();
        intents.put(description + " (domestic)", List.of("where is my parcel"));
        intents.put(description + " (abroad)", List.of("where is my parcel abroad"));
        intents.put(description.replace(' ', '-') + "-(domestic)", List.of("has my parcel left"));

        SuiteFiles.Written written = SuiteFiles.write(dir, "flow 'Main' and its attached flows, locale en-US", intents, 0);

        assertThat(written.files()).hasSize(3).doesNotHaveDuplicates();
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (Path file : written.files()) {
            ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), Files.newInputStream(file));
            assertThat(parsed.problems()).as(file.getFileName().toString()).isEmpty();
            parsed.file().cases().forEach(c -> {
                assertThat(c.id()).hasSizeLessThanOrEqualTo(128).startsWith("test_gen_customer_asks_whether");
                read.computeIfAbsent(c.expect().intent(), k -> new java.util.ArrayList<>()).add(c.utterance());
            });
        }
        assertThat(read).isEqualTo(intents);
    }

    @Test
    @DisplayName("a re-import removes an earlier import's file left without cases (the intent has no sentence now, or no"
            + " --holdout), keeps one with hand-written cases, and lists files of intents it did not import")
    void reimportRemovesFilesWithNoCaseLeftAndListsOthers(@TempDir Path dir) throws IOException {
        String source = "flow 'Main' and its attached flows, locale en-US";
        List<String> sentences = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "where is order " + i).toList();
        Map<String, List<String>> intents = new LinkedHashMap<>();
        intents.put("check_order", sentences);
        intents.put("greeting", List.of("hello", "hi there"));
        intents.put("old_promo", List.of("any deals today"));
        SuiteFiles.write(dir, source, intents, 50);
        Path holdout = dir.resolve("check_order.holdout.sim.yaml");
        Path greeting = dir.resolve("greeting.sim.yaml");
        Path promo = dir.resolve("old_promo.sim.yaml");
        assertThat(holdout).exists();
        String mine = "  - id: test_my_greeting\n    utterance: \"good morning\"\n    expect: { intent: greeting }\n";
        Files.writeString(greeting, Files.readString(greeting) + mine);

        // Without --holdout; greeting has lost its sentences; old_promo is no longer imported (deleted in Cognigy).
        Map<String, List<String>> now = new LinkedHashMap<>();
        now.put("check_order", sentences);
        now.put("greeting", List.of());
        SuiteFiles.Written written = SuiteFiles.write(dir, source, now, 0);

        assertThat(holdout).doesNotExist();
        assertThat(written.removed()).contains(holdout);
        assertThat(written.training()).isEqualTo(20);
        ParsedFile parsed = new SimulationFileReader(1 << 20).read("greeting.sim.yaml", Files.newInputStream(greeting));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).extracting(c -> c.id()).containsExactly("test_my_greeting");
        assertThat(written.untouched()).containsExactly(promo);
        assertThat(promo).exists();
    }

    @ParameterizedTest(name = "a sentence with U+{0} reads back the same")
    @ValueSource(strings = {"007f", "0080", "0085", "0099", "009f", "2028", "2029", "fffe", "feff", "200b"})
    @DisplayName("a sentence with a character YAML does not allow in a file, or reads as a line break, is written escaped")
    void charactersYamlDoesNotAllowAreEscaped(String hex, @TempDir Path dir) throws IOException {
        String sentence = "I\u2019d like a pizza" + (char) Integer.parseInt(hex, 16) + " now";
        String intent = "order" + (char) Integer.parseInt(hex, 16) + "pizza";
        Path file = SuiteFiles.write(dir, "flow 'Main' and its attached flows, locale en-US", Map.of(intent, List.of(sentence)), 0)
                .files().get(0);

        ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), Files.newInputStream(file));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.utterance()).isEqualTo(sentence);
            assertThat(c.expect().intent()).isEqualTo(intent);
        });
    }

    @Test
    @DisplayName("a file checked out with CR LF (git's core.autocrlf on Windows) is found by its markers: a re-import"
            + " rewrites the generated cases and keeps the hand-written ones; a file with the begin marker alone is not overwritten")
    void markersFoundWithCrLfLineEnds(@TempDir Path dir) throws IOException {
        String source = "flow 'Main' and its attached flows, locale en-US";
        Path file = SuiteFiles.write(dir, source, Map.of("greeting", List.of("hello")), 0).files().get(0);
        String mine = "  - id: test_my_greeting\n    utterance: \"good morning\"\n    expect: { intent: greeting }\n";
        Files.writeString(file, (Files.readString(file) + mine).replace("\n", "\r\n"));

        SuiteFiles.Written written = SuiteFiles.write(dir, source, Map.of("greeting", List.of("hi there")), 0);

        assertThat(written.files()).containsExactly(file);
        assertThat(written.training()).isEqualTo(1);
        ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), Files.newInputStream(file));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).extracting(c -> c.utterance()).containsExactly("hi there", "good morning");

        Path begun = Files.writeString(dir.resolve("escalate.sim.yaml"), "version: 1\nmode: nlu\ncases:\n" + SuiteFiles.BEGIN + "\n");
        assertThatThrownBy(() -> SuiteFiles.write(dir, source, Map.of("escalate", List.of("a human please")), 0))
                .isInstanceOf(IOException.class).hasMessageStartingWith(begun + " exists without the import's markers");
        assertThat(begun).hasContent("version: 1\nmode: nlu\ncases:\n" + SuiteFiles.BEGIN);
    }

    @Test
    @DisplayName("the hold-out share is the hash's: none at 0 %, about the share asked for, the same sentences on every"
            + " import whatever their order, and an intent's sentences split into its two files without loss")
    void holdoutShare(@TempDir Path dir) throws IOException {
        List<String> sentences = java.util.stream.IntStream.range(0, 400).mapToObj(i -> "where is order " + i).toList();
        assertThat(sentences).noneMatch(s -> SuiteFiles.isHeldOut("check_order", s, 0));
        assertThat(sentences).allMatch(s -> SuiteFiles.isHeldOut("check_order", s, 100));
        long held = sentences.stream().filter(s -> SuiteFiles.isHeldOut("check_order", s, 25)).count();
        assertThat(held).isBetween(60L, 140L);
        assertThat(sentences.stream().filter(s -> SuiteFiles.isHeldOut("check_order", s, 99)).count()).isGreaterThan(380L);

        List<String> reversed = new java.util.ArrayList<>(sentences);
        java.util.Collections.reverse(reversed);
        SuiteFiles.Written first = SuiteFiles.write(dir.resolve("a"), "flow 'Main'", Map.of("check_order", sentences), 25);
        SuiteFiles.Written again = SuiteFiles.write(dir.resolve("b"), "flow 'Main'", Map.of("check_order", reversed), 25);
        assertThat(first.holdout()).isEqualTo(held).isEqualTo(again.holdout());
        assertThat(utterances(dir.resolve("b/check_order.holdout.sim.yaml")))
                .as("the same sentences held out, whatever their order").containsExactlyInAnyOrderElementsOf(
                        utterances(dir.resolve("a/check_order.holdout.sim.yaml")));
        assertThat(first.training()).isEqualTo(400 - held);
        assertThat(first.files()).extracting(f -> f.getFileName().toString())
                .containsExactly("check_order.sim.yaml", "check_order.holdout.sim.yaml");
        String holdout = Files.readString(dir.resolve("a/check_order.holdout.sim.yaml"));
        assertThat(holdout).contains("held out of training (25 %)", "tags: [generated, holdout]");
        assertThat(Files.readString(dir.resolve("a/check_order.sim.yaml"))).contains("tags: [generated]\n")
                .doesNotContain("holdout");
    }

    @Test
    @DisplayName("a sentence's quotes, backslashes, tabs, line breaks and control characters are escaped and read back the"
            + " same; a name's control characters become spaces in the header comment")
    void escapedAsYamlReadsThem(@TempDir Path dir) throws IOException {
        String sentence = "say \"hi\" to C:\\orders\tnow\nplease\r\u0001 \u001f\u007f done";
        assertThat(SuiteFiles.quoted(sentence)).isEqualTo("\"say \\\"hi\\\" to C:\\\\orders\\tnow\\nplease\\u000d\\u0001 \\u001f\\u007f done\"");
        assertThat(SuiteFiles.commentText("a\u0001b\u007fc\ufffed\uffffe\u2028f g")).isEqualTo("a b c d e f g");

        String spoken = "say \"hi\" to C:\\orders\\2026 now";
        Path file = SuiteFiles.write(dir, "flow 'Main'", Map.of("greeting", List.of(spoken)), 0).files().get(0);
        ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), Files.newInputStream(file));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> assertThat(c.utterance()).isEqualTo(spoken));
    }

    @Test
    @DisplayName("a file in --out that is no UTF-8 text (someone's own, saved as Latin-1) is left alone and listed as no"
            + " import's; one where an intent's file goes stops the import before any write, naming it and the fix")
    void filesThatAreNoUtf8Text(@TempDir Path dir) throws IOException {
        byte[] latin1 = "# caf\u00e9 cases\nversion: 1\n".getBytes(StandardCharsets.ISO_8859_1);
        Path own = Files.write(dir.resolve("legacy.sim.yaml"), latin1);

        SuiteFiles.Written written = SuiteFiles.write(dir, "flow 'Main'", Map.of("greeting", List.of("hello")), 0);

        assertThat(written.files()).containsExactly(dir.resolve("greeting.sim.yaml"));
        assertThat(written.untouched()).isEmpty();
        assertThat(own).hasBinaryContent(latin1);

        Path inTheWay = Files.write(dir.resolve("escalate.sim.yaml"), latin1);
        Map<String, List<String>> intents = new LinkedHashMap<>();
        intents.put("greeting", List.of("hi there"));
        intents.put("escalate", List.of("a human please"));
        String greeting = Files.readString(dir.resolve("greeting.sim.yaml"));
        assertThatThrownBy(() -> SuiteFiles.write(dir, "flow 'Main'", intents, 0)).isInstanceOf(IOException.class)
                .hasMessage(inTheWay + " exists without the import's markers (it is no UTF-8 text, as the import writes): it is"
                        + " not overwritten, and no file was written (move it, or run the import into another --out folder)");
        assertThat(inTheWay).hasBinaryContent(latin1);
        assertThat(dir.resolve("greeting.sim.yaml")).hasContent(greeting);
    }

    private static List<String> utterances(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), in);
            assertThat(parsed.problems()).isEmpty();
            return parsed.file().cases().stream().map(c -> c.utterance()).toList();
        }
    }
}
