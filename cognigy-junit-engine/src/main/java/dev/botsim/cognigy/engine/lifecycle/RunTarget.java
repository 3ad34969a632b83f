package dev.botsim.cognigy.engine.lifecycle;

import java.util.Map;
import java.util.TreeMap;

import dev.botsim.cognigy.engine.backend.endpoint.EndpointUrl;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.LanguageTag;
import dev.botsim.cognigy.engine.support.ShownUrl;

/**
 * Where a run's backend is configured to send its messages, for {@code RunInfo.target()}: what tells a staging run from
 * a production run in {@code results.json}, the audit record and the webhook payload — the tenant's URLs come from the
 * environment, which no report repeats — and what a merge compares its parts by. Each address as messages show it: a
 * REST Endpoint URL with its URL token as {@code ****} and without its query ({@link EndpointUrl#shown()}), any other URL
 * without its user info, query and generated path segments ({@link ShownUrl}), and every secret the run read masked.
 */
final class RunTarget {

    private RunTarget() {
    }

    /**
     * {@code endpoint} and, for each locale the tests name whose variable is set, {@code endpoint <locale>} (the locale in
     * its usual case, {@code de-DE} however a test writes it, so that shards whose files write it otherwise name one
     * endpoint and a merge compares them); {@code socket} and {@code socket <locale>} alike for a Socket Endpoint; or
     * {@code simulation_api}; or {@code sandbox} and its bot definition; with {@code management_api} and {@code project}
     * wherever the run reads the bot through the management API. Call it once the locales' URLs are looked up.
     */
    static Map<String, String> of(EngineConfig config) {
        Secrets secrets = config.secrets();
        Map<String, String> target = new TreeMap<>();
        BackendChoice choice = config.backend().choice();
        if (Backends.embeddedSandbox(config).isPresent()) {
            config.backend().sandbox().bot().ifPresent(bot -> target.put("sandbox", secrets.mask(bot)));
            return target;
        }
        if (choice == BackendChoice.SIMULATION) {
            config.backend().simulationApi().baseUrl().ifPresent(url -> target.put("simulation_api", secrets.mask(ShownUrl.of(url))));
        } else if (choice == BackendChoice.SOCKET) {
            secrets.socketUrl().flatMap(EndpointUrl::parse).ifPresent(url -> target.put("socket", secrets.mask(url.shown())));
            secrets.localeSocketUrls().given().forEach(given -> EndpointUrl.parse(given.url())
                    .ifPresent(url -> target.put("socket " + LanguageTag.canonical(given.locale()), secrets.mask(url.shown()))));
        } else {
            secrets.endpointUrl().flatMap(EndpointUrl::parse).ifPresent(url -> target.put("endpoint", secrets.mask(url.shown())));
            secrets.localeEndpointUrls().given().forEach(given -> EndpointUrl.parse(given.url())
                    .ifPresent(url -> target.put("endpoint " + LanguageTag.canonical(given.locale()), secrets.mask(url.shown()))));
        }
        config.backend().management().url().ifPresent(url -> target.put("management_api", secrets.mask(ShownUrl.of(url))));
        config.backend().management().projectId().ifPresent(project -> target.put("project", secrets.mask(project)));
        return target;
    }
}
