package dev.botsim.cognigy.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which backend the run uses and where each one is; the credentials are among the {@link Secrets}.
 *
 * @param choice        the backend ({@code cognigy.backend}, resolved: see {@link BackendChoice#SANDBOX_ENDPOINT})
 * @param simulationApi the simulation API of the {@code simulation} backend
 * @param endpointData  where a REST Endpoint's outputs report NLU results ({@code cognigy.endpoint.data.*})
 * @param management    the management API the {@code endpoint} backend reads the bot's schema from
 * @param sandbox       the in-process sandbox
 * @param endpoint      how the {@code endpoint} backend paces its messages
 * @param socket        how the {@code socket} backend waits for a turn and connects
 */
public record BackendSettings(BackendChoice choice, SimulationApi simulationApi, EndpointData endpointData,
                              Management management, Sandbox sandbox, Endpoint endpoint, Socket socket) {

    /** The settings without the socket backend's own: its defaults. */
    public BackendSettings(BackendChoice choice, SimulationApi simulationApi, EndpointData endpointData,
                           Management management, Sandbox sandbox, Endpoint endpoint) {
        this(choice, simulationApi, endpointData, management, sandbox, endpoint, Socket.defaults());
    }

    public static BackendSettings defaults() {
        return new BackendSettings(BackendChoice.SIMULATION, SimulationApi.defaults(), EndpointData.defaults(),
                Management.defaults(), Sandbox.defaults(), Endpoint.defaults(), Socket.defaults());
    }

    /**
     * @param turnTimeout {@code cognigy.socket.turn-timeout}: how long a turn may take until the endpoint's {@code finalPing}
     * @param testMode    {@code cognigy.socket.test-mode}: whether the socket connects in Cognigy's test mode
     */
    public record Socket(java.time.Duration turnTimeout, boolean testMode) {

        public static Socket defaults() {
            return new Socket(java.time.Duration.ofSeconds(30), false);
        }
    }

    public BackendSettings withChoice(BackendChoice choice) {
        return new BackendSettings(choice, simulationApi, endpointData, management, sandbox, endpoint, socket);
    }

    BackendSettings withSimulationApi(SimulationApi simulationApi) {
        return new BackendSettings(choice, simulationApi, endpointData, management, sandbox, endpoint, socket);
    }

    BackendSettings withEndpointData(EndpointData endpointData) {
        return new BackendSettings(choice, simulationApi, endpointData, management, sandbox, endpoint, socket);
    }

    public BackendSettings withManagement(Management management) {
        return new BackendSettings(choice, simulationApi, endpointData, management, sandbox, endpoint, socket);
    }

    BackendSettings withSandbox(Sandbox sandbox) {
        return new BackendSettings(choice, simulationApi, endpointData, management, sandbox, endpoint, socket);
    }

    /**
     * @param baseUrl  base URL without trailing slash ({@code cognigy.base-url})
     * @param clientId OAuth2 client id ({@code cognigy.client-id}, else {@code COGNIGY_CLIENT_ID})
     * @param scope    scope requested with the token ({@code cognigy.oauth.scope})
     */
    public record SimulationApi(Optional<String> baseUrl, Optional<String> clientId, String scope) {

        static SimulationApi defaults() {
            return new SimulationApi(Optional.empty(), Optional.empty(), Constants.DEFAULT_SCOPE);
        }

        SimulationApi withBaseUrl(String baseUrl) {
            return new SimulationApi(Optional.of(baseUrl), clientId, scope);
        }

        SimulationApi withClientId(String clientId) {
            return new SimulationApi(baseUrl, Optional.of(clientId), scope);
        }

        SimulationApi withScope(String scope) {
            return new SimulationApi(baseUrl, clientId, scope);
        }
    }

    /**
     * Where the Code node puts what the REST Endpoint does not return: JSON pointers into an output's {@code data}, each
     * starting with {@code /}; and whether the node runs in each handling flow ({@code cognigy.endpoint.code-node}).
     *
     * @param perFlow the Code node runs in each handling flow ({@code per-flow}), so {@code flowName} is the flow that
     *                handled the turn; else it runs once in a shared flow ({@code shared}) and the flow the input was
     *                understood in ({@code intentFlow}, named through the management API) stands for it
     */
    public record EndpointData(String intent, String intentScore, String flow, String slots, String errorCode,
                               String errorMessage, String intentFlow, boolean perFlow) {

        /** Where the Code node of docs/real-cognigy.md puts them. */
        public static EndpointData defaults() {
            return new EndpointData("/intent", "/intentScore", "/flowName", "/slots", "/error/code", "/error/message",
                    "/intentFlow", false);
        }

        EndpointData withIntent(String intent) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }

        EndpointData withIntentScore(String intentScore) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }

        EndpointData withFlow(String flow) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }

        EndpointData withSlots(String slots) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }

        EndpointData withErrorCode(String errorCode) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }

        EndpointData withErrorMessage(String errorMessage) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }

        EndpointData withPerFlow(boolean perFlow) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }

        EndpointData withIntentFlow(String intentFlow) {
            return new EndpointData(intent, intentScore, flow, slots, errorCode, errorMessage, intentFlow, perFlow);
        }
    }

    /**
     * @param url              management API base without trailing slash ({@code cognigy.management.url})
     * @param projectId        the project whose schema is read ({@code cognigy.management.project-id})
     * @param expectedSnapshot the snapshot the endpoint must serve ({@code cognigy.expected-snapshot})
     * @param unlistedSlots    slots the bot's flows fill that the management API lists nowhere (a Regex Slot Filler
     *                         node's, a Code node's), as Cognigy names them ({@code cognigy.management.unlisted-slots})
     */
    public record Management(Optional<String> url, Optional<String> projectId, Optional<String> expectedSnapshot,
                             List<String> unlistedSlots) {

        public Management {
            unlistedSlots = List.copyOf(unlistedSlots);
        }

        public Management(Optional<String> url, Optional<String> projectId) {
            this(url, projectId, Optional.empty(), List.of());
        }

        public static Management defaults() {
            return new Management(Optional.empty(), Optional.empty());
        }

        public Management withUrl(String url) {
            return new Management(Optional.of(url), projectId, expectedSnapshot, unlistedSlots);
        }

        public Management withProjectId(String projectId) {
            return new Management(url, Optional.of(projectId), expectedSnapshot, unlistedSlots);
        }

        public Management withExpectedSnapshot(String expectedSnapshot) {
            return new Management(url, projectId, Optional.of(expectedSnapshot), unlistedSlots);
        }

        public Management withUnlistedSlots(List<String> unlistedSlots) {
            return new Management(url, projectId, expectedSnapshot, unlistedSlots);
        }
    }

    /**
     * @param bot            bot definition, {@code classpath:...} or a file ({@code cognigy.sandbox.bot})
     * @param processingTime simulated processing time ({@code cognigy.sandbox.processing-time})
     * @param managementApi  whether a run through the sandbox's REST Endpoint reads the bot from the sandbox's
     *                       management API, as from a tenant with an API key ({@code cognigy.sandbox.management-api})
     */
    public record Sandbox(Optional<String> bot, Duration processingTime, boolean managementApi, Optional<String> playbooks) {

        static Sandbox defaults() {
            return new Sandbox(Optional.empty(), Duration.ZERO, true, Optional.empty());
        }

        Sandbox withBot(String bot) {
            return new Sandbox(Optional.of(bot), processingTime, managementApi, playbooks);
        }

        Sandbox withProcessingTime(Duration processingTime) {
            return new Sandbox(bot, processingTime, managementApi, playbooks);
        }
    }

    /**
     * @param maxMessagesPerHour {@code cognigy.endpoint.max-messages-per-hour}: empty for the default (the test-mode
     *                           quota for a test-mode URL, else none), {@code 0} for none
     */
    public record Endpoint(OptionalInt maxMessagesPerHour) {

        public static Endpoint defaults() {
            return new Endpoint(OptionalInt.empty());
        }
    }

    BackendSettings withEndpoint(Endpoint endpoint) {
        return new BackendSettings(choice, simulationApi, endpointData, management, sandbox, endpoint, socket);
    }
}
