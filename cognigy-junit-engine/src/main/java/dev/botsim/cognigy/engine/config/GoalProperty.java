package dev.botsim.cognigy.engine.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A property of {@code cognigy-junit-maven-plugin}'s goals ({@code mvn verify -Dcognigy.merge.skip}): a parameter of a
 * goal, not a setting of the run. Surefire hands the build's {@code -D} to the tests with every other property, so a
 * run must know these keys rather than refuse them as unknown; the {@code merge} command, which reads none of them,
 * refuses them as the goal's. The list lives here, in the engine, because the reader, the merge command and the plugin's
 * goals (which depend on the engine, never the other way) all read it: a property added to a goal is added once.
 *
 * @param key                 the property, as the goal's {@code @Parameter} names it
 * @param goal                the goal whose parameter it is
 * @param parameter           the parameter's name in that goal's {@code <configuration>}
 * @param mergeCommandInstead what the {@code merge} command's user does instead, told when the command is given the key
 */
public record GoalProperty(String key, String goal, String parameter, String mergeCommandInstead) {

    /** {@code cognigy:merge}'s {@code reportDirectory}: {@value}. */
    public static final String MERGE_REPORT_DIR = "cognigy.merge.report-dir";

    /** {@code cognigy:merge}'s {@code outputDirectory}: {@value}. */
    public static final String MERGE_OUT = "cognigy.merge.out";

    /** {@code cognigy:merge}'s {@code skip}: {@value}. */
    public static final String MERGE_SKIP = "cognigy.merge.skip";

    /** {@code cognigy:prepare-run}'s {@code skip}: {@value}. */
    public static final String SKIP_PREPARE_RUN = "cognigy.skip-prepare-run";

    /** Every property of the plugin's goals but the run id, which is the engine's own {@link Constants#RUN_ID}. */
    public static final List<GoalProperty> ALL = List.of(
            new GoalProperty(MERGE_OUT, "cognigy:merge", "outputDirectory", "give the folder the merged reports go to with --out"),
            new GoalProperty(MERGE_REPORT_DIR, "cognigy:merge", "reportDirectory",
                    "name the report folders (or part files, or globs of either) as its arguments"),
            new GoalProperty(MERGE_SKIP, "cognigy:merge", "skip", "it has no skip; leave merge out of the job instead"),
            new GoalProperty(SKIP_PREPARE_RUN, "cognigy:prepare-run", "skip", "it prepares no run; remove it"));

    /** The keys of {@link #ALL}. */
    public static Set<String> keys() {
        return ALL.stream().map(GoalProperty::key).collect(Collectors.toUnmodifiableSet());
    }

    /** The goal's property {@code key} names, if it names one. */
    public static Optional<GoalProperty> named(String key) {
        return ALL.stream().filter(p -> p.key.equals(key)).findFirst();
    }
}
