package dev.botsim.cognigy.engine.config;

import java.util.Optional;

import dev.botsim.cognigy.engine.support.Secret;

/**
 * The run's secrets, read from environment variables only: configuration parameters end up in files
 * and reports. Each is held in a {@link Secret}, which never prints its value.
 *
 * @param clientSecret     OAuth2 client secret of the simulation API ({@code COGNIGY_CLIENT_SECRET})
 * @param endpointUrl      REST Endpoint URL, whose last path segment is its URL token ({@code COGNIGY_ENDPOINT_URL})
 * @param managementApiKey management API key ({@code COGNIGY_API_KEY})
 * @param webhookSecret    webhook signing secret(s) ({@code COGNIGY_WEBHOOK_SECRET})
 */
public record Secrets(Optional<Secret> clientSecret, Optional<Secret> endpointUrl, Optional<Secret> managementApiKey,
                      Optional<Secret> webhookSecret) {

    public static Secrets none() {
        return new Secrets(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    Secrets withClientSecret(Secret clientSecret) {
        return new Secrets(Optional.of(clientSecret), endpointUrl, managementApiKey, webhookSecret);
    }

    public Secrets withEndpointUrl(Secret endpointUrl) {
        return new Secrets(clientSecret, Optional.of(endpointUrl), managementApiKey, webhookSecret);
    }

    public Secrets withManagementApiKey(Secret managementApiKey) {
        return new Secrets(clientSecret, endpointUrl, Optional.of(managementApiKey), webhookSecret);
    }

    public Secrets withWebhookSecret(Secret webhookSecret) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, Optional.of(webhookSecret));
    }
}
