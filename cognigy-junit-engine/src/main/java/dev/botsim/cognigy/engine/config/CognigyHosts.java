package dev.botsim.cognigy.engine.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import okhttp3.HttpUrl;

/**
 * The hosts of Cognigy's SaaS (Trial, App, App-US and dedicated {@code *.cognigy.cloud} installations) and what each
 * serves: the management API on {@code api-<environment>}, the REST Endpoints on {@code endpoint-<environment>}, and
 * no simulation API anywhere. A URL setting that names the wrong one of them is accepted as a URL and fails only at the
 * first request, where the answer (a 404, an HTML page) blames the project id and the API key; read here, the refusal
 * names the URL to write instead. The engine's configuration, the REST Endpoint backend and the import command read URLs
 * by it.
 */
public final class CognigyHosts {

    /** The domains of Cognigy's SaaS hosts. */
    private static final List<String> DOMAINS = List.of("cognigy.ai", "cognigy.cloud");

    /** What the management client puts before every resource it requests. */
    private static final String API_PREFIX = "new";

    private CognigyHosts() {
    }

    /**
     * Why {@code url}, an http(s) URL already accepted as {@code cognigy.management.url}, is not the management API's
     * base, with the one to write; said after the key and its value as shown.
     */
    public static Optional<String> managementUrlProblem(String url) {
        return managementUrlProblem(url, Constants.MANAGEMENT_URL + "=");
    }

    /**
     * The same, the URL to write said as {@code writtenAs} then the URL: {@code --management-url } for the import
     * command, whose option it is there.
     */
    public static Optional<String> managementUrlProblem(String url, String writtenAs) {
        HttpUrl parsed = HttpUrl.parse(url.trim());
        if (parsed == null) return Optional.empty();
        Optional<String> domain = domain(parsed.host());
        String firstLabel = firstLabel(parsed.host());
        if (domain.isPresent() && firstLabel.startsWith("endpoint-")) {
            String api = parsed.scheme() + "://api-" + firstLabel.substring("endpoint-".length()) + "." + domain.get();
            return Optional.of("is the host of the REST Endpoints, not of the management API: write " + writtenAs + api + " (the REST Endpoint's URL belongs in the environment variable " + Constants.ENDPOINT_URL_ENV
                    + ")");
        }
        List<String> segments = parsed.pathSegments().stream().filter(s -> !s.isEmpty()).toList();
        int api = segments.indexOf(API_PREFIX);
        if (api >= 0 && (api == segments.size() - 1 || segments.get(api + 1).toLowerCase(Locale.ROOT).startsWith("v"))) {
            String base = parsed.newBuilder().encodedPath("/" + String.join("/", segments.subList(0, api))).build().toString();
            String written = "/" + String.join("/", segments.subList(api, segments.size()));
            return Optional.of("holds " + written + ", the path the engine puts before every request to the management API"
                    + " itself (/new/v2.0/projects/…): write the API's host alone, " + writtenAs + stripTrailingSlash(base));
        }
        return Optional.empty();
    }

    /**
     * Why {@code url}, an http(s) URL accepted as {@code cognigy.base-url}, names no simulation API: a Cognigy host
     * serves none (nor is Cognigy's Simulator that API). Said after the key and its value as shown.
     */
    public static Optional<String> baseUrlProblem(String url) {
        HttpUrl parsed = HttpUrl.parse(url.trim());
        if (parsed == null || domain(parsed.host()).isEmpty()) return Optional.empty();
        return Optional.of("is a host of Cognigy's, which serves no simulation API (the protocol of docs/simulation-api.md,"
                + " which is not Cognigy's Simulator either): to test a tenant's bot, set " + Constants.BACKEND + "=endpoint and"
                + " give its REST Endpoint's URL in the environment variable " + Constants.ENDPOINT_URL_ENV
                + " (docs/real-cognigy.md), and remove " + Constants.BASE_URL);
    }

    /**
     * Why a URL on {@code host}, given as a REST Endpoint's URL, is none: a host of the management API
     * ({@code api-<environment>}), where no REST Endpoint is served; said after "the environment variable …", without the
     * URL, which holds a secret. Empty for any other host.
     */
    public static Optional<String> endpointHostProblem(String host) {
        Optional<String> domain = domain(host);
        String firstLabel = firstLabel(host);
        if (domain.isEmpty() || !firstLabel.startsWith("api-")) return Optional.empty();
        String endpoint = "endpoint-" + firstLabel.substring("api-".length()) + "." + domain.get();
        return Optional.of("is on " + host.toLowerCase(Locale.ROOT) + ", the host of Cognigy's management API, which serves no"
                + " REST Endpoint: copy the Endpoint URL from the endpoint's settings in Cognigy (https://" + endpoint
                + "/<URLToken>); the management API's host belongs in " + Constants.MANAGEMENT_URL);
    }

    private static String firstLabel(String host) {
        int dot = host.indexOf('.');
        return (dot < 0 ? host : host.substring(0, dot)).toLowerCase(Locale.ROOT);
    }

    /** The Cognigy domain {@code host} is below, if any. */
    private static Optional<String> domain(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return DOMAINS.stream().filter(d -> lower.endsWith("." + d)).findFirst();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
