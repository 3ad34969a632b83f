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
}
