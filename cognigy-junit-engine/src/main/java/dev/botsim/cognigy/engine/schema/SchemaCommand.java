package dev.botsim.cognigy.engine.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.ShownUrl;

/**
 * {@code java -jar cognigy-junit-engine.jar schema [DIR] [--vscode]}: writes the data-file JSON Schema this engine
 * reads by into {@code DIR/simulation-file.schema.json} (default: the current directory) and prints how to map it to
 * {@code *.sim.yaml}, {@code *.sim.yml} and {@code *.sim.json} in VS Code and IntelliJ IDEA; with {@code --vscode}
 * it also writes {@code .vscode/settings.json} when the project has none. Run it in the project's root: the
 * mapping names the schema relative to it. Exit 0 when written, 2 on wrong use or when a file cannot be written.
 * Needs the JDK only, as {@code verify-audit} does: a tester runs it with the engine jar alone.
 */
public final class SchemaCommand {

    /** Where the engine jar carries the schema: a stable path, for tools that read it out of the jar. */
    public static final String RESOURCE = "META-INF/cognigy-junit/simulation-file.schema.json";

    static final String FILE_NAME = "simulation-file.schema.json";

    public static final String USAGE = "usage: java -jar cognigy-junit-engine.jar schema [DIR] [--vscode]"
            + "  (writes DIR/" + FILE_NAME + ", default DIR: the current directory)";

    private static final List<String> YAML_FILES = List.of("*.sim.yaml", "*.sim.yml");
    private static final String JSON_FILES = "*.sim.json";

    private SchemaCommand() {
    }

    /** Runs the command with the arguments after {@code schema}; returns its exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String dir = null;
        boolean vscode = false;
        for (String arg : args) {
            if (arg.equals("--vscode") && !vscode) {
                vscode = true;
            } else if (dir == null && !arg.startsWith("--")) {
                dir = arg;
            } else {
                err.println("schema: unexpected argument '" + ShownUrl.argument(arg) + "'");
                err.println(USAGE);
                return 2;
            }
        }
        Path target;
        try {
            target = Path.of(dir == null ? "." : dir).resolve(FILE_NAME).normalize();
        } catch (InvalidPathException e) {
            err.println("schema: not a directory name: " + dir);
            return 2;
        }
        try {
            write(target);
        } catch (IOException e) {
            // What stands in the way, and what to move or fix: the reason alone leaves the tester to find it; a file where
            // a folder should be is one sentence naming it (the JDK's "file exists" and where it stands would say it twice).
            err.println("cannot write " + target + ": " + FileFailures.reasonAndFix(FileFailures.reason(e), target, Path::toString,
                    "the command's DIR"));
            return 2;
        }
        String reference = reference(target);
        out.println("wrote " + target);
        out.println("VS Code (the YAML extension by Red Hat) — in .vscode/settings.json:");
        settings(reference).lines().skip(1).limit(4).forEach(line -> out.println(line));
        out.println("IntelliJ IDEA — Settings | Languages & Frameworks | Schemas and DTDs | JSON Schema Mappings: add "
                + target.toAbsolutePath() + " (JSON Schema version 2020-12) with the file path patterns "
                + String.join(", ", YAML_FILES) + ", " + JSON_FILES);
        if (vscode) {
            Path settings = Path.of(".vscode", "settings.json");
            try {
                Files.createDirectories(settings.getParent());
                Files.writeString(Files.createFile(settings), settings(reference));
                out.println("wrote " + settings);
            } catch (FileAlreadyExistsException e) {
                // createDirectories says the same of a file named .vscode standing where the folder should be.
                if (!Files.isDirectory(settings.getParent())) {
                    err.println("cannot write " + settings + ": " + settings.getParent() + " is a file, not a folder; move it"
                            + " away, or add the two settings above to your editor's settings yourself");
                    return 2;
                }
                out.println("not changed: " + settings + " exists — add the two settings above to it");
            } catch (IOException e) {
                err.println("cannot write " + settings + ": " + FileFailures.reason(e));
                return 2;
            }
        }
        return 0;
    }

    /** The schema out of the jar, written whole or not at all. */
    private static void write(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path partial = PartialFile.create(directory, "." + FILE_NAME + ".", ".part");
        try (InputStream in = SchemaCommand.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException("the engine jar holds no " + RESOURCE);
            try (var written = Files.newOutputStream(partial)) {
                in.transferTo(written);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * The schema as VS Code settings name it: relative to the workspace folder (the current directory), with
     * forward slashes on every system; absolute when it lies outside.
     */
    static String reference(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        String shown = absolute.startsWith(here) ? "./" + here.relativize(absolute) : absolute.toString();
        return shown.replace('\\', '/');
    }

    /** A whole {@code .vscode/settings.json} mapping the data files to the schema; lines 2-5 are the two settings. */
    static String settings(String reference) {
        String path = json(reference);
        return "{\n"
                + "  \"yaml.schemas\": { " + path + ": [" + String.join(", ", YAML_FILES.stream().map(SchemaCommand::json).toList()) + "] },\n"
                + "  \"json.schemas\": [\n"
                + "    { \"fileMatch\": [" + json(JSON_FILES) + "], \"url\": " + path + " }\n"
                + "  ]\n"
                + "}\n";
    }

    /** A JSON string: the schema's path may hold quotes or backslashes. */
    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
