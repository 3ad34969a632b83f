package dev.botsim.cognigy.engine.config;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.support.Secret;

/**
 * The run's secrets, read from environment variables only: configuration parameters end up in files
 * and reports. Each is held in a {@link Secret}, which never prints its value.
 *
 * @param clientSecret       OAuth2 client secret of the simulation API ({@code COGNIGY_CLIENT_SECRET})
 * @param endpointUrl        REST Endpoint URL, whose last path segment is its URL token ({@code COGNIGY_ENDPOINT_URL})
 * @param managementApiKey   management API key ({@code COGNIGY_API_KEY})
 * @param webhookSecret      webhook signing secret(s) ({@code COGNIGY_WEBHOOK_SECRET})
 * @param shardKey           the key that authenticates the parts of a split run ({@code COGNIGY_SHARD_KEY}, see {@link ShardKey})
 * @param localeEndpointUrls the REST Endpoint URL of a locale tag ({@code de-DE}), from the environment variable
 *                           {@link #endpointUrlVariable(String)} names; looked up when a test names its locale, since
 *                           the environment cannot be listed
 */
public record Secrets(Optional<Secret> clientSecret, Optional<Secret> endpointUrl, Optional<Secret> managementApiKey,
                      Optional<Secret> webhookSecret, Optional<Secret> shardKey, Function<String, Optional<Secret>> localeEndpointUrls) {

    public static Secrets none() {
        return new Secrets(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), locale -> Optional.empty());
    }

    /**
     * The environment variable with the REST Endpoint URL of {@code locale}: the tag upper-cased, every character
     * other than a letter or digit written {@code _} ({@code de-DE} → {@code COGNIGY_ENDPOINT_URL_DE_DE}).
     */
    public static String endpointUrlVariable(String locale) {
        return Constants.ENDPOINT_URL_LOCALE_ENV_PREFIX + locale.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    Secrets withClientSecret(Secret clientSecret) {
        return new Secrets(Optional.of(clientSecret), endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls);
    }

    public Secrets withEndpointUrl(Secret endpointUrl) {
        return new Secrets(clientSecret, Optional.of(endpointUrl), managementApiKey, webhookSecret, shardKey, localeEndpointUrls);
    }

    public Secrets withManagementApiKey(Secret managementApiKey) {
        return new Secrets(clientSecret, endpointUrl, Optional.of(managementApiKey), webhookSecret, shardKey, localeEndpointUrls);
    }

    public Secrets withWebhookSecret(Secret webhookSecret) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, Optional.of(webhookSecret), shardKey, localeEndpointUrls);
    }

    public Secrets withShardKey(Secret shardKey) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, Optional.of(shardKey), localeEndpointUrls);
    }

    /**
     * Equal when the secrets read are: the locale lookup is a view of the environment, not a value (and a
     * function is equal only to itself).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secrets that && clientSecret.equals(that.clientSecret) && endpointUrl.equals(that.endpointUrl)
                && managementApiKey.equals(that.managementApiKey) && webhookSecret.equals(that.webhookSecret)
                && shardKey.equals(that.shardKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey);
    }

    public Secrets withLocaleEndpointUrls(Function<String, Optional<Secret>> localeEndpointUrls) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls);
    }
}
