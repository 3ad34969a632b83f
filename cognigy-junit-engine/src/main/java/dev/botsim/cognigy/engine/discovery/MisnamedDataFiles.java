package dev.botsim.cognigy.engine.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.botsim.cognigy.engine.discovery.datafile.Documents;
import dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader;
import dev.botsim.cognigy.engine.discovery.rules.CopyNames;
import dev.botsim.cognigy.engine.support.Suggestions;

/**
 * Discovery reads a file by its name ({@code *.sim.yaml}, ...). Cases written in a file of a data folder under another
 * name ({@code greetings.yaml}, {@code smoke.csv}, {@code hours.sim.yaml.txt}) would not run, and nothing would say so:
 * such a file is pointed out with the name to give it. A warning, not a failing test: the file may be something else.
 */
final class MisnamedDataFiles {

    private MisnamedDataFiles() {
    }

    /** Whether a file of this name, in a folder of data files, may be a data file that is not read. */
    static boolean candidate(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !DataFiles.isDataFile(name) && (namedLikeDataFile(lower) || (!lower.contains(".sim.")
                && (lower.endsWith(".yml") || lower.endsWith(".yaml") || lower.endsWith(".json") || lower.endsWith(".csv"))));
    }

    /**
     * Endings editors and tools give a copy they keep, and those a team gives a file it switched off: such a file is
     * meant not to run (a number may follow, {@code .bak2}).
     */
    private static final List<String> COPIES = List.of(".bak", ".orig", ".old", ".tmp", ".swp", "~", ".disabled", ".skip",
            ".off", ".ignore", ".ignored");

    private static boolean namedLikeDataFile(String lower) {
        String unnumbered = lower.replaceFirst("[0-9]+$", "");
        return lower.substring(lower.lastIndexOf('/') + 1).contains(".sim.") && COPIES.stream().noneMatch(unnumbered::endsWith);
    }

    /**
     * The warning for a file named {@code shown}: named like a data file with another ending, a YAML or JSON mapping
     * with the data files' {@code cases} or {@code conversations}, or a CSV table whose header names the columns every
     * data file's table has; empty for anything else.
     *
     * @param besides whether a file of the given name (no folder) lies beside this one: then the name to give it is
     *                taken, and this file is likely a copy of that one
     */
    static Optional<String> warning(String shown, byte[] bytes, int maxBytes, Predicate<String> besides) {
        String lower = shown.toLowerCase(Locale.ROOT);
        if (namedLikeDataFile(lower)) {
            String notRead = shown + ": is named like a data file but is not read — a data file's name ends in "
                    + SimulationFileReader.patterns();
            return Optional.of(dataFileName(shown).map(n -> besides.test(n) ? notRead + taken(n) : notRead + "; rename it " + n)
                    .orElse(notRead + "; rename it"));
        }
        if (lower.endsWith(".csv")) return casesTable(shown, bytes, besides);
        Documents.Text text = Documents.text(shown, bytes, maxBytes);
        if (text.text() == null) return Optional.empty();
        Documents.Tree tree = Documents.tree(shown, text.text(), !lower.endsWith(".json"), maxBytes);
        if (tree.root() == null || !(tree.root().content() instanceof Map<?, ?> fields)) return Optional.empty();
        String key = fields.containsKey("cases") ? "cases" : fields.containsKey("conversations") ? "conversations" : null;
        if (key == null) return Optional.empty();
        return Optional.of(holdsButNotRead(shown, key + " ('" + key + ":')", besides));
    }

    /**
     * A CSV file whose header has the columns {@code id} and {@code utterance}: a table of cases. Read as a spreadsheet
     * saves it, whichever the case of its names or separator, which the reader refuses with their fix
     * once the file has a data file's name: here they only hide what the file is.
     */
    private static Optional<String> casesTable(String shown, byte[] bytes, Predicate<String> besides) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String header = text.lines().findFirst().orElse("").replaceFirst("^\\uFEFF", "").toLowerCase(Locale.ROOT);
        List<String> columns = Arrays.stream(header.split("[,;\t|]")).map(String::strip)
                .map(c -> c.replaceAll("^\"|\"$", "")).toList();
        if (!columns.contains("id") || !columns.contains("utterance")) return Optional.empty();
        return Optional.of(holdsButNotRead(shown, "cases (a header with the columns id and utterance)", besides));
    }

    /** The warning for a file holding {@code what} a data file holds: the name to give it, {@code .sim} before its ending. */
    private static String holdsButNotRead(String shown, String what, Predicate<String> besides) {
        int dot = shown.lastIndexOf('.');
        String stem = shown.substring(shown.lastIndexOf('/') + 1, dot);
        String ending = shown.substring(dot);
        String notRead = shown + ": holds " + what + " but is not read — a data file's name ends in "
                + SimulationFileReader.patterns();
        Optional<FileManagerCopy> copy = FileManagerCopy.of(stem, ending);
        if (copy.isPresent() && besides.test(copy.get().original())) {
            return notRead + "; it looks like a file manager's copy of " + copy.get().original() + " beside it, which is read"
                    + " (the copy's mark went after .sim): delete it, or end its name in .bak to keep it; if it holds other"
                    + " cases, give it a data file's name of its own, such as " + copy.get().renamed();
        }
        String renamed = copy.map(FileManagerCopy::renamed).orElse(stem + ".sim" + ending);
        return besides.test(renamed) ? notRead + taken(renamed) : notRead + ": rename it " + renamed;
    }

    /**
     * A data file copied by Windows Explorer or macOS Finder, which put their mark before the last ending, after
     * {@code .sim}: {@code orders.sim - Copy.yaml}, {@code orders.sim copy.yaml}, {@code orders.sim 2.yaml}.
     *
     * @param original the data file it is a copy of, {@code orders.sim.yaml}
     * @param renamed  the data file's name the copy itself would have, {@code orders - Copy.sim.yaml}
     */
    private record FileManagerCopy(String original, String renamed) {

        static Optional<FileManagerCopy> of(String stem, String ending) {
            int sim = stem.toLowerCase(Locale.ROOT).lastIndexOf(".sim");
            if (sim <= 0 || sim + ".sim".length() == stem.length()) return Optional.empty();
            String base = stem.substring(0, sim);
            String copyStem = base + stem.substring(sim + ".sim".length());
            if (!CopyNames.isCopyOf(copyStem, base)) return Optional.empty();
            String simPart = stem.substring(sim, sim + ".sim".length());
            return Optional.of(new FileManagerCopy(base + simPart + ending, copyStem + simPart + ending));
        }
    }

    /** The fix when the name to give the file is already a data file's beside it: renaming would overwrite that file. */
    private static String taken(String name) {
        return "; " + name + " beside it is read: if this is a copy of it, end this one's name in .bak (or delete it); if it"
                + " holds other cases, give it another data file's name";
    }

    /** The endings a data file's name may have after {@code .sim.}. */
    private static final List<String> ENDINGS = List.of("yaml", "yml", "json", "csv");

    /**
     * The data file's name a file named like one is likely meant to have: {@code hours.sim.yaml} for
     * {@code hours.sim.yaml.txt} (an ending added after it), for {@code hours.sim.yam} (one cut short: {@code js} is
     * {@code json}) and for a misspelt one.
     */
    private static Optional<String> dataFileName(String shown) {
        String name = shown.substring(shown.lastIndexOf('/') + 1);
        // Found letter by letter, ignoring case: lower-casing the name could change its length (a Turkish İ).
        int sim = name.length() - ".sim.".length();
        while (sim >= 0 && !name.regionMatches(true, sim, ".sim.", 0, ".sim.".length())) sim--;
        if (sim < 0) return Optional.empty();
        String rest = name.substring(sim + ".sim.".length());
        String ending = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        String lower = ending.toLowerCase(Locale.ROOT);
        Optional<String> meant = ENDINGS.contains(lower) ? Optional.of(ending)
                : ENDINGS.stream().filter(e -> !lower.isEmpty() && e.startsWith(lower)).findFirst()
                        .or(() -> Suggestions.closest(ending, ENDINGS));
        int start = sim + ".sim.".length();
        return meant.map(e -> name.substring(0, start) + e);
    }

    /** Points out the misnamed files below a classpath folder of data files; one without data files is reported elsewhere. */
    static void reportUnder(String folder, DiscoveryState state) {
        state.pointOutUnder(folder, DataFiles::isDataFile, MisnamedDataFiles::candidate, state.dataFiles()::misnamed);
    }
}
