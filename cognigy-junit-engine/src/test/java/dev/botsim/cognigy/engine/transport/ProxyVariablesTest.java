package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import okhttp3.HttpUrl;

/** What a failed direct connection says of a proxy the environment names and the JVM does not read. */
class ProxyVariablesTest {

    private static final HttpUrl TENANT = HttpUrl.get("https://api.cognigy-tenant.invalid/new/v2.0/projects");

    @Test
    @DisplayName("a proxy named only in lower case (https_proxy, as curl's users write it) is named as it is written")
    void lowerCaseVariable() {
        assertThat(ProxyVariables.advice(TENANT, Map.of("https_proxy", "proxy.bank.test:3128")::get)).contains("https_proxy is set"
                + " in the environment (proxy.bank.test:3128), but the JVM does not read it, and the connection was made directly."
                + " If this machine reaches api.cognigy-tenant.invalid only through that proxy, give it "
                + ProxyCredentials.TO_THE_JVM + " as -Dhttps.proxyHost=proxy.bank.test -Dhttps.proxyPort=3128");
        assertThat(ProxyVariables.advice(HttpUrl.get("http://sandbox.bank.test:8080/api"), Map.of("http_proxy",
                "http://proxy.bank.test")::get)).get().asString().startsWith("http_proxy is set in the environment"
                + " (proxy.bank.test), but").endsWith(" as -Dhttp.proxyHost=proxy.bank.test -Dhttp.proxyPort=<port>");
    }

    @Test
    @DisplayName("a proxy variable set blank, as CI sets a variable it has no value for, names no proxy")
    void blankVariable() {
        assertThat(ProxyVariables.advice(TENANT, Map.of("HTTPS_PROXY", "  ")::get)).isEmpty();
        assertThat(ProxyVariables.advice(TENANT, Map.of("HTTPS_PROXY", " ", "https_proxy", "proxy.bank.test:3128")::get))
                .get().asString().startsWith("https_proxy is set");
    }

    @Test
    @DisplayName("NO_PROXY built by appending to an empty one (',.bank.internal') gives http.nonProxyHosts without an empty"
            + " host; a proxy at an IPv6 address is given as -Dhttps.proxyHost takes it, without brackets")
    void noProxyWithAnEmptyEntryAndIpv6Proxy() {
        assertThat(ProxyVariables.advice(TENANT, Map.of("HTTPS_PROXY", "http://[fd00::31]:3128", "NO_PROXY", ",.bank.internal,")::get))
                .get().asString().contains("(fd00::31:3128)", "-Dhttps.proxyHost=fd00::31 -Dhttps.proxyPort=3128")
                .endsWith(" '-Dhttp.nonProxyHosts=*.bank.internal' (the hosts of NO_PROXY, reached directly)");
    }
}
