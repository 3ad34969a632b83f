package dev.botsim.cognigy.engine.discovery.botium;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.botsim.cognigy.engine.discovery.datafile.Documents;
import dev.botsim.cognigy.engine.discovery.datafile.FileProblem;
import dev.botsim.cognigy.engine.discovery.datafile.ParsedFile;
import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.model.SimulationFile;
import dev.botsim.cognigy.engine.support.Sha256;

/**
 * Reads one Botium file into the data files' model: a convo file's convos become cases and conversations, an
 * utterances file yields no tests (its lists serve the convos) but its problems. Never throws for bad content.
 * Thread-safe: the utterance lists below a root are read once, by whichever file needs them first.
 */
public final class BotiumReader {

    private final int maxBytes;
    private final Map<Path, UtteranceLibrary> libraries = new ConcurrentHashMap<>();

    /** @param maxBytes the largest file accepted, in bytes, as for data files */
    public BotiumReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param resource classpath-relative name or path; its suffix tells the format
     * @param file     the file on disk, when it is one: utterance lists are then looked up around it
     * @param root     the folder it was found in, up to which utterance lists are looked up
     */
    public ParsedFile read(String resource, InputStream in, Optional<Path> file, Optional<Path> root) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        Findings findings = new Findings(resource);
        BotiumFiles.Kind kind = BotiumFiles.kind(resource).orElseThrow(() -> new IllegalArgumentException(
                "not a Botium file: " + resource));
        Documents.Text text = Documents.text(resource, bytes, maxBytes);
        findings.addAll(text.problems());
        List<Convo> convos = new ArrayList<>();
        List<Convo.UtteranceList> own = new ArrayList<>();
        if (kind == BotiumFiles.Kind.UNREAD) {
            findings.add(1, unread(resource));
        } else if (text.text() != null) {
            if (kind == BotiumFiles.Kind.CONVO_TXT) {
                convos.add(TextFormat.convo(text.text()));
            } else if (kind == BotiumFiles.Kind.UTTERANCES_TXT) {
                Convo.UtteranceList list = TextFormat.utterances(text.text());
                if (list.name().isEmpty()) {
                    findings.add(1, "the first line of an utterances file names the list, and it is empty — write the"
                            + " list's name on the first line, then one utterance per line");
                } else if (list.utterances().isEmpty()) {
                    findings.add(1, "the utterance list '" + CaseRules.shorten(list.name()) + "' has no utterances — add one per line"
                            + " below its name");
                }
            } else {
                Documents.Tree tree = Documents.tree(resource, text.text(), kind.yaml(), maxBytes);
                findings.addAll(tree.problems());
                int before = findings.mark();
                ObjectFormat.Content content = new ObjectFormat(findings).read(tree.root());
                convos.addAll(content.convos());
                own.addAll(content.utterances());
                // Said only when nothing else was: convos left out for what is wrong in them are reported as such.
                if (findings.mark() == before && tree.problems().isEmpty() && convos.isEmpty() && own.isEmpty()) {
                    findings.add(1, "the file defines no convos or utterances — add 'convos:' with at least one convo");
                }
            }
        }
        // The lists below the root this file's convos see from its folder, found once for the file, not per line.
        Optional<Path> folder = file.map(f -> f.toAbsolutePath().normalize().getParent());
        Optional<UtteranceLibrary> library = folder.flatMap(f -> root.map(this::library));
        Function<String, Optional<List<String>>> lookup = name -> ownList(own, name)
                .or(() -> library.flatMap(l -> l.find(name, folder.get())));
        // A list a convo names may be in an utterances file that could not be read: its name must not go out as text.
        Optional<String> unread = library.flatMap(l -> l.unread(folder.get()));
        ConvoBinder binder = new ConvoBinder(resource, findings, lookup, unread);
        // A convo its problems leave out: a line selected in it finds them, not the convo above.
        List<Integer> leftOut = new ArrayList<>();
        for (Convo convo : convos) {
            int tests = binder.cases().size() + binder.conversations().size();
            binder.bind(convo, BotiumFiles.baseName(resource));
            if (binder.cases().size() + binder.conversations().size() == tests && convo.line() > 0) leftOut.add(convo.line());
        }
        SimulationFile parsed = new SimulationFile(resource, null, List.of(), binder.cases(), binder.conversations(),
                Sha256.ofText(bytes));
        return new ParsedFile(parsed, findings.sorted(), leftOut);
    }

    /** Why a Botium file of a kind not read is reported, and what to write instead. */
    private static String unread(String resource) {
        String lower = resource.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".scriptingmemory.txt")) {
            return "Botium's scripting memory files are not read: a convo's $variables are sent and checked as written,"
                    + " once, not once per row of this file — write the values into the convos (a convo per row), and"
                    + " remove this file";
        }
        if (lower.endsWith(".pconvo.csv")) {
            return "Botium's CSV partial convos are not read, and neither is INCLUDE — write their steps into the convos"
                    + " that include them, and remove this file";
        }
        if (lower.endsWith(".convo.csv")) {
            return "Botium's CSV convos are not read — write each convo as a *.convo.txt or *.convo.yml file";
        }
        return "Botium's CSV utterance lists are not read, so a #me that names one would send its name as the text"
                + " — write each list as a *.utterances.txt file (its name on the first line, one utterance per line)";
    }

    private UtteranceLibrary library(Path root) {
        Path normalized = root.toAbsolutePath().normalize();
        return libraries.computeIfAbsent(normalized, r -> UtteranceLibrary.of(r, maxBytes));
    }

    private static Optional<List<String>> ownList(List<Convo.UtteranceList> own, String name) {
        Set<String> merged = new LinkedHashSet<>();
        boolean any = false;
        for (Convo.UtteranceList list : own) {
            if (list.name().equals(name)) {
                any = true;
                merged.addAll(list.utterances());
            }
        }
        return any ? Optional.of(List.copyOf(merged)) : Optional.empty();
    }

    /**
     * The utterance lists a file holds, for the library, and why not all of them could be read (the file too large, not
     * UTF-8 text, a syntax error), if so; its problems are reported when the file itself is read.
     */
    static Lists lists(String name, BotiumFiles.Kind kind, byte[] bytes, int maxBytes) {
        Documents.Text text = Documents.text(name, bytes, maxBytes);
        if (text.text() == null) return new Lists(List.of(), text.problems().stream().findFirst().map(BotiumReader::why));
        if (kind == BotiumFiles.Kind.UTTERANCES_TXT) {
            Convo.UtteranceList list = TextFormat.utterances(text.text());
            return new Lists(list.name().isEmpty() ? List.of() : List.of(list), Optional.empty());
        }
        if (kind.text() || kind == BotiumFiles.Kind.UNREAD) return new Lists(List.of(), Optional.empty());
        Documents.Tree tree = Documents.tree(name, text.text(), kind.yaml(), maxBytes);
        return new Lists(new ObjectFormat(new Findings(name)).read(tree.root()).utterances(),
                tree.problems().stream().findFirst().map(BotiumReader::why));
    }

    /** What a file's problem says is wrong, without its fix (the fix said is the file's): {@code line 3: YAML syntax error}. */
    private static String why(FileProblem problem) {
        String message = problem.message();
        int fix = message.indexOf(" — ");
        String what = fix > 0 ? message.substring(0, fix) : message;
        return problem.line() > 0 ? "line " + problem.line() + ": " + what : what;
    }

    /** @param notRead why some or all of the file's lists could not be read, when that is so */
    record Lists(List<Convo.UtteranceList> lists, Optional<String> notRead) {
    }

}
