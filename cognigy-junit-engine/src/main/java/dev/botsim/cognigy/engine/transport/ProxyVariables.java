package dev.botsim.cognigy.engine.transport;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.botsim.cognigy.engine.config.Constants;
import okhttp3.HttpUrl;

/**
 * The proxy environment variables curl, Python, Go and most CI runners read — {@code HTTPS_PROXY}, {@code HTTP_PROXY}
 * and {@code NO_PROXY}, in capitals or not — which the JVM does not read: the engine's connections follow the JVM's
 * proxy settings alone ({@code https.proxyHost}, {@code http.nonProxyHosts}, ...). A connection made directly that
 * failed, where such a variable names a proxy for the host, says so, with the JVM settings that would use it: on a
 * machine that reaches the internet only through a proxy, that is the likeliest cause. What a variable holds is shown as
 * its host and port only, never a user or password written into it.
 */
final class ProxyVariables {

    private ProxyVariables() {
    }

    /**
     * What to say of a direct connection to {@code target} that failed, when the environment names a proxy for it; empty
     * when none does, or {@code NO_PROXY} names the host as one reached directly.
     */
    static Optional<String> advice(HttpUrl target, Function<String, String> environment) {
        String scheme = target.isHttps() ? "https" : "http";
        String upper = scheme.toUpperCase(Locale.ROOT) + "_PROXY";
        Optional<String> which = Optional.of(upper).filter(name -> set(environment, name).isPresent())
                .or(() -> Optional.of(scheme + "_proxy").filter(name -> set(environment, name).isPresent()));
        if (which.isEmpty()) return Optional.empty();
        String noProxyName = set(environment, "NO_PROXY").isPresent() ? "NO_PROXY" : "no_proxy";
        String noProxy = set(environment, noProxyName).orElse("");
        if (excluded(target.host(), noProxy)) return Optional.empty();
        StringBuilder said = new StringBuilder(which.get()).append(" is set in the environment");
        Optional<URI> proxy = parsed(set(environment, which.get()).orElseThrow());
        proxy.ifPresent(uri -> said.append(" (").append(shownHost(uri)).append(uri.getPort() < 0 ? "" : ":" + uri.getPort()).append(")"));
        said.append(", but the JVM does not read it, and the connection was made directly. If this machine reaches ")
                .append(target.host()).append(" only through that proxy, give it ").append(ProxyCredentials.TO_THE_JVM).append(" as -D")
                .append(scheme).append(".proxyHost=").append(proxy.map(ProxyVariables::shownHost).orElse("<host>")).append(" -D")
                .append(scheme).append(".proxyPort=").append(proxy.filter(uri -> uri.getPort() >= 0).map(uri -> String.valueOf(uri.getPort()))
                        .orElse("<port>"));
        if (proxy.map(URI::getRawUserInfo).isPresent()) {
            said.append(" -D").append(scheme).append(".proxyUser=<user>, the password in the environment variable ")
                    .append(Constants.PROXY_PASSWORD_ENV).append(" (the user and password written in ").append(which.get())
                    .append(", not repeated here),");
        }
        String direct = nonProxyHosts(noProxy);
        if (!direct.isEmpty()) {
            said.append(" '-Dhttp.nonProxyHosts=").append(direct).append("' (the hosts of ").append(noProxyName)
                    .append(", reached directly)");
        }
        return Optional.of(said.toString());
    }

    private static Optional<String> set(Function<String, String> environment, String name) {
        return Optional.ofNullable(environment.apply(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** A proxy variable's value as a URI: {@code http://user:pw@host:port}, or {@code host:port} as curl takes it. */
    private static Optional<URI> parsed(String value) {
        try {
            URI uri = new URI(value.contains("://") ? value : "http://" + value);
            return Optional.ofNullable(uri.getHost()).map(host -> uri);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The host, without the brackets of an IPv6 address, which {@code https.proxyHost} takes without. */
    private static String shownHost(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The entries of {@code NO_PROXY}: separated by commas (or blanks), a port after a name ignored. */
    private static Set<String> entries(String noProxy) {
        Set<String> entries = new LinkedHashSet<>();
        Arrays.stream(noProxy.split("[,\\s]+")).map(String::strip).filter(entry -> !entry.isEmpty())
                .map(entry -> entry.toLowerCase(Locale.ROOT).replaceFirst("^\\*\\.", ".").replaceFirst("(?<=[a-z0-9\\]]):[0-9]+$", ""))
                .forEach(entries::add);
        return entries;
    }

    /** Whether {@code NO_PROXY} names {@code host} as reached directly, as curl reads it: the name, or a domain it is in. */
    static boolean excluded(String host, String noProxy) {
        String name = host.toLowerCase(Locale.ROOT);
        for (String entry : entries(noProxy)) {
            if (entry.equals("*")) return true;
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (name.equals(domain) || name.endsWith("." + domain)) return true;
        }
        return false;
    }

    /**
     * {@code NO_PROXY} written as {@code http.nonProxyHosts}: a name for itself and its subdomains ({@code bank.internal|
     * *.bank.internal}), {@code |} between; a range of addresses ({@code 10.0.0.0/8}), which the JVM does not take, left out.
     */
    static String nonProxyHosts(String noProxy) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String entry : entries(noProxy)) {
            if (entry.equals("*") || entry.contains("/")) continue;
            if (entry.startsWith(".")) hosts.add("*" + entry);
            else {
                hosts.add(entry);
                if (!entry.matches("[0-9.]+|\\[?[0-9a-f:]+]?") && !entry.equals("localhost")) hosts.add("*." + entry);
            }
        }
        return String.join("|", hosts);
    }
}
