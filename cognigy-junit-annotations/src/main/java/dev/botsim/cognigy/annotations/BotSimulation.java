package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.platform.commons.annotation.Testable;

/**
 * Marks a class whose {@link Utterance} and {@link Conversation} methods, and whose referenced
 * simulation data files, run as tests of the {@code cognigy} engine.
 *
 * <pre>{@code
 * @BotSimulation(flows = {"flow_greeting", "flow_order_status"}, data = "simulations/orders.sim.yaml")
 * class OrderBotSimulationTest { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Testable
@API(status = STABLE, since = "0.1")
public @interface BotSimulation {

    /** Flows the tests of this class are expected to reach: the denominator of flow coverage. */
    String[] flows() default {};

    /**
     * Simulation data files ({@code *.sim.yaml|yml|json|csv}) run as part of this class, as classpath
     * resource names ({@code simulations/orders.sim.yaml}).
     */
    String[] data() default {};

    /**
     * Tags applied to every test of this class, in addition to those of files and cases. A tag JUnit
     * cannot take is reported at the class and left out.
     */
    String[] tags() default {};

    /**
     * Optional label of the bot under test, shown in reports. It routes nothing: a run talks to one bot, so a run whose
     * classes and data files name two different bots is refused before its first message.
     */
    String bot() default "";

    /**
     * Default user id for the annotated utterances and conversations of this class: any text up to 128 characters without
     * control characters; through the simulation API only {@code ^usr_[a-zA-Z0-9]+$}, else each test using it fails
     * before sending.
     */
    String user() default "";

    /**
     * With {@code cognigy.backend=playbooks}: the project's Cognigy Playbooks this class runs, a glob on their names
     * ({@code "Order*"}; {@code *} any text, {@code ?} one character, {@code {a,b}} either; case-sensitive, whole
     * names). Build tools such as Surefire select test classes, not the engine: a class carrying this is how they run
     * a project's playbooks, each a container below the class. Empty (the default): the class selects no playbooks.
     * Other backends ignore it.
     */
    String playbooks() default "";

    /**
     * How this class's {@link Utterance} methods are checked: {@link Mode#FLOW} (the default) through the run's
     * backend, {@link Mode#NLU} scored by Cognigy's NLU whatever {@code cognigy.backend} is. A {@link Conversation}
     * method or an {@link ExpectEntity} in an {@code NLU} class is refused at discovery. Data files named in
     * {@link #data()} keep their own {@code mode:}.
     */
    Mode mode() default Mode.FLOW;
}
