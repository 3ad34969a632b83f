package dev.botsim.cognigy.engine.transport;

/**
 * How far a request that failed got: whether any byte of it left this machine. A request that never left cannot have
 * been read, answered or acted on by the server — nor by the bot behind it.
 */
public enum Delivery {
    /** Nothing of the request was sent: no connection, no such host, no TLS session, or not sent at all (held back). */
    NOT_SENT,
    /** The request was sent, in whole or in part, or may have been: the server may have read it and acted on it. */
    SENT;

    /**
     * How far a request got that failed with {@code failure} before any answer (or whose failure has it as its cause).
     * {@link #NOT_SENT} for what the JDK and OkHttp throw while a connection is being opened, before a request is
     * written to it: a connection refused or no route to the host, a host name that does not resolve, a TLS handshake
     * that failed or a certificate not issued for the host; for a proxy or trust store that stopped it for good
     * ({@link NetworkSetupException}: a proxy's 407 to a plain-http request comes after the request reached the proxy,
     * never the server); and for a failure of an {@link HttpTransport} call that had written none of its request, seen
     * by OkHttp's events ({@link RequestProgress}) — a connect timeout, which is the same {@code SocketTimeoutException}
     * as a read timeout, or a TLS handshake with a plain-text port. Anything else —
     * a reset, a broken pipe, a read timeout — may have come after the request was written, and is {@link #SENT}.
     */
    public static Delivery of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.NoRouteToHostException
                    || cause instanceof java.net.UnknownHostException || cause instanceof javax.net.ssl.SSLHandshakeException
                    || cause instanceof javax.net.ssl.SSLPeerUnverifiedException || cause instanceof NetworkSetupException) {
                return NOT_SENT;
            }
            for (Throwable marked : cause.getSuppressed()) {
                if (marked instanceof RequestProgress.NothingWritten) return NOT_SENT;
            }
        }
        return SENT;
    }
}
