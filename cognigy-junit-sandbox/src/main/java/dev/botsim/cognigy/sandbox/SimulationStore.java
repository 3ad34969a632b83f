package dev.botsim.cognigy.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulations and their progress. Nothing runs in the background: a simulation's status follows
 * from the time it was submitted and its processing time, so thousands can be in flight without a
 * thread each.
 */
final class SimulationStore {

    /** A submitted simulation; {@code readyAt} is {@code null} for one that never completes. */
    record Simulation(String id, String testId, String sessionId, Instant created, Instant queuedUntil, Instant readyAt,
                      Conversations.Reply reply, AtomicBoolean terminalReported) {

        Simulation(String id, String testId, String sessionId, Instant created, Instant queuedUntil, Instant readyAt,
                   Conversations.Reply reply) {
            this(id, testId, sessionId, created, queuedUntil, readyAt, reply, new AtomicBoolean());
        }

        String status(Instant now) {
            if (now.isBefore(queuedUntil)) return "queued";
            if (readyAt == null || now.isBefore(readyAt)) return "running";
            return reply.errorCode() == null ? "completed" : "failed";
        }

        /**
         * True for the first caller only: the completion lag counts when a client could first have
         * learned the outcome, not every later read of it.
         */
        boolean firstTerminalReport() {
            return !terminalReported.get() && terminalReported.compareAndSet(false, true);
        }
    }

    private final Map<String, Simulation> simulations = new ConcurrentHashMap<>();
    private final Map<String, String> byIdempotencyKey = new ConcurrentHashMap<>();
    private final PriorityQueue<Instant> completions = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private int stuck;

    Simulation get(String id) {
        return simulations.get(id);
    }

    String idFor(String idempotencyKey) {
        return idempotencyKey == null ? null : byIdempotencyKey.get(idempotencyKey);
    }

    /**
     * Admits a simulation if fewer than {@code capacity} are in flight; {@code null} when full.
     * In flight: submitted and not yet complete.
     */
    synchronized Simulation admit(int capacity, Instant now, SimulationFactory factory, SandboxStats stats) {
        while (!completions.isEmpty() && !completions.peek().isAfter(now)) completions.poll();
        if (completions.size() + stuck >= capacity) return null;
        Simulation simulation = factory.create("sim_" + Long.toString(sequence.incrementAndGet(), 36) + "_"
                + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6));
        simulations.put(simulation.id(), simulation);
        if (simulation.readyAt() == null) stuck++;
        else if (simulation.readyAt().isAfter(now)) completions.add(simulation.readyAt());
        stats.inFlight(completions.size() + stuck);
        return simulation;
    }

    void remember(String idempotencyKey, String simulationId) {
        if (idempotencyKey != null) byIdempotencyKey.putIfAbsent(idempotencyKey, simulationId);
    }

    synchronized int inFlight(Instant now) {
        while (!completions.isEmpty() && !completions.peek().isAfter(now)) completions.poll();
        return completions.size() + stuck;
    }

    interface SimulationFactory {
        Simulation create(String id);
    }
}
