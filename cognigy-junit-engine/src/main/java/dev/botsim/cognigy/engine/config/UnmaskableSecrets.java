package dev.botsim.cognigy.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.HttpUrl;

/**
 * The run's secrets too short to be masked ({@link Secret#maskable}), said in one line before the first test, by the name
 * of their variable and never their value: a value under {@link Secret#MASKABLE_LENGTH} characters is left wherever it
 * stands, since masking it would rewrite ordinary words in the bot's answers, so a server or bot echoing it puts it in
 * the console, reports, cassettes and webhook payloads.
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
     * The warning for {@code secrets}, without {@code [cognigy] WARNING}; empty when every secret given can be masked.
     * The locale endpoints' URLs count once looked up ({@link LocaleEndpointUrls#lookUp}).
     */
    public static Optional<String> of(Secrets secrets) {
        List<String> unmaskable = new ArrayList<>();
        secrets.clientSecret().filter(UnmaskableSecrets::tooShort).ifPresent(s -> unmaskable.add(Constants.CLIENT_SECRET_ENV));
        secrets.managementApiKey().filter(UnmaskableSecrets::tooShort).ifPresent(s -> unmaskable.add(Constants.MANAGEMENT_API_KEY_ENV));
        secrets.endpointUrl().ifPresent(url -> unmaskable.addAll(endpointUrl(Constants.ENDPOINT_URL_ENV, url)));
        for (Map.Entry<String, Secret> url : secrets.localeEndpointUrls().knownByVariable().entrySet()) {
            unmaskable.addAll(endpointUrl(url.getKey(), url.getValue()));
        }
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
        for (int i = 0; i < parsed.querySize(); i++) {
            String value = parsed.queryParameterValue(i);
            if (value != null && !value.isEmpty() && !Secret.maskable(value)) {
                unmaskable.add("the query value " + parsed.queryParameterName(i) + " in " + variable);
            }
        }
        return unmaskable;
    }
}
