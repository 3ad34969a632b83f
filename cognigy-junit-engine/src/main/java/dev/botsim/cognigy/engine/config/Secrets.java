package dev.botsim.cognigy.engine.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.botsim.cognigy.engine.support.EncodedSpellings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.UrlCredentials;
import okhttp3.HttpUrl;

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
 *                           the environment cannot be listed, and masked once looked up ({@link LocaleEndpointUrls})
 * @param webhookUrl         the webhook receiver's URL ({@code cognigy.webhook.url} or {@code COGNIGY_WEBHOOK_URL}): not a
 *                           secret as a whole, but a QA platform may take its token in the query, so the values of its
 *                           query (and a user info, which the engine refuses) are masked as any secret
 * @param previousWebhookUrl the URL payloads were spooled for before the receiver moved or its token was rotated
 *                           ({@code COGNIGY_WEBHOOK_PREVIOUS_URL}): its query values are masked as the webhook URL's are
 * @param proxyPassword      the password a proxy that asks for credentials is sent ({@code COGNIGY_PROXY_PASSWORD}): the
 *                           transport reads it where a proxy asks; here it is masked as any secret
 * @param socketUrl          Socket Endpoint URL, whose last path segment is its URL token ({@code COGNIGY_SOCKET_URL})
 * @param localeSocketUrls   the Socket Endpoint URL of a locale tag, from the environment variable
 *                           {@link #socketUrlVariable(String)} names; looked up and masked as {@code localeEndpointUrls}
 */
public record Secrets(Optional<Secret> clientSecret, Optional<Secret> endpointUrl, Optional<Secret> managementApiKey,
                      Optional<Secret> webhookSecret, Optional<Secret> shardKey, LocaleEndpointUrls localeEndpointUrls,
                      Optional<Secret> webhookUrl, Optional<Secret> previousWebhookUrl, Optional<Secret> proxyPassword,
                      Optional<Secret> socketUrl, LocaleEndpointUrls localeSocketUrls) {

    /** No secret: each is added with its wither, as the environment gives it. */
    public static Secrets none() {
        return new Secrets(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                LocaleEndpointUrls.none(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                LocaleEndpointUrls.sockets(locale -> Optional.empty()));
    }

    /**
     * The environment variable with the REST Endpoint URL of {@code locale}: the tag upper-cased, every character
     * other than a letter or digit written {@code _} ({@code de-DE} → {@code COGNIGY_ENDPOINT_URL_DE_DE}).
     */
    public static String endpointUrlVariable(String locale) {
        return Constants.ENDPOINT_URL_LOCALE_ENV_PREFIX + variableSuffix(locale);
    }

    /**
     * The environment variable with the Socket Endpoint URL of {@code locale}, named as {@link #endpointUrlVariable}
     * names a REST Endpoint's ({@code de-DE} → {@code COGNIGY_SOCKET_URL_DE_DE}).
     */
    public static String socketUrlVariable(String locale) {
        return Constants.SOCKET_URL_LOCALE_ENV_PREFIX + variableSuffix(locale);
    }

    private static String variableSuffix(String locale) {
        return locale.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Looks up the REST and Socket Endpoint URLs of each of {@code locales}: the run's, before it sends anything. */
    public void lookUpLocales(java.util.Collection<String> locales) {
        localeEndpointUrls.lookUp(locales);
        localeSocketUrls.lookUp(locales);
    }

    public Secrets withClientSecret(Secret clientSecret) {
        return new Secrets(Optional.of(clientSecret), endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls, webhookUrl, previousWebhookUrl, proxyPassword, socketUrl, localeSocketUrls);
    }

    public Secrets withEndpointUrl(Secret endpointUrl) {
        return new Secrets(clientSecret, Optional.of(endpointUrl), managementApiKey, webhookSecret, shardKey, localeEndpointUrls, webhookUrl, previousWebhookUrl, proxyPassword, socketUrl, localeSocketUrls);
    }

    public Secrets withManagementApiKey(Secret managementApiKey) {
        return new Secrets(clientSecret, endpointUrl, Optional.of(managementApiKey), webhookSecret, shardKey, localeEndpointUrls, webhookUrl, previousWebhookUrl, proxyPassword, socketUrl, localeSocketUrls);
    }

    public Secrets withWebhookSecret(Secret webhookSecret) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, Optional.of(webhookSecret), shardKey, localeEndpointUrls, webhookUrl, previousWebhookUrl, proxyPassword, socketUrl, localeSocketUrls);
    }

    public Secrets withShardKey(Secret shardKey) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, Optional.of(shardKey), localeEndpointUrls, webhookUrl, previousWebhookUrl, proxyPassword, socketUrl, localeSocketUrls);
    }

    /**
     * Equal when the secrets read are: the locale lookup is a view of the environment, not a value (and a
     * function is equal only to itself).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secrets that && clientSecret.equals(that.clientSecret) && endpointUrl.equals(that.endpointUrl)
                && managementApiKey.equals(that.managementApiKey) && webhookSecret.equals(that.webhookSecret)
                && shardKey.equals(that.shardKey) && webhookUrl.equals(that.webhookUrl)
                && previousWebhookUrl.equals(that.previousWebhookUrl) && proxyPassword.equals(that.proxyPassword)
                && socketUrl.equals(that.socketUrl);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, webhookUrl,
                previousWebhookUrl, proxyPassword, socketUrl);
    }

    /**
     * Every secret read, in each form a text may hold it: as given and trimmed (what is sent), each of these as is and in
     * every percent-encoded spelling ({@link EncodedSpellings}: form-encoded as the OAuth2 token request carries the
     * client secret, as a query value, as {@code encodeURIComponent} writes it, ...); each REST Endpoint URL — {@code
     * COGNIGY_ENDPOINT_URL} and every locale's looked up so far ({@link LocaleEndpointUrls}) — whole, its URL token (the
     * last non-empty path segment) and what else it carries ({@link UrlCredentials}) as the URL writes them and decoded;
     * each of the webhook's space-separated keys, with and without their {@code whsec_}; the values of the webhook URL's
     * query, where a QA platform takes its token, and its user info ({@link #webhookUrl()}), and the same of the URL
     * payloads were spooled for before it ({@link #previousWebhookUrl()}); the proxy's password. Longest first, so a URL holding
     * a token is masked whole before its token is. Read again at each call: a locale's URL is known once looked up.
     */
    public List<String> forms() {
        List<String> plain = new ArrayList<>();
        clientSecret.ifPresent(s -> plain.add(s.reveal()));
        managementApiKey.ifPresent(s -> plain.add(s.reveal()));
        shardKey.ifPresent(s -> plain.add(s.reveal()));
        proxyPassword.ifPresent(s -> plain.add(s.reveal()));
        webhookSecret.ifPresent(s -> {
            plain.add(s.reveal().trim());
            for (String key : s.reveal().trim().split("\\s+")) {
                plain.add(key);
                // The key as a receiver's code holds it, without its prefix.
                if (key.startsWith("whsec_")) plain.add(key.substring("whsec_".length()));
            }
        });
        endpointUrl.ifPresent(s -> plain.addAll(endpointUrlForms(s)));
        socketUrl.ifPresent(s -> plain.addAll(endpointUrlForms(s)));
        webhookUrl.ifPresent(s -> plain.addAll(webhookUrlForms(s)));
        previousWebhookUrl.ifPresent(s -> plain.addAll(webhookUrlForms(s)));
        for (Secret url : localeEndpointUrls.known()) plain.addAll(endpointUrlForms(url));
        for (Secret url : localeSocketUrls.known()) plain.addAll(endpointUrlForms(url));
        Set<String> forms = new LinkedHashSet<>();
        for (String given : plain) {
            // Sent trimmed (the import's key header), so a server quotes it so; a text may hold it as given. trim() and
            // strip() differ on control characters and Unicode spaces: both spellings are masked.
            for (String secret : List.of(given, given.trim(), given.strip())) {
                forms.add(secret);
                forms.addAll(EncodedSpellings.of(secret));
            }
        }
        List<String> longestFirst = new ArrayList<>(forms);
        longestFirst.sort((a, b) -> b.length() - a.length());
        return List.copyOf(longestFirst);
    }

    /**
     * What of the webhook's URL may be a token: the values of its query and a user info ({@link UrlCredentials}), as
     * written and decoded, and the query whole when a part of it has no value of its own ({@code ?abc123…}). Not the URL
     * whole nor its path: messages show it as {@link dev.botsim.cognigy.engine.support.ShownUrl} does, which masks a
     * generated path segment already.
     */
    private static List<String> webhookUrlForms(Secret webhookUrl) {
        HttpUrl parsed = HttpUrl.parse(webhookUrl.reveal().trim());
        if (parsed == null) return List.of();
        List<String> forms = new ArrayList<>(UrlCredentials.of(parsed));
        String query = parsed.encodedQuery();
        if (query != null && java.util.Arrays.stream(query.split("&")).anyMatch(part -> !part.contains("="))) forms.add(query);
        return forms;
    }

    /** A REST Endpoint URL whole, its URL token and its {@link UrlCredentials}, as written and decoded. */
    private static List<String> endpointUrlForms(Secret endpointUrl) {
        List<String> forms = new ArrayList<>();
        String url = endpointUrl.reveal().trim();
        forms.add(url);
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) return forms;
        forms.addAll(UrlCredentials.of(parsed));
        for (int i = parsed.pathSize() - 1; i >= 0; i--) {
            if (parsed.pathSegments().get(i).isEmpty()) continue;
            forms.add(parsed.pathSegments().get(i));
            forms.add(parsed.encodedPathSegments().get(i));
            break;
        }
        return forms;
    }

    /**
     * {@code text} with every secret read masked, in each of its {@link #forms()}: for what repeats a value the user gave
     * — a configuration value refused or kept for the run's files, a message naming a project id — since a secret pasted
     * into the wrong setting ({@code cognigy.client-id} holding the client secret) is still a secret.
     */
    public String mask(String text) {
        return mask(text, forms());
    }

    /**
     * {@code text} with each of {@code forms} masked, taken from {@link #forms()} once by a caller that masks every answer
     * it reads and whose secrets do not grow (no locale's URL looked up later): {@link #forms()} spells each secret
     * anew at each call.
     */
    public static String mask(String text, List<String> forms) {
        String masked = text;
        for (String form : forms) masked = Secret.mask(masked, form);
        return masked;
    }

    /** {@code parameters} with every value {@link #mask masked}. */
    public Map<String, String> mask(Map<String, String> parameters) {
        Map<String, String> masked = new TreeMap<>();
        parameters.forEach((key, value) -> masked.put(key, mask(value)));
        return Map.copyOf(masked);
    }

    /** The same with the webhook's URL, whose query values (and user info) are masked from now on: {@code url} empty, none. */
    public Secrets withWebhookUrl(Optional<String> url) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls,
                url.map(Secret::of), previousWebhookUrl, proxyPassword, socketUrl, localeSocketUrls);
    }

    /** The same with the URL payloads were spooled for before the webhook's URL changed ({@code COGNIGY_WEBHOOK_PREVIOUS_URL}). */
    public Secrets withPreviousWebhookUrl(Secret url) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls, webhookUrl,
                Optional.of(url), proxyPassword, socketUrl, localeSocketUrls);
    }

    /** The same with the password for a proxy that asks for credentials ({@code COGNIGY_PROXY_PASSWORD}). */
    public Secrets withProxyPassword(Secret password) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls, webhookUrl,
                previousWebhookUrl, Optional.of(password), socketUrl, localeSocketUrls);
    }

    /** The same with the Socket Endpoint URL ({@code COGNIGY_SOCKET_URL}). */
    public Secrets withSocketUrl(Secret url) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls, webhookUrl,
                previousWebhookUrl, proxyPassword, Optional.of(url), localeSocketUrls);
    }

    public Secrets withLocaleEndpointUrls(Function<String, Optional<Secret>> localeEndpointUrls) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, LocaleEndpointUrls.of(localeEndpointUrls), webhookUrl, previousWebhookUrl,
                proxyPassword, socketUrl, localeSocketUrls);
    }

    /** The same with the Socket Endpoint URL of each locale ({@code COGNIGY_SOCKET_URL_<LOCALE>}). */
    public Secrets withLocaleSocketUrls(Function<String, Optional<Secret>> localeSocketUrls) {
        return new Secrets(clientSecret, endpointUrl, managementApiKey, webhookSecret, shardKey, localeEndpointUrls, webhookUrl,
                previousWebhookUrl, proxyPassword, socketUrl, LocaleEndpointUrls.sockets(localeSocketUrls));
    }
}
