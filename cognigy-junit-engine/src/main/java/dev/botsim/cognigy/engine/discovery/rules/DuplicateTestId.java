package dev.botsim.cognigy.engine.discovery.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test id used by more than one test of the run: in two data files, two classes, or a file and a class. Test ids name
 * results in the reports, the audit trail and the QA platform, which keys them by id, so the run keeps them unique: the
 * first use keeps the id, and every later use becomes a failing test named by its place,
 * {@code invalid: duplicate <id> at <place>}, with this message. Discovery applies it to the tree one JVM finds; the
 * merge of a run split across JVMs to the parts' results, since each JVM found only its share of the suite. One rule,
 * so the two say it word for word alike.
 *
 * @param id      the test id
 * @param places  where each use is, the one keeping the id first: a data file's test by its file and line, a method by
 *                its class and method; when one place comes twice (a data file that several classes name runs in each),
 *                every place is followed by {@code through <class>}
 * @param message what is wrong and the fix
 */
public record DuplicateTestId(String id, List<String> places, String message) {

    public DuplicateTestId {
        places = List.copyOf(places);
    }

    /**
     * @param places  where each use is, the one keeping the id first
     * @param classes the class each use runs in, the same length as {@code places} (empty for a data file run on its own)
     */
    public static DuplicateTestId of(String id, List<String> places, List<Optional<String>> classes) {
        // The same place twice: one data file that several classes name (or a folder and a file in it) runs in each.
        boolean sameFile = places.stream().distinct().count() < places.size();
        List<String> named = places;
        if (sameFile) {
            named = new ArrayList<>();
            for (int i = 0; i < places.size(); i++) named.add(places.get(i) + classes.get(i).map(c -> " through " + c).orElse(""));
        }
        String message = "test id " + id + " is used " + places.size() + " times: " + CaseRules.listed(named)
                + (sameFile ? "; a data file named in @BotSimulation(data) of several classes runs in each of them: name it"
                        + " in one class only" : "; test ids must be unique in the run, rename all but one" + copies(places));
        return new DuplicateTestId(id, named, message);
    }

    /** A data file's name: {@code orders} and {@code .sim.yaml} of {@code orders.sim.yaml}. */
    private static final Pattern DATA_FILE = Pattern.compile("(?i)(.+)(\\.sim\\.(?:yaml|yml|json|csv))");

    /**
     * The hint for each data file of {@code places} named as a copy of another one of them in its folder: a copy the
     * file manager made beside the file is a data file of its own, so every id in it is a duplicate.
     */
    private static String copies(List<String> places) {
        Set<String> files = new LinkedHashSet<>();
        for (String place : places) files.add(place.replaceFirst(":\\d+$", ""));
        StringBuilder hints = new StringBuilder();
        for (String copy : files) {
            for (String original : files) {
                if (copy.equals(original) || !folder(copy).equals(folder(original))) continue;
                Matcher c = DATA_FILE.matcher(name(copy));
                Matcher o = DATA_FILE.matcher(name(original));
                if (c.matches() && o.matches() && c.group(2).equalsIgnoreCase(o.group(2)) && CopyNames.isCopyOf(c.group(1), o.group(1))) {
                    hints.append(" — '").append(name(copy)).append("' looks like a copy of '").append(name(original))
                            .append("': delete it, or rename it to end in .bak to keep it out of the run");
                    break;
                }
            }
        }
        return hints.toString();
    }

    private static String name(String file) {
        return file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    }

    private static String folder(String file) {
        return file.substring(0, file.length() - name(file).length());
    }

    /** The short name of every later use: {@code invalid: duplicate <id>}. */
    public String name() {
        return "invalid: duplicate " + id;
    }

    /** The long name of use {@code use} (from 1, the first later use): its place too, so two later uses never share one. */
    public String longName(int use) {
        return name() + " at " + places.get(use);
    }
}
