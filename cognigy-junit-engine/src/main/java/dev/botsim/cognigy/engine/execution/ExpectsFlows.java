package dev.botsim.cognigy.engine.execution;

import java.util.List;

/** A container (class or data file) that names the flows its tests are expected to reach. */
public interface ExpectsFlows {

    List<String> expectedFlows();
}
