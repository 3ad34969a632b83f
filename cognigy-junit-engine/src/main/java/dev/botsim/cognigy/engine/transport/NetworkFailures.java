package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.Proxy;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import dev.botsim.cognigy.engine.support.Loopback;
import okhttp3.HttpUrl;

/**
 * A failure of a call none of whose request was written, read for what stood between this machine and the server: a
 * proxy that refused to open a tunnel to the host, a certificate the JVM does not trust — each a
 * {@link NetworkSetupException} saying which setting fixes it — or a direct connection that failed where the environment
 * names a proxy the JVM does not read ({@link ProxyVariables}, said as {@link NetworkAdvice}). Any other failure is left
 * as it is.
 */
final class NetworkFailures {

    /** OkHttp's words for a proxy that answered a tunnel's CONNECT with anything but 200 and 407. */
    private static final Pattern CONNECT_REFUSED = Pattern.compile("Unexpected response code for CONNECT: ([0-9]{3})");
    /** A class name a JDK message puts before a cause's words ({@code sun.security.provider.certpath.SunCertPathBuilderException: }). */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9]*(?:Exception|Error): ");
    /**
     * The TLS alert a newer JDK (25; not 17) puts before a handshake failure's words ({@code (certificate_unknown) PKIX path
     * building failed: …}): the alert this JVM sent the server, which the message says in its own words.
     */
    private static final Pattern TLS_ALERT = Pattern.compile("^\\([a-z_]+\\) ");

    private NetworkFailures() {
    }

    /**
     * {@code failure} of a call to {@code target} that got as far as {@code progress} says, read as the class says.
     *
     * @param properties  the JVM's system properties: which trust store a message names
     * @param environment the process's environment variables: a proxy the JVM does not read
     */
    static IOException explained(IOException failure, RequestProgress progress, HttpUrl target,
                                 Function<String, String> properties, Function<String, String> environment) {
        if (failure instanceof NetworkSetupException || progress.written()) return failure;
        Optional<Proxy> proxy = progress.proxy();
        String where = target.host() + ":" + target.port();
        Matcher connect = failure.getMessage() == null ? null : CONNECT_REFUSED.matcher(failure.getMessage());
        if (proxy.isPresent() && connect != null && connect.matches()) {
            int code = Integer.parseInt(connect.group(1));
            if (code >= 400 && code < 500) {
                return new NetworkSetupException(NetworkSetupException.Problem.PROXY_REFUSED, "the proxy "
                        + ProxyCredentials.shown(proxy.get()) + " refused to open a tunnel to " + where + " (it answered CONNECT with"
                        + " HTTP " + code + "): its rules do not let this machine reach that host. Ask for the host to be allowed; or,"
                        + " for a host inside your network, reach it directly: give it " + ProxyCredentials.TO_THE_JVM + " in"
                        + " -Dhttp.nonProxyHosts (| between hosts, *.bank.example for a domain)", failure);
            }
            return failure;
        }
        if (untrusted(failure)) {
            return new NetworkSetupException(NetworkSetupException.Problem.UNTRUSTED_CERTIFICATE, "the TLS handshake with " + where
                    + " failed: this JVM does not trust the certificate it was shown (" + words(failure) + ")"
                    + proxy.map(through -> ", through the proxy " + ProxyCredentials.shown(through) + ": a proxy that inspects TLS"
                    + " shows certificates signed by a CA of its own").orElse(": a firewall that inspects TLS shows certificates"
                    + " signed by a CA of its own, and a server may show one its own CA signed") + ". Add that CA to a trust store"
                    + " and give it " + ProxyCredentials.TO_THE_JVM + " as -Djavax.net.ssl.trustStore=<file> (and"
                    + " -Djavax.net.ssl.trustStorePassword if the file needs one); the trust store now is " + trustStore(properties), failure);
        }
        if (progress.direct() && !Loopback.is(target) && !(failure instanceof SSLException)) {
            ProxyVariables.advice(target, environment).ifPresent(advice -> NetworkAdvice.attach(failure, advice));
        }
        return failure;
    }

    /**
     * Whether the TLS handshake failed on the server's certificate: the JDK's trust manager refused its chain (PKIX path
     * building or validation, an expired or not yet valid certificate). Every attempt is refused the same way, as OkHttp
     * too takes it: it tries no other route for one.
     */
    private static boolean untrusted(Throwable failure) {
        boolean handshake = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SSLHandshakeException) handshake = true;
            if (handshake && (cause instanceof java.security.cert.CertificateException
                    || cause instanceof java.security.cert.CertPathBuilderException
                    || cause instanceof java.security.cert.CertPathValidatorException)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The handshake failure's own words, without the class names the JDK puts before a cause's nor the TLS alert a newer
     * JDK puts before them, so that the message reads the same on every JDK.
     */
    private static String words(Throwable failure) {
        Throwable handshake = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SSLHandshakeException) {
                handshake = cause;
                break;
            }
        }
        String message = handshake.getMessage() == null ? handshake.getClass().getSimpleName() : handshake.getMessage();
        return CLASS_NAME.matcher(TLS_ALERT.matcher(message).replaceFirst("")).replaceAll("");
    }

    /** The trust store the JVM reads: the one given, or the JDK's own. Its password is never named. */
    private static String trustStore(Function<String, String> properties) {
        String given = properties.apply("javax.net.ssl.trustStore");
        if (given != null && !given.isBlank()) return given + " (javax.net.ssl.trustStore)";
        String home = properties.apply("java.home");
        return "the JDK's own (" + (home == null ? "lib/security/cacerts" : Path.of(home, "lib", "security", "cacerts")) + ")";
    }
}
