package dev.botsim.cognigy.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code schema} command run in this JVM, into folders outside the working directory (a project's own tools
 * folder given by its absolute path): what it writes, what it prints and what it says when it cannot write.
 */
class SchemaCommandOutputTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int schema(String... args) {
        return SchemaCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static byte[] shipped() throws Exception {
        try (InputStream in = SchemaCommand.class.getClassLoader().getResourceAsStream(SchemaCommand.RESOURCE)) {
            assertThat(in).as(SchemaCommand.RESOURCE).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    @DisplayName("a folder outside the working directory: the schema written there whole, over an older one, no partial file"
            + " left, and the mappings naming it by its absolute path")
    void absoluteFolderOutsideTheWorkingDirectory() throws Exception {
        Path folder = dir.resolve("tools/schemas");
        Files.createDirectories(folder);
        Path target = folder.resolve("simulation-file.schema.json");
        Files.writeString(target, "{ \"an\": \"older schema\" }");

        assertThat(schema(folder.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(Files.readAllBytes(target)).isEqualTo(shipped());
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(target);
        }
        String shown = target.toAbsolutePath().toString().replace('\\', '/');
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "wrote " + target,
                "VS Code (the YAML extension by Red Hat) — in .vscode/settings.json:",
                "  \"yaml.schemas\": { \"" + shown + "\": [\"*.sim.yaml\", \"*.sim.yml\"] },",
                "  \"json.schemas\": [",
                "    { \"fileMatch\": [\"*.sim.json\"], \"url\": \"" + shown + "\" }",
                "  ]",
                "IntelliJ IDEA — Settings | Languages & Frameworks | Schemas and DTDs | JSON Schema Mappings: add "
                        + target.toAbsolutePath() + " (JSON Schema version 2020-12) with the file path patterns *.sim.yaml, *.sim.yml, *.sim.json");
        assertThat(err.size()).isZero();
    }

    @Test
    @DisplayName("the schema's place in the settings: relative to the working directory as ./…, with forward slashes, and"
            + " absolute outside it")
    void referenceRelativeToTheWorkspace() {
        Path here = Path.of("").toAbsolutePath();
        assertThat(SchemaCommand.reference(Path.of("tools", "schemas", "simulation-file.schema.json")))
                .isEqualTo("./tools/schemas/simulation-file.schema.json");
        assertThat(SchemaCommand.reference(here.resolve("simulation-file.schema.json"))).isEqualTo("./simulation-file.schema.json");
        Path outside = dir.resolve("simulation-file.schema.json");
        assertThat(SchemaCommand.reference(outside)).isEqualTo(outside.toAbsolutePath().toString().replace('\\', '/'));
    }

    @Test
    @DisplayName("a path holding quotes, backslashes or control characters gives settings that read back as JSON naming it")
    void settingsAreJsonWhateverThePath() {
        String path = "./odd \"name\"\\with\ttab/simulation-file.schema.json";
        JsonNode settings = JsonMapper.shared().readTree(SchemaCommand.settings(path));

        assertThat(settings.get("yaml.schemas").propertyNames()).containsExactly(path);
        assertThat(settings.get("yaml.schemas").get(path).valueStream().map(JsonNode::asString)).containsExactly("*.sim.yaml", "*.sim.yml");
        assertThat(settings.get("json.schemas").get(0).get("url").asString()).isEqualTo(path);
        assertThat(settings.get("json.schemas").get(0).get("fileMatch").get(0).asString()).isEqualTo("*.sim.json");
        assertThat(SchemaCommand.settings(path).lines().toList()).hasSize(6);
    }

    @Test
    @DisplayName("two folders or an option it does not know: exit 2 with the usage, nothing written")
    void wrongUse() throws Exception {
        // Absolute paths only: a command that wrongly went ahead writes into the temporary folder, never the module's.
        assertThat(schema(dir.resolve("a").toString(), dir.resolve("b").toString())).isEqualTo(2);
        assertThat(schema("--out", dir.resolve("c").toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).startsWith("schema: unexpected argument '/").endsWith("/b'"),
                line -> assertThat(line).isEqualTo(SchemaCommand.USAGE),
                line -> assertThat(line).isEqualTo("schema: unexpected argument '--out'"),
                line -> assertThat(line).isEqualTo(SchemaCommand.USAGE));
        assertThat(out.size()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    @DisplayName("a folder that cannot be made (a file in its place) or a folder where the schema goes: exit 2, one line naming"
            + " the file, why and what to move")
    void cannotWriteNamesTheFileAndTheFix() throws Exception {
        Path occupied = Files.writeString(dir.resolve("occupied"), "a file, not a folder");
        assertThat(schema(occupied.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("cannot write "
                + occupied.resolve("simulation-file.schema.json") + ": " + occupied + " is a file where its folder should be;"
                + " remove or rename that file, or point the command's DIR at another folder");
        assertThat(occupied).hasContent("a file, not a folder");

        err.reset();
        assertThat(schema(occupied.resolve("deeper").toString())).as("a file further up is named too").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("cannot write "
                + occupied.resolve("deeper/simulation-file.schema.json") + ": " + occupied + " is a file where its folder should"
                + " be; remove or rename that file, or point the command's DIR at another folder");

        err.reset();
        Path folderInTheWay = Files.createDirectories(dir.resolve("tools/simulation-file.schema.json"));
        assertThat(schema(dir.resolve("tools").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("cannot write " + folderInTheWay + ": ")
                .endsWith("; a folder stands where the file should be: move " + folderInTheWay + " away");
        assertThat(out.size()).isZero();
    }
}
