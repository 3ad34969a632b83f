package dev.botsim.cognigy.engine.lifecycle;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.execution.DisabledTests;
import dev.botsim.cognigy.engine.execution.ExpectsFlows;
import dev.botsim.cognigy.engine.execution.UsesDataFile;

/**
 * The bots a run's tests name ({@code bot:} in a data file, {@code @BotSimulation(bot)}), and the refusal of a run that
 * names more than one. A run talks to one bot: one backend, one REST Endpoint URL (with its locales' URLs), one
 * simulation API, one sandbox bot, one project's NLU. Tests of a second bot would be sent to the first bot's endpoint,
 * fail or pass on its answers, and mix both bots' flows into one coverage and their intents into one confusion matrix
 * and one verdict; the label, which only reports read, would not keep them apart.
 */
public final class SeveralBots {

    private SeveralBots() {
    }

    /**
     * Each bot label the run's files and classes give, in name order, with where it is given (a data file by its name, a
     * class by its name), counting only files and classes that hold a test the run sends ({@link #sendsATest}): a class
     * of another bot left out whole with {@code @Disabled} sends nothing to this run's bot.
     */
    static Map<String, Set<String>> of(TestDescriptor root) {
        Map<String, Set<String>> bots = new TreeMap<>();
        root.accept(node -> {
            if (!(node instanceof ExpectsFlows expects) || expects.botName() == null || expects.botName().isBlank()) return;
            if (!sendsATest(node)) return;
            bots.computeIfAbsent(expects.botName(), k -> new LinkedHashSet<>()).add(place(node));
        });
        return bots;
    }

    /**
     * The bot labels of the run: those of the files and classes holding a test the run sends, or, when no test is sent
     * (every one left out with {@code @Disabled}), those of every file and class holding a test. A shard that sends none
     * takes the bots of the run's whole selection ({@link Sharded#botsBeforeShard()}): another bot's class
     * left out whole, alone in its shard, would otherwise name that bot and expect its flows, and the merge refuse the
     * run as two bots' that the whole run judges as one bot's.
     */
    public static Set<String> ofRun(TestDescriptor root) {
        Set<String> sending = of(root).keySet();
        if (!sending.isEmpty()) return sending;
        if (root instanceof Sharded sharded && !sharded.botsBeforeShard().isEmpty()) return sharded.botsBeforeShard();
        Set<String> bots = new java.util.TreeSet<>();
        root.accept(node -> {
            if (node instanceof ExpectsFlows expects && expects.botName() != null && !expects.botName().isBlank()
                    && node.getDescendants().stream().anyMatch(TestDescriptor::isTest)) {
                bots.add(expects.botName());
            }
        });
        return bots;
    }

    /** The root of a run's tree that may be a shard of its selection ({@code cognigy.shard}). */
    public interface Sharded {

        /** The bots of the run's whole selection ({@link SeveralBots#ofRun}) before its shard was taken; empty when no shard was. */
        Set<String> botsBeforeShard();
    }

    /**
     * Whether {@code expects}, a file or class, is another bot's than the run's bots ({@link #ofRun}): one labelled with
     * a bot none of whose files and classes sends a test. Its flows are that bot's, no flows of the run's bot to cover.
     */
    static boolean ofAnotherBot(ExpectsFlows expects, Set<String> runBots) {
        return expects.botName() != null && !expects.botName().isBlank() && !runBots.isEmpty()
                && !runBots.contains(expects.botName());
    }

    /** Whether {@code node} holds a test the run sends: one not left out with {@code @Disabled}. */
    private static boolean sendsATest(TestDescriptor node) {
        return node.getDescendants().stream().anyMatch(test -> test.isTest() && DisabledTests.reason(test).isEmpty());
    }

    private static String place(TestDescriptor node) {
        if (node instanceof UsesDataFile file) return file.resource();
        return node.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getClassName())
                .orElse(node.getDisplayName());
    }

    /**
     * Why a run whose tests name {@code bots} cannot run, or nothing when they name one bot or none.
     *
     * @param backend the backend the configuration names
     */
    static Optional<String> problem(Map<String, Set<String>> bots, BackendChoice backend) {
        if (bots.size() < 2) return Optional.empty();
        String named = bots.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
        return Optional.of("the run's tests name " + bots.size() + " bots — " + named + " — but a run talks to one bot: every"
                + " test goes to " + oneBot(backend) + ", whatever bot its file or class names (the label only names it in"
                + " reports). One bot's tests would be answered by the other's, and one coverage, intent figures and verdict"
                + " would mix both. Run each bot in a run of its own — a Surefire execution per bot with its own <includes>,"
                + " COGNIGY_ENDPOINT_URL (<environmentVariables>) and cognigy.report.dir, or a module per bot: see"
                + " docs/real-cognigy.md, \"Several bots\" —; if they are one bot, give its files and classes one label");
    }

    /** What the run's one bot is, for the backend configured. */
    private static String oneBot(BackendChoice backend) {
        return switch (backend) {
            case ENDPOINT -> "the REST Endpoint COGNIGY_ENDPOINT_URL names (and, for a test naming a locale, that bot's"
                    + " COGNIGY_ENDPOINT_URL_<LOCALE>; no variable names an endpoint per bot)";
            case SANDBOX, SANDBOX_ENDPOINT, SANDBOX_SOCKET -> "the one bot cognigy.sandbox.bot defines";
            case SIMULATION -> "the one bot the simulation API at cognigy.base-url serves";
            case PLAYBOOKS -> "the project cognigy.management.project-id names";
            case NLU -> "the NLU of the flow cognigy.nlu.flow names";
            case SOCKET -> "the Socket Endpoint COGNIGY_SOCKET_URL names";
        };
    }
}
