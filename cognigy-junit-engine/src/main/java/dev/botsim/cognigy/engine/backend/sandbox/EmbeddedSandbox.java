package dev.botsim.cognigy.engine.backend.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.InvalidBotDefinitionException;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * The in-process sandbox the engine starts for {@code cognigy.sandbox.bot}, and the backend that
 * talks to it over loopback HTTP, exactly as it would to a remote environment.
 */
public final class EmbeddedSandbox implements Backend {

    private final CognigySandbox sandbox;
    private final Backend api;
    private final String name;

    private EmbeddedSandbox(CognigySandbox sandbox, Backend api, String name) {
        this.sandbox = sandbox;
        this.api = api;
        this.name = name;
    }

    /**
     * The sandbox's addresses and throwaway credentials, for the backend that talks to it.
     *
     * @param baseUrl          the simulation API
     * @param endpointUrl      the REST Endpoint, including its URL token
     * @param clientId         OAuth2 client id of the simulation API
     * @param clientSecret     OAuth2 client secret of the simulation API
     * @param managementUrl    base URL of the management API ({@code cognigy.management.url}; it lives under {@code /new/v2.0/})
     * @param managementApiKey the {@code X-API-Key} the management API accepts
     * @param projectId        the project the management API serves ({@code cognigy.management.project-id})
     * @param locale           the locale the bot's REST Endpoint serves (its definition's {@code locale})
     * @param socketUrl        the Socket Endpoint, as Cognigy shows one: its address and URL token
     */
    public record Access(String baseUrl, String endpointUrl, String clientId, String clientSecret, String managementUrl,
                         String managementApiKey, String projectId, String locale, String socketUrl) {
        @Override
        public String toString() {
            return "Access[" + baseUrl + "]";
        }
    }

    public interface ApiFactory {
        Backend create(Access access);
    }

    /**
     * The display name of the flow the sandbox's reporting Code node runs in when it is placed once
     * ({@code cognigy.endpoint.code-node=shared}): its REST Endpoint's {@code flowName} on every turn.
     */
    private static final String SHARED_CODE_NODE_FLOW = "Test Reporting";

    /**
     * @param sharedCodeNode whether the REST (and Socket) Endpoint's Code node is placed once, in {@link #SHARED_CODE_NODE_FLOW}
     *                       every turn passes through, rather than in each handling flow
     */
    public static Backend start(String bot, Duration processingTime, boolean sharedCodeNode, String name, ApiFactory api) {
        BotDefinition definition;
        // That the sandbox is on the class path is checked before this class is touched (Backends): linking this
        // class needs the sandbox's classes, so a NoClassDefFoundError could not be caught here.
        try {
            definition = load(bot);
        } catch (InvalidBotDefinitionException e) {
            throw new ConfigurationException("the sandbox bot definition is invalid:\n" + e.getMessage());
        }
        SandboxOptions options = SandboxOptions.defaults().withProcessingTime(processingTime);
        CognigySandbox sandbox = CognigySandbox.start(definition,
                sharedCodeNode ? options.withCodeNodeFlow(SHARED_CODE_NODE_FLOW) : options);
        try {
            Access access = new Access(sandbox.baseUrl(), sandbox.endpointUrl(), sandbox.clientId(), sandbox.clientSecret(),
                    sandbox.managementUrl(), sandbox.managementApiKey(), sandbox.projectId(), definition.locale(),
                    sandbox.socketEndpointUrl());
            return new EmbeddedSandbox(sandbox, api.create(access), name);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    static BotDefinition load(String bot) {
        SandboxFile file = SandboxFile.bot(bot);
        // A class path folder is found too, and read it gives the listing of its files: refused first, naming the key.
        file.missing().ifPresent(missing -> {
            throw new ConfigurationException(missing);
        });
        Optional<String> resource = file.resource();
        if (resource.isPresent()) return BotDefinition.fromClasspath(resource.get());
        return BotDefinition.load(Path.of(bot));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BotSchema schema() {
        return api.schema();
    }

    @Override
    public TurnResult send(TurnRequest request) {
        return api.send(request);
    }

    @Override
    public java.util.Optional<ConcurrencyLimit.State> concurrency() {
        return api.concurrency();
    }

    /** The sandbox's address, as its answers' header says (the run knows it started it from its configuration). */
    @Override
    public java.util.Optional<String> standIn() {
        return api.standIn();
    }

    @Override
    public java.util.Optional<String> missingNluDataHint() {
        return api.missingNluDataHint();
    }

    @Override
    public boolean intentUnknownWithoutNluData() {
        return api.intentUnknownWithoutNluData();
    }

    @Override
    public java.util.Optional<String> pacing(long plannedMessages) {
        return api.pacing(plannedMessages);
    }

    @Override
    public java.util.Optional<String> pacing(long flowMessages, long nluScores) {
        return api.pacing(flowMessages, nluScores);
    }

    @Override
    public java.util.Optional<dev.botsim.cognigy.engine.transport.BudgetWait> budgetWait(long remainingRequests) {
        return api.budgetWait(remainingRequests);
    }

    @Override
    public boolean checksIntentsOnly() {
        return api.checksIntentsOnly();
    }

    @Override
    public boolean answersRichContent() {
        return api.answersRichContent();
    }

    @Override
    public java.util.Optional<java.util.regex.Pattern> userIdPattern() {
        return api.userIdPattern();
    }

    @Override
    public void prepareNluScoring() {
        api.prepareNluScoring();
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            sandbox.close();
        }
    }
}
