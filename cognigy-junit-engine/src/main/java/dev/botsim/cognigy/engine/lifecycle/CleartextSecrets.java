package dev.botsim.cognigy.engine.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Loopback;
import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.HttpUrl;

/**
 * The run's secrets that would cross the network unencrypted, said in one line before the first test: an endpoint URL
 * (its URL token is in the path and, for a Socket Endpoint, the connection's query), a management API URL given with
 * {@code COGNIGY_API_KEY} (sent as {@code X-API-Key}) or a simulation API URL given with {@code COGNIGY_CLIENT_SECRET}
 * (sent for the OAuth2 token) written {@code http://} to another machine. Anyone on the path can read the secret and
 * talk to the bot or the project as the suite does — a real tenant answers only over https, so an {@code http://} URL is
 * a typo or an on-premises installation without TLS.
 *
 * <p>Warned of, not refused, as the webhook's plain-http URL is: a sandbox in a CI service container
 * ({@code http://cognigy-sandbox:8080}) is reached this way with stand-in secrets, and nothing is wrong there. A server on
 * this machine is not named: nothing leaves it. Only a literal loopback address or {@code localhost} counts as this
 * machine ({@link Loopback}); a name is not resolved to find out. The webhook's URL is warned of where the webhook starts.
 */
final class CleartextSecrets {

    private CleartextSecrets() {
    }

    /**
     * The warning for {@code config}, without {@code [cognigy] WARNING}, naming each setting or variable and its host,
     * never a secret; empty when every secret given goes over https or stays on this machine. The locale endpoints' URLs
     * count once looked up ({@link Secrets#lookUpLocales}).
     */
    static Optional<String> of(EngineConfig config) {
        Secrets secrets = config.secrets();
        List<String> named = new ArrayList<>();
        secrets.endpointUrl().ifPresent(url -> named.addAll(plain(Constants.ENDPOINT_URL_ENV, url.reveal())));
        for (Map.Entry<String, Secret> url : secrets.localeEndpointUrls().knownByVariable().entrySet()) {
            named.addAll(plain(url.getKey(), url.getValue().reveal()));
        }
        secrets.socketUrl().ifPresent(url -> named.addAll(plain(Constants.SOCKET_URL_ENV, url.reveal())));
        for (Map.Entry<String, Secret> url : secrets.localeSocketUrls().knownByVariable().entrySet()) {
            named.addAll(plain(url.getKey(), url.getValue().reveal()));
        }
        if (secrets.managementApiKey().isPresent()) {
            config.backend().management().url().ifPresent(url -> named.addAll(plain(Constants.MANAGEMENT_URL + " (with "
                    + Constants.MANAGEMENT_API_KEY_ENV + ")", url)));
        }
        if (secrets.clientSecret().isPresent()) {
            config.backend().simulationApi().baseUrl().ifPresent(url -> named.addAll(plain(Constants.BASE_URL + " (with "
                    + Constants.CLIENT_SECRET_ENV + ")", url)));
        }
        if (named.isEmpty()) return Optional.empty();
        return Optional.of(String.join(", ", named) + (named.size() == 1 ? " is" : " are") + " plain http://, to another"
                + " machine: the secret travels unencrypted, with the utterances and the bot's answers, and anyone on the path"
                + " can use it. A Cognigy tenant answers over https: write https:// (see docs/configuration.md#secrets)");
    }

    /** {@code setting} with the host its URL names, when that URL is plain http to another machine; the URL itself never. */
    private static List<String> plain(String setting, String url) {
        HttpUrl parsed = HttpUrl.parse(url.trim());
        if (parsed == null || parsed.isHttps() || Loopback.is(parsed)) return List.of();
        return List.of(setting + " to " + parsed.host());
    }
}
