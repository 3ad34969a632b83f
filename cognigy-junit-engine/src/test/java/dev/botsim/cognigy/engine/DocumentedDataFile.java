package dev.botsim.cognigy.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.approval.ApprovalFile;
import dev.botsim.cognigy.engine.discovery.botium.BotiumFiles;
import dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader;
import dev.botsim.cognigy.engine.support.MarkdownBlocks.Block;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * A data file the docs show, a block whose info string names it ({@code ```yaml file=orders.sim.yaml}), read as a
 * user's copy of it is read: a simulation or Botium file by the engine's discovery, a sandbox bot definition by the
 * sandbox, a playbook export by a sandbox seeded with it, an approval file by the approvals. Each problem names the page and line it stands at, so the message says
 * where to fix the docs.
 */
record DocumentedDataFile(Block block, String path, Kind kind) {

    enum Kind {
        /** {@code *.sim.yaml} and the other files discovery reads: no problem, and at least one test. */
        SIMULATION,
        /** {@code *.bot.yaml}: a bot the sandbox serves. */
        BOT_DEFINITION,
        /** {@code *.approved.yaml}: read without a problem, and written by the engine exactly as shown. */
        APPROVAL_FILE,
        /** {@code *.playbooks.json}: an export the sandbox starts with ({@code withPlaybookSeed}, {@code --playbooks}). */
        PLAYBOOK_EXPORT
    }

    private static final String PLAYBOOKS = ".playbooks.json";

    /** The smallest bot a sandbox serves: the export's playbooks are read whatever the bot. */
    private static final String ANY_BOT = "bot: docs\nflows:\n  - id: flow_docs\n    intents: [{name: docs, examples: [hello]}]\n"
            + "    responses: [Hello]\n";

    private static final Pattern BOT_DEFINITION = Pattern.compile("(?i).*\\.bot\\.ya?ml");

    private static final String APPROVED = ".approved.yaml";

    /** {@code <where>:<line>[:<column>]: <problem>}, as the sandbox and the data-file reader begin a message. */
    private static final Pattern POSITIONED = Pattern.compile("^.*?:(\\d+)(?::(\\d+))?: (.*)$", Pattern.DOTALL);

    /** The data file the block is, if its info string names one of a kind read here (a POM or a class is not). */
    static Optional<DocumentedDataFile> of(Block block) {
        return block.file().flatMap(path -> {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (SimulationFileReader.isSimulationFile(name) || BotiumFiles.isBotiumFile(name)) {
                return Optional.of(new DocumentedDataFile(block, path, Kind.SIMULATION));
            }
            if (BOT_DEFINITION.matcher(name).matches()) return Optional.of(new DocumentedDataFile(block, path, Kind.BOT_DEFINITION));
            if (name.endsWith(APPROVED)) return Optional.of(new DocumentedDataFile(block, path, Kind.APPROVAL_FILE));
            if (name.endsWith(PLAYBOOKS)) return Optional.of(new DocumentedDataFile(block, path, Kind.PLAYBOOK_EXPORT));
            return Optional.empty();
        });
    }

    /** What is wrong with the file, each as {@code page:line[:column]: problem}; empty when it reads as the docs mean. */
    List<String> problems(Path dir) throws IOException {
        return switch (kind) {
            case SIMULATION -> discoveryProblems(dir);
            case BOT_DEFINITION -> botDefinitionProblems();
            case APPROVAL_FILE -> approvalFileProblems();
            case PLAYBOOK_EXPORT -> playbookExportProblems(dir);
        };
    }

    @Override
    public String toString() {
        return block.where() + " " + path;
    }

    /** Discovery of the file alone, selected by its path as a user's IDE or {@code --select-file} selects it. */
    private List<String> discoveryProblems(Path dir) throws IOException {
        Path file = dir.resolve(path).normalize();
        if (!file.startsWith(dir)) return List.of(block.where() + ": file=" + path + " leaves its folder; name it relative");
        Files.createDirectories(file.getParent());
        Files.writeString(file, block.text());
        EngineDiscoveryResults results = EngineTestSupport.kit(new ScriptedBackend()).selectors(selectFile(file.toFile()))
                .discover();

        List<String> problems = new ArrayList<>();
        for (DiscoveryIssue issue : results.getDiscoveryIssues()) {
            Optional<FilePosition> position = issue.source().filter(FileSource.class::isInstance)
                    .flatMap(source -> ((FileSource) source).getPosition());
            problems.add(position.map(at -> at(at.getLine(), at.getColumn().orElse(0), withoutPlace(issue.message())))
                    .orElseGet(() -> block.where() + ": " + issue.message()));
        }
        List<? extends TestDescriptor> tests = results.getEngineDescriptor().getDescendants().stream()
                .filter(TestDescriptor::isTest).toList();
        // Every problem is an issue as well as an invalid test; an invalid test alone would still be a problem.
        if (problems.isEmpty()) {
            tests.stream().filter(test -> test.getDisplayName().startsWith("invalid:"))
                    .forEach(test -> problems.add(block.where() + ": " + test.getDisplayName()));
        }
        if (tests.isEmpty()) problems.add(block.where() + ": " + path + " holds no test the engine discovers");
        return problems;
    }

    private List<String> botDefinitionProblems() {
        try {
            BotDefinition.parse(block.text(), path);
            return List.of();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = POSITIONED.matcher(message.startsWith(path) ? message : "");
            return List.of(m.matches() ? at(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3))
                    : block.where() + ": " + message);
        }
    }

    /** Seeded into a sandbox as {@code --playbooks FILE} seeds it: an export it refuses stops its start with the reason. */
    private List<String> playbookExportProblems(Path dir) throws IOException {
        Path file = dir.resolve(path.substring(path.lastIndexOf('/') + 1));
        Files.writeString(file, block.text());
        try {
            CognigySandbox.start(BotDefinition.parse(ANY_BOT, "docs.bot.yaml"), SandboxOptions.defaults().withPlaybookSeed(file))
                    .close(); // started is all it takes: the export was taken
            return List.of();
        } catch (RuntimeException e) {
            return List.of(block.where() + ": " + e.getMessage());
        }
    }

    /**
     * Read as the approvals read it, and written back from what was read: the docs show the file the engine writes,
     * header comment and order included, so a change to either shows here.
     */
    private List<String> approvalFileProblems() {
        ApprovalFile.Read read = ApprovalFile.read(block.text());
        if (read.problem().isPresent()) {
            ApprovalFile.Problem problem = read.problem().get();
            return List.of(at(problem.line(), 0, "the approval file " + problem.message()));
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String subject = path.contains("approved/") ? path.substring(path.lastIndexOf("approved/") + "approved/".length()) : name;
        subject = subject.substring(0, subject.length() - APPROVED.length());
        String written = ApprovalFile.write(subject, read.answers());
        if (written.equals(block.text())) return List.of();
        List<String> shown = block.text().lines().toList();
        List<String> writes = written.lines().toList();
        int n = 0;
        while (n < shown.size() && n < writes.size() && shown.get(n).equals(writes.get(n))) n++;
        return List.of(at(n + 1, 0, "the engine writes this approval file differently from here on: "
                + (n < writes.size() ? writes.get(n) : "(nothing more)")));
    }

    /** The page's place of the block's line and column (0: none). */
    private String at(int line, int column, String problem) {
        return block.page() + ":" + block.pageLine(line) + (column > 0 ? ":" + column : "") + ": " + problem;
    }

    /** A problem's text without the file and position it starts with, which {@link #at} gives instead. */
    private static String withoutPlace(String message) {
        Matcher m = POSITIONED.matcher(message);
        return m.matches() ? m.group(3) : message;
    }
}
