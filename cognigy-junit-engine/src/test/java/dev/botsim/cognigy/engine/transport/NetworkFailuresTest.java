package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import okhttp3.HttpUrl;

class NetworkFailuresTest {

    private static final String JDK_WORDS = "PKIX path building failed:"
            + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";

    @Test
    @DisplayName("an untrusted certificate is said in the same words on JDK 17 and 25, without the TLS alert JDK 25 puts"
            + " before the JDK's ('(certificate_unknown) PKIX path building failed: …')")
    void sameWordsWithOrWithoutTheTlsAlert() {
        String on17 = explained(JDK_WORDS).getMessage();
        String on25 = explained("(certificate_unknown) " + JDK_WORDS).getMessage();

        assertThat(on25).isEqualTo(on17).startsWith("the TLS handshake with api.cognigy.test:443 failed: this JVM does not trust"
                + " the certificate it was shown (PKIX path building failed: unable to find valid certification path to"
                + " requested target): a firewall that inspects TLS");
    }

    private static IOException explained(String handshakeMessage) {
        SSLHandshakeException handshake = new SSLHandshakeException(handshakeMessage);
        handshake.initCause(new CertPathBuilderException("unable to find valid certification path to requested target"));
        return NetworkFailures.explained(handshake, new RequestProgress(), HttpUrl.get("https://api.cognigy.test/"),
                Map.of("java.home", "/opt/jdk")::get, name -> null);
    }
}
