package dev.botsim.cognigy.engine.merge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How whoever runs the merge names what the merge's advice tells them to change: the command line's options, or the
 * Maven goal's parameters. Each message of the merge is written once and takes its caller's words from here, so a
 * user is never told to pass {@code --out} to a goal that has no such option, nor to re-run a command they did not run.
 *
 * <p>The command line's terms are {@link #COMMAND_LINE}; the Maven plugin's {@code cognigy:merge} builds its own, naming
 * its parameters and the properties it reads.
 *
 * @param usage         printed after a wrong use, where the caller's settings are shown how to be written; empty for none
 * @param setting       names one setting as the caller gave it to the merge, a format of its key ({@code -D%s})
 * @param overrides     how one of the parts' settings is replaced for the merge
 * @param environment   where the merge's environment variables (secrets, the webhook's URL) are set
 * @param outputFolder  the option or parameter naming the folder the merged reports go to
 * @param again         how to run this merge again, after a colon: empty where the caller is at its own command line
 * @param runsParts     where a run's parts are to be, a format of the run id: told when the parts given are of another run
 * @param eachModule    what to do with the parts of several modules (suites) found in one run: merge each on its own
 * @param moduleCommand the command merging one module's parts, a format of the folder its merged reports go to and its
 *                      parts' folders, each written as a shell word; empty for none
 * @param newRun        how to run the whole suite again as a new run: told for a part that never wrote its results and
 *                      that no later part can stand for (a fork's)
 * @param goalParameter how to set a parameter of the Maven plugin's goals given to the merge as a setting, a format of its
 *                      property and its parameter's name; empty where the caller has none to set (the command line,
 *                      which names its own option instead)
 */
public record MergeTerms(String usage, String setting, String overrides, String environment, String outputFolder, String again,
                         String runsParts, String eachModule, String moduleCommand, String newRun, String goalParameter) {

    /** The terms of {@code java -jar ...-standalone.jar merge [--out DIR] [-Dcognigy.key=value ...] FOLDER ...}. */
    public static final MergeTerms COMMAND_LINE = new MergeTerms(MergeCommand.USAGE, "-D%s", "-Dcognigy.key=value on the merge",
            "the merge job's environment", "--out", "", "give merge the report folders of run %s's shards or forks",
            "Merge each module on its own, giving only its folders: ", "merge --out %s %s",
            "run the whole suite again under a new run id (cognigy.run-id), every shard or fork of it, and merge that run's folders",
            "");

    /** {@code key} as the caller gave it to the merge. */
    String setting(String key) {
        return String.format(Locale.ROOT, setting, key);
    }

    /** Where the parts of run {@code runId} are to be, for the merge to find them and no other run's. */
    String runsParts(String runId) {
        return String.format(Locale.ROOT, runsParts, runId);
    }

    /**
     * What to do with the parts of several suites: for the command line, the merge of each suite's folders into
     * {@code merged/<suite>}, a command to paste as printed.
     *
     * @param foldersBySuite each suite's parts, by where each was read from, in the order they are named
     */
    String eachModule(Map<String, List<String>> foldersBySuite) {
        if (moduleCommand.isEmpty()) return eachModule;
        return eachModule + eachCommand(foldersBySuite);
    }

    /**
     * The merge of each group's folders into {@code merged/<group>}, commands to paste as printed, joined by {@code ; };
     * empty where the caller has no such command.
     *
     * @param foldersByGroup each group's parts (a suite's, a bot's), by where each was read from, in the order they are named
     */
    String eachCommand(Map<String, List<String>> foldersByGroup) {
        if (moduleCommand.isEmpty()) return "";
        return foldersByGroup.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, moduleCommand, shellWord("merged/" + e.getKey()),
                        e.getValue().stream().map(MergeTerms::shellWord).collect(Collectors.joining(" "))))
                .collect(Collectors.joining("; "));
    }

    /**
     * {@code text} as one word of a shell's command line: as it is when it holds only characters no shell splits or
     * expands at, else in single quotes (a quote in it written {@code '\''}), which POSIX shells read as written, and
     * PowerShell too when it holds no quote. A CI workspace's path with a space ({@code /builds/my project}) would
     * otherwise be two arguments.
     */
    private static String shellWord(String text) {
        if (!text.isEmpty() && text.matches("[A-Za-z0-9_@%+=:,./-]+")) return text;
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
