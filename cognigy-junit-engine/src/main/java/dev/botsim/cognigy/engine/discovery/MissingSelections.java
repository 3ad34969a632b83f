package dev.botsim.cognigy.engine.discovery;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.descriptor.ConversationTurnDescriptor;
import dev.botsim.cognigy.engine.support.Suggestions;

/**
 * What a selection that names no test says: a data file selected by a name or path that is not there, and a test's
 * unique id that its file or class no longer has. An IDE reruns from the list it made at the last run, and the console
 * launcher, a {@code @Suite} and a script take names as typed; either way, selecting nothing in silence (a suite
 * green with no test) or JUnit's bare "could not be resolved" leaves the user guessing.
 */
final class MissingSelections {

    private MissingSelections() {
    }

    /** A data file selected by its classpath name ({@code --select-resource}, {@code @SelectClasspathResource}). */
    static String notOnClassPath(String resource) {
        String likely = Suggestions.didYouMean(resource, ClasspathFolders.dataFilesAndFolders(), 3);
        return "selected, but not on the class path" + (likely.isEmpty()
                ? "; give its classpath resource name, e.g. simulations/orders.sim.yaml for"
                        + " src/test/resources/simulations/orders.sim.yaml"
                : likely);
    }

    /** A data file selected by a path ({@code --select-file}) that names no file. */
    static String noSuchFile(Path path) {
        return "selected, but there is no such file (" + path.toAbsolutePath().normalize() + "); check the path, which is"
                + " taken from the working directory";
    }

    /** A unique id below a data file that the file, read now, does not have. */
    static String notInFile(String resource, UniqueId uniqueId, int fileSegment) {
        return resource + " has no test " + below(uniqueId, fileSegment) + " (" + uniqueId + "): it was renamed or removed"
                + " since the test was listed — run the file again to list its tests as they are now";
    }

    /**
     * A unique id below a data file that the file, read now, does not have while it has problems, which leave out the
     * case or conversation a problem is in: its problem tests run in its place.
     */
    static String notInFileWithProblems(String resource, UniqueId uniqueId, int fileSegment, int problems) {
        return resource + " has no test " + below(uniqueId, fileSegment) + " (" + uniqueId + ") now: the file has "
                + (problems == 1 ? "a problem, which leaves" : problems + " problems, which leave") + " out the case or"
                + " conversation it is in, or the test was renamed or removed since it was listed — its problem tests run"
                + " instead: fix them, and run the file again to list its tests as they are now";
    }

    /**
     * A problem test's unique id that its file or class, read now, does not have: an IDE's rerun of a failed
     * {@code invalid:} test after its problem was fixed. {@code whole} ({@code the file}, {@code the class}) runs in its
     * place, with what the problem left out.
     */
    static String problemFixed(String owner, UniqueId uniqueId, String whole, String leftOut, String again) {
        return owner + " has no problem test " + uniqueId.getLastSegment().getValue() + " (" + uniqueId + ") now: its problem"
                + " was fixed since the test was listed, so " + whole + " runs whole in its place" + leftOut + " — run "
                + again + " again to list its tests as they are now";
    }

    /** Whether {@code uniqueId} names a problem test ({@code invalid: …}), which fixing its problem removes. */
    static boolean namesProblem(UniqueId uniqueId) {
        return uniqueId.getLastSegment().getType().equals(dev.botsim.cognigy.engine.descriptor.ProblemDescriptor.SEGMENT);
    }

    /** A line selector past the end of its data file, read now. */
    static String pastTheEnd(String resource, int line, int lines) {
        return pastTheEnd(resource, line, lines, "the test");
    }

    /** A line selector past the end of its file, read now, whose lines hold {@code what} ({@code the test}). */
    static String pastTheEnd(String resource, int line, int lines, String what) {
        return resource + " has no line " + line + " (it has " + lines + "): it was shortened since the line was chosen —"
                + " select the file, or a line of " + what + " as the file is now";
    }

    /** A unique id naming a data file that is not on the class path any more. */
    static String fileGone(String resource, UniqueId uniqueId) {
        return resource + " is not on the class path (" + uniqueId + "): it was renamed, moved or removed since the test was"
                + " listed — run its folder or class again to list its tests as they are now";
    }

    /** A unique id below a class that the class, built now, does not have. */
    static String notInClass(String className, UniqueId uniqueId, int belowClass) {
        return className + " has no test " + below(uniqueId, belowClass) + " (" + uniqueId + "): it was renamed or removed"
                + " since the test was listed — run the class again to list its tests as they are now";
    }

    /** A method selector ({@code --select-method}, an IDE's rerun) naming a method the class does not have. */
    static String noSuchMethod(String className, String method) {
        return className + " has no method " + method + ": it was renamed or removed since the test was listed — run the"
                + " class again to list its tests as they are now";
    }

    /** The segments after {@code from}, as a person names them: {@code test_order_then_human turn 2}, {@code method greet}. */
    private static String below(UniqueId uniqueId, int from) {
        List<UniqueId.Segment> segments = uniqueId.getSegments();
        return segments.subList(from + 1, segments.size()).stream()
                .map(s -> s.getType().equals(ConversationTurnDescriptor.SEGMENT) || s.getType().equals("method")
                        || s.getType().equals("file") || s.getType().equals("utterance")
                        ? s.getType() + " " + s.getValue() : s.getValue())
                .collect(Collectors.joining(" "));
    }
}
