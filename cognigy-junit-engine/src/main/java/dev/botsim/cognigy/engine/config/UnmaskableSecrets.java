package dev.botsim.cognigy.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.HttpUrl;

/**
 * The run's secrets too short to be masked ({@link Secret#maskable}), said in one line before the first test, by the name
 * of their variable or setting and never their value: a value under {@link Secret#MASKABLE_LENGTH} characters is left
 * wherever it stands, since masking it would rewrite ordinary words in the bot's answers, so a server or bot echoing it
 * puts it in the console, reports, cassettes and webhook payloads.
 *
 * <p>Every secret the engine masks counts: the {@link Secrets} ({@link Secrets#forms()}), the webhook's URL among them —
 * the values of its query, where a QA platform takes its token ({@code ?token=...}), masked everywhere as any secret,
 * and the query whole when a part of it has no value (as a receiver's answer is masked of it too). A user name or
 * password in the webhook's URL is refused, and a path
 * segment masked as generated has 16 characters or more ({@link dev.botsim.cognigy.engine.support.ShownUrl}).
 *
 * <p>Warned of, not refused, unlike a short {@link ShardKey} or webhook key: those keys are what stops a forged part or
 * payload, and a short one fails at that whatever is printed; a short client secret, API key or URL token fails at
 * nothing but being masked. No real tenant has one — Cognigy's API keys and client secrets are long, a REST Endpoint's
 * URL token is 64 hexadecimal characters — while the stand-ins of a mock server or a test often are ({@code secret},
 * {@code key-1}), and must go on working.
 */
public final class UnmaskableSecrets {

    private UnmaskableSecrets() {
    }

    /**
     * The warning for {@code config}'s secrets and webhook URL, without {@code [cognigy] WARNING}; empty when every secret
     * given can be masked. The locale endpoints' URLs count once looked up ({@link LocaleEndpointUrls#lookUp}).
     */
    public static Optional<String> of(EngineConfig config) {
        return of(config.secrets(), config.webhook().url(), webhookUrlSetting(config));
    }

    /** The warning for {@code secrets} alone, as {@link #of(EngineConfig)} gives it for a run without a webhook. */
    static Optional<String> of(Secrets secrets) {
        return of(secrets, Optional.empty(), Constants.WEBHOOK_URL_ENV);
    }

    /**
     * The warning for {@code secrets} and {@code webhookUrl}, the webhook's URL named in the warning as {@code setting}:
     * the property or the variable it was given as.
     */
    static Optional<String> of(Secrets secrets, Optional<String> webhookUrl, String setting) {
        List<String> unmaskable = new ArrayList<>();
        secrets.clientSecret().filter(UnmaskableSecrets::tooShort).ifPresent(s -> unmaskable.add(Constants.CLIENT_SECRET_ENV));
        secrets.managementApiKey().filter(UnmaskableSecrets::tooShort).ifPresent(s -> unmaskable.add(Constants.MANAGEMENT_API_KEY_ENV));
        secrets.endpointUrl().ifPresent(url -> unmaskable.addAll(endpointUrl(Constants.ENDPOINT_URL_ENV, url)));
        secrets.socketUrl().ifPresent(url -> unmaskable.addAll(endpointUrl(Constants.SOCKET_URL_ENV, url)));
        for (Map.Entry<String, Secret> url : secrets.localeEndpointUrls().knownByVariable().entrySet()) {
            unmaskable.addAll(endpointUrl(url.getKey(), url.getValue()));
        }
        for (Map.Entry<String, Secret> url : secrets.localeSocketUrls().knownByVariable().entrySet()) {
            unmaskable.addAll(endpointUrl(url.getKey(), url.getValue()));
        }
        // A signing key under 24 bytes is refused with a webhook URL, a shard key under 32 bytes always; a webhook secret
        // given without a URL is not checked, yet masked, and a shard key is masked stripped too: named if one is too short.
        secrets.webhookSecret().filter(UnmaskableSecrets::webhookKeyTooShort).ifPresent(s -> unmaskable.add(Constants.WEBHOOK_SECRET_ENV));
        secrets.shardKey().filter(UnmaskableSecrets::tooShort).ifPresent(s -> unmaskable.add(Constants.SHARD_KEY_ENV));
        secrets.proxyPassword().filter(UnmaskableSecrets::tooShort).ifPresent(s -> unmaskable.add(Constants.PROXY_PASSWORD_ENV));
        webhookUrl.ifPresent(url -> unmaskable.addAll(webhookUrl(setting, url)));
        secrets.previousWebhookUrl().ifPresent(url -> unmaskable.addAll(webhookUrl(Constants.WEBHOOK_PREVIOUS_URL_ENV, url.reveal())));
        // A query parameter given twice is named once.
        List<String> named = unmaskable.stream().distinct().toList();
        if (named.isEmpty()) return Optional.empty();
        return Optional.of(String.join(", ", named) + (named.size() == 1 ? " is" : " are") + " shorter than "
                + Secret.MASKABLE_LENGTH + " characters: values this short are not masked, since masking them would garble"
                + " the bot's answers, so a server or bot echoing one puts it in the console, reports, cassettes and webhook"
                + " payloads. A real tenant's are long (a REST Endpoint's URL token has 64 characters): use values of at least "
                + Secret.MASKABLE_LENGTH + " characters (see docs/configuration.md#secrets)");
    }

    /** Shorter than maskable as sent: the value as given, trimmed or stripped, as {@link Secrets#forms()} spells it. */
    private static boolean tooShort(Secret secret) {
        String value = secret.reveal();
        return !Secret.maskable(value.trim()) || !Secret.maskable(value.strip());
    }

    /**
     * Where the run's webhook URL was given: {@code cognigy.webhook.url} when set (it wins over the variable, as {@code
     * EngineConfig} reads it), else {@code COGNIGY_WEBHOOK_URL}. The parameters keep the property's key whatever its value.
     */
    private static String webhookUrlSetting(EngineConfig config) {
        String property = config.parameters().get(Constants.WEBHOOK_URL);
        return property != null && !property.trim().isEmpty() ? Constants.WEBHOOK_URL : Constants.WEBHOOK_URL_ENV;
    }

    /** Whether a key of {@code COGNIGY_WEBHOOK_SECRET}, as written or without its {@code whsec_}, is too short to mask. */
    private static boolean webhookKeyTooShort(Secret secret) {
        for (String key : secret.reveal().trim().split("\\s+")) {
            String bare = key.startsWith("whsec_") ? key.substring("whsec_".length()) : key;
            if (!Secret.maskable(key) || !Secret.maskable(bare)) return true;
        }
        return false;
    }

    /**
     * What of the webhook's URL cannot be masked where the console repeats a receiver's answer: each query value by its
     * parameter's name, or the query whole when it has no value of its own ({@code ?abc123}). A URL that is no URL is
     * refused elsewhere.
     */
    private static List<String> webhookUrl(String setting, String url) {
        List<String> unmaskable = new ArrayList<>();
        HttpUrl parsed = HttpUrl.parse(url.trim());
        if (parsed == null) return unmaskable;
        unmaskable.addAll(queryValues(parsed, setting));
        String query = parsed.encodedQuery();
        if (unmaskable.isEmpty() && query != null && !query.isEmpty() && !Secret.maskable(query)) {
            unmaskable.add("the query of " + setting);
        }
        return unmaskable;
    }

    /** Each value of {@code url}'s query too short to be masked, named by its parameter: {@code the query value apikey in ...}. */
    private static List<String> queryValues(HttpUrl url, String variable) {
        List<String> unmaskable = new ArrayList<>();
        for (int i = 0; i < url.querySize(); i++) {
            String value = url.queryParameterValue(i);
            if (value != null && !value.isEmpty() && !Secret.maskable(value)) {
                unmaskable.add("the query value " + url.queryParameterName(i) + " in " + variable);
            }
        }
        return unmaskable;
    }

    /**
     * What of a REST Endpoint URL cannot be masked, each named by what it is in the variable: its URL token (the last
     * non-empty path segment, decoded), its user name and password, each query value by its parameter's name. A URL that
     * is no URL is refused elsewhere.
     */
    private static List<String> endpointUrl(String variable, Secret url) {
        List<String> unmaskable = new ArrayList<>();
        HttpUrl parsed = HttpUrl.parse(url.reveal().trim());
        if (parsed == null) return unmaskable;
        for (int i = parsed.pathSize() - 1; i >= 0; i--) {
            String segment = parsed.pathSegments().get(i);
            if (segment.isEmpty()) continue;
            if (!Secret.maskable(segment)) unmaskable.add("the URL token of " + variable);
            break;
        }
        if (!parsed.username().isEmpty() && !Secret.maskable(parsed.username())) unmaskable.add("the user name in " + variable);
        if (!parsed.password().isEmpty() && !Secret.maskable(parsed.password())) unmaskable.add("the password in " + variable);
        unmaskable.addAll(queryValues(parsed, variable));
        return unmaskable;
    }
}
