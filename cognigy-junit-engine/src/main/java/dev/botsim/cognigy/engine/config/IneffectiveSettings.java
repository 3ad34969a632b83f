package dev.botsim.cognigy.engine.config;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.util.List;
import java.util.Optional;

/**
 * Settings a configuration accepts and then makes no use of, each said in one line naming the key, why nothing reads it
 * in this configuration and what to do; the run prints them as warnings before its first test. Warned of, not refused:
 * a build often gives the same settings to every execution or task (the sample's {@code pom.xml} shares its system
 * properties), and only some read them — nothing goes wrong where one is not read, but a user who set it expecting an
 * effect is told there is none. A setting whose absence of effect would pass a run it should fail is refused instead
 * ({@link Constants#EXPECTED_SNAPSHOT} beside a backend that serves no snapshot).
 */
public final class IneffectiveSettings {

    private IneffectiveSettings() {
    }

    /** The warnings of {@code config}, secrets masked as the configuration's problems are; empty when every setting given is read. */
    public static List<String> of(EngineConfig config) {
        return unlistedSlots(config).map(config.secrets()::mask).stream().toList();
    }

    /**
     * {@link Constants#MANAGEMENT_UNLISTED_SLOTS} names slots for the bot's schema as a management API reads it: a run that reads its
     * schema elsewhere, or none, never looks at them. Not said under {@code cognigy.replay=replay} or {@code auto}: the
     * schema recorded may have been read through a management API, and the slots are added to it as it is replayed.
     */
    private static Optional<String> unlistedSlots(EngineConfig config) {
        List<String> slots = config.backend().management().unlistedSlots();
        // The mode as the configuration read it: reading the key again here could take a value it refused, or spell it otherwise.
        if (slots.isEmpty() || config.replayMode().replaysRecordings()) return Optional.empty();
        BackendSettings backend = config.backend();
        String given = MANAGEMENT_UNLISTED_SLOTS + "=" + String.join(",", slots) + " has no effect: ";
        String elsewhere = ". It adds slots to the bot's schema as a management API reads it (" + BACKEND + "=endpoint or socket"
                + " with " + MANAGEMENT_URL + ", " + MANAGEMENT_PROJECT_ID + " and " + MANAGEMENT_API_KEY_ENV + ", the embedded"
                + " sandbox's REST and Socket Endpoints, " + BACKEND + "=nlu); ";
        String removeIt = "give it only to the runs that read the bot so (an execution or task of their own), or remove it";
        return switch (backend.choice()) {
            case SIMULATION -> Optional.of(given + "this run (" + BACKEND + "=simulation) reads the bot's schema from the"
                    + " simulation API" + elsewhere + removeIt);
            case SANDBOX -> Optional.of(given + "this run (" + BACKEND + "=sandbox) reads the bot's schema from the embedded"
                    + " sandbox's simulation API" + elsewhere + removeIt);
            case PLAYBOOKS -> Optional.of(given + "this run (" + BACKEND + "=playbooks) checks no expectation against the bot's"
                    + " schema: Cognigy checks the playbooks' steps" + elsewhere + removeIt);
            case ENDPOINT, SOCKET -> backend.management().url().isPresent() || backend.management().projectId().isPresent()
                    ? Optional.empty()
                    : Optional.of(given + "this run (" + BACKEND + "=" + backend.choice().id() + ") reads no bot schema, since " + MANAGEMENT_URL
                            + " and " + MANAGEMENT_PROJECT_ID + " are not set" + elsewhere + "set them and " + MANAGEMENT_API_KEY_ENV
                            + " to read it, or remove " + MANAGEMENT_UNLISTED_SLOTS);
            case SANDBOX_ENDPOINT, SANDBOX_SOCKET -> backend.sandbox().managementApi() ? Optional.empty()
                    : Optional.of(given + "this run (the embedded sandbox's " + (backend.choice() == BackendChoice.SANDBOX_SOCKET
                            ? "Socket" : "REST") + " Endpoint) reads no bot schema, since "
                            + SANDBOX_MANAGEMENT_API + "=false" + elsewhere + "remove " + SANDBOX_MANAGEMENT_API + "=false to read"
                            + " it, or remove " + MANAGEMENT_UNLISTED_SLOTS);
            case NLU -> Optional.empty();
        };
    }
}
