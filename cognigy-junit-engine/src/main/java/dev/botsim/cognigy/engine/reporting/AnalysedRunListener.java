package dev.botsim.cognigy.engine.reporting;

import dev.botsim.cognigy.spi.SimulationListener;

/**
 * A built-in listener that receives the finished run with its analysis, as the engine computed it
 * once, instead of the listener SPI's records and summary: a reporter of its own would otherwise
 * analyse the run again (and could disagree with the verdict the audit record allows). Engine
 * internal; users implement {@link SimulationListener}.
 */
interface AnalysedRunListener extends SimulationListener {

    void runFinished(FinishedRun run);
}
