package dev.botsim.cognigy.engine.transport;

import java.io.IOException;

/**
 * A request the network between this machine and the server stopped before any of it was sent, for a reason that holds
 * for every attempt until someone changes the JVM's settings: a proxy asking for credentials it was not given, or
 * refusing them; a proxy refusing to open a tunnel to the host; a certificate the JVM does not trust, as a
 * TLS-inspecting proxy shows. Its message says what happened and which setting fixes it, and names no credential. A
 * client does not repeat such a request, and does not count it towards an outage: the server was never asked, and the
 * next attempt would meet the same.
 */
public final class NetworkSetupException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What stopped the request. */
    enum Problem {
        /** A proxy answered 407: it wants credentials it was not given, in a scheme the engine does not speak, or refused those given. */
        PROXY_AUTHENTICATION,
        /** A proxy refused to open a tunnel to the host (CONNECT answered with a 4xx other than 407). */
        PROXY_REFUSED,
        /** The TLS handshake failed on the server's certificate: the JVM's trust store has no CA that issued it. */
        UNTRUSTED_CERTIFICATE
    }

    /** How every message of this kind ends: why the client gives up at once. */
    static final String NOT_REPEATED = " (not repeated: every attempt would meet the same)";

    private final Problem problem;

    NetworkSetupException(Problem problem, String message, Throwable cause) {
        super(message + NOT_REPEATED, cause);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
