package dev.botsim.cognigy.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.audit.AuditCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar cognigy-junit-engine.jar schema} as a tester runs it in a project: in a JVM of its own, with the
 * engine's classes and resources alone on the class path (what the jar holds), through the jar's main class.
 */
class SchemaCommandTest {

    @TempDir
    Path project;

    /** Where a run's standard output and error are caught: beside the project, not in the system's temporary folder. */
    @TempDir
    Path streams;

    record Run(int exit, String out, String err) {
    }

    private Run schema(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path engineClasses = Path.of(AuditCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java, "-cp", engineClasses.toString(), AuditCommand.class.getName(), "schema"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(streams, "schema-out", ".txt");
        Path err = Files.createTempFile(streams, "schema-err", ".txt");
        Process process = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static byte[] shipped() throws Exception {
        try (InputStream in = SchemaCommand.class.getClassLoader().getResourceAsStream(SchemaCommand.RESOURCE)) {
            assertThat(in).as(SchemaCommand.RESOURCE).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    @DisplayName("item 12: schema DIR writes the schema the jar ships and prints the VS Code and IntelliJ mappings for it")
    void writesTheSchemaAndPrintsTheMappings() throws Exception {
        Run run = schema("tools/schemas");

        assertThat(run.exit()).as(run.err()).isZero();
        Path written = project.resolve("tools/schemas/simulation-file.schema.json");
        assertThat(Files.readAllBytes(written)).isEqualTo(shipped());
        assertThat(run.out().lines().toList()).containsExactly(
                "wrote tools/schemas/simulation-file.schema.json",
                "VS Code (the YAML extension by Red Hat) — in .vscode/settings.json:",
                "  \"yaml.schemas\": { \"./tools/schemas/simulation-file.schema.json\": [\"*.sim.yaml\", \"*.sim.yml\"] },",
                "  \"json.schemas\": [",
                "    { \"fileMatch\": [\"*.sim.json\"], \"url\": \"./tools/schemas/simulation-file.schema.json\" }",
                "  ]",
                "IntelliJ IDEA — Settings | Languages & Frameworks | Schemas and DTDs | JSON Schema Mappings: add "
                        + written.toRealPath() + " (JSON Schema version 2020-12) with the file path patterns *.sim.yaml, *.sim.yml, *.sim.json");
        try (var files = Files.list(written.getParent())) {
            assertThat(files).as("no partial file left").containsExactly(written);
        }
    }

    @Test
    @DisplayName("item 12: --vscode writes .vscode/settings.json mapping the data files to the schema, and never changes one that exists")
    void vscodeSettings() throws Exception {
        Run first = schema("--vscode");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("wrote simulation-file.schema.json").contains("wrote .vscode/settings.json");
        JsonNode settings = JsonMapper.shared().readTree(project.resolve(".vscode/settings.json").toFile());
        assertThat(settings.get("yaml.schemas").get("./simulation-file.schema.json").valueStream().map(JsonNode::asString))
                .containsExactly("*.sim.yaml", "*.sim.yml");
        assertThat(settings.get("json.schemas").get(0).get("url").asString()).isEqualTo("./simulation-file.schema.json");
        assertThat(settings.get("json.schemas").get(0).get("fileMatch").get(0).asString()).isEqualTo("*.sim.json");

        Files.writeString(project.resolve(".vscode/settings.json"), "{ \"editor.tabSize\": 2 }\n");
        Run second = schema("--vscode");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("not changed: .vscode/settings.json exists — add the two settings above to it");
        assertThat(Files.readString(project.resolve(".vscode/settings.json"))).isEqualTo("{ \"editor.tabSize\": 2 }\n");
    }

    @Test
    @DisplayName("--vscode with a file named .vscode in the way says so, exit 2, and leaves the file alone")
    void vscodeIsAFile() throws Exception {
        Files.writeString(project.resolve(".vscode"), "not a folder");
        Run run = schema("--vscode");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("cannot write .vscode/settings.json: .vscode is a file, not a folder").hasLineCount(1);
        assertThat(run.out()).doesNotContain("not changed");
        assertThat(Files.readString(project.resolve(".vscode"))).isEqualTo("not a folder");
    }

    @Test
    @DisplayName("item 16: the schema is written readable by others as the umask allows (0644), not 0600 like a temporary file")
    void readableByOthers() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        assertThat(schema().exit()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(project.resolve("simulation-file.schema.json"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    @DisplayName("item 12: wrong use (an unknown option, --vscode twice) exits 2 with the usage, nothing written; a directory"
            + " that cannot be made, 2 with one line")
    void wrongUse() throws Exception {
        Run unknown = schema("--vs-code");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).containsExactly("schema: unexpected argument '--vs-code'", SchemaCommand.USAGE);

        Run twice = schema("--vscode", "--vscode");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err().lines().toList()).containsExactly("schema: unexpected argument '--vscode'", SchemaCommand.USAGE);
        assertThat(project.resolve(".vscode")).doesNotExist();
        assertThat(project.resolve("simulation-file.schema.json")).doesNotExist();

        Files.writeString(project.resolve("occupied"), "a file, not a directory");
        Run blocked = schema("occupied");
        assertThat(blocked.exit()).isEqualTo(2);
        assertThat(blocked.err().lines().toList()).singleElement().asString().startsWith("cannot write occupied/simulation-file.schema.json: ");
        assertThat(blocked.out()).isEmpty();
    }
}
