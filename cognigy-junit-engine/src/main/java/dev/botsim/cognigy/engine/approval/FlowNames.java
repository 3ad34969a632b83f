package dev.botsim.cognigy.engine.approval;

import java.util.Objects;
import java.util.Optional;

/**
 * How the run's bot names its flows, for an approved answer's {@code next_flow}: backends name one flow differently
 * (the simulation API by its id, a REST Endpoint by its display name, a tenant's flow also by its reference id), so an
 * approved flow and the answer's are the same when the run's bot knows both as one flow. The run gives it; approval
 * files keep the flow as the answer named it.
 */
public interface FlowNames {

    /** Flows compared as written and shown as written: what a run whose bot's flows are unknown has. */
    FlowNames AS_WRITTEN = new FlowNames() {
        @Override
        public Optional<String> flow(String name) {
            return Optional.empty();
        }

        @Override
        public String label(String name) {
            return name;
        }

        @Override
        public boolean same(String approved, String answered) {
            return Objects.equals(approved, answered);
        }
    };

    /** The flow {@code name} stands for, as the run's answers name it; empty when the bot knows no flow by it. */
    Optional<String> flow(String name);

    /** How a flow is shown: {@code Order pizza (flow_order)} when the bot knows it by more names, else as written. */
    String label(String name);

    /** Whether {@code approved} and {@code answered} name the same flow: as written, or as the run's bot knows them. */
    boolean same(String approved, String answered);
}
