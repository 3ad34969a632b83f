package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.Sha256;
import okhttp3.Authenticator;
import okhttp3.Challenge;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * What a transport answers a proxy that asks for credentials (407): the user the JVM was given for the proxy of the
 * target's scheme — {@code https.proxyUser} for an https:// target, {@code http.proxyUser} for an http:// one, as Apache
 * HttpClient and Gradle read it — and the password of the environment variable {@value Constants#PROXY_PASSWORD_ENV}
 * (or, when that is not set, the JVM's {@code https.proxyPassword} or {@code http.proxyPassword}, which Surefire copies
 * into its reports as it does every system property), sent the Basic way, and only when the proxy asks: never to a
 * proxy of another host than the one they were given for ({@code https.proxyHost}), never unasked. A proxy that refuses
 * them is not sent them again by any transport of this JVM: a directory account locks after a few wrong passwords, and
 * a run would otherwise try them once per test. Every other 407 — no credentials given, or a proxy offering only schemes
 * the engine does not speak (NTLM, Negotiate) — fails the request with a {@link NetworkSetupException} naming what to
 * set.
 */
final class ProxyCredentials implements Authenticator {

    /** The scheme of OkHttp's made-up challenge, which asks whether to send credentials before a tunnel's proxy asks. */
    private static final String PREEMPTIVE = "OkHttp-Preemptive";

    /** How to hand settings to the JVM that runs the tests, said wherever a message names one. */
    static final String TO_THE_JVM = "to the JVM that runs the tests (with Maven: Surefire's argLine, not MAVEN_OPTS)";

    /** The proxies and credentials refused in this JVM: each proxy's address and the credentials' SHA-256, never the password. */
    private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

    private final Function<String, String> properties;
    private final Function<String, String> environment;

    /**
     * @param properties  the JVM's system properties ({@code System::getProperty}), read when a proxy asks
     * @param environment the process's environment variables, read when a proxy asks
     */
    ProxyCredentials(Function<String, String> properties, Function<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        if (response.code() != 407 || route == null || route.proxy().type() != Proxy.Type.HTTP) return null;
        List<Challenge> challenges = response.challenges();
        if (challenges.stream().anyMatch(c -> c.scheme().equalsIgnoreCase(PREEMPTIVE))) return null;
        String proxy = shown(route.proxy());
        String scheme = route.address().url().isHttps() ? "https" : "http";
        String user = given(scheme + ".proxyUser");
        String password = password(scheme, properties, environment);
        boolean forThisProxy = given(scheme + ".proxyHost").isEmpty() || hostOf(route.proxy()).equalsIgnoreCase(given(scheme + ".proxyHost"));
        if (user.isEmpty() || password.isEmpty() || !forThisProxy) {
            String lacking = !forThisProxy ? ", and " + scheme + ".proxyUser is given for " + scheme + ".proxyHost="
                    + given(scheme + ".proxyHost") + ", another proxy"
                    : user.isEmpty() == password.isEmpty() ? "" : user.isEmpty() ? ", and no " + scheme + ".proxyUser is given"
                    : ", and no password is given";
            throw new NetworkSetupException(NetworkSetupException.Problem.PROXY_AUTHENTICATION, "the proxy " + proxy
                    + " asks for credentials (407 Proxy Authentication Required" + offered(challenges) + ")" + lacking
                    + ": give the user " + TO_THE_JVM + " as -D" + scheme + ".proxyUser=<user>, and the password in the"
                    + " environment variable " + Constants.PROXY_PASSWORD_ENV + " (not as -D" + scheme + ".proxyPassword:"
                    + " Surefire copies every system property into its TEST-*.xml); they are sent to it the Basic way", null);
        }
        if (!challenges.isEmpty() && challenges.stream().noneMatch(c -> c.scheme().equalsIgnoreCase("Basic"))) {
            throw new NetworkSetupException(NetworkSetupException.Problem.PROXY_AUTHENTICATION, "the proxy " + proxy
                    + " asks for credentials (407 Proxy Authentication Required" + offered(challenges) + ") in a way the engine"
                    + " does not speak: it sends " + scheme + ".proxyUser and its password the Basic way only."
                    + " Run a proxy on this machine that signs in to it for you (cntlm, px) and give that one " + TO_THE_JVM
                    + " as -D" + scheme + ".proxyHost and -D" + scheme + ".proxyPort", null);
        }
        java.nio.charset.Charset charset = challenges.stream().filter(c -> c.scheme().equalsIgnoreCase("Basic")).findFirst()
                .map(Challenge::charset).orElse(java.nio.charset.StandardCharsets.ISO_8859_1);
        String credential = Credentials.basic(user, password, charset);
        String refusal = proxy + "\n" + Sha256.hex(credential.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean sentBefore = response.request().header("Proxy-Authorization") != null;
        if (sentBefore) REFUSED.add(refusal);
        if (sentBefore || REFUSED.contains(refusal)) {
            throw new NetworkSetupException(NetworkSetupException.Problem.PROXY_AUTHENTICATION, "the proxy " + proxy
                    + " refused the credentials given (" + scheme + ".proxyUser and its password) (407 Proxy"
                    + " Authentication Required" + (sentBefore ? " to the request that carried them" : ", earlier in this run")
                    + "): check them; they are not sent again in this run, so that a wrong password cannot lock the account", null);
        }
        return response.request().newBuilder().header("Proxy-Authorization", credential).build();
    }

    /**
     * {@code text} with the proxy credentials the JVM was given masked — each password, and each user and password as
     * the Basic way writes them — should a proxy's error page echo the request's {@code Proxy-Authorization} header.
     */
    static String masked(String text, Function<String, String> properties, Function<String, String> environment) {
        String masked = text;
        for (String scheme : List.of("https", "http")) {
            String user = properties.apply(scheme + ".proxyUser");
            String password = password(scheme, properties, environment);
            if (user == null || password.isEmpty()) continue;
            for (java.nio.charset.Charset charset : List.of(java.nio.charset.StandardCharsets.ISO_8859_1, java.nio.charset.StandardCharsets.UTF_8)) {
                masked = Secret.mask(masked, Credentials.basic(user.strip(), password, charset).substring("Basic ".length()));
            }
            masked = Secret.mask(masked, password);
        }
        return masked;
    }

    /**
     * The password for the proxy of {@code scheme}'s hosts: {@value Constants#PROXY_PASSWORD_ENV}, else the JVM's
     * {@code <scheme>.proxyPassword}; empty when neither is set. As given: a password may begin or end with a blank.
     */
    private static String password(String scheme, Function<String, String> properties, Function<String, String> environment) {
        String variable = environment.apply(Constants.PROXY_PASSWORD_ENV);
        if (variable != null && !variable.isEmpty()) return variable;
        return java.util.Objects.requireNonNullElse(properties.apply(scheme + ".proxyPassword"), "");
    }

    /** A system property's value, empty when not set. */
    private String given(String name) {
        String value = properties.apply(name);
        return value == null ? "" : value.strip();
    }

    /** The schemes a proxy offered, as a message lists them ({@code ; it offers Basic, Negotiate}); empty when it named none. */
    private static String offered(List<Challenge> challenges) {
        if (challenges.isEmpty()) return "";
        return challenges.stream().map(Challenge::scheme).distinct().collect(java.util.stream.Collectors.joining(", ", "; it offers ", ""));
    }

    /** A proxy's host as it was given: never anything before an {@code @} (a user and password written into the host). */
    private static String hostOf(Proxy proxy) {
        if (!(proxy.address() instanceof InetSocketAddress address)) return "";
        String host = address.getHostString();
        return host.substring(host.lastIndexOf('@') + 1);
    }

    /** A proxy's host and port for a message. */
    static String shown(Proxy proxy) {
        if (!(proxy.address() instanceof InetSocketAddress address)) return proxy.type().name().toLowerCase(Locale.ROOT);
        String host = hostOf(proxy);
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
