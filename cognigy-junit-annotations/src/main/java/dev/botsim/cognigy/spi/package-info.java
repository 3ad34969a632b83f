/**
 * Extension points of the engine: listeners that receive every finished simulation and the run's end,
 * used by the built-in reporters and available to users through {@link java.util.ServiceLoader}.
 *
 * <h2>What a listener may rely on</h2>
 *
 * <p>Everything here is {@code @API(status = EXPERIMENTAL)}: it may still change in a minor release. Within that,
 * the types are shaped so that the engine can add to them without breaking a listener:
 * <ul>
 *   <li>{@link dev.botsim.cognigy.spi.SimulationListener} methods all have defaults; a new callback is one more
 *       default method.</li>
 *   <li>{@link dev.botsim.cognigy.spi.SimulationRecord}, {@link dev.botsim.cognigy.spi.RunInfo} (with
 *       {@link dev.botsim.cognigy.spi.RunInfo.BotFacts}), {@link dev.botsim.cognigy.spi.RunSummary} and
 *       {@link dev.botsim.cognigy.spi.Expectation} are records to read through their accessors, and may gain
 *       components. Build them (in a listener's own tests, say) with their {@code builder()}, which gives a new
 *       component a default; their canonical constructors are {@code @API(status = INTERNAL)} and change with the
 *       components, and so does a record pattern ({@code if (r instanceof SimulationRecord(var id, ...))}): use
 *       neither.</li>
 *   <li>{@link dev.botsim.cognigy.spi.Outcome} and {@link dev.botsim.cognigy.spi.Governance} may gain constants:
 *       give a {@code switch} over them a default branch. The names of existing constants are what the reports
 *       carry, and do not change.</li>
 *   <li>Which conversation and turn a record belongs to are {@link dev.botsim.cognigy.spi.SimulationRecord#conversationId()}
 *       and {@link dev.botsim.cognigy.spi.SimulationRecord#turn()}; its {@code testId} is a name for reports
 *       ({@code test_conv#3}), not a format to parse.</li>
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1")
package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
