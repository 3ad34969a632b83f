package dev.botsim.cognigy.engine.descriptor;

import java.lang.reflect.Method;

import dev.botsim.cognigy.engine.config.NamingStrategy;
import dev.botsim.cognigy.engine.execution.MessageLabel;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;

/**
 * A node's two names. The display name is what IDEs show in their tree, under the node's file, class or
 * conversation. The legacy reporting name is what tools that list tests flat use (Gradle, JUnit's legacy XML
 * report, Surefire for methods): it names the file's name and the test id (and the turn or the text's number), or
 * the class and method, so it is unique in the run and says where to look. With {@link NamingStrategy#LONG} the
 * display name is the long name too.
 *
 * <p>A data file's test is named without its line, so that editing the file above it (a comment, a new case) does
 * not rename it: CI's test history, flaky-test trackers and quarantine lists key on the class and the name. The line
 * stays where it is for going to the test: the test's source, its failure's stack frame and first line. The name is
 * unique because the test id is: discovery makes every later use of a test id in the run (in the same file, or in a
 * file of the same name in another folder) a failing problem test named after its place ({@code invalid: duplicate
 * test_order_check at ...}), and leaves every use out when one file repeats an id.
 *
 * <p>A name is what a reviewer reads where the test was reported: Surefire's console and XML report, an IDE's tree, the
 * reports. So it shows what the test sends as {@link ConsoleText#visible} writes it: a right-to-left override
 * (U+202E) in an utterance would turn the rest of the line around, {@code test_rtl: abc \u202edlrow} read as something
 * the test never sent, and a zero-width space or a line break would hide in it. What the test sends, its unique id and
 * its test id are left as they are. A long text is cut ({@link Excerpt#within}): an utterance of 2,000 characters was
 * the whole name, thirty lines of Surefire's console; a name keeps the text's beginning and says how long it is, within
 * {@link #LONGEST} characters, so the HTML report's overview, which cuts there, shows the name whole.
 *
 * @param displayName the name shown
 * @param legacyName  the long name, unique in the run
 */
public record TestName(String displayName, String legacyName) {

    /** At most this many characters (code points) of a name, where a text it names is long: as many as the HTML report's overview shows. */
    static final int LONGEST = 200;

    /** At least this many characters of the text a name names, however long the file's name and test id before it are. */
    private static final int LEAST = 40;

    /** Both names with the characters that would hide or reorder text written visibly. */
    public TestName {
        displayName = ConsoleText.visible(displayName);
        legacyName = ConsoleText.visible(legacyName);
    }

    /** The names of a node shown by {@code shortName}, or by {@code longName} with {@link NamingStrategy#LONG}. */
    public static TestName of(NamingStrategy strategy, String shortName, String longName) {
        return new TestName(strategy == NamingStrategy.LONG ? longName : shortName, longName);
    }

    /** A data file's case: {@code orders.sim.yaml test_order_check: where is my order}. */
    public static TestName dataCase(NamingStrategy strategy, SimulationCase simulation) {
        String label = MessageLabel.of(simulation.utterance(), simulation.data());
        return of(strategy, fitted("", label, ""), fitted(file(simulation.position()) + " " + simulation.id() + ": ", label, ""));
    }

    /** A data file's conversation: {@code orders.sim.yaml test_order_then_human}. */
    public static TestName conversation(NamingStrategy strategy, ConversationCase conversation) {
        return of(strategy, conversation.id(), file(conversation.position()) + " " + conversation.id());
    }

    /** A conversation's turn: {@code orders.sim.yaml test_order_then_human > turn 2: where is my order}. */
    public static TestName turn(NamingStrategy strategy, ConversationCase conversation, ConversationTurn turn) {
        String label = MessageLabel.of(turn.say(), turn.data());
        return of(strategy, fitted("", label, ""),
                fitted(file(conversation.position()) + " " + conversation.id() + " > turn " + turn.number() + ": ", label, ""));
    }

    /**
     * An {@code @Utterance} method's text: {@code OrderBotSimulationTest#orderStatus: Where is my order?}; one of
     * several texts ends in its number, {@code ...#escalation: let me talk to a person [2]}, which is also how
     * Surefire tells such tests of one method apart (it names a method's tests by the method otherwise).
     *
     * @param variant the text's number from 1 among several, or 0 for the method's only text
     */
    public static TestName utterance(NamingStrategy strategy, Method method, String text, int variant) {
        return of(strategy, fitted("", text, ""), fitted(method(method) + ": ", text, variant > 0 ? " [" + variant + "]" : ""));
    }

    /**
     * A step of a playbook, by the text it sends: {@code playbook Escalation > step 2: I want a human}; a step that sends
     * no text by its number.
     *
     * @param number the step's number from 1
     */
    public static TestName playbookStep(NamingStrategy strategy, String playbook, int number, String text) {
        String shown = text.isBlank() ? "step " + number : text;
        return of(strategy, fitted("", shown, ""), fitted("playbook " + playbook + " > step " + number + ": ", shown, ""));
    }

    /**
     * {@code before}, the text and {@code after}, the text cut so that the whole has at most {@link #LONGEST} characters
     * (at least {@link #LEAST} of the text are kept, however long {@code before} is).
     */
    private static String fitted(String before, String text, String after) {
        int room = LONGEST - before.codePointCount(0, before.length()) - after.codePointCount(0, after.length());
        return before + Excerpt.within(text, Math.max(LEAST, room)) + after;
    }

    /**
     * A method that is a test or holds tests: {@code OrderBotConversationsTest#orderNumberAskedThenGiven}, or
     * {@code OrderBotTest$Returns#refund} in a member class.
     */
    public static TestName method(NamingStrategy strategy, Method method) {
        return of(strategy, method.getName(), method(method));
    }

    private static String method(Method method) {
        return className(method.getDeclaringClass()) + "#" + method.getName();
    }

    /**
     * A class as JUnit Jupiter names a class it runs, and as Surefire's reports and stack traces show it: its binary
     * name without the package, {@code OrderBotTest} or, for a member class, {@code OrderBotTest$Returns} — its simple
     * name alone would not tell {@code Returns} of two classes apart.
     */
    private static String className(Class<?> type) {
        String pkg = type.getPackageName();
        return pkg.isEmpty() ? type.getName() : type.getName().substring(pkg.length() + 1);
    }

    /**
     * The file's name, without its folder or the test's line: the folder is in the test's unique id and source, the
     * line in its source; the file's name finds it.
     */
    private static String file(SourcePosition position) {
        String resource = position.resource();
        return resource.substring(resource.lastIndexOf('/') + 1);
    }
}
