package dev.botsim.cognigy.engine.backend.factory;

import static dev.botsim.cognigy.engine.config.Constants.*;

import java.util.ArrayList;
import java.util.List;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.Sleeper;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointBackend;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointUrl;
import dev.botsim.cognigy.engine.backend.endpoint.OutputConvention;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend;
import dev.botsim.cognigy.engine.backend.sandbox.EmbeddedSandbox;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiSettings;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.support.Secret;
import tools.jackson.core.JsonPointer;

/** Makes the backend the configuration asks for, or says in one message what is missing. */
public final class Backends {

    private Backends() {
    }

    public static Backend create(EngineConfig config) {
        return switch (config.backend()) {
            case "endpoint" -> config.endpointUrl().isEmpty() && config.sandboxBot().isPresent()
                    ? sandbox(config, "sandbox-endpoint", access -> endpoint(config, Secret.of(access.endpointUrl())))
                    : endpoint(config, requireEndpointUrl(config));
            case "sandbox" -> sandbox(config, "sandbox", access ->
                    simulation(config, access.baseUrl(), access.clientId(), Secret.of(access.clientSecret())));
            default -> {
                requireSimulationSettings(config);
                yield simulation(config, config.baseUrl().get(), config.clientId().get(), config.clientSecret().get());
            }
        };
    }

    /** The in-process sandbox, talked to through the simulation API or its REST Endpoint. */
    static Backend sandbox(EngineConfig config, String name, EmbeddedSandbox.ApiFactory api) {
        String bot = config.sandboxBot().orElseThrow(() -> new ConfigurationException(
                "cognigy.backend=sandbox needs " + SANDBOX_BOT + "=classpath:<bot definition> (see docs/sandbox.md)"));
        return EmbeddedSandbox.start(bot, config.sandboxProcessingTime(), name, api);
    }

    /** The REST Endpoint URL, from the environment only: it carries the URL token, a secret. */
    static Secret requireEndpointUrl(EngineConfig config) {
        Secret url = config.endpointUrl().orElseThrow(() -> new ConfigurationException(
                "cognigy.backend=endpoint needs the REST Endpoint URL: set the environment variable " + ENDPOINT_URL_ENV
                        + " (the URL token in it is a secret, so it is read from the environment only)."));
        if (EndpointUrl.parse(url).isEmpty()) {
            throw new ConfigurationException("the environment variable " + ENDPOINT_URL_ENV + " is not an http(s) URL ending in"
                    + " the endpoint's URL token (https://<endpoint host>/<URLToken>, or .../test/<URLToken> for test mode);"
                    + " its value is not shown, it is a secret.");
        }
        return url;
    }

    /** What the simulation backend needs, in one message naming every missing setting. */
    static void requireSimulationSettings(EngineConfig config) {
        List<String> missing = new ArrayList<>();
        if (config.baseUrl().isEmpty()) missing.add(BASE_URL + " (the simulation API's base URL)");
        if (config.clientId().isEmpty()) missing.add(CLIENT_ID + " or the environment variable " + CLIENT_ID_ENV);
        if (config.clientSecret().isEmpty()) missing.add("the environment variable " + CLIENT_SECRET_ENV);
        if (!missing.isEmpty()) {
            throw new ConfigurationException("No Cognigy environment is configured. Set " + String.join(", ", missing)
                    + " — or, to run against the embedded sandbox, set " + SANDBOX_BOT
                    + "=classpath:<your bot definition>. See docs/configuration.md.");
        }
    }

    static SimulationApiBackend simulation(EngineConfig config, String baseUrl, String clientId, Secret secret) {
        return new SimulationApiBackend(new SimulationApiSettings(baseUrl, clientId, secret, config.scope(),
                config.maxConcurrency(), config.pollTimeout(), config.pollInitialDelay(), config.pollMaxInterval(),
                config.connectTimeout(), config.readTimeout(), config.callTimeout(), config.retryMaxAttempts(),
                config.retryLongestWait(), config.retryRateLimitTimeout(), java.time.Clock.systemUTC(), Sleeper.SYSTEM));
    }

    static EndpointBackend endpoint(EngineConfig config, Secret url) {
        var data = config.endpointData();
        OutputConvention convention = new OutputConvention(JsonPointer.compile(data.get(ENDPOINT_DATA_INTENT)),
                JsonPointer.compile(data.get(ENDPOINT_DATA_INTENT_SCORE)), JsonPointer.compile(data.get(ENDPOINT_DATA_FLOW)),
                JsonPointer.compile(data.get(ENDPOINT_DATA_SLOTS)), JsonPointer.compile(data.get(ENDPOINT_DATA_ERROR_CODE)),
                JsonPointer.compile(data.get(ENDPOINT_DATA_ERROR_MESSAGE)));
        return new EndpointBackend(new EndpointBackend.Settings(url, convention, config.connectTimeout(),
                config.readTimeout(), config.callTimeout(), config.maxConcurrency(), config.retryLongestWait(),
                config.retryRateLimitTimeout()), management(config));
    }

    /** The management API, when URL, project and key are all given; naming what is missing when only some are. */
    static java.util.Optional<ManagementApiSchema> management(EngineConfig config) {
        if (config.managementUrl().isEmpty() && config.managementProjectId().isEmpty()) return java.util.Optional.empty();
        List<String> missing = new ArrayList<>();
        if (config.managementUrl().isEmpty()) missing.add(MANAGEMENT_URL);
        if (config.managementProjectId().isEmpty()) missing.add(MANAGEMENT_PROJECT_ID);
        if (config.managementApiKey().isEmpty()) missing.add("the environment variable " + MANAGEMENT_API_KEY_ENV);
        if (!missing.isEmpty()) {
            throw new ConfigurationException("reading the bot's schema from the management API needs " + String.join(", ", missing));
        }
        return java.util.Optional.of(new ManagementApiSchema(new ManagementApiSchema.Settings(config.managementUrl().get(),
                config.managementApiKey().get(), config.managementProjectId().get(), config.callTimeout())));
    }
}
